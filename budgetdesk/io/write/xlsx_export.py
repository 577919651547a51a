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
from budgetdesk.core.eliminate import ADJUSTMENT_HEADERS, adjustment_table
from budgetdesk.core.layout import printed_rows
from budgetdesk.core.money import canonical
from budgetdesk.core.template import TableTemplate
from budgetdesk.core.text import fill
from budgetdesk.io.hidden_sheet import ADJUSTMENTS_SHEET, META_SHEET, row_layout
from budgetdesk.io.limits import MAX_CELLS, MAX_ROWS
from budgetdesk.io.sanitize import Sanitizer, neutralise_workbook
from budgetdesk.io.write.xlsx_style import (AMOUNT_FORMAT, BORDER, FONT_NAME, StyleCache, amount_format, sheet_name,
                                             write_text)
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
    layouts: dict[str, dict] = {}
    for template in (doc.published_tables() if tables is None else doc.template_set.tables):
        if tables is None or template.id in tables:
            printed = template.printed_title(values)
            ws = wb.create_sheet(sheet_name(printed if len(printed) <= 31 else template.title, used, sanitizer))
            layouts[template.id] = _write_table(ws, doc, template, values)
    _write_meta(wb, doc, layouts)
    from budgetdesk.io.write.performance_xlsx import write_performance_sheets  # 绩效目标表 sheets (own module)

    write_performance_sheets(wb, doc, used)
    if tables is None and doc.adjustments:  # 部门汇总: the 调整表 beside the tables
        _write_adjustments(wb.create_sheet(sheet_name(ADJUSTMENTS_SHEET, used, sanitizer)), doc)
    _readable(wb, path)
    wb.properties.title = f"{doc.meta.unit_name}{doc.meta.year or ''}年{doc.package_name()}公开表"
    wb.properties.creator = doc.meta.unit_name or "budgetdesk"
    neutralise_workbook(wb, sanitizer)
    package = io.BytesIO()
    wb.save(package)
    write_bytes_atomically(path, package.getvalue())
    if notices is not None:
        notices.extend(dict.fromkeys(sanitizer.notices))
    return path


class WorkbookTooLarge(ValueError):
    """The workbook would pass a limit of the .xlsx reader: refused before it is written."""


def _readable(wb, path: Path) -> None:
    """What the .xlsx reader takes (rows per sheet, cells per file) holds for what is written: a stacked 绩效 form
    has some 17 rows per target, so a book of targets can pass the sheet limit the document's own limits allow."""
    cells = 0
    for ws in wb.worksheets:
        if ws.max_row > MAX_ROWS:
            raise WorkbookTooLarge(f"{path.name}：工作表“{ws.title}”将有 {ws.max_row:,} 行，超过工作簿读取上限 "
                                   f"{MAX_ROWS:,} 行，写出后本程序将无法再打开它，未写出；请另存为 .bdesk 或 .json")
        cells += len(ws._cells)
    if cells > MAX_CELLS:
        raise WorkbookTooLarge(f"{path.name}：工作簿将有 {cells:,} 个单元格，超过读取上限 {MAX_CELLS:,}，"
                               "写出后本程序将无法再打开它，未写出；请另存为 .bdesk 或 .json")


def _write_table(ws, doc: Document, template: TableTemplate, values: dict) -> dict:
    """Write one table's sheet; returns where its rows went (``own_workbook.row_layout``), for reading it back."""
    table = doc.table(template.id)
    number_format = amount_format(doc.template_set.amount_places)
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
    styles = StyleCache()  # the body's few styles, copied instead of assigned (10,000 科目 rows took 23 s)
    body = printed_rows(table)
    layout = row_layout(ws.title, header_bottom + 1, template, table, body)
    for n, printed in enumerate(body, 1):
        row += 1
        if template.serial_column:
            styles.apply(ws.cell(row, 1), "serial", alignment=Alignment(horizontal="center"))
            ws.cell(row, 1).value = n
        for j, col in enumerate(template.columns):
            logical = printed.row_for(col.side)
            cell = ws.cell(row, 1 + offset + j)
            if logical is None:
                styles.apply(cell, "blank", border=BORDER, font=body_font)
                continue
            is_total = logical.spec is not None and logical.spec.band in ("total", "subtotal", "head")
            font = bold if is_total else body_font
            if col.kind == "code":
                styles.apply(cell, ("code", is_total), border=BORDER, font=font, number_format="@")
                write_text(cell, logical.code)
            elif col.kind in ("name", "label"):
                if col.kind == "name" and not logical.is_code_row:
                    styles.apply(cell, ("name", is_total), border=BORDER, font=font,
                                 alignment=Alignment(horizontal="center" if is_total else "left"))
                else:
                    indent = (code_level(logical.code or "") - 1) if logical.is_code_row else (logical.spec.indent if logical.spec else 0)
                    # Excel and WPS apply an indent only to left-aligned cells
                    styles.apply(cell, ("label", is_total, max(indent, 0)), border=BORDER, font=font,
                                 alignment=Alignment(horizontal="left", indent=max(indent, 0), wrap_text=True,
                                                     vertical="center"))
                write_text(cell, logical.label if col.kind == "name" else table.printed_label(logical))
            elif col.kind == "line":
                styles.apply(cell, ("line", is_total), border=BORDER, font=font, alignment=Alignment(horizontal="center"))
                cell.value = logical.spec.line if logical.spec else None
            elif col.is_amount:
                styles.apply(cell, ("amount", is_total), border=BORDER, font=font, number_format=number_format,
                             alignment=Alignment(horizontal="right"))
                v = table.amount(logical.key, col.key)
                if v is not None:
                    cell.value = Decimal(0) if v == 0 else v  # never -0 (printed as -0.00)
            else:
                styles.apply(cell, ("text", is_total), border=BORDER, font=font)
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
    ws.page_setup.fitToHeight = 1 if fits_one_page(ws, widths, row, ws.page_setup.orientation) else 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_top}:{header_bottom}"
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    ws.freeze_panes = ws.cell(header_bottom + 1, 1 + offset)
    return layout


