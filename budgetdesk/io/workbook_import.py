"""Reading workbooks (.xlsx) into documents: the tables as finance offices have them.

Every sheet becomes a grid of ``GridCell`` named ``表名!C7``; tables are recognised by their title
(also with a unit-name or year prefix) or by the sheet name, then placed by header meaning with
``placement.place_grid``. Formula cells are read by their cached value, never evaluated. Files that
are not workbooks, are password protected, or unpack to absurd sizes get a clear Chinese message.
"""

from __future__ import annotations

import json
import zipfile
from decimal import Decimal
from pathlib import Path

from budgetdesk.core.document import Document, UnitMeta
from budgetdesk.core.money import AmountError, parse_amount
from budgetdesk.core.text import fold
from budgetdesk.core.template import TemplateSet
from budgetdesk.io.disclosure_text import match_title
from budgetdesk.io.placement import Grid, GridCell, ImportReport, is_note_line, place_grid, read_meta_line
from budgetdesk.io.xlsx_export import META_SHEET

MAX_UNPACKED = 400 * 1024 * 1024  # a disclosure workbook is a few MB; more is a zip bomb or not ours
MAX_RATIO = 200
MAX_ROWS = 20_000  # no disclosure table has this many rows; a bigger sheet is reported, not read
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class WorkbookError(ValueError):
    pass


def _ole2_kind(path: Path) -> str | None:
    """"encrypted" (a password-protected .xlsx is wrapped in an OLE2 file), "xls", or None for other files."""
    with path.open("rb") as fh:
        if fh.read(8) != OLE2:
            return None
        return "encrypted" if "EncryptionInfo".encode("utf-16-le") in fh.read() else "xls"


def _check_container(path: Path) -> None:
    kind = _ole2_kind(path)
    if kind == "encrypted":
        raise WorkbookError(f"{path.name}：工作簿受密码保护，请在 Excel/WPS 中取消密码后另存再导入")
    if kind == "xls":
        raise WorkbookError(f"{path.name}：这是旧版 .xls 工作簿，请用 .xls 的读取方式打开")
    if not zipfile.is_zipfile(path):
        raise WorkbookError(f"{path.name}：不是 Excel 工作簿（.xlsx 文件应为 zip 格式），文件可能已损坏")
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if "xl/workbook.xml" not in {i.filename for i in infos}:
                raise WorkbookError(f"{path.name}：压缩包中没有 xl/workbook.xml，不是 Excel 工作簿")
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            if total > MAX_UNPACKED or total / packed > MAX_RATIO and total > 50 * 1024 * 1024:
                raise WorkbookError(f"{path.name}：解压后大小异常（{total // (1024 * 1024)} MB），拒绝读取")
    except zipfile.BadZipFile as exc:
        raise WorkbookError(f"{path.name}：工作簿已损坏（{exc}）") from exc


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))  # codes stored as numbers: 2080101.0 → "2080101"
        d = Decimal(repr(value))
        return format(d.quantize(Decimal("0.01")) if d.as_tuple().exponent > -2 else d, "f")
    return str(value)  # text, int, Decimal, bool, dates: as written


def read_xls_grids(path: Path) -> tuple[list[tuple[str, list[list[GridCell]]]], dict[str, str]]:
    """Legacy .xls (BIFF) workbooks through xlrd; formulas are read by their stored results."""
    import xlrd  # imported here: start-up of the app does not pay for it
    from openpyxl.utils import get_column_letter

    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower() or "password" in str(exc).lower():
            raise WorkbookError(f"{path.name}：工作簿受密码保护，请在 Excel/WPS 中取消密码后另存再导入") from exc
        raise WorkbookError(f"{path.name}：无法读取 .xls 工作簿（{exc}）") from exc
    except Exception as exc:
        raise WorkbookError(f"{path.name}：无法读取 .xls 工作簿（{type(exc).__name__}: {exc}）") from exc
    sheets = []
    try:
        for index in range(book.nsheets):
            sh = book.sheet_by_index(index)
            if sh.visibility != 0:
                continue
            if sh.nrows > MAX_ROWS:
                raise WorkbookError(f"{path.name}：工作表“{sh.name}”超过 {MAX_ROWS} 行，不像公开表，未导入")
            rows = []
            for r in range(sh.nrows):
                cells = []
                for c in range(sh.ncols):
                    kind, value = sh.cell_type(r, c), sh.cell_value(r, c)
                    text = _text(value) if kind == xlrd.XL_CELL_NUMBER else ("" if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR) else str(value))
                    cells.append(GridCell(text.strip(), f"{sh.name}!{get_column_letter(c + 1)}{r + 1}"))
                while cells and not cells[-1].text:
                    cells.pop()
                rows.append(cells)
            sheets.append((sh.name, rows))
            book.unload_sheet(index)
    finally:
        book.release_resources()
    return sheets, {}


