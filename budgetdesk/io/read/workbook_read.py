"""Reading the cells of a workbook (.xlsx through ``io.xlsx_cells``, .xls through xlrd) into grids, within limits.

Both readers give the same text for the same cell: numbers as the spreadsheet shows them (15
significant digits, so a formula's cached 0.30000000000000004 reads as 0.3), and typed cells that are
not numbers — dates, TRUE/FALSE, error values such as ``#DIV/0!`` — as their printed text, listed in
``SheetList.typed`` so the import report names them instead of converting them (an .xls date is a
serial number underneath; it must not become the amount 45292).

Both readers parse a sheet while it is iterated, so all of this runs inside the caller's
``limits.read_boundary`` and ticks its budget per row; a sheet's claimed dimension is never trusted
(a 16 KB file may claim 16,384 columns × 20,000 rows).
"""

from __future__ import annotations

import datetime as _dt
import json
import zipfile
from decimal import Decimal
from pathlib import Path

from budgetdesk.core.money import AmountError, parse_amount
from budgetdesk.io.limits import MAX_COLUMNS, MAX_ROWS, ReadError, current_budget, member_with_dtd
from budgetdesk.io.hidden_sheet import META_SHEET
from budgetdesk.io.read.import_report import GridCell
from budgetdesk.io.read.xlsx_cells import XlsxBook, column_letter

MAX_UNPACKED = 400 * 1024 * 1024  # a disclosure workbook is a few MB; more is a zip bomb or not ours
MAX_RATIO = 200
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ERROR_VALUES = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
                          "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#UNKNOWN!", "#CONNECT!", "#BUSY!"})


class WorkbookError(ReadError):
    pass


class SheetList(list):
    """(sheet name, rows) of every visible sheet, plus the typed non-number cells met on the way."""

    def __init__(self, *args):
        super().__init__(*args)
        self.typed: list[tuple[str, str, str]] = []  # (location, printed text, why it is not an amount)


def typed_reason(value) -> str:
    """Why a typed cell is not an amount, from the one amount parser (dates, booleans) or for error values."""
    if isinstance(value, str):
        return "是公式的错误值，没有可用的数"
    try:
        parse_amount(value)
    except AmountError as exc:
        return exc.reason or str(exc)
    return ""


