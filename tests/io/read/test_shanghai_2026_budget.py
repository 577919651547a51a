"""上海市级单位预算 2026 read from the published PDFs: the 2026 财务收支预算总表 (一、财政拨款收入 over its three
kinds, then 事业收入……其他收入, no 本年收入合计), a 情况说明 that writes its totals in whole 万元 against tables in 元,
and a 收入总计 the document left blank — an error of the table, not of the text."""

from decimal import Decimal

import pytest

from budgetdesk.io.files import open_document
from tests.io.read.region_reading import REAL, errors_of, narrative_errors_of


def test_a_text_in_whole_wan_yuan_agrees_with_tables_in_yuan():
    """上海交通职业技术学院: “收入预算40,870万元” for the 408,696,000 元 (40,869.60万元) of the tables is the figure
    rounded, as every total in that text is; a figure that is not the rounding is still an error."""
    doc, report = open_document(REAL / "sh_jtzy_2026_unitbudget.pdf")
    assert doc.template_set.id == "sh-unit-budget" and doc.meta.year == 2026 and doc.meta.unit_name == "上海交通职业技术学院"
    assert report.placed == 245 == sum(t.printed for t in report.tables)
    summary = doc.table("summary")
    assert [summary.amount(k, "in_amount") for k in ("in.fiscal", "in.gpb", "in.business", "in.other", "in.total")] == \
        [Decimal("304413900"), Decimal("304413900"), Decimal("50000000"), Decimal("54282100"), Decimal("408696000")]
    assert errors_of(doc) == [] and narrative_errors_of(doc) == []
    [(i, text)] = [(i, b.text) for i, b in enumerate(doc.narrative.blocks) if "收入预算40,870万元" in b.text]
    doc.set_narrative(doc.narrative.replace_block(i, text.replace("收入预算40,870万元", "收入预算40,880万元")))
    assert [(f.rule, f.stated) for f in narrative_errors_of(doc)] == [("NARR-AMOUNT", "40,880万元")]


def test_a_total_left_blank_is_the_tables_error_not_the_texts():
    """上海市审计局: the 财务收支预算总表 prints no figure beside 收入总计 (支出总计 195,774,300): the table's totals
    disagree, but the text's “收入预算19,577万元” is not compared with a figure that was never printed."""
    doc, report = open_document(REAL / "sh_sjj_2026_unitbudget.pdf")
    assert report.placed == 258 == sum(t.printed for t in report.tables)
    assert doc.table("summary").amount("in.total", "in_amount") is None
    assert sorted((f.rule, f.table, f.row) for f in errors_of(doc)) == [
        ("BD-BAL-SUMMARY", "summary", "in.total"), ("BD-SH-X-SUMMARY-TOTALS", "summary", "in.total")]
    assert narrative_errors_of(doc) == []


def test_figures_with_a_thousands_comma_left_out_are_read():
    """上海市职业能力考试院: “19349,057”, “120258,600” — the first comma left out, every later group of three digits:
    one reading only. Before, these were neither read nor counted as printed, the tables looked blank and 13
    上下级合计 errors were raised; a comma misplaced otherwise is still not a figure."""
    doc, report = open_document(REAL / "sh_zynlksy_2026_unitbudget.pdf")
    assert report.placed == 213 == sum(t.printed for t in report.tables)
    assert doc.table("gpb_basic").amount("301", "total") == Decimal("19349057")
    assert doc.table("fiscal_summary").amount("in.total", "in_amount") == Decimal("120258600")
    assert any("“19349,057”的千分位逗号位置不对，按数字 19349057 读入" in n for n in report.notices)
    assert errors_of(doc) == [] and narrative_errors_of(doc) == []


def test_only_a_comma_left_out_before_full_groups_is_mended():
    from budgetdesk.io.read.header_match import is_amount_text, regrouped

    assert regrouped("19349,057") == "19349057" and regrouped("1,234,567.89") == "1,234,567.89"
    assert not is_amount_text("1,23") and not is_amount_text("12,3456") and not is_amount_text("123,45,678")


def test_a_figure_and_the_next_cells_words_one_space_apart_are_two_cells():
    """上海市福利彩票发行中心: “215,020,000 一、其他支出” came out of the PDF as one piece of text; a figure that
    begins a piece, then words, are two cells — a figure then its unit (“155.66 万元”) or a year (“2026 年”) is not."""
    from budgetdesk.io.read.pdf_layout import _figure_then_words

    assert _figure_then_words(list("215,020,000"), "一") and _figure_then_words(list("17.50"), "其")
    assert not _figure_then_words(list("155.66"), "万") and not _figure_then_words(list("2026"), "年")
    assert not _figure_then_words(list("收入预算 40,870"), "万")


def test_two_group_labels_read_as_one_line_are_two():
    from budgetdesk.io.read.header_match import _group_labels_apart
    from budgetdesk.resources import load_template

    summary = load_template("sh-unit-budget").table("summary")
    assert _group_labels_apart(summary, [["本年支出预算数", "基本支出", "人员经费"]]) == [
        ["本年支出", "预算数", "基本支出", "人员经费"]]


