"""The hidden sheet of an exported workbook, where budgetdesk keeps what the printed tables cannot show.

Its name is shared by the workbook reader and the writers, so neither imports the other for it.
"""

META_SHEET = "budgetdesk"
ADJUSTMENTS_SHEET = "调整表"  # 部门汇总: the visible 调整表 beside the tables (exactly kept in the hidden sheet)


def row_layout(sheet: str, first: int, template, table, body) -> dict:
    """Where an exported table's rows went: the sheet, its first body row, the template's columns, every row of
    the table in order (with the labels of the rows the template does not list) and, per printed line, the row
    of each side (None: blank there). Reading the workbook back places the lines by it, row for row, instead of
    guessing from labels — a 科目 printed twice, a blank 合计 line or a region's own lines come back as they were."""
    return {
        "sheet": sheet, "first": first, "columns": [c.key for c in template.columns],
        "order": [r.key for r in table.rows],
        "labels": {r.key: r.label for r in table.rows if r.is_code_row or r.is_extra},
        "rows": [[(p.row_for(s.id).key if p.row_for(s.id) is not None else None) for s in template.sides] for p in body],
    }
