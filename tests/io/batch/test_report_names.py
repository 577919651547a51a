"""The batch report names cells as the window does: 表名, the row's 编码 and name, the column's label — no ids."""

from __future__ import annotations

import subprocess
import sys

import openpyxl

from budgetdesk.io.files import open_document, save_document
from budgetdesk.resources import sample_path


def test_all_problems_sheet_has_no_internal_ids(tmp_path):
    doc, _ = open_document(sample_path())
    doc.set("expenditure", "2080101", "total", "1834.08")
    save_document(doc, tmp_path / "永川.bdesk")
    report = tmp_path / "报告.xlsx"
    done = subprocess.run([sys.executable, "-m", "budgetdesk", "batch", "--jobs", "1", "--report", str(report),
                           str(tmp_path / "永川.bdesk")], capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr
    sheet = openpyxl.load_workbook(report)["全部问题"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, r)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    wrong = next(r for r in rows if r["规则"] == "BD-COL-EXPEND")
    assert (wrong["表"], wrong["行"], wrong["列"]) == ("支出总表", "2080101 行政运行", "合计")
    assert wrong["可能出错的单元格"] == "《支出总表》“2080101 行政运行”行“合计”列"
    ids = {"expenditure", "income", "basic", "total", "project"}
    for r in rows:
        assert not {r["表"], r["行"], r["列"]} & ids, r
        assert ":" not in (r["可能出错的单元格"] or ""), r