HEADER_LINE_PT = 14  # one line of 10 pt bold 宋体
HEADER_PAD_PT = 6


# A4 less Excel's default margins (0.7" left/right, 0.75" top/bottom) and the footer line, in points
PRINTABLE = {"portrait": (595 - 101, 842 - 108 - 20), "landscape": (842 - 101, 595 - 108 - 20)}
SMALLEST_SCALE = 0.7  # a table printed smaller than this is hard to read: it takes a second page instead
CHAR_PT = 5.6  # one unit of column width (a digit of the 10 pt body font, with padding)
ROW_PT = 13.5  # a row Excel sizes itself (10 pt 宋体)


def fits_one_page(ws, widths: dict[int, float], last_row: int, orientation: str) -> bool:
    """Whether the sheet's rows fit one page at a readable scale (the 财政拨款收支总表's 42 rows do): then it
    is printed on one page instead of spilling its last lines onto a second."""
    page_width, page_height = PRINTABLE["landscape" if orientation == "landscape" else "portrait"]
    width = sum(widths.values()) * CHAR_PT
    height = sum(ws.row_dimensions[r].height or ROW_PT for r in range(1, last_row + 1))
    by_width = min(1.0, page_width / width) if width else 1.0  # fitToWidth shrinks it this much anyway
    by_height = page_height / height if height else 1.0
    return by_height >= by_width or by_height >= SMALLEST_SCALE


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


def _write_adjustments(ws, doc: Document) -> None:
    """调整表: every elimination of internal flows and every amount without a counterpart (not a published form)."""
    write_text(ws.cell(1, 1), f"{doc.meta.unit_name}部门汇总调整表（不属公开表）")
    ws.cell(1, 1).font = Font(name=FONT_NAME, size=14, bold=True)
    write_text(ws.cell(2, 1), f"金额单位：{doc.meta.money_unit}")
    for j, label in enumerate(ADJUSTMENT_HEADERS, 1):
        cell = ws.cell(3, j)
        write_text(cell, label)
        cell.font = Font(name=FONT_NAME, bold=True)
        cell.border = BORDER
    for i, row in enumerate(adjustment_table(doc), 4):
        for j, value in enumerate(row, 1):
            cell = ws.cell(i, j)
            if isinstance(value, Decimal):
                cell.value = value
                cell.number_format = AMOUNT_FORMAT
            else:
                write_text(cell, value)
            cell.font = Font(name=FONT_NAME)
            cell.border = BORDER
    for j, width in enumerate((6, 8, 16, 24, 24, 14, 48, 48, 8, 24), 1):
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.freeze_panes = "A4"


def _write_meta(wb: Workbook, doc: Document, layouts: dict[str, dict]) -> None:
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
        ("level", doc.meta.level),
        ("notes", json.dumps(doc.notes, ensure_ascii=True)),  # ASCII escapes keep every character exactly
        ("explanations", json.dumps(doc.explanations, ensure_ascii=True)),
        ("prior", json.dumps(prior, ensure_ascii=True)),
        ("budget", json.dumps([[t, r, c, canonical(v)] for t, cells in doc.budget.items()
                               for (r, c), v in sorted(cells.items())], ensure_ascii=True)),
    ]
    rows.append(("layout", json.dumps(layouts, ensure_ascii=True)))  # each sheet's rows, to read it back row for row
    rows.append(("narrative", json.dumps(doc.narrative.to_list(), ensure_ascii=True)))  # the 情况说明, exactly
    if doc.consolidated_from > 1:  # 部门汇总: units summed (widens the rounding allowance)
        rows.append(("consolidated_from", str(doc.consolidated_from)))
    if doc.unread:  # tables the source of this document did not let us read (their relations are 未核对)
        rows.append(("unread", json.dumps(dict(sorted(doc.unread.items())), ensure_ascii=True)))
    if doc.adjustments:  # 部门汇总: the 调整表, exactly (the visible sheet is for reading)
        rows.append(("adjustments", json.dumps([a.to_dict() for a in doc.adjustments], ensure_ascii=True)))
    for i, (key, value) in enumerate(rows, 1):
        write_text(ws.cell(i, 1), key)
        for j, start in enumerate(range(0, max(len(value), 1), META_CHUNK)):  # long JSON over several cells
            write_text(ws.cell(i, 2 + j), value[start:start + META_CHUNK])
    ws.sheet_state = "veryHidden"

