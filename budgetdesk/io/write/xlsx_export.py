"""Excel export in the official layout: one sheet per table, as the tables are printed.

Each sheet has the title merged across the table, the 编制单位 / 单位 lines, the template's merged
multi-row header (and Hebei's 序号 column and 栏次 row), the rows as printed (two-sided tables side by
side), thin borders, 宋体, ``#,##0.00`` amounts with blanks left blank, and print setup (A4, the
table's orientation, fit to width, header rows repeated, page numbers). A very hidden sheet keeps
what is not printed (template id, unit code, explanations, last year's figures) so that importing
the exported workbook gives back the same document.
"""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

from budgetdesk.io.fast_imports import openpyxl_without_numpy

openpyxl_without_numpy()
from openpyxl import Workbook  # noqa: E402
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from budgetdesk.core.codes import code_level
from budgetdesk.core.document import Document
from budgetdesk.core.layout import printed_rows
from budgetdesk.core.money import canonical
from budgetdesk.core.template import TableTemplate
from budgetdesk.core.text import fill
from budgetdesk.io.hidden_sheet import META_SHEET
from budgetdesk.io.sanitize import Sanitizer, neutralise_workbook
from budgetdesk.io.write.xlsx_style import AMOUNT_FORMAT, BORDER, FONT_NAME, sheet_name, write_text
from budgetdesk.io.store.tempfiles import write_bytes_atomically

META_CHUNK = 30_000  # characters per cell of the hidden sheet (Excel holds 32,767)


def export_xlsx(doc: Document, path: Path | str, tables: list[str] | None = None,
                notices: list[str] | None = None) -> Path:
    """Write the workbook; what the sanitiser had to change (characters, long text, sheet names) goes to ``notices``."""
    path = Path(path)
    sanitizer = Sanitizer()
    wb = Workbook()
    wb.budgetdesk_sanitizer = sanitizer  # every cell writer below reports through it
    wb.remove(wb.active)
    values = doc.meta.format_values()
    used: set[str] = {META_SHEET}
    for template in doc.template_set.tables:
        if tables is None or template.id in tables:
            printed = template.printed_title(values)
            ws = wb.create_sheet(sheet_name(printed if len(printed) <= 31 else template.title, used, sanitizer))
            _write_table(ws, doc, template, values)
    _write_meta(wb, doc)
    from budgetdesk.io.write.performance_xlsx import write_performance_sheets  # 绩效目标表 sheets (own module)

    write_performance_sheets(wb, doc, used)
    wb.properties.title = f"{doc.meta.unit_name}{doc.meta.year or ''}年部门预算公开表"
    wb.properties.creator = doc.meta.unit_name or "budgetdesk"
    neutralise_workbook(wb, sanitizer)
    package = io.BytesIO()
    wb.save(package)
    write_bytes_atomically(path, package.getvalue())
    if notices is not None:
        notices.extend(dict.fromkeys(sanitizer.notices))
    return path


def _write_table(ws, doc: Document, template: TableTemplate, values: dict) -> None:
    table = doc.table(template.id)
    offset = 1 if template.serial_column else 0
    ncols = len(template.columns) + offset
    body_font = Font(name=FONT_NAME, size=10)
    bold = Font(name=FONT_NAME, size=10, bold=True)
    row = 1
    write_text(ws.cell(row, 1), template.printed_title(values))
    ws.cell(row, 1).font = Font(name=FONT_NAME, size=16, bold=True)
    ws.cell(row, 1).alignment = Alignment(horizontal="center", vertical="center")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
    ws.row_dimensions[row].height = 30
    for left, right in doc.template_set.header_lines:
        row += 1
        left_text, right_text = fill(left, values), fill(right, values)
        if left_text:
            write_text(ws.cell(row, 1), left_text)
            ws.cell(row, 1).font = body_font
        if right_text:
            write_text(ws.cell(row, ncols), right_text)
            ws.cell(row, ncols).font = body_font
            ws.cell(row, ncols).alignment = Alignment(horizontal="right")
    header_top = row + 1
    for cell in template.header:
        r, c = header_top + cell.row, 1 + offset + cell.col
        target = ws.cell(r, c)
        write_text(target, fill(cell.label, values))
        target.font = bold
        target.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if cell.rowspan > 1 or cell.colspan > 1:
            ws.merge_cells(start_row=r, start_column=c, end_row=r + cell.rowspan - 1, end_column=c + cell.colspan - 1)
    header_bottom = header_top + template.header_rows - 1
    if template.serial_column:
        ws.cell(header_top, 1, "序号").font = bold
        ws.cell(header_top, 1).alignment = Alignment(horizontal="center", vertical="center")
        if template.header_rows > 1:
            ws.merge_cells(start_row=header_top, start_column=1, end_row=header_bottom, end_column=1)
    if template.column_numbers_row:
        header_bottom += 1
        ws.cell(header_bottom, 1, "栏次" if template.serial_column else "").font = bold
        for j in range(len(template.columns)):
            ws.cell(header_bottom, 1 + offset + j, j + 1).alignment = Alignment(horizontal="center")
    for r in range(header_top, header_bottom + 1):
        for c in range(1, ncols + 1):
            ws.cell(r, c).border = BORDER
    row = header_bottom
    for n, printed in enumerate(printed_rows(table), 1):
        row += 1
        if template.serial_column:
            ws.cell(row, 1, n).alignment = Alignment(horizontal="center")
        for j, col in enumerate(template.columns):
            logical = printed.row_for(col.side)
            cell = ws.cell(row, 1 + offset + j)
            cell.border = BORDER
            cell.font = body_font
            if logical is None:
                continue
            is_total = logical.spec is not None and logical.spec.band in ("total", "subtotal", "head")
            if is_total:
                cell.font = bold
            if col.kind == "code":
                write_text(cell, logical.code)
                cell.number_format = "@"
            elif col.kind in ("name", "label"):
                if col.kind == "name" and not logical.is_code_row:
                    write_text(cell, logical.label)
                    cell.alignment = Alignment(horizontal="center" if is_total else "left")
                else:
                    write_text(cell, logical.label)
                    indent = (code_level(logical.code or "") - 1) if logical.is_code_row else (logical.spec.indent if logical.spec else 0)
                    # Excel and WPS apply an indent only to left-aligned cells
                    cell.alignment = Alignment(horizontal="left", indent=max(indent, 0), wrap_text=True,
                                               vertical="center")
            elif col.kind == "line":
                cell.value = logical.spec.line if logical.spec else None
                cell.alignment = Alignment(horizontal="center")
            elif col.is_amount:
                v = table.amount(logical.key, col.key)
                if v is not None:
                    cell.value = Decimal(0) if v == 0 else v  # never -0 (printed as -0.00)
                cell.number_format = AMOUNT_FORMAT
                cell.alignment = Alignment(horizontal="right")
            else:
                write_text(cell, table.get(logical.key, col.key))
    notes = [fill(n, values) for n in template.notes] + [line for line in doc.note(template.id).splitlines() if line]
    for line in notes:
        row += 1
        write_text(ws.cell(row, 1), line)
        ws.cell(row, 1).font = body_font
    # column widths, header row heights and print setup
    widths = _column_widths(template)
    for c, width in widths.items():
        ws.column_dimensions[get_column_letter(c)].width = width
    for r, height in _header_heights(template, widths, header_top, offset, values).items():
        ws.row_dimensions[r].height = height
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if template.orientation == "landscape" else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_top}:{header_bottom}"
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    ws.freeze_panes = ws.cell(header_bottom + 1, 1 + offset)