def read_workbook_grids(path: Path) -> tuple[list[tuple[str, list[list[GridCell]]]], dict[str, str]]:
    """(sheet name, rows of cells) for every visible sheet, and budgetdesk's own metadata if present."""
    if _ole2_kind(path) == "xls":
        return read_xls_grids(path)
    import openpyxl  # imported here: start-up of the app does not pay for it
    from openpyxl.utils import get_column_letter

    _check_container(path)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise WorkbookError(f"{path.name}：无法读取工作簿（{type(exc).__name__}: {exc}）") from exc
    sheets = []
    meta: dict[str, str] = {}
    try:
        for ws in wb.worksheets:
            if ws.title == META_SHEET:
                for row in ws.iter_rows(values_only=True):
                    if row and row[0]:
                        meta[str(row[0])] = "" if len(row) < 2 or row[1] is None else str(row[1])
                continue
            if ws.sheet_state != "visible":
                continue
            rows: list[list[GridCell]] = []
            for r, values in enumerate(ws.iter_rows(values_only=True), 1):
                if r > MAX_ROWS:
                    raise WorkbookError(f"{path.name}：工作表“{ws.title}”超过 {MAX_ROWS} 行，不像公开表，未导入")
                cells = [GridCell(_text(v).strip(), f"{ws.title}!{get_column_letter(c)}{r}") for c, v in enumerate(values, 1)]
                while cells and not cells[-1].text:
                    cells.pop()
                rows.append(cells)
            sheets.append((ws.title, rows))
    finally:
        wb.close()
    return sheets, meta


def _grid_of_sheet(name: str, rows: list[list[GridCell]], template_set: TemplateSet, meta: dict[str, str]):
    """The table a sheet holds: by a title in its first rows, else by the sheet's name."""
    for i, row in enumerate(rows[:8]):
        non_empty = [c for c in row if c.text]
        if len(non_empty) == 1:
            found = match_title(non_empty[0].text, template_set.tables)
            if found:
                template, prefix, exact = found
                return template, prefix, exact, non_empty[0], rows[i + 1:]
    found = match_title(name, template_set.tables)
    if found:
        template, prefix, exact = found
        return template, prefix, exact, GridCell(name, f"{name}!A1"), rows
    return None


def _is_figure(text: str) -> bool:
    try:
        t = text.strip()
        return parse_amount(t) is not None and not (t.isdigit() and len(t) in (3, 5, 7))  # a 科目编码 is not a figure
    except AmountError:
        return False


def _split_body(rows: list[list[GridCell]], meta: dict[str, str], grid: Grid) -> None:
    data_started = figures = False
    for row in rows:
        non_empty = [c for c in row if c.text]
        if not non_empty:
            continue
        if len(non_empty) <= 2 and not data_started and all(read_meta_line(c.text, meta) for c in non_empty):
            continue
        if len(non_empty) == 1 and data_started and (is_note_line(non_empty[0].text) or len(row) <= 1 and figures):
            grid.notes.append(non_empty[0])
            continue
        grid.rows.append(row)
        figures = figures or any(_is_figure(c.text) for c in non_empty)  # a lone cell above the figures is a header part
        if len(non_empty) > 1:
            data_started = True


