"""绩效目标表 in the exported workbook: one sheet per form kind, in the official layout with merged cells.

Stacked forms (整体, 重点专项, 项目) follow one another on their sheet, each with its title and
编制单位/单位 line; the wide 预算项目绩效目标表 is one table. The exact targets also go to the hidden
budgetdesk sheet (one JSON record per row) so that reading the workbook back gives the same targets.
"""

from __future__ import annotations

import json
from decimal import Decimal

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from budgetdesk.core.document import Document
from budgetdesk.core.performance.layout import FormLayout, printed_groups, stacked_layout, wide_layout
from budgetdesk.core.performance.wide import HEADER_ROWS as WIDE_HEADER_ROWS
from budgetdesk.core.performance.serial import target_to_dict
from budgetdesk.io.hidden_sheet import META_SHEET
from budgetdesk.io.write.xlsx_style import AMOUNT_FORMAT, BORDER, FONT_NAME, StyleCache, merge, sheet_name, write_text
from budgetdesk.resources import load_performance

META_KEY = "performance:"
WIDE_FROZEN = 3  # 单位, 项目名称, 金额 stay in view, as in the window


def write_performance_sheets(wb, doc: Document, used: set[str]) -> None:
    if not len(doc.performance) or not doc.template_set.performance:
        return
    forms = load_performance(doc.template_set.performance)
    year = f"{doc.meta.year}年" if doc.meta.year else ""
    index = wb.sheetnames.index(META_SHEET) if META_SHEET in wb.sheetnames else len(wb.sheetnames)
    for group_forms, form, targets in printed_groups(list(doc.performance), forms):
        ws = wb.create_sheet(sheet_name(form.title, used), index)
        index += 1
        row = 1
        styles = StyleCache()  # per sheet: a style record belongs to its workbook
        if form.layout == "wide":
            row = _write_form(ws, row, f"{year}{form.title}", f"编制单位：{doc.meta.unit_name}",
                              targets[0].money_unit, wide_layout(targets, group_forms), styles)
            header_top = 3  # under the title and the 编制单位 line
            ws.print_title_rows = f"{header_top}:{header_top + WIDE_HEADER_ROWS - 1}"  # on every printed page
            ws.freeze_panes = ws.cell(header_top + WIDE_HEADER_ROWS, 1 + WIDE_FROZEN)  # header and 单位/项目/金额
        else:
            for t in targets:
                row = _write_form(ws, row, f"{year}{form.title}", f"编制单位：{t.unit or doc.meta.unit_name}",
                                  t.money_unit, stacked_layout(t, form), styles) + 1
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    if META_SHEET in wb.sheetnames:
        meta = wb[META_SHEET]
        start = meta.max_row + 1
        for i, t in enumerate(doc.performance):
            write_text(meta.cell(start + i, 1), f"{META_KEY}{i}")
            write_text(meta.cell(start + i, 2), json.dumps(target_to_dict(t), ensure_ascii=False))


BODY, BOLD = Font(name=FONT_NAME, size=10), Font(name=FONT_NAME, size=10, bold=True)
# made once: building a style object per cell (even one the cache then ignores) cost as much as using it
RIGHT = Alignment(horizontal="right", vertical="center")
CENTRE = Alignment(horizontal="center", vertical="center")
TEXT = {True: Alignment(horizontal="center", vertical="center", wrap_text=True),
        False: Alignment(horizontal="left", vertical="center", wrap_text=True)}


def _write_form(ws, row: int, title: str, made_by: str, money_unit: str, layout: FormLayout,
                styles: StyleCache) -> int:
    """One form; cells styled through ``styles`` and merged with ``merge`` (both linear in the cells written)."""
    body, bold = BODY, BOLD
    styles.apply(ws.cell(row, 1), "title", font=Font(name=FONT_NAME, size=16, bold=True),
                 alignment=Alignment(horizontal="center", vertical="center"))
    ws.cell(row, 1).value = title
    merge(ws, row, 1, row, layout.cols)
    ws.row_dimensions[row].height = 30
    styles.apply(ws.cell(row + 1, 1), "body", font=body)
    write_text(ws.cell(row + 1, 1), made_by)
    styles.apply(ws.cell(row + 1, layout.cols), "unit", font=body, alignment=Alignment(horizontal="right"))
    ws.cell(row + 1, layout.cols).value = f"单位：{money_unit}"
    top = row + 2
    for r in range(layout.rows):
        for c in range(layout.cols):
            styles.apply(ws.cell(top + r, 1 + c), "border", border=BORDER)
    longest: dict[int, int] = {}
    for cell in layout.cells:
        target = ws.cell(top + cell.row, 1 + cell.col)
        font = bold if cell.role in ("label", "header") else body
        if cell.role == "amount" and cell.value is not None and not isinstance(cell.value, str):
            number_format = AMOUNT_FORMAT if cell.field != "execution_weight" else "General"
            styles.apply(target, ("amount", number_format, font is bold), border=BORDER, number_format=number_format,
                         alignment=RIGHT, font=font)
            target.value = cell.value
        elif isinstance(cell.value, Decimal):  # 权重
            styles.apply(target, ("weight", font is bold), border=BORDER, font=font, alignment=CENTRE)
            target.value = cell.value
        else:
            centred = cell.role in ("label", "header")
            styles.apply(target, ("text", centred, font is bold), border=BORDER, font=font, alignment=TEXT[centred])
            write_text(target, cell.text or None)  # after the style: a text like "=1" keeps its quote prefix
        if cell.rowspan > 1 or cell.colspan > 1:
            merge(ws, top + cell.row, 1 + cell.col, top + cell.row + cell.rowspan - 1, cell.col + cell.colspan, styles)
        per_line = max(8, 7 * cell.colspan)
        lines = -(-len(cell.text) // per_line) if cell.text else 1
        longest[top + cell.row] = max(longest.get(top + cell.row, 1), lines if cell.rowspan == 1 else 1)
    for r, lines in longest.items():
        if lines > 1:
            ws.row_dimensions[r].height = min(15 * lines, 400)
    for c in range(1, layout.cols + 1):
        letter = get_column_letter(c)
        ws.column_dimensions[letter].width = max(ws.column_dimensions[letter].width or 0, 14)
    return top + layout.rows
