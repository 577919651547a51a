"""北京 预算12表: the 项目支出绩效目标表 printed as one long table, each project a block of indicator rows.

Before: read as one form of 21 indicators out of 446, the rest dropped without a word. Now every project is
a target of its own (39 in 财政局's 12表, 443 indicators, as printed), and a 绩效 table whose indicator rows
are not all read is an error naming the table and the counts. 13表, the 部门整体 form listing its indicators by
活动 with the three levels in one cell, is read by meaning (``activities.py``).
"""

from decimal import Decimal
from pathlib import Path

import pytest

from budgetdesk.io.files import open_document

REAL = Path(__file__).resolve().parents[2] / "fixtures" / "real"


@pytest.fixture(scope="module")
def finance():
    return open_document(REAL / "bj_czj_2026_budget_tables.pdf")


def projects(doc):
    return [t for t in doc.performance if t.source.startswith("第17页")]


def test_every_project_of_the_long_table_is_a_target_with_all_its_indicators(finance):
    doc, _ = finance
    assert len(projects(doc)) == 39 and sum(len(t.indicators) for t in projects(doc)) == 443
    first = projects(doc)[0]
    assert (first.code, first.name, first.total) == ("11000022T0000004557", "94-评审工作经费", Decimal("839.000000"))
    assert [(f.source, f.amount) for f in first.funding] == [("财政资金", Decimal("839.000000"))]
    assert first.goal.startswith("按时、保质完成2026年各项评审工作任务")
    i = first.indicators[0]
    assert (i.level1, i.level2, i.level3, i.nature, i.value, i.unit) == \
        ("产出指标", "质量指标", "评审报告内容依据充分、合法合规、结论严谨合理准确率", "≥", "98", "%")


def test_a_project_broken_by_a_page_is_one_project_and_a_shared_code_is_not(finance):
    doc, _ = finance
    [accounts] = [t for t in projects(doc) if t.name == "08-企业财务会计决算报表工作服务"]
    assert len(accounts.indicators) == 8  # 4 before the page break, 4 after its name printed again in pieces
    [supervision] = [t for t in projects(doc) if t.name == "76-财政监督业务服务"]
    assert supervision.code == accounts.code and supervision.key != accounts.key  # same 项目编码, another project


def test_a_wrapped_indicator_name_on_a_page_without_row_rules_is_joined(finance):
    doc, _ = finance
    [procurement] = [t for t in projects(doc) if t.name == "02-政府采购管理服务"]
    names = [i.level3 for i in procurement.indicators]
    assert "政府采购代理机构检查结果应用采纳率" in names and "投诉举报案件及时准确处理" in names
    assert len(names) == 9


def test_the_overall_form_listing_indicators_by_activity_is_read_whole(finance):
    doc, report = finance
    [overall] = [t for t in doc.performance if t.source.startswith("第44页")]
    assert (overall.name, overall.total, overall.basic, overall.project) == \
        ("北京市财政局", Decimal("44169.357532"), Decimal("28016.258321"), Decimal("16153.099211"))
    assert len(overall.indicators) == 69  # as many as rows printed
    i = overall.indicators[0]
    assert (i.level1, i.level2, i.level3, i.nature, i.value, i.unit) == ("产出指标", "数量指标", "财政评审项目数量", "≥", "420", "个")
    assert not [f for f in report.findings if f.rule == "IMPORT-UNREAD"]


def test_xian_forms_with_run_together_headings_are_read_whole():
    """西安统计局 2026: 部门专项业务经费绩效目标表 head their indicators “一级指标二级指标” (one heading over two
    columns) and “分值权重（90分）”, print the 预算执行率's 10 分 in a label (“执行率分值（10分）”), break a merged
    label over lines of its own on a long form (“年度绩 | 效指标”), and add a blank 专项资金总体绩效目标表 (不涉及)."""
    doc, report = open_document(REAL / "sn_xa_tjj_2026_budget.pdf")
    forms = list(doc.performance)
    assert [len(t.indicators) for t in forms] == [6, 8, 13, 8, 9, 8, 7, 19, 6]  # every row printed
    assert all(t.weight_total() == 90 and t.execution_weight == 10 for t in forms)  # as each heading says
    first = forms[0]
    assert (first.name, first.department, first.total) == ("内审服务", "西安市统计局", Decimal("1.50"))
    i = first.indicators[0]
    assert (i.level1, i.level2, i.level3, i.nature, i.value, i.weight) == \
        ("成本指标", "经济成本指标", "委托中介机构费（万元）", "≤", "1.5", Decimal(10))
    assert not report.performance_short and not report.performance_unread
    assert any("《专项资金总体绩效目标表》是空表" in n for n in report.notices)

def test_the_special_transfer_form_is_a_program_with_its_levels_as_printed(finance):
    """预算14表 专项转移支付绩效目标表: 转移支付名称, 市级主管部门, 年度金额; 一级/二级 cells merged over rows."""
    doc, _ = finance
    [program] = [t for t in doc.performance if t.source.startswith("第48页")]
    assert (program.kind.name, program.name, program.department, program.total) == \
        ("PROGRAM", "普惠金融发展专项资金", "北京市财政局", Decimal("5612.000000"))
    assert len(program.indicators) == 7
    assert all(i.level1 in ("产出指标", "效益指标", "满意度指标") and i.level1 != i.level3 for i in program.indicators)
    assert program.indicators[-1].level2 == "服务对象满意度指标"


def test_the_frame_of_a_blank_form_prints_no_indicator():
    """西安's 专项资金总体绩效目标表 printed 不涉及 (held-out 西安市人民政府办公厅 2026, 第44页): rows holding only
    成本指标 | 经济成本, or “......”, are no indicators the reader missed; a row with a value is one."""
    from budgetdesk.io.read.performance.activities import prints_indicator

    assert not prints_indicator(["", "成本指标", "社会成本", "", "", ""])
    assert not prints_indicator(["", "产出指标", "数量指标", "......", "......", "", ""])
    assert prints_indicator(["", "成本指标", "经济成本指标", "PAD采购成本（元/台）", "≤1500", "10"])
    assert prints_indicator(["", "产出指标", "数量指标", "内审报告（篇）"])
