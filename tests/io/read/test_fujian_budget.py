"""福建福州、泉州市级部门（单位）预算 (十张公开表) read from the published PDFs: every printed figure placed, no false alarm.

What 福建 prints differently from the national base: “{year} 年度收支预算总表” and nine more, with only “单位：万元”
over each table (the unit is named on a cover of three lines: “2026 年度” / “福州市商务局” / “部门预算”); a 收支预算总表
and a 财政拨款收支预算总表 whose spending side is a fixed list of 26 类 numbered 一、……二十六、; a 收入预算总表 with a
line per unit (a long unit name wrapped over three lines); two 经济分类 tables with one column; a “三公” table with a
line per item; figures too wide for their cell wrapped onto a second line (“24995.9” over “4”).
"""

from decimal import Decimal

from budgetdesk.io.files import open_document
from budgetdesk.io.read.pdf_grid import rejoin_wrapped_figures
from budgetdesk.io.read.pdf_layout import Line, Segment
from tests.io.read.region_reading import REAL, errors_of, assert_read_whole, package_readings

PACKAGES = {"fj_fz_swj_2026_budget.pdf": (199, "福州市商务局"), "fj_fz_kjj_2026_unitbudget.pdf": (166, "福州市科学技术局"),
            "fj_qz_zfb_2026_budget.pdf": (317, "泉州市人民政府办公室")}

reading = package_readings(PACKAGES)


def test_every_table_and_every_printed_figure_is_read(reading):
    name, doc, report = reading
    figures, unit = PACKAGES[name]
    assert_read_whole(doc, report, "fj-budget", unit, figures)
    level = "单位" if "unitbudget" in name else "部门"
    assert f"读作2026年{level}预算（第1页“2026 年度 {unit}" in " ".join(report.notices)  # the cover of three lines


def test_no_error_on_the_published_tables(reading):
    _name, doc, _report = reading
    assert errors_of(doc) == []


def test_the_tables_hold_what_fujian_prints():
    doc, _ = open_document(REAL / "fj_fz_swj_2026_budget.pdf")
    summary = doc.table("summary")
    assert summary.amount("out.subtotal", "out_amount") == Decimal("24995.94")  # printed “24995.9” over “4”
    assert summary.amount("216", "out_amount") == Decimal("18800.00")  # “十五、商业服务业等支出”
    income = doc.table("income")
    assert [(r.label, income.amount(r.key, "gpb")) for r in income.rows if r.is_extra] == [
        ("福州市商务发展促进中心", Decimal("337.92")), ("福州市商务局", Decimal("22858.02"))]  # names wrapped over lines
    three = doc.table("three_public")
    assert [three.amount(k, "total") for k in ("total", "abroad", "reception", "car")] == \
        [Decimal("84.10"), Decimal("70.00"), Decimal("6.10"), Decimal("8.00")]
    assert doc.table("gpb_economic").amount("302", "total") == Decimal("19637.13")
    assert doc.table("gpb_basic").amount("30217", "total") == Decimal("6.10")


def test_a_figure_wrapped_onto_the_next_line_is_one_figure():
    def line(top, *segs):
        return Line(11, top, top + 9, [Segment(t, x, x + 6 * len(t), top, top + 9) for t, x in segs])

    lines = [line(0, ("本年收入合计", 20), ("24995.94", 120), ("24995.9", 300)),
             line(12, ("4", 318))]
    joined = rejoin_wrapped_figures(lines)
    assert [s.text for l in joined for s in l.segments] == ["本年收入合计", "24995.94", "24995.94"]
    # a lone digit not under a figure cut after one decimal stays what it is
    kept = rejoin_wrapped_figures([line(0, ("收入", 20), ("24995.94", 300)), line(12, ("4", 318))])
    assert [s.text for l in kept for s in l.segments] == ["收入", "24995.94", "4"]
