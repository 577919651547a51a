"""中央部门预算 (财政部's 部门公开表 1—9, central-budget) read from 国家信访局's published 2026 PDF.

Each table's number stands on a line of its own above its title (“部门公开表 1”): never the unit's name nor a
figure of the table before. The 部门收支总表 and 财政拨款收支总表 list the spending by 类 name only (lines); the
一般公共预算支出表 prints last year's 执行数, the budget and two changes in 万元 and in % (kept as text).
"""

from decimal import Decimal

from budgetdesk.io.files import open_document
from budgetdesk.io.read.header_match import is_amount_text
from tests.io.read.region_reading import REAL, errors_of, narrative_errors_of


def test_every_printed_figure_is_placed_with_no_relation_error():
    doc, report = open_document(REAL / "zy_gjxfj_2026_budget.pdf")
    assert doc.template_set.id == "central-budget" and doc.meta.year == 2026 and doc.meta.unit_name == "国家信访局"
    assert {t.table for t in report.tables} == {t.id for t in doc.template_set.tables}
    assert report.placed == 337 == sum(t.printed for t in report.tables)
    assert not [u for u in report.unplaced if is_amount_text(u.text)] and not report.unplaced
    assert errors_of(doc) == []
    # the one error the package has is in its text: 333.83 ÷ 1,057.85 = 31.56%, not the 31.35% written
    assert [(f.rule, f.stated) for f in narrative_errors_of(doc)] == [("NARR-CHANGE-PCT", "31.35%")]


def test_the_tables_hold_what_the_department_prints():
    doc, _ = open_document(REAL / "zy_gjxfj_2026_budget.pdf")
    summary = doc.table("summary")
    assert summary.amount("in.other", "in_amount") == Decimal("31888.00")
    assert summary.amount("out.total", "out_amount") == Decimal("50616.94")
    assert [r.label for r in summary.rows if r.is_extra] == ["一、一般公共服务支出", "二、教育支出", "三、社会保障和就业支出",
                                                           "四、住房保障支出"]
    fiscal = doc.table("fiscal_summary")
    assert fiscal.amount("in.gpb", "in_amount") == Decimal("16474.82")  # 本年 (一)一般公共预算拨款
    assert fiscal.amount("in.carry_gpb", "in_amount") == Decimal("2254.12")  # the same words under 二、上年结转
    gpb = doc.table("gpb_expenditure")
    assert gpb.amount("2014002", "prior_exec") == Decimal("66.44") and gpb.amount("2014002", "change") == Decimal("670.85")
    assert gpb.get("2014002", "change_pct") == "1009.71%" and gpb.amount("total", "change") == Decimal("-20766.60")
    assert doc.table("gpb_basic").amount("total", "personnel") == Decimal("7504.62")
    assert doc.table("three_public").amount("amount", "total") == Decimal("112.61")
    assert doc.table("income").amount("amount", "other") == Decimal("31888.00")


def test_a_changed_figure_is_found_where_it_was_changed():
    """The checks the template declares see a figure typed wrong: 基本支出 of 2014001 行政运行 off by 1."""
    doc, _ = open_document(REAL / "zy_gjxfj_2026_budget.pdf")
    doc.set("gpb_expenditure", "2014001", "basic", "5827.21")
    found = {(f.rule, f.table, f.row) for f in errors_of(doc)}
    assert ("BD-CN-COL-GPB", "gpb_expenditure", "2014001") in found
