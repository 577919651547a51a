"""广东广州、珠海市级部门预算 (表1—表12) read from the published PDFs: every printed figure placed, no false alarm.

What 广东 prints differently from the national base: titles without the year (“收支总体情况表” under “表1”);
a 收支总体情况表 whose spending side is 23 类 and five more lines (对附属单位补助……转移性支出); a 收入总体情况表
with a line per unit and three groups of funds; 科目 codes written in brackets before the name in one column
(“[201]一般公共服务支出”); a 行政经费及“三公”经费 table by source of funds; two 明细表 by unit and project, the
project's 绩效目标 wrapped beside its figures and its name wrapped above and below them.
"""

from decimal import Decimal

from budgetdesk.io.files import open_document
from budgetdesk.io.read.pdf_grid import build_rows, column_borders, rejoin_split_labels
from budgetdesk.io.read.pdf_layout import Line, Page, Segment
from budgetdesk.io.read.placement import is_printed_figure
from tests.io.read.region_reading import REAL, assert_figures_read, errors_of, package_readings

PACKAGES = {"gd_gz_tjj_2026_budget.pdf": (647, "广州市统计局"), "gd_zh_swj_2026_budget.pdf": (1183, "珠海市商务局"),
            "gd_gz_mzj_2026_budget.pdf": (3440, "广州市民政局")}  # (民政局: ten pages of 项目 set at different offsets)

reading = package_readings(PACKAGES)


def test_every_table_and_every_printed_figure_is_read(reading):
    name, doc, report = reading
    figures, unit = PACKAGES[name]
    assert_figures_read(doc, report, "gd-budget", unit, figures)


def test_no_error_on_the_published_tables(reading):
    _name, doc, _report = reading
    assert errors_of(doc) == []


def test_the_tables_hold_what_guangzhou_prints():
    doc, _ = open_document(REAL / "gd_gz_tjj_2026_budget.pdf")
    summary = doc.table("summary")
    assert summary.amount("in.fiscal", "in_amount") == Decimal("9433.72")
    assert summary.amount("229", "out_amount") == Decimal("50.00")  # “二十三、其他支出” on the second page
    gpb = doc.table("gpb_expenditure")
    assert gpb.amount("2010505", "project") == Decimal("388.56")  # “[2010505]专项统计业务”
    assert doc.table("gpb_basic").amount("30217", "total") == Decimal("8.16")
    three = doc.table("three_public")
    assert [three.amount(k, "gpb") for k in ("admin", "total", "abroad", "car", "reception")] == \
        [Decimal("839.21"), Decimal("19.86"), Decimal("5.00"), Decimal("6.70"), Decimal("8.16")]
    income = doc.table("income")
    assert [r.label for r in income.rows if r.is_extra][-1] == "广州市统计监测中心（广州市统计发展中心）"
    project = doc.table("project_detail")
    assert project.amount("total", "total") == Decimal("1082.05") and project.amount("total", "others") == Decimal("50.00")


def test_a_name_wrapped_over_its_figure_line_names_that_line():
    def line(top, *segs):
        return Line(22, top, top + 9, [Segment(t, x, x + 9 * len(t), top, top + 9) for t, x in segs])

    borders = [10.0, 240.0, 300.0, 360.0, 420.0]
    lines = [line(0, ("广州市政府政务信息系统管", 12), ("保障市政府大院数智化工作", 430)),
             line(10, ("70.30", 250), ("70.30", 310)),
             line(20, ("理中心", 12))]
    joined = rejoin_split_labels(lines, borders)
    assert [[s.text for s in l.segments] for l in joined] == [
        ["保障市政府大院数智化工作"], ["广州市政府政务信息系统管理中心", "70.30", "70.30"]]
    # a line right above figures of its own is that line's name, not the tail of the name above
    apart = rejoin_split_labels([line(0, ("工资福利", 12)), line(10, ("70.30", 250)), line(20, ("基本工资", 12)),
                                 line(30, ("10.00", 250))], borders)
    assert [[s.text for s in l.segments] for l in apart] == [["工资福利", "70.30"], ["基本工资", "10.00"]]
    # a figure line with its own name keeps it: the line above is another row's
    kept = rejoin_split_labels([line(0, ("工资福利支出", 12)), line(10, ("基本工资", 12), ("70.30", 250))], borders)
    assert [[s.text for s in l.segments] for l in kept] == [["工资福利支出"], ["基本工资", "70.30"]]


def test_pages_set_at_different_offsets_keep_their_columns():
    """广州民政局: the 项目 table runs over ten pages, each set a little further right or left; the borders of all
    pages together split every column in two, so each page's own borders are used when they agree in number."""
    def page(number, shift):
        lines = [Line(number, 10 * i, 10 * i + 8, [Segment(t, x + shift, x + shift + 30, 10 * i, 10 * i + 8)
                                                  for t, x in (("项目甲", 0), ("1,000.00", 100), ("500.00", 200))], i + 1)
                 for i in range(3)]
        return Page(number, 600, 800, lines, [], []), lines

    parts = [page(1, 0), page(2, 45)]
    assert len(column_borders(parts)) > len(column_borders(parts[:1]))  # together: every column split
    rows = build_rows(parts, column_borders(parts))
    assert {len(r) for r in rows} == {len(column_borders(parts[:1])) + 1}
    assert [c.text for c in rows[-1] if c.text] == ["项目甲", "1,000.00", "500.00"]


def test_the_number_of_a_point_wrapped_to_a_line_start_is_not_a_figure():
    assert not is_printed_figure("2.") and not is_printed_figure("3、")
    assert is_printed_figure("2.50") and is_printed_figure("1,082.05")
