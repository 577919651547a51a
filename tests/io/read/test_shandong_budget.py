"""山东烟台市级部门预算 (公开表1—12) read from the published PDFs: every printed figure placed, no false alarm.

What 烟台 prints differently from the national base: a 收支总体情况表 whose 财政拨款收入 has three lines under it
and 上级补助 / 附属单位上缴 / 使用非财政拨款结余 below 本年收入合计; 科目 printed one part a line (“201”, then “06”,
then “01”); two 基本支出 tables listing a 部门经济 and a 政府经济 科目 on every line (the same 部门 科目 under two
政府 科目, so a 明细表, row model ``lines``); a “三公” table with last year's columns; a 项目支出 table by project;
headers set letter-spaced (“收   入”); “公开表N” over every page of a table.
"""

from decimal import Decimal


from budgetdesk.core.document import ROWS_WITHHELD
from budgetdesk.core.findings import Severity
from budgetdesk.io.files import open_document
from budgetdesk.io.read.pdf_layout import Segment, _letter_spaced
from tests.conftest import engine_for
from tests.io.read.region_reading import REAL, errors_of, assert_read_whole, package_readings

PACKAGES = {"sd_yt_czj_2026_budget.pdf": 511, "sd_yt_sjj_2026_budget.pdf": 462, "sd_yt_tjj_2026_budget.pdf": 507}


reading = package_readings(PACKAGES)


def test_every_table_and_every_printed_figure_is_read(reading):
    name, doc, report = reading
    assert_read_whole(doc, report, "sd-budget", "烟台市", PACKAGES[name])
    assert not [k for k in doc.unread if not k.startswith("绩效:")]  # only the PDF-read 绩效 forms are 未核对


def test_no_error_on_the_published_tables(reading):
    _name, doc, _report = reading
    assert errors_of(doc, besides=("performance",)) == []


def test_codes_printed_one_part_a_line_continue_the_class_above():
    doc, _ = open_document(REAL / "sd_yt_czj_2026_budget.pdf")
    expenditure = doc.table("expenditure")
    assert expenditure.amount("201", "total") == Decimal("7231.78")
    assert expenditure.amount("20106", "basic") == Decimal("4200.21")  # “06” under “201”
    assert expenditure.amount("2010601", "total") == Decimal("2990.74")  # “01” under “06”
    assert expenditure.amount("2080506", "total") == Decimal("151.00")  # a name wrapped onto a second line


def test_each_line_of_the_basic_tables_keeps_both_of_its_codes():
    doc, _ = open_document(REAL / "sd_yt_czj_2026_budget.pdf")
    basic = doc.table("gpb_basic")
    lines = [(r.label, basic.get(r.key, "gov_econ"), basic.amount(r.key, "total")) for r in basic.rows if r.is_extra]
    assert lines[:2] == [("301 工资福利支出", "501 机关工资福利支出", Decimal("3479.46")),
                         ("30101 基本工资", "50101 工资奖金津补贴", Decimal("830.34"))]
    assert ("301 工资福利支出", "505 对事业单位经常性补助", Decimal("1423.81")) in lines  # 301 again, other 政府 科目
    three = doc.table("three_public")
    assert (three.amount("amount", "prior_total"), three.amount("amount", "total")) == (Decimal("10.40"), Decimal("23.40"))


def test_items_the_package_says_it_withholds_leave_sums_unchecked_not_wrong():
    """烟台市信访局: “部分具体项目信息公开时予以剔除” under the 项目 table; 20140 信访事务 1,378.84 prints only
    行政运行 507.97 and 事业运行 346.87. Sums over rows are 未核对 with the note's words; the empty 财政拨款
    收支总体情况表 (“2026年没有使用财政拨款收入和支出” while every other table shows 1,717.85) stays an error."""
    doc, report = open_document(REAL / "sd_yt_xfj_2026_budget.pdf")
    assert report.unplaced == []
    found = engine_for(doc).findings()
    hierarchy = [f for f in found if f.rule == "BD-SUM-HIER" and f.row == "20140"]
    assert hierarchy and all(f.severity is Severity.INFO and ROWS_WITHHELD in f.message for f in hierarchy)
    assert not [f for f in found if f.rule == "IMPORT-INCOMPLETE"]  # every printed figure was read
    errors = {f.rule for f in found if f.severity is Severity.ERROR}
    assert errors == {"BD-SD-X-FISCAL-GPB", "BD-X-SUMMARY-FISCAL"}


def test_letter_spaced_words_are_one_segment_and_columns_stay_apart():
    def seg(text, x0):
        return Segment(text, x0, x0 + 9, 0, 9)

    joined = _letter_spaced([seg("收", 157), seg("入", 175), seg("支", 411), seg("出", 431)], [])
    assert [s.text for s in joined] == ["收 入", "支 出"]
    # 类 / 款 / 项 headers of narrow code columns: as far apart as their neighbours, not one word
    assert [s.text for s in _letter_spaced([seg("类", 40), seg("款", 70), seg("项", 100)], [])] == ["类", "款", "项"]
    # a ruling between two single characters keeps them apart
    assert [s.text for s in _letter_spaced([seg("收", 157), seg("入", 175)], [170.0])] == ["收", "入"]


def test_a_class_line_is_the_sum_of_the_lines_under_it():
    """line_groups: 301 / 501 机关工资福利支出 3,479.46 = its ten 款 lines (3,479.45: a 尾差); 合计 = its 类 lines. A figure
    changed in one 款 line is an error on the 类 line above it, not on the other 301 line (under 505)."""
    doc, _ = open_document(REAL / "sd_yt_czj_2026_budget.pdf")
    engine = engine_for(doc)
    assert not [f for f in engine.findings() if f.rule == "BD-SD-LINES-BASIC" and f.severity is Severity.ERROR]
    basic = doc.table("gpb_basic")
    line = next(r for r in basic.rows if r.is_extra and r.label == "30101 基本工资")
    doc.set("gpb_basic", line.key, "total", "930.34")
    errors = [f for f in engine_for(doc).findings() if f.rule == "BD-SD-LINES-BASIC" and f.severity is Severity.ERROR]
    first = next(r for r in basic.rows if r.is_extra and r.label == "301 工资福利支出")
    assert [(f.row, f.column, f.expected, f.actual) for f in errors] == [
        (first.key, "total", Decimal("3579.45"), Decimal("3479.46"))]  # (3,479.45 printed as 3,479.46: 尾差)


def test_lines_without_codes_leave_the_groups_unchecked(tmp_path):
    """A line that does not begin with its code: the table's structure is not known, so no group is summed."""
    from budgetdesk.core.rules import expand_line_groups

    doc, _ = open_document(REAL / "sd_yt_czj_2026_budget.pdf")
    rule = next(r for r in doc.template_set.rules if r.id == "BD-SD-LINES-BASIC")
    assert expand_line_groups(rule, doc, None)
    basic = doc.table("gpb_basic")
    doc.add_extra_row("gpb_basic", basic.rows[-1].side, "items", "其他（未列编码）")
    assert expand_line_groups(rule, doc, None) == []
