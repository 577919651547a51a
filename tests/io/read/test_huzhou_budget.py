"""浙江湖州市级部门预算 (表01—表11, zj-huz-budget: a variant of 杭州's) read from the published PDFs.

What 湖州 prints differently from 杭州: five titles without “预算” (一般公共预算支出表 …), a 科目编码 before each
name (kept as text), “公用经费” for 日常公用支出, “本年收入合计” on the 财政拨款收支预算总表's income side and no
本年支出合计 on its spending side, the 项目支出绩效表's 合计 as a bare figure under the header. Held out while the
variant was written: 湖州 卫生健康委员会 (745 of 745 figures) and 退役军人事务局 (348 of 348), not in the corpus.
"""

from decimal import Decimal

from budgetdesk.core.narrative.parse import parse_text
from budgetdesk.io.files import open_document
from tests.io.read.region_reading import REAL, assert_figures_read, errors_of, narrative_errors_of, package_readings

PACKAGES = {"zj_huz_czj_2026_budget.pdf": (312, "湖州市财政局"), "zj_huz_jtj_2026_budget.pdf": (581, "湖州市交通运输局")}

reading = package_readings(PACKAGES)


def test_every_table_and_every_printed_figure_is_read(reading):
    name, doc, report = reading
    figures, unit = PACKAGES[name]
    assert_figures_read(doc, report, "zj-huz-budget", unit, figures)
    assert "*" not in doc.unread


def test_no_error_on_the_published_package(reading):
    _name, doc, _report = reading
    assert errors_of(doc) == [] and narrative_errors_of(doc) == []


def test_the_tables_hold_what_huzhou_prints():
    doc, report = open_document(REAL / "zj_huz_czj_2026_budget.pdf")
    gpb = doc.table("gpb_expenditure")
    line = next(r for r in gpb.rows if r.label == "行政运行")
    assert gpb.get(line.key, "code") == "2010601" and gpb.amount(line.key, "public") == Decimal("583.02")
    assert doc.table("project_goals").amount("total", "amount") == Decimal("1266.75")  # the bare figure under the header
    assert doc.table("fiscal_summary").amount("in.subtotal", "in_amount") == Decimal("6838.41")  # 本年收入合计


def test_a_hangzhou_package_is_still_read_with_hangzhous_set():
    doc, _ = open_document(REAL / "zj_hz_qxj_2026_budget.pdf")
    assert doc.template_set.id == "zj-hz-budget"


def test_a_list_after_其中_goes_on_over_a_line_ending_in_a_semicolon():
    """湖州交通运输局: the list of incomes broken after its first part (“…占 26.0%；” / “政府性基金收入 …”) was read
    as a paragraph and a list of its own whose shares summed to 69.8% — two false errors."""
    text = ("湖州市交通运输局 2026 年收入预算 201286.11 万元。\n其中：一般公共预算拨款收入 52244.36 万元，占 26.0%；\n"
            "政府性基金收入 139963.40 万元，\n占 69.5%；\n专户资金 432.00\n万元，占 0.2%；事业单位经营收入 200.00 万元，占 0.1%；\n"
            "其他收入 8446.35 万元，占 4.2%。\n（三）支出预算情况\n")
    blocks = [b.text for b in parse_text(text).blocks]
    assert blocks[1].startswith("其中：一般公共预算拨款收入") and blocks[1].endswith("其他收入 8446.35 万元，占 4.2%。")
    assert blocks[2] == "（三）支出预算情况"
