"""The 批量自检 report workbook: one row per file, every finding, counts per rule.

Tables are built with pandas (what a finance office analyses them with afterwards) and written
through openpyxl; amounts stay ``Decimal`` and reach Excel as numbers. Every text cell goes through
``write_text`` so a file name or message beginning with = + - @ stays text, never a formula.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

from budgetdesk.io.batch import STATUS_LABELS

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
WIDTHS = {"文件": 48, "说明": 70, "第一个错误": 60, "导入问题": 50, "无法检查的原因": 60, "原文": 40}


def _dec(v: str | None) -> Decimal | None:
    return None if v in (None, "") else Decimal(v)


def frames(rows: list[dict]):
    """The three report tables as pandas DataFrames with Chinese headers."""
    import pandas as pd

    files = pd.DataFrame([{
        **{k: r.get(k) for k in FILE_COLUMNS},
        "status": STATUS_LABELS.get(r["status"], r["status"]),
        "total": _dec(r.get("total")),
        "import_problems": "；".join(r.get("import_problems") or []),
    } for r in rows], columns=list(FILE_COLUMNS)).rename(columns=FILE_COLUMNS)
    found = [{
        "file": r["file"], "unit": r.get("unit", ""), **{k: f.get(k) for k in FINDING_COLUMNS if k in f},
        "severity": SEVERITY_LABELS.get(f["severity"], f["severity"]),
        "expected": _dec(f.get("expected")), "actual": _dec(f.get("actual")), "difference": _dec(f.get("difference")),
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
    import pandas as pd

    path = Path(path)
    files, findings, counts = frames(rows)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp.xlsx")
    try:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            for name, frame, autofilter in (("文件汇总", files, True), ("全部问题", findings, True),
                                            ("按规则统计", counts, False)):
                _write_sheet(writer, name, frame, autofilter)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def _write_sheet(writer, name: str, frame, autofilter: bool) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from budgetdesk.io.xlsx_export import write_text

    frame = frame.map(lambda v: ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v)
    frame.to_excel(writer, sheet_name=name, index=False)
    ws = writer.sheets[name]
    for j, header in enumerate(frame.columns, start=1):
        write_text(ws.cell(1, j), str(header))  # a unit name can be a header (汇总 report)
        ws.cell(1, j).font = Font(bold=True)
        ws.cell(1, j).alignment = Alignment(horizontal="center", vertical="center")
        values = frame[header].tolist()
        for i, v in enumerate(values, start=2):
            cell = ws.cell(i, j)
            if isinstance(v, str):
                write_text(cell, v)
            elif header in AMOUNT_HEADERS and v is not None:
                cell.number_format = "#,##0.00"
        longest = max([len(str(header)) * 2] + [min(len(str(v)), 60) * 2 for v in values[:500] if v is not None])
        ws.column_dimensions[get_column_letter(j)].width = min(WIDTHS.get(header, 30), max(8, longest + 2))
    ws.freeze_panes = "A2"
    if autofilter and frame.shape[1]:
        ws.auto_filter.ref = f"A1:{get_column_letter(frame.shape[1])}{max(1, len(frame) + 1)}"
