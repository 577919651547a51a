"""江苏 苏州、无锡市级部门（单位）预算 (公开01—13表, 2026) read from the published PDFs: every printed figure
placed, no false alarm, and the document's own slips found.

What 苏州 and 无锡 print differently from the national base: titles without the year under “公开 NN 表”; a running
head (“苏州市交通运输局 2026 年度部门预算公开”) atop every page, tables running on under it; a 收入总表 with a line
per 部门 and 单位 (部门代码, 部门名称) and two groups of funds, its column labels wrapped over three lines (“国有资”
/ “本经营” / “预算”) and, at 无锡, figures too wide for their cells (“143,999.0” / “0”); 政府采购支出表 lines named by
their 专项、经济科目 and 品目 under each unit's line.
"""

from decimal import Decimal

from budgetdesk.io.files import open_document
from budgetdesk.io.read.header_match import _group_labels_apart, is_amount_text
from budgetdesk.io.read.pdf import running_heads
from budgetdesk.io.read.pdf_grid import rejoin_wrapped_figures
from budgetdesk.io.read.pdf_layout import Line, Page, PdfLayout, Segment
from budgetdesk.resources import load_template
from tests.io.read.region_reading import REAL, assert_figures_read, errors_of, narrative_errors_of, package_readings

PACKAGES = {"js_sz_jtj_2026_budget.pdf": (623, "苏州市交通运输局"), "js_sz_sjj_2026_budget.pdf": (326, "苏州市审计局"),
            "js_wx_jtj_2026_unitbudget.pdf": (435, "无锡市交通运输局（本级）"),
            "js_wx_rsj_2026_budget.pdf": (650, "无锡市人力资源和社会保障局")}

reading = package_readings(PACKAGES)


def test_every_table_and_every_printed_figure_is_read(reading):
    name, doc, report = reading
    figures, unit = PACKAGES[name]
    assert_figures_read(doc, report, "js-budget-2026", unit, figures)


def test_no_false_alarm_and_the_documents_own_slips(reading):
    name, doc, _report = reading
    found = sorted((f.rule, f.table, f.row, f.column) for f in errors_of(doc) + narrative_errors_of(doc))
    if name != "js_wx_rsj_2026_budget.pdf":
        assert found == []
        return
    # 无锡市人社局 公开04表: 本年支出 printed 152,585.74, its 类 add up to 152,585.76 (so does 支出总计); 公开06/08表:
    # 人员经费 合计 25,530.51, its 类 23,647.92 + 1,882.57 = 25,530.49 — slips of 2 分 in the published tables
    assert found == [("BD-JS-ROW-FISCAL-OUTTOTAL", "fiscal_summary", "out.total", "out_amount"),
                     ("BD-JS-X-FISCAL-CLASS", "fiscal_summary", "out.subtotal", "out_amount"),
                     ("BD-JS-X-FISCAL-FUNC", "fiscal_summary", "out.subtotal", "out_amount"),
                     ("BD-SUM-HIER", "fiscal_basic", "total", "personnel"),
                     ("BD-SUM-HIER", "gpb_basic", "total", "personnel")]


def test_the_tables_hold_what_suzhou_prints():
    doc, report = open_document(REAL / "js_sz_jtj_2026_budget.pdf")
    assert doc.table("summary").amount("in.gpb", "in_amount") == Decimal("242360.10")
    assert doc.table("summary").amount("214", "out_amount") == Decimal("237947.90")
    # 支出总表 runs on over the next page under the running head
    assert doc.table("expenditure").amount("2149901", "project") == Decimal("186525.21")
    assert doc.table("fiscal_summary").amount("214", "out_amount") == Decimal("230330.89")
    income = doc.table("income")
    units = [r for r in income.rows if r.is_extra]
    assert [(r.label, doc.get("income", r.key, "unit_code")) for r in units[:3]] == [
        ("苏州市交通运输局", "123"), ("苏州市交通运输局", "123001"), ("苏州市交通运输综合行政执法支队", "123002")]
    assert income.amount(units[2].key, "other") == Decimal("3220.00")  # its name wrapped over two lines
    three = doc.table("three_public")
    assert [three.amount("amount", k) for k in ("total", "car_total", "meeting", "training")] == \
        [Decimal("345.63"), Decimal("299.12"), Decimal("45.12"), Decimal("305.79")]
    assert doc.table("office_run").amount("total", "total") == Decimal("379.20")
    assert doc.note("office_run").startswith("注：1.“机关运行经费”") and doc.note("office_run").endswith("其他费用等。")
    procurement = doc.table("procurement")
    assert procurement.amount("total", "total") == Decimal("3668.17")
    assert "定额 印刷费 复印纸 集中采购机构采购" in [r.label for r in procurement.rows]