def test_tables_only_some_units_print_are_read_and_checked():
    """上海钻石宝玉石交易联合管理办公室 prints 11 tables: also 单位预算05 财政拨款支出预算表 (合计 7,233,086 = 人员经费
    2,994,733 + 公用经费 3,968,353 + 项目支出 270,000) and 单位预算表10 财政拨款项目支出预算表 (one project, 270,000).
    Before, both were “not in the template” (IMPORT-UNREAD); the 24 other units, which do not print them, are not
    told they are missing."""
    doc, report = open_document(REAL / "sh_zbsj_2026_unitbudget.pdf")
    assert doc.meta.unit_name == "上海钻石宝玉石交易联合管理办公室"
    assert report.placed == 158 == sum(t.printed for t in report.tables)
    assert not [u for u in report.unplaced if any(ch.isdigit() for ch in u.text)]  # (“单位预算表10” is a table number)
    fiscal = doc.table("fiscal_expenditure")
    assert [fiscal.amount("total", c) for c in ("total", "personnel", "public", "project")] == \
        [Decimal("7233086"), Decimal("2994733"), Decimal("3968353"), Decimal("270000")]
    project = doc.table("fiscal_project")
    assert [(r.label, project.amount(r.key, "amount")) for r in project.rows][-2:] == \
        [("1 钻石宝玉石产业发展专项", Decimal("270000")), ("合计", Decimal("270000"))]
    assert errors_of(doc) == [] and narrative_errors_of(doc) == []
    doc.set("fiscal_expenditure", "2011301", "public", "3968354")
    doc.set("fiscal_project", "total", "amount", "280000")
    assert {(f.rule, f.row) for f in errors_of(doc)} >= {
        ("BD-SH-UNIT-COL-FISCAL", "2011301"), ("BD-SH-UNIT-HIER", "20113"), ("BD-SH-UNIT-X-PROJECT", "total")}


def test_a_table_only_some_units_print_is_not_missing_where_it_is_not_printed():
    from budgetdesk.io.read.import_report import completeness

    doc, report = open_document(REAL / "sh_jtzy_2026_unitbudget.pdf")
    assert doc.dormant_tables() == {"fiscal_expenditure", "fiscal_project"}
    assert not {"fiscal_expenditure", "fiscal_project"} & set(doc.unread)
    assert completeness(report, doc.template_set, True) == []
    del report.tables[[t.table for t in report.tables].index("gpb_basic")]  # a standard table not found still is
    assert [(f.rule, f.table) for f in completeness(report, doc.template_set, True)] == [("IMPORT-MISSING", "gpb_basic")]


def test_one_header_cell_set_over_two_columns_is_one_column():
    """上海市数据局's 收入预算总表: “功能分类科目名称” spans two columns, the 科目 names stand in the left one and “合计”
    in the right; and the table's last column (其他收入, blank) overflows onto a page of its own. The 合计 line
    (471,452,100) went unread (IMPORT-INCOMPLETE); now the two columns are one and every figure is placed."""
    doc, report = open_document(REAL / "sh_data_2026_unitbudget.pdf")
    assert report.placed == sum(t.printed for t in report.tables) == 223
    income = doc.table("income")
    assert income.amount("total", "total") == income.amount("total", "fiscal") == Decimal("471452100")
    assert errors_of(doc) == [] and narrative_errors_of(doc) == []


def test_neighbouring_columns_are_joined_only_when_no_line_of_figures_fills_both():
    from budgetdesk.io.read.import_report import GridCell
    from budgetdesk.io.read.placement import _twin_columns_joined

    def row(*texts):
        return [GridCell(t, f"格{j}") for j, t in enumerate(texts)]

    header = [row("科目名称", "科目名称", "合计"), row("", "", "")]
    joined = _twin_columns_joined(header + [row("行政运行", "", "5.00"), row("", "合计", "5.00")], 2)
    assert [[c.text for c in r] for r in joined[2:]] == [["行政运行", "5.00"], ["合计", "5.00"]]
    apart = header + [row("行政运行", "3.00", "5.00")]  # a line of figures fills both: two columns after all
    assert _twin_columns_joined(apart, 2) == apart


@pytest.mark.parametrize("suffix", [".bdesk", ".json", ".xlsx"])
def test_a_unit_package_stays_a_unit_package_in_every_format(suffix, tmp_path):
    """“上海市2026年市级单位预算” is a 单位预算: saved and reopened it still is, and what it prints says so (the
    exported 情况说明 and cover said “部门预算”)."""
    from budgetdesk.io.files import save_document

    doc, _ = open_document(REAL / "sh_zbsj_2026_unitbudget.pdf")
    assert doc.meta.level == "单位" and doc.meta.package_name(False) == "单位预算"
    save_document(doc, tmp_path / f"a{suffix}")
    again, _ = open_document(tmp_path / f"a{suffix}")
    assert again.meta == doc.meta


def test_the_exported_pdf_names_a_unit_package_as_such(tmp_path):
    import pypdfium2

    from budgetdesk.io.write.pdf_export import export_pdf

    doc, _ = open_document(REAL / "sh_zbsj_2026_unitbudget.pdf")
    export_pdf(doc, tmp_path / "a.pdf")
    pdf = pypdfium2.PdfDocument(tmp_path / "a.pdf")
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "2026年单位预算情况说明" in text and "部门预算" not in text.replace("部门预算经济分类", "")