HEADER_LINE_PT = 14  # one line of 10 pt bold 宋体
HEADER_PAD_PT = 6


def _column_widths(template: TableTemplate) -> dict[int, float]:
    """Sheet column (1-based) → width in characters."""
    offset = 1 if template.serial_column else 0
    widths: dict[int, float] = {1: 6} if offset else {}
    for j, col in enumerate(template.columns):
        widths[1 + offset + j] = {"code": 11, "name": 12 * (col.width or 3), "label": 10 * (col.width or 3),
                                  "line": 6}.get(col.kind, 14 * (col.width or 1))
    return widths


def _text_units(text: str) -> int:
    """Width of ``text`` in column-width units: a Chinese character is as wide as two digits."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def _header_heights(template: TableTemplate, widths: dict[int, float], header_top: int, offset: int,
                    values: dict) -> dict[int, float]:
    """Row heights (points) so every wrapped header label fits inside its cell, not across the grid lines."""
    heights = {header_top + r: float(HEADER_LINE_PT + HEADER_PAD_PT) for r in range(template.header_rows)}
    for cell in template.header:
        first = 1 + offset + cell.col
        width = sum(widths.get(c, 10) for c in range(first, first + cell.colspan)) - 1
        text = fill(cell.label, values)
        lines = sum(max(1, -(-_text_units(part) // max(int(width), 1))) for part in text.split("\n"))
        per_row = (lines * HEADER_LINE_PT + HEADER_PAD_PT) / cell.rowspan
        for r in range(header_top + cell.row, header_top + cell.row + cell.rowspan):
            heights[r] = max(heights[r], per_row)
    return heights


def _write_meta(wb: Workbook, doc: Document) -> None:
    ws = wb.create_sheet(META_SHEET)
    ts = doc.template_set
    prior = [[t, r, c, canonical(v)] for t, cells in doc.prior.items() for (r, c), v in sorted(cells.items())]
    rows = [
        ("format", "budgetdesk-workbook"),
        ("format_version", "1"),
        ("template_set", ts.id),
        ("template_version", ts.version),
        ("unit_name", doc.meta.unit_name),
        ("unit_code", doc.meta.unit_code),
        ("year", str(doc.meta.year or "")),
        ("money_unit", doc.meta.money_unit),
        ("notes", json.dumps(doc.notes, ensure_ascii=True)),  # ASCII escapes keep every character exactly
        ("explanations", json.dumps(doc.explanations, ensure_ascii=True)),
        ("prior", json.dumps(prior, ensure_ascii=True)),
        ("budget", json.dumps([[t, r, c, canonical(v)] for t, cells in doc.budget.items()
                               for (r, c), v in sorted(cells.items())], ensure_ascii=True)),
    ]
    if doc.consolidated_from > 1:  # 部门汇总: units summed (widens the rounding allowance)
        rows.append(("consolidated_from", str(doc.consolidated_from)))
    for i, (key, value) in enumerate(rows, 1):
        write_text(ws.cell(i, 1), key)
        for j, start in enumerate(range(0, max(len(value), 1), META_CHUNK)):  # long JSON over several cells
            write_text(ws.cell(i, 2 + j), value[start:start + META_CHUNK])
    ws.sheet_state = "veryHidden"

