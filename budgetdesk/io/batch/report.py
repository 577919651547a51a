"""The 批量自检 report workbook: one row per file, every finding, counts per rule.

Tables are built with pandas (what a finance office analyses them with afterwards) and written
through openpyxl; amounts stay ``Decimal`` and reach Excel as numbers. Every text cell goes through
``write_text`` so a file name or message beginning with = + - @ stays text, never a formula.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from budgetdesk.io.batch.run import STATUS_LABELS

FILE_COLUMNS = {
    "file": "文件", "status": "状态", "unit": "单位名称", "unit_code": "单位编码", "template": "模板", "year": "年度",
    "total": "收支总计", "errors": "错误", "warnings": "警告", "explained": "已说明", "rounding": "尾差",
    "first_error": "第一个错误", "import_problems": "导入问题", "reason": "无法检查的原因", "seconds": "用时（秒）",
}
FINDING_COLUMNS = {
    "file": "文件", "unit": "单位名称", "rule": "规则", "severity": "级别", "table": "表", "table_title": "表名",
    "row": "行", "row_label": "行名称", "column": "列", "column_label": "列名称", "expected": "应为",
    "actual": "实为", "difference": "差额", "message": "说明", "source": "来源单元格", "suspects": "可能出错的单元格",
    "explanation": "出错说明", "quote": "原文", "stated": "文中数字",
}
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "rounding": "尾差"}
AMOUNT_HEADERS = {"收支总计", "应为", "实为", "差额", "金额"}
_FORMULA_START = ("=", "+", "-", "@")
WIDTHS = {"文件": 48, "说明": 70, "第一个错误": 60, "导入问题": 50, "无法检查的原因": 60, "原文": 40}


def amount_or_none(v: str | None) -> Decimal | None:
    """A finding's amount as the report writes it: a number, or blank."""
    return None if v in (None, "") else Decimal(v)


def frames(rows: list[dict]):
    """The three report tables as pandas DataFrames with Chinese headers."""
    import pandas as pd

    files = pd.DataFrame([{
        **{k: r.get(k) for k in FILE_COLUMNS},
        "status": STATUS_LABELS.get(r["status"], r["status"]),
        "total": amount_or_none(r.get("total")),
        "import_problems": "；".join(r.get("import_problems") or []),
    } for r in rows], columns=list(FILE_COLUMNS)).rename(columns=FILE_COLUMNS)
    found = [{
        "file": r["file"], "unit": r.get("unit", ""), **{k: f.get(k) for k in FINDING_COLUMNS if k in f},
        "severity": SEVERITY_LABELS.get(f["severity"], f["severity"]),
        "expected": amount_or_none(f.get("expected")), "actual": amount_or_none(f.get("actual")), "difference": amount_or_none(f.get("difference")),
        "suspects": "、".join(s.get("source") or ":".join(x or "" for x in (s["table"], s["row"], s["column"]))
                             for s in f.get("suspects") or []),
    } for r in rows for f in r.get("findings", [])]
    findings = pd.DataFrame(found, columns=list(FINDING_COLUMNS)).rename(columns=FINDING_COLUMNS)
    if found:
        counts = (findings.groupby(["规则", "级别"]).agg(次数=("文件", "size"), 涉及文件数=("文件", "nunique"))
                  .reset_index().sort_values(["次数", "规则"], ascending=[False, True]))
    else:
        counts = pd.DataFrame(columns=["规则", "级别", "次数", "涉及文件数"])
    return files, findings, counts


def write_batch_report(rows: list[dict], path: Path | str) -> Path:
    """Write the report workbook atomically (a temporary file renamed over the target)."""
    files, findings, counts = frames(rows)
    return write_sheets(path, [("文件汇总", files, True), ("全部问题", findings, True), ("按规则统计", counts, False)])


def write_sheets(path: Path | str, sheets: list[tuple[str, object, bool]]) -> Path:
    """DataFrames to one workbook, streamed (openpyxl write-only: 20,000 finding rows in about a second).

    Each sheet: bold centred header, frozen header row, autofilter if asked, widths from the content,
    amounts with two decimals, text as text.
    """
    from openpyxl import Workbook

    path = Path(path)
    book = Workbook(write_only=True)
    for name, frame, autofilter in sheets:
        _write_sheet(book, name, frame, autofilter)
    import io

    from budgetdesk.io.store.tempfiles import write_bytes_atomically

    package = io.BytesIO()
    book.save(package)
    return write_bytes_atomically(path, package.getvalue())


def _plain(v):
    """A cell value openpyxl takes whatever it imported: numpy scalars to Python, NaN to blank."""
    if v is None or isinstance(v, (str, Decimal, int)):
        return v
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and v != v:
        return None
    return v


def _write_sheet(book, name: str, frame, autofilter: bool) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = book.create_sheet(name)
    headers = [str(h) for h in frame.columns]
    columns = [[_plain(v) for v in frame[h].tolist()] for h in frame.columns]
    for j, (header, values) in enumerate(zip(headers, columns), start=1):
        longest = max([len(header) * 2] + [min(len(str(v)), 60) * 2 for v in values[:500] if v is not None])
        ws.column_dimensions[get_column_letter(j)].width = min(WIDTHS.get(header, 30), max(8, longest + 2))
    ws.freeze_panes = "A2"
    if autofilter and headers:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(1, len(frame) + 1)}"
    bold, centre = Font(bold=True), Alignment(horizontal="center", vertical="center")

    def header_cell(text: str):
        cell = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", text))
        cell.data_type = "s"  # a unit name can be a header (汇总 report): never a formula
        cell.font, cell.alignment = bold, centre
        return cell

    ws.append([header_cell(h) for h in headers])
    amounts = [h in AMOUNT_HEADERS for h in headers]
    for values in zip(*columns):
        out = []
        for v, amount in zip(values, amounts):
            if isinstance(v, str):
                v = ILLEGAL_CHARACTERS_RE.sub("", v)
                if v.startswith(_FORMULA_START):  # user text is text
                    cell = WriteOnlyCell(ws, value=v)
                    cell.data_type = "s"
                    v = cell
            elif amount and v is not None:
                cell = WriteOnlyCell(ws, value=v)
                cell.number_format = "#,##0.00"
                v = cell
            out.append(v)
        ws.append(out)
