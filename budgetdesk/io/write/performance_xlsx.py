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
from budgetdesk.core.performance.forms import FormSpec, PerformanceForms
from budgetdesk.core.performance.layout import FormLayout, stacked_layout, wide_layout
from budgetdesk.core.performance.model import TargetKind
from budgetdesk.core.performance.serial import target_to_dict
from budgetdesk.io.hidden_sheet import META_SHEET
from budgetdesk.io.write.xlsx_style import AMOUNT_FORMAT, BORDER, FONT_NAME, sheet_name, write_text
from budgetdesk.resources import load_performance

META_KEY = "performance:"


def form_for(forms: PerformanceForms, kind: TargetKind) -> FormSpec:
    """The form a target is printed on; a kind the region has no form for uses the project form."""
    return forms.form(kind) or forms.form(TargetKind.PROJECT) or next(iter(forms.forms.values()))


def write_performance_sheets(wb, doc: Document, used: set[str]) -> None:
    if not len(doc.performance) or not doc.template_set.performance:
        return
    forms = load_performance(doc.template_set.performance)
    year = f"{doc.meta.year}年" if doc.meta.year else ""
    index = wb.sheetnames.index(META_SHEET) if META_SHEET in wb.sheetnames else len(wb.sheetnames)
    for kind in TargetKind:
        targets = doc.performance.of_kind(kind)
        if not targets:
            continue
        form = form_for(forms, kind)
        ws = wb.create_sheet(sheet_name(form.title, used), index)
        index += 1
        row = 1
        if form.layout == "wide":
            row = _write_form(ws, row, f"{year}{form.title}", f"编制单位：{doc.meta.unit_name}",
                              targets[0].money_unit, wide_layout(targets, forms))
        else:
            for t in targets:
                row = _write_form(ws, row, f"{year}{form.title}", f"编制单位：{t.unit or doc.meta.unit_name}",
                                  t.money_unit, stacked_layout(t, form)) + 1
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


def _write_form(ws, row: int, title: str, made_by: str, money_unit: str, layout: FormLayout) -> int:
    body, bold = Font(name=FONT_NAME, size=10), Font(name=FONT_NAME, size=10, bold=True)
    ws.cell(row, 1, title).font = Font(name=FONT_NAME, size=16, bold=True)
    ws.cell(row, 1).alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=layout.cols)
    ws.row_dimensions[row].height = 30
    write_text(ws.cell(row + 1, 1), made_by)
    ws.cell(row + 1, 1).font = body
    ws.cell(row + 1, layout.cols, f"单位：{money_unit}").font = body
    ws.cell(row + 1, layout.cols).alignment = Alignment(horizontal="right")
    top = row + 2
    for r in range(layout.rows):
        for c in range(layout.cols):
            ws.cell(top + r, 1 + c).border = BORDER
    longest: dict[int, int] = {}
    for cell in layout.cells:
        target = ws.cell(top + cell.row, 1 + cell.col)
        if cell.role == "amount" and cell.value is not None and not isinstance(cell.value, str):
            target.value = cell.value
            target.number_format = AMOUNT_FORMAT if cell.field != "execution_weight" else "General"
            target.alignment = Alignment(horizontal="right", vertical="center")
        elif isinstance(cell.value, Decimal):  # 权重
            target.value = cell.value
            target.alignment = Alignment(horizontal="center", vertical="center")
        else:
            write_text(target, cell.text or None)
            target.alignment = Alignment(horizontal="center" if cell.role in ("label", "header") else "left",
                                         vertical="center", wrap_text=True)
        target.font = bold if cell.role in ("label", "header") else body
        if cell.rowspan > 1 or cell.colspan > 1:
            ws.merge_cells(start_row=top + cell.row, start_column=1 + cell.col,
                           end_row=top + cell.row + cell.rowspan - 1, end_column=cell.col + cell.colspan)
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
