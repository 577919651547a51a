"""湖南长沙市级部门预算 (八张公开表) read from the published PDFs: every printed figure placed, no false alarm.

What 长沙 prints differently from the national base: a 部门收支总体情况表 whose income side lists 本级财政拨款,
财政专户管理事业收入, 事业单位经营服务收入, 上级补助, 其它收入, 事业收入 and whose spending side is 基本支出 / 项目支出 /
…; a 收入总体情况表 whose 本级财政拨款 has “金额” and “其中:经费拨款”; a 22-line 财政拨款收支总体情况表 with
“一、本年收入/支出” printed above its lines; a “三公” table with a line per unit under 合计; and under every header a
line of “**” and column numbers that is not data.
"""

from decimal import Decimal

from budgetdesk.core.findings import Severity
from budgetdesk.io.files import open_document
from budgetdesk.io.narrative_check import narrative_check
from budgetdesk.io.read.header_match import is_column_number_row
from tests.conftest import engine_for
from tests.io.read.region_reading import REAL, errors_of, assert_read_whole, package_readings

PACKAGES = {"hn_cs_xfj_2026_budget.pdf": (130, 2026), "hn_cs_gaj_2025_budget.pdf": (176, 2025),
            "hn_cs_zjjd_2026_budget.pdf": (123, 2026)}

reading = package_readings(PACKAGES)


def test_every_table_and_every_printed_figure_is_read(reading):
    name, doc, report = reading
    figures, year = PACKAGES[name]
    assert_read_whole(doc, report, "hn-budget", "长沙", figures, year)


def test_no_error_on_the_published_tables(reading):
    _name, doc, _report = reading
    assert errors_of(doc, besides=("performance", "IMPORT-")) == []  # 长沙's 绩效 pages: issue 26


def test_the_tables_hold_what_changsha_prints():
    doc, _ = open_document(REAL / "hn_cs_gaj_2025_budget.pdf")
    summary, income = doc.table("summary"), doc.table("income")
    assert summary.amount("in.fiscal", "in_amount") == Decimal("68632.12")
    assert summary.amount("out.project", "out_amount") == Decimal("40233.95")
    assert income.amount("total", "fiscal_funding") == Decimal("50370.61")  # “其中:经费拨款” is not the 金额
    assert income.amount("2040202", "fiscal") == Decimal("36490.02")
    fiscal = doc.table("fiscal_summary")
    assert fiscal.amount("in.subtotal", "in_amount") == Decimal("68632.12")  # “一、本年收入” printed above its lines
    assert fiscal.amount("204", "out_gpb") == Decimal("68629.12")
    three = doc.table("three_public")
    assert (three.amount("total", "total"), three.amount("total", "car_purchase")) == (Decimal("458.50"), Decimal("150.00"))
    assert doc.table("gpb_basic").amount("30212", "public") == Decimal("30.00")


def test_a_line_of_stars_and_column_numbers_is_not_data():
    assert is_column_number_row(["**", "**", "**", "**", "1", "2", "3", "4", "5", "6", "7", "8", "9"])
    assert is_column_number_row(["栏次", "", "1", "2"])
    assert not is_column_number_row(["", "1", "2", "3"])  # no 栏次 word, no star: may be a row of figures
    assert not is_column_number_row(["**", "1", "3"])  # numbers out of sequence are figures
    assert not is_column_number_row(["201", "一般公共服务支出", "1", "2"])


def test_the_text_of_a_unit_that_is_not_an_administrative_organ_is_not_read_as_zero_running_costs():
    """长沙职业教育基地综合协调办公室: “机关运行经费 0 万元，主要原因是本单位为非参公事业单位” while its 公用经费 is
    29.97 — in 长沙's tables 公用经费 includes 事业单位, so 机关运行经费 is not a table figure there (no false NARR-AMOUNT);
    and “（二）项目支出：……其中：……公共安全支出 40230.95 万元” is that 科目's 项目支出, not its total 68,629.12."""
    for name in ("hn_cs_zjjd_2026_budget.pdf", "hn_cs_gaj_2025_budget.pdf"):
        doc, _ = open_document(REAL / name)
        found = engine_for(doc).findings()
        assert not [f for f in found if f.rule.startswith("NARR") and f.severity is Severity.ERROR]
    doc, _ = open_document(REAL / "hn_cs_gaj_2025_budget.pdf")
    listed = narrative_check(doc.narrative, doc).findings  # with what could not be checked (未核对)
    notes = [f for f in listed if f.rule == "NARR-UNCHECKED" and "40230.95" in (f.quote or "")]
    assert notes and "项目支出" in notes[0].message
