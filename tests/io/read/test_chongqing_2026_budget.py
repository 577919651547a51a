"""重庆市 2026 年部门预算 (表一—表九) read from the published PDFs: every printed figure placed, no false alarm.

重庆's 2026 layout differs from its 2024 one (``cq-budget``): tables titled “部门收支总体情况表” …, the 收支总体
情况表 with its 合计 lines on top and nine kinds of funds, the 一般公共预算 funds there including last year's
carry-over, 基本支出 by 人员经费 / 公用经费 to the 项 of the economic classification, some departments printing
last year's 预算数 beside this year's, and pages set one character apart (“3 . 3 6”).
"""

from decimal import Decimal


from budgetdesk.core.findings import Severity
from budgetdesk.io.files import open_document
from tests.conftest import engine_for
from tests.io.read.region_reading import REAL, assert_read_whole, package_readings

PACKAGES = {"cq_kjj_2026_budget.pdf": 533, "cq_qxj_2026_budget.pdf": 338, "cq_swwyh_2026_budget.pdf": 504,
            "cq_ghzy_2026_budget.pdf": 643, "cq_bgt_2026_budget.pdf": 363}


reading = package_readings(PACKAGES)


def test_every_table_and_every_printed_figure_is_read(reading):
    name, doc, report = reading
    assert_read_whole(doc, report, "cq-budget-2026", "重庆市", PACKAGES[name])


def test_no_error_or_warning_at_all(reading):
    _name, doc, _report = reading
    assert [f.message for f in engine_for(doc).findings() if f.severity in (Severity.ERROR, Severity.WARNING)] == []


def test_a_page_set_one_character_apart_reads_as_any_other():
    """气象局's 基本支出表 continues on a page whose every character stands apart (“3 0 1 1 4 … 3 . 3 6”): its codes
    are codes, not printed figures, and its figures land in their rows."""
    doc, report = open_document(REAL / "cq_qxj_2026_budget.pdf")
    basic = doc.table("gpb_basic")
    assert basic.amount("30114", "total") == Decimal("3.36") and basic.amount("302", "public") == Decimal("137.34")
    assert next(t for t in report.tables if t.table == "gpb_basic").printed == 71


def test_last_years_columns_and_a_stray_digit_before_the_numbering():
    """办公厅 prints 2025年预算数 beside 2026's (一般公共预算 and “三公”); 规划和自然资源局's 财政拨款收支总体情况表
    numbers its rows “1（一）一般公共预算资金”, “1（二）政府性基金预算资金”."""
    office, _ = open_document(REAL / "cq_bgt_2026_budget.pdf")
    assert office.table("gpb_expenditure").amount("total", "prior_total") == Decimal("15635.80")
    assert office.table("three_public").amount("amount", "prior_total") == Decimal("396.97")
    land, _ = open_document(REAL / "cq_ghzy_2026_budget.pdf")
    fiscal = land.table("fiscal_summary")
    assert (fiscal.amount("in.gpb", "in_amount"), fiscal.amount("in.gf", "in_amount")) == (Decimal("223898.88"),
                                                                                           Decimal("42128.04"))
