"""Real packages: what was not read is 未核对 with the reason, and stays so through every saved format.

The 上海普陀 财政局 决算 (GovBudgetChecker's test version with planted problems) has no 支出决算表; 长春信访局
2026 is read with another region's layout and most of its figures cannot be placed (江苏高院 2017, in this
role before, is now read whole). Before ``Document.unread`` the relations with such tables were compared as 0
and gave false errors (marked 假 in the golden files).
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
PARTLY = REAL / "jl_cc_xfj_2026_budget.pdf"


def findings(doc):
    return Engine(doc, catalogue_provider(doc.template_set)).findings()


@pytest.fixture(scope="module")
def sh_final():
    return open_document(SH_FINAL)


@pytest.fixture(scope="module")
def partly_read():
    return open_document(PARTLY)


def test_tables_not_read_are_marked_with_where_and_why(sh_final, partly_read):
    assert sh_final[0].unread == {"expenditure": "在sh_putuo_czj_2024_budget_planted.pdf中没有找到"}
    assert partly_read[0].unread["expenditure"] == "（第8页第1行）有 84 处印出的数字未能放入（见导入报告）"
    # 62 of its 327 printed figures placed: below 95%, the reading as a whole is too uncertain to judge by
    assert partly_read[0].unread["*"].startswith("本件所找到的表印有 327 个数，只放入了 62 个（18%）")


@pytest.mark.parametrize("which, unchecked", [
    ("sh_final", {"BD-FA-X-GPB-EXPEND", "BD-FA-X-SUMMARY-CLASS"}),  # the 支出决算表 against the tables that have it
    ("partly_read", {"BD-X-INCOME-EXPEND", "BD-X-SUMMARY-CLASS"}),  # tables not read: their sums are not 0
])
def test_no_relation_with_an_unread_table_is_an_error(which, unchecked, request):
    doc, _ = request.getfixturevalue(which)
    found = findings(doc)
    assert [f for f in found if f.severity is Severity.ERROR and f.rule.startswith("BD-")] == []
    assert unchecked <= {f.rule for f in found if f.severity is Severity.INFO}
    assert all("未核对：" in f.message for f in found if f.rule in unchecked)


@pytest.mark.parametrize("which", ["sh_final", "partly_read"])
@pytest.mark.parametrize("suffix", [".bdesk", ".json", ".pdf", ".xlsx"])
def test_the_marks_survive_saving_and_reopening(which, tmp_path, suffix, request):
    doc, _ = request.getfixturevalue(which)
    saved = save_document(doc, tmp_path / f"件{suffix}")
    again, _ = open_document(saved)
    assert again.unread == doc.unread  # the reading as a whole (“*”) too, after the 绩效 forms were added back
    assert sorted((f.key, f.severity) for f in findings(again)) == sorted((f.key, f.severity) for f in findings(doc))


@pytest.mark.parametrize("suffix", [".bdesk", ".json", ".xlsx"])
def test_a_file_made_from_a_partly_read_package_does_not_pass(partly_read, tmp_path, suffix):
    """Saved as a project, JSON or workbook, the reading's gaps are errors of their own, not a quiet 通过."""
    doc, _ = partly_read
    again, _ = open_document(save_document(doc, tmp_path / f"件{suffix}"))
    errors = [f for f in findings(again) if f.severity is Severity.ERROR and f.rule == "IMPORT-INCOMPLETE"]
    assert {f.table for f in errors} == {t for t in doc.unread if t != "*"} | {""}
    whole = next(f for f in errors if f.table == "")
    assert whole.message.startswith("本件没有读全：本件所找到的表印有 327 个数，只放入了 62 个（18%）")
    row, column = next((r.key, c.key) for r in again.table("expenditure").rows
                       for c in again.table("expenditure").template.amount_columns_of(r.side))
    again.set("expenditure", row, column, "1")  # the officer types into the table: it is hers now
    assert "expenditure" not in {f.table for f in findings(again) if f.rule == "IMPORT-INCOMPLETE"}


def test_a_table_is_reported_once_when_checked_from_the_package(sh_final):
    from budgetdesk.io.files import with_sources

    doc, report = sh_final
    reported = with_sources(findings(doc), report)
    assert [f.rule for f in reported if f.table == "expenditure" and f.severity is Severity.ERROR] == ["IMPORT-MISSING"]
