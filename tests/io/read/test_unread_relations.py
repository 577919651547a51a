"""Real packages: what was not read is 未核对 with the reason, and stays so through every saved format.

The 上海普陀 财政局 决算 (GovBudgetChecker's test version with planted problems) has no 支出决算表; the
江苏高院 2017 收支预算总表 prints figures the reader cannot place. Before ``Document.unread`` the
relations with those tables were compared as 0 and gave false errors (marked 假 in the golden files).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetdesk.core.engine import Engine
from budgetdesk.core.findings import Severity
from budgetdesk.io.files import open_document, save_document
from budgetdesk.resources import catalogue_provider

REAL = Path(__file__).resolve().parents[2] / "fixtures" / "real"
SH_FINAL = REAL / "sh_putuo_czj_2024_budget_planted.pdf"
JS_2017 = REAL / "js_gaoyuan_2017_dept_budget.pdf"


def findings(doc):
    return Engine(doc, catalogue_provider(doc.template_set)).findings()


@pytest.fixture(scope="module")
def sh_final():
    return open_document(SH_FINAL)


@pytest.fixture(scope="module")
def js_2017():
    return open_document(JS_2017)


def test_tables_not_read_are_marked_with_where_and_why(sh_final, js_2017):
    assert sh_final[0].unread == {"expenditure": "在sh_putuo_czj_2024_budget_planted.pdf中没有找到"}
    assert js_2017[0].unread["js_summary"] == "（第11页第17行）有 8 处印出的数字未能放入（见导入报告）"
    # 138 of its 146 printed figures placed: below 95%, the reading as a whole is too uncertain to judge by
    assert js_2017[0].unread["*"].startswith("本件所找到的表印有 146 个数，只放入了 138 个（94%）")


@pytest.mark.parametrize("which, unchecked", [
    ("sh_final", {"BD-FA-X-GPB-EXPEND", "BD-FA-X-SUMMARY-CLASS"}),  # the 支出决算表 against the tables that have it
    ("js_2017", {"BD-JS-SUM-BAL", "BD-JS-X-EXPEND-SUMMARY"}),  # 支出合计 was not placed: 收入合计 ≠ 0 is no error
])
def test_no_relation_with_an_unread_table_is_an_error(which, unchecked, request):
    doc, _ = request.getfixturevalue(which)
    found = findings(doc)
    assert [f for f in found if f.severity is Severity.ERROR and f.rule.startswith("BD-")] == []
    assert unchecked <= {f.rule for f in found if f.severity is Severity.INFO}
    assert all("未核对：" in f.message for f in found if f.rule in unchecked)


@pytest.mark.parametrize("suffix", [".bdesk", ".json", ".pdf", ".xlsx"])
def test_the_marks_survive_saving_and_reopening(sh_final, tmp_path, suffix):
    doc, _ = sh_final
    saved = save_document(doc, tmp_path / f"件{suffix}")
    again, _ = open_document(saved)
    assert again.unread == doc.unread
    assert sorted((f.key, f.severity) for f in findings(again)) == sorted((f.key, f.severity) for f in findings(doc))
