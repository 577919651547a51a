"""深圳市级部门预算 (表1—表11) read from the published PDFs: every printed figure placed, no false alarm.

What 深圳 prints differently from the national base: the 收支总表 and 财政拨款收支总表 list the spending by 科目
name only (“一、教育支出”, then its 款 and 项 indented, without codes) — read as lines, only their totals checked;
the 支出总表 and the four 支出表 begin with the unit's own line (its name in 预算单位, no 科目: the total); the
基本支出总表 and 项目支出总表 list economic names or project kinds under the unit's line; the “三公” table has a
line per year (上年, 本年, 增减变化金额) and each item by the three budgets; the cover's title is wrapped in two.
"""

from decimal import Decimal

from budgetdesk.io.files import open_document
from tests.io.read.region_reading import REAL, assert_figures_read, errors_of, narrative_errors_of, package_readings

PACKAGES = {"gd_sz_czj_2026_budget.pdf": (1205, "深圳市财政局（本级）"),
            "sz_gzw_2026_budget.pdf": (950, "深圳市人民政府国有资产监督管理委员会"),
            "sz_zjj_2026_budget.pdf": (1123, "深圳市住房和建设局（本级）"),  # names wrapped around their figures
            "sz_fgw_2026_budget.pdf": (1316, "深圳市发展和改革委员会（本级）"),  # “1,264,602” / “.38”
            "sz_tjj_2026_budget.pdf": (986, "深圳市统计局（本级）")}  # a list numbered again inside an item

reading = package_readings(PACKAGES)


def test_every_table_and_every_printed_figure_is_read(reading):
    name, doc, report = reading
    figures, unit = PACKAGES[name]
    assert_figures_read(doc, report, "sz-budget", unit, figures)
    assert any(n.startswith("读作2026年部门预算") for n in report.notices)


def test_no_error_on_the_published_package(reading):
    _name, doc, _report = reading
    assert errors_of(doc) == [] and narrative_errors_of(doc) == []


def test_the_tables_hold_what_shenzhen_prints():
    """国资委: the unit's line is each table's total; the 项目支出总表's 411,130.67 is printed “411,130.6” / “7”
    around the line of the other figures, the unit's name wrapped beside it."""
    doc, _ = open_document(REAL / "sz_gzw_2026_budget.pdf")
    summary = doc.table("summary")
    assert [summary.amount(k, "in_amount") for k in ("in.fiscal", "in.gpb", "in.soe", "in.carry", "in.total")] == \
        [Decimal("418450.85"), Decimal("9149.85"), Decimal("409301.00"), Decimal("36.74"), Decimal("418487.59")]
    assert [(r.label, summary.amount(r.key, "out_amount")) for r in summary.rows if r.side == "expense"][:2] == \
        [("一、教育支出", Decimal("50.56")), ("进修及培训", Decimal("50.56"))]
    assert doc.table("expenditure").amount("total", "total") == Decimal("418487.59")
    assert doc.table("expenditure").amount("2050803", "project") == Decimal("50.56")
    # a name wrapped above and below its code's line of figures is one name (it was “机关事业单位基本养老”)
    assert doc.table("expenditure").row_for_code("2080505").label == "机关事业单位基本养老保险缴费支出"
    assert doc.table("soe_expenditure").amount("2230203", "total") == Decimal("256000.00")
    assert doc.table("gf_expenditure").amount("total", "total") == Decimal("0.00")  # the unit's line of 0.00
    project = doc.table("project_detail")
    assert [project.amount(r.key, "total") for r in project.rows if r.is_extra][0] == Decimal("411130.67")
    three = doc.table("three_public")
    assert [(r.label, three.amount(r.key, "total_gpb"), three.amount(r.key, "car_gpb")) for r in three.rows] == [
        ("2025 年", Decimal("26.13"), Decimal("16.80")), ("2026 年", Decimal("120.80"), Decimal("16.80")),
        ("增减变化金额", Decimal("94.67"), Decimal("0.00"))]