def read_workbook(path: Path, template_set: TemplateSet, sheets=None, saved: dict | None = None,
                  mappings=None) -> tuple[Document, ImportReport]:
    """``mappings``: template set id → the labels taught once for it (``io.mappings``), or None."""
    if sheets is None:
        sheets, saved = read_workbook_grids(path)
    saved = saved or {}
    report = ImportReport(source=path.name, template_set=template_set.id)
    meta: dict[str, str] = {}
    found = []
    for name, rows in sheets:
        hit = _grid_of_sheet(name, rows, template_set, meta)
        if hit is None:
            if any(c.text for r in rows for c in r):
                report.notices.append(f"工作表“{name}”不是模板中的表，未导入")
            continue
        template, prefix, exact, title_cell, body = hit
        grid = Grid(title_cell.text, title_cell.location)
        sheet_meta: dict[str, str] = {}
        _split_body(body, sheet_meta, grid)
        unit = sheet_meta.pop("money_unit", "")
        for k, v in sheet_meta.items():
            meta.setdefault(k, v)
        found.append((template, prefix, exact, grid, name, unit))
    if not found:
        raise WorkbookError(f"{path.name}：没有找到模板“{template_set.name}”中的任何一张表")
    if saved.get("format") == "budgetdesk-workbook":  # our own export: its metadata is exact, even when empty
        meta = {k: saved.get(k, "") for k in ("unit_name", "unit_code", "year", "money_unit")}
    year = meta.get("year") or ""
    unit_name = meta.get("unit_name") or next((f[1] for f in found if f[1]), "")
    doc = Document(template_set, UnitMeta(
        unit_name=unit_name, unit_code=meta.get("unit_code", ""),
        year=int(year) if str(year).isdigit() else _year_from_titles(found),
        money_unit=meta.get("money_unit") or template_set.money_unit))
    seen = set()
    for template, prefix, exact, grid, sheet, unit in found:
        if template.id in seen:
            report.notices.append(f"工作表“{sheet}”又是《{template.title}》，未导入")
            continue
        seen.add(template.id)
        reason = f"工作表“{sheet}”" + ("标题完全一致" if exact else f"标题以“{template.title}”结尾")
        scale = UNIT_SCALE.get((unit.strip(), doc.meta.money_unit))
        if scale is not None:
            report.notices.append(f"工作表“{sheet}”的金额单位为“{unit}”，已换算为“{doc.meta.money_unit}”")
        taught = mappings(template_set.id) if mappings else None
        place_grid(doc, template, grid, report, reason, scale,
                   taught.columns_for(template.id) if taught else None, taught.rows_for(template.id) if taught else None)
    for t in template_set.tables:
        if t.id not in seen:
            report.notices.append(f"没有找到《{t.title}》")
    _apply_saved(doc, saved)
    return doc, report


UNIT_SCALE = {("元", "万元"): Decimal("0.0001"), ("万元", "元"): Decimal(10000)}


def _year_from_titles(found) -> int:
    """The budget year: the latest year in titles and headers (上年 columns name the year before)."""
    import re
    years = [int(y) for _t, _p, _e, grid, _s, _u in found
             for text in [grid.title] + [c.text for row in grid.rows[:4] for c in row]
             for y in re.findall(r"(20\d\d)年", fold(text))]  # "20 24年" broken by a space or line break too
    return max(years, default=0)


def _apply_saved(doc: Document, saved: dict[str, str]) -> None:
    """What budgetdesk's own export keeps out of sight: exact notes, explanations, last year's figures."""
    if saved.get("format") != "budgetdesk-workbook":
        return
    if "notes" in saved:
        for key in list(doc.notes):
            doc.set_note(key or None, "")
        for key, text in json.loads(saved["notes"] or "{}").items():
            doc.set_note(key or None, text)
    for key, text in json.loads(saved.get("explanations") or "{}").items():
        doc.set_explanation(key, text)
    for table, row, column, value in json.loads(saved.get("prior") or "[]"):
        doc.set_prior(table, row, column, Decimal(value))


def best_workbook_template(path: Path, template_sets: list[TemplateSet], mappings=None) -> tuple[Document, ImportReport]:
    sheets, saved = read_workbook_grids(path)
    if saved.get("template_set"):
        for ts in template_sets:
            if ts.id == saved["template_set"]:
                return read_workbook(path, ts, sheets, saved, mappings)
    best = None
    for ts in template_sets:
        try:
            doc, report = read_workbook(path, ts, sheets, saved, mappings)
        except WorkbookError:
            continue
        score = report.fit_score()
        if best is None or score > best[0]:
            best = (score, doc, report)
    if best is None:
        raise WorkbookError(f"{path.name}：没有找到任何模板中的表")
    return best[1], best[2]