def test_a_share_of_what_the_money_is_arranged_for_is_checked_against_it():
    """苏州市审计局: “一般公共预算拨款安排的“三公”经费支出预算 10 万元 … 公务接待费支出 10 万元，占“三公”经费的
    100%” — the whole is the “三公”经费 (10万元), not the 一般公共预算拨款 (4,651.67万元) its longer words name."""
    doc, _ = open_document(REAL / "js_sz_sjj_2026_budget.pdf")
    assert narrative_errors_of(doc) == []
    [(i, text)] = [(i, b.text) for i, b in enumerate(doc.narrative.blocks) if "占“三公”经费的 100%" in b.text]
    doc.set_narrative(doc.narrative.replace_block(i, text.replace("占“三公”经费的 100%", "占“三公”经费的 90%")))
    assert [(f.rule, f.stated) for f in narrative_errors_of(doc)] == [("NARR-SHARE", "90%")]


def test_a_code_printed_twice_alike_is_read_once():
    """无锡市发改委 2025: “21999 其他支出 502.00” printed on two lines (a 款 with no 项, printed again at the 项 level),
    name and figures alike: nothing to choose between, so it is read once and the tables are read whole."""
    doc, report = open_document(REAL / "js_wx_fgw_2025_budget.pdf")
    assert doc.template_set.id == "js-budget-2026" and doc.meta.year == 2025
    assert [u.text for u in report.unplaced if is_amount_text(u.text)] == []
    assert report.placed == 437 == sum(t.printed for t in report.tables)
    assert doc.amount("gpb_expenditure", "21999", "total") == Decimal("502.00")
    assert errors_of(doc) == []


def _line(page: int, top: float, *texts: tuple[str, float]) -> Line:
    return Line(page, top, top + 9, [Segment(t, x, x + 9 * len(t), top, top + 9) for t, x in texts], int(top // 10) + 1)


def test_a_running_head_is_found_and_a_repeated_title_is_not_one():
    pages = [Page(n, 600, 800, [_line(n, 20, ("苏州市交通运输局 2026 年度部门预算公开", 40)),
                                _line(n, 40, ("2025年项目支出绩效目标表", 200)),
                                _line(n, 60, ("单位名称：苏州市交通运输局", 40), ("单位：万元", 400))], [], [])
             for n in range(1, 7)]
    assert running_heads(PdfLayout("t.pdf", pages)) == {"苏州市交通运输局2026年度部门预算公开"}
    assert running_heads(PdfLayout("t.pdf", pages[:2])) == frozenset()  # on two pages only: not yet a running head


def test_a_group_label_gives_back_the_first_line_of_the_label_under_it():
    template = load_template("js-budget-2026").table("income")
    paths = [["本年收入国有资", "本经营预算"], ["本年收入", "小计"], ["上年结转结余国有资", "本经营预算"]]
    assert _group_labels_apart(template, paths) == [["本年收入", "国有资本经营预算"], ["本年收入", "小计"],
                                                    ["上年结转结余", "国有资本经营预算"]]


def test_a_figure_wrapped_beside_the_end_of_a_wrapped_name_is_joined():
    lines = [_line(15, 0, ("143,999.0", 300)), _line(15, 10, ("313001", 10), ("984,760.87", 150), ("196,278.67", 220)),
             _line(15, 20, ("）", 60), ("0", 320))]
    joined = rejoin_wrapped_figures(lines)
    assert [[s.text for s in l.segments] for l in joined] == [["143,999.00"], ["313001", "984,760.87", "196,278.67"],
                                                              ["）"]]