def cell_text(value) -> str:
    """A cell value as the text the placement reads; the same for .xlsx and .xls."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        try:
            d = parse_amount(value)  # 15 significant digits: what the spreadsheet shows
        except AmountError:  # out of bounds: the digits as the cell holds them (no exponent), inf/nan as written;
            finite = Decimal(repr(value))  # the placement refuses them naming the bound and the cell
            return format(finite, "f") if finite.is_finite() else repr(value)
        if d == d.to_integral_value() and abs(d) < Decimal(10) ** 15:
            return str(int(d))  # codes stored as numbers: 2080101.0 → "2080101"
        return format(d.quantize(Decimal("0.01")) if d.as_tuple().exponent > -2 else d, "f")
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (_dt.date, _dt.time, _dt.timedelta)):
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    return str(value)  # text, int, Decimal


def _is_typed(value) -> bool:
    return isinstance(value, (bool, _dt.date, _dt.time, _dt.timedelta)) or (
        isinstance(value, str) and value.strip() in ERROR_VALUES)


def ole2_kind(path: Path) -> str | None:
    """"encrypted" (a password-protected .xlsx is wrapped in an OLE2 file), "xls", or None for other files."""
    with path.open("rb") as fh:
        if fh.read(8) != OLE2:
            return None
        return "encrypted" if "EncryptionInfo".encode("utf-16-le") in fh.read() else "xls"


def check_container(path: Path) -> None:
    kind = ole2_kind(path)
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
            dtd = member_with_dtd(z)
            if dtd:
                raise WorkbookError(f"{path.name}：{dtd} 含有 DTD 声明，Excel 不会这样保存，拒绝读取")
    except zipfile.BadZipFile as exc:
        raise WorkbookError(f"{path.name}：工作簿已损坏（{exc}）") from exc


def _row_cells(path: Path, sheet: str, r: int, values, out: SheetList) -> list[GridCell]:
    budget = current_budget()
    budget.at(sheet, f"第{r}行附近")
    if r > MAX_ROWS:
        raise WorkbookError(f"{path.name}：工作表“{sheet}”超过 {MAX_ROWS} 行，不像公开表，未导入")
    values = list(values)
    while values and (values[-1] is None or values[-1] == ""):
        values.pop()
    if len(values) > MAX_COLUMNS:
        raise WorkbookError(f"{path.name}：工作表“{sheet}”的 {column_letter(len(values))}{r} 超出第 {MAX_COLUMNS} 列，"
                            "不像公开表，未导入")
    budget.tick(max(len(values), 1))
    cells = []
    for c, v in enumerate(values, 1):
        location = f"{sheet}!{column_letter(c)}{r}"
        text = cell_text(v).strip()
        if _is_typed(v):
            out.typed.append((location, text, typed_reason(v)))
        cells.append(GridCell(text, location))
    return cells


def read_xls_grids(path: Path) -> tuple[SheetList, dict[str, str]]:
    """Legacy .xls (BIFF) workbooks through xlrd; formulas are read by their stored results."""
    import xlrd  # imported here: start-up of the app does not pay for it

    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower() or "password" in str(exc).lower():
            raise WorkbookError(f"{path.name}：工作簿受密码保护，请在 Excel/WPS 中取消密码后另存再导入") from exc
        raise WorkbookError(f"{path.name}：无法读取 .xls 工作簿（{exc}）") from exc
    except Exception as exc:  # xlrd raises many kinds for damaged files
        raise WorkbookError(f"{path.name}：无法读取 .xls 工作簿（{type(exc).__name__}: {str(exc)[:120]}）") from exc
    sheets = SheetList()
    budget = current_budget()
    try:
        for index in range(book.nsheets):
            budget.at(book.sheet_names()[index] if index < len(book.sheet_names()) else f"第{index + 1}张", "")
            sh = book.sheet_by_index(index)
            if sh.visibility != 0:
                continue
            if sh.nrows > MAX_ROWS:
                raise WorkbookError(f"{path.name}：工作表“{sh.name}”超过 {MAX_ROWS} 行，不像公开表，未导入")
            rows = []
            for r in range(sh.nrows):
                values = []
                for c in range(min(sh.row_len(r), MAX_COLUMNS + 1)):
                    kind, value = sh.cell_type(r, c), sh.cell_value(r, c)
                    values.append(_xls_value(kind, value, book.datemode))
                cells = _row_cells(path, sh.name, r + 1, values, sheets)
                rows.append(cells)
            sheets.append((sh.name, rows))
            book.unload_sheet(index)
        budget.at("", "")
    finally:
        book.release_resources()
    return sheets, {}


def _xls_value(kind: int, value, datemode: int):
    """An xlrd cell as the Python value openpyxl would give for the same cell of an .xlsx."""
    import xlrd

    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#N/A")
    if kind == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(value, datemode)
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            return _dt.date.min if value else _dt.time()  # an impossible date is still a date, not an amount
    return value


def read_workbook_grids(path: Path) -> tuple[SheetList, dict[str, str]]:
    """(sheet name, rows of cells) for every visible sheet, and budgetdesk's own metadata if present."""
    if ole2_kind(path) == "xls":
        return read_xls_grids(path)
    check_container(path)
    try:
        book = XlsxBook(path, path.name)
    except ReadError:
        raise
    except Exception as exc:  # a damaged workbook.xml, styles, shared strings or zip member
        raise WorkbookError(f"{path.name}：无法读取工作簿（{type(exc).__name__}: {str(exc)[:120]}）") from exc
    sheets = SheetList()
    meta: dict[str, str] = {}
    uncached: list[str] = []
    sources: dict[str, str] = {}
    budget = current_budget()
    with book:
        for ws in book.sheets:
            budget.at(ws.title, "")
            if ws.title == META_SHEET:
                for r, row in enumerate(book.rows(ws), 1):
                    budget.at(ws.title, f"第{r}行附近")
                    budget.tick(len(row) if row else 1)
                    if r > MAX_ROWS:
                        raise WorkbookError(f"{path.name}：隐藏工作表“{ws.title}”超过 {MAX_ROWS} 行，不是本程序写的")
                    if row and row[0]:  # a long value continues in the next cells (a cell holds 32,767 characters)
                        meta[str(row[0])] = "".join(str(v) for v in row[1:] if v is not None)
                continue
            if ws.state != "visible":
                continue
            rows = [_row_cells(path, ws.title, r, values, sheets) for r, values in enumerate(book.rows(ws), 1)]
            sheets.append((ws.title, rows))
            for ref, source in ws.uncached:
                uncached.append(f"{ws.title}!{ref}")
                if len(source) <= SOURCE_LIMIT:
                    sources[f"{ws.title}!{ref}"] = source
        budget.at("", "")  # what follows (placement) is not at a cell of the file
    if uncached:
        meta[UNCACHED] = "、".join(uncached)
        meta[UNCACHED_SOURCES] = json.dumps(sources, ensure_ascii=False)
    return sheets, meta


UNCACHED = "_uncached_formulas"  # key in the returned metadata: formula cells read as blank
UNCACHED_SOURCES = "_uncached_formula_sources"  # their short formulas as written (JSON), never evaluated
SOURCE_LIMIT = 60


def uncached_notice(cells: list[str]) -> str:
    return (f"{len(cells)} 个公式单元格没有保存计算结果，按空白读入（公式从不计算）："
            f"{'、'.join(cells[:20])}{'……' if len(cells) > 20 else ''}；请在 Excel/WPS 中打开该文件、保存后再导入")