def test_a_figure_wrong_in_any_table_is_found():
    doc, _ = open_document(REAL / "sz_gzw_2026_budget.pdf")
    doc.set("expenditure", "2050803", "basic", "1.00")  # 50.56 = 1.00 + 50.56 no longer
    doc.set("summary", "in.gpb", "in_amount", "9149.58")  # two digits swapped
    [unit_line] = [r.key for r in doc.table("three_public").rows if r.label == "2026 年"]
    doc.set("three_public", unit_line, "abroad_gpb", "89.00")
    found = {(f.rule, f.table, f.row) for f in errors_of(doc)}
    assert {("BD-SZ-COL-EXPEND", "expenditure", "2050803"), ("BD-SZ-SUMMARY-FISCAL", "summary", "in.fiscal"),
            ("BD-SZ-3GONG-GPB", "three_public", unit_line)} <= found


def test_a_figure_cut_before_its_cents_is_one_figure():
    doc, _ = open_document(REAL / "sz_fgw_2026_budget.pdf")
    project = doc.table("project_detail")
    first = next(r for r in project.rows if r.is_extra)
    assert (project.amount(first.key, "total"), project.amount(first.key, "gpb"), project.amount(first.key, "carry")) == \
        (Decimal("1264602.38"), Decimal("1263231.78"), Decimal("1370.60"))


def test_a_list_numbered_again_inside_an_item_is_not_more_items():
    """统计局: “（五）项目支出 1,313.80 万元，具体包括：1.统计管理 352.27 …4.专项统计业务 844.03 万元，主要包括：
    1.…2.…3.编外人员 262.50 万元” — the four items add up; “3.编外人员” belongs to the fourth (it was counted as a
    fifth: NARR-PARTS-SUM 1,576.30 against 1,313.80). An item written wrong is still found."""
    doc, _ = open_document(REAL / "sz_tjj_2026_budget.pdf")
    assert narrative_errors_of(doc) == []
    [(i, text)] = [(i, b.text) for i, b in enumerate(doc.narrative.blocks) if "4.专项统计业务 844.03" in b.text]
    doc.set_narrative(doc.narrative.replace_block(i, text.replace("4.专项统计业务 844.03", "4.专项统计业务 944.03")))
    assert "NARR-PARTS-SUM" in {f.rule for f in narrative_errors_of(doc)}


def test_headings_over_one_line_of_figures_name_its_columns():
    from budgetdesk.io.read.pdf_grid import column_borders
    from budgetdesk.io.read.pdf_layout import Line, Page, Segment

    def line(n, *cells):
        return Line(1, 10.0 * n, 10.0 * n + 8, [Segment(t, x0, x1, 10.0 * n, 10.0 * n + 8) for t, x0, x1 in cells], n)

    heading = line(1, ("预算单位", 128, 167), ("科目编码", 332, 371), ("科目名称", 492, 530), ("支出总计", 655, 693),
                   ("基本支出", 811, 849), ("项目支出", 957, 995))
    unit = line(2, ("深圳市某某局", 30, 209), ("0.00", 732, 751), ("0.00", 878, 897), ("0.00", 1025, 1044))
    page = Page(1, 1100.0, 800.0, [heading, unit], [], [])
    borders = column_borders([(page, [heading, unit])])
    assert len(borders) == 7  # six columns: each heading its own, each 0.00 under its heading
    many = [line(3 + k, ("行政运行", 30, 80), ("1.00", 732, 751), ("1.00", 878, 897), ("1.00", 1025, 1044)) for k in range(3)]
    assert len(column_borders([(page, [heading, unit, *many])])) == 5  # many lines of figures: their own columns


def test_a_centred_group_heading_spreads_over_its_columns():
    from budgetdesk.io.read.header_match import centred_groups_spread
    from budgetdesk.resources import load_template

    three = next(t for t in load_template("sz-budget").tables if t.id == "three_public")
    top = ["", "", "", "", "总计", "", "", "因公出国(境)费", "", "", "公务接待费", "", "", "", "", "公务用车购置及运行维护费",
           "公务用车购置及运行维护费", "", "", "", ""]
    [spread] = centred_groups_spread(three, [top])
    assert spread[3:6] == ["总计"] * 3 and spread[6:9] == ["因公出国(境)费"] * 3 and spread[9:12] == ["公务接待费"] * 3
    assert spread[12:21] == ["公务用车购置及运行维护费"] * 9
