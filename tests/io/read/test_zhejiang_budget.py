"""浙江杭州市级部门预算 (表1—表11) read from the published PDFs: every printed figure placed, every error true.

What 杭州 prints differently from the national base: no 科目 code anywhere — the spending tables list 科目 by name,
indented by level, under a first line “合计” (read as lines: each line's columns and the tables' totals checked,
no 科目 hierarchy summed); titles “表1：2026年市级部门收支预算总表”; the 财政拨款收支预算总表 prints
“一、本年支出合计” above its 科目 lines; 收入预算总表 and “三公” table a line per unit; a 项目支出绩效表 of
projects with their 绩效目标 text.
"""

from decimal import Decimal

from budgetdesk.io.files import open_document
from tests.io.read.region_reading import REAL, assert_figures_read, errors_of, narrative_errors_of, package_readings

PACKAGES = {"zj_hz_qxj_2026_budget.pdf": (277, "杭州市气象局"), "zj_hz_sfj_2026_budget.pdf": (581, "杭州市司法局"),
            "zj_hz_gaj_2026_budget.pdf": (573, "杭州市公安局")}  # (公安局: a figure wrapped over a page break)

reading = package_readings(PACKAGES)


def test_every_table_and_every_printed_figure_is_read(reading):
    name, doc, report = reading
    figures, unit = PACKAGES[name]
    assert_figures_read(doc, report, "zj-hz-budget", unit, figures)


def test_no_table_error_on_the_published_tables(reading):
    _name, doc, _report = reading
    assert errors_of(doc) == []


def test_the_tables_hold_what_hangzhou_prints():
    doc, report = open_document(REAL / "zj_hz_qxj_2026_budget.pdf")
    summary = doc.table("summary")
    assert [summary.amount(k, "in_amount") for k in ("in.fiscal", "in.gpb", "in.other", "in.subtotal", "in.total")] == \
        [Decimal("5753.07"), Decimal("5753.07"), Decimal("123.61"), Decimal("5876.67"), Decimal("5876.67")]
    fiscal = doc.table("fiscal_summary")  # “一、本年支出合计” first, its 科目 lines after it: not added into 支出总计
    assert fiscal.amount("out.subtotal", "out_amount") == fiscal.amount("out.total", "out_amount") == Decimal("5753.07")
    assert [r.label for r in fiscal.rows if r.is_extra][:2] == ["科学技术支出", "技术研究与开发"]
    gpb = doc.table("gpb_expenditure")
    assert [gpb.amount("total", c) for c in ("total", "basic", "personnel", "public", "project")] == \
        [Decimal("5753.07"), Decimal("3745.07"), Decimal("2906.80"), Decimal("838.27"), Decimal("2008.00")]
    three = doc.table("three_public")  # its header line “单位名称 … 公务用车” is the header's, not a 单位 line
    assert [(r.label, three.amount(r.key, "total"), three.amount(r.key, "car_run")) for r in three.rows][:2] == \
        [("合计", Decimal("24.02"), Decimal("18.00")), ("杭州市气象局", Decimal("13.13"), Decimal("7.20"))]
    assert doc.table("project_detail").amount("total", "total") == Decimal("2131.61")
    assert [(r.label, str(doc.table("project_goals").amount(r.key, "amount"))) for r in doc.table("project_goals").rows
            ][0] == ("气象业务建设", "1097.02")


def test_a_figure_wrapped_over_a_page_break_is_one_figure():
    """公安局 收入预算总表: “12,437.3” last on page 21 beside “杭州市机动”, “6” first on page 22 beside
    “车驾驶员考试服务中心” — read as 12,437.3 before, the line's 本年收入小计 did not add up (two false errors)."""
    doc, _ = open_document(REAL / "zj_hz_gaj_2026_budget.pdf")
    income = doc.table("income")
    [line] = [r for r in income.rows if r.label == "杭州市机动"]
    assert income.amount(line.key, "business") == Decimal("12437.36")


def test_the_errors_of_the_transport_bureau_are_the_documents():
    """交通运输局: 表5's 基本支出小计 is 50.60 short of 人员经费 + 日常公用支出 in three lines, so 表5 disagrees with
    表6, with 表4 and with the text; the text's “占1.6%” is 1.55% (the golden file gives the arithmetic)."""
    doc, report = open_document(REAL / "zj_hz_jtj_2026_budget.pdf")
    assert doc.meta.unit_name == "杭州市交通运输局" and doc.meta.money_unit == "万元"  # “…交通运输局单位：万元” set close
    assert report.placed >= sum(t.printed for t in report.tables) == 623
    assert sorted((f.rule, f.row) for f in errors_of(doc)) == sorted([
        ("BD-HZ-X-BASIC", "total"), ("BD-HZ-COL-GPB-BASIC", "total"), ("BD-HZ-X-GPB-FISCAL", "total")] + [
        ("BD-HZ-COL-GPB-BASIC", r.key) for r in doc.table("gpb_expenditure").rows if r.label in ("交通运输支出", "公路水路运输")])
    assert sorted(f.rule for f in narrative_errors_of(doc)) == ["NARR-AMOUNT", "NARR-SHARE"]


def test_a_unit_line_run_into_the_money_unit_is_split():
    from budgetdesk.io.read.unit_meta import read_meta_row

    meta: dict[str, str] = {}
    assert read_meta_row(["部门名称：杭州市交通运输局单位：万元"], meta)
    assert meta == {"unit_name": "杭州市交通运输局", "money_unit": "万元"}
