"""绩效自评表 (决算) in the core: the record, its printed layout and edits, its file form, and the ``perf_eval_*``
checks — each made to fail by one wrong figure, each silent where a figure is not printed."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

import pytest

from budgetdesk.core.document import Document, UnitMeta
from budgetdesk.core.engine import check_document
from budgetdesk.core.performance.edit import set_field
from budgetdesk.core.performance.layout import stacked_layout
from budgetdesk.core.performance.model import EVALUATION, Funding, Indicator, PerformanceTarget, TargetKind
from budgetdesk.core.performance.serial import target_from_dict, target_to_dict
from budgetdesk.resources import load_performance, load_template


def _indicator(level1, level2, level3, value, actual, weight, score, deviation=""):
    return Indicator(level1=level1, level2=level2, level3=level3, value=value, actual=actual,
                     weight=D(weight), score=D(score), deviation=deviation)


# 国家信访局 2024 决算, 信访研究宣传立法专项 (page 32): every figure as printed
FORM = PerformanceTarget(
    key="p1", kind=TargetKind.PROJECT, stage=EVALUATION, name="信访研究宣传立法专项", department="[292] 国家信访局",
    unit="国家信访局", initial_total=D("493.76"), total=D("536.2"), executed=D("413.57"), execution_weight=D("10.0"),
    execution_rate="77.13%", execution_score=D("7.7"), score_weight=D(100), score=D("94.7"),
    funding=(Funding("财政拨款", D("473.76"), "", D("473.76"), D("351.13")),
             Funding("上年结转", D("62.44"), "", D("20.00"), D("62.44")),
             Funding("其他资金", D("0.00"), "", D("0.00"), D("0.00"))),
    goal="目标 1：做好《信访工作条例》贯彻落实工作", achieved="1.研究起草《关于着力推进信访工作法治化的意见》",
    indicators=(
        _indicator("成本指标", "经济成本指标", "每本刊物印刷成本", "≤1.4 元", "1.4 元", 20, 20),
        _indicator("产出指标", "数量指标", "形成的研究成果数", "≥18 个", "30 个", 9, 9),
        _indicator("产出指标", "数量指标", "出版图书", "≥1 本", "2 本", 5, 5),
        _indicator("产出指标", "数量指标", "指导出台信访业务规范性文件", "≥1 件", "2 件", 6, 6),
        _indicator("产出指标", "数量指标", "发行量（万册）", "72 万册", "72 万册", 6, 6),
        _indicator("产出指标", "数量指标", "微信发稿量（篇）", "≥350 篇", "335 篇", 6, 4, "基于工作实际开展情况进行了调整"),
        _indicator("产出指标", "数量指标", "舆情报告报送量（期）", "≥55 期", "55 期", 8, 8),
        _indicator("效益指标", "社会效益指标", "信访工作法治化水平", "有一定提升", "持续提升", 10, 9),
        _indicator("效益指标", "社会效益指标", "舆情对信访正面中性评价占比", "≥85%", "85%", 10, 10),
        _indicator("满意度指标", "服务对象满意度指标", "《人民信访》读者满意度", "≥95%", "96.72%", 10, 10)))


def findings_of(target: PerformanceTarget) -> dict[str, object]:
    doc = Document(load_template("central-final-accounts"), UnitMeta(unit_name="国家信访局", year=2024))
    doc.performance.add(target)
    return {f.rule: f for f in check_document(doc) if f.table == "performance"}


def test_the_printed_form_passes_every_check():
    assert findings_of(FORM) == {}


@pytest.mark.parametrize("change, rule, expected, actual", [
    ({"score": D("95.7")}, "BD-PE-SCORE", D("94.7"), D("95.7")),  # the 总分's 得分 one more than its parts
    ({"score_weight": D(95)}, "BD-PE-WEIGHTS", D(100), D(95)),
    ({"execution_rate": "71.13%"}, "BD-PE-EXECUTION", D("77.13"), D("71.13")),
    ({"execution_score": D(12)}, "BD-PE-EXECUTION", D("10.0"), D(12)),  # more than its 分值
    ({"total": D("546.20")}, "BD-PE-FUNDING", D("536.20"), D("546.20")),
])
def test_one_wrong_figure_is_an_error_naming_what_it_should_be(change, rule, expected, actual):
    found = findings_of(FORM.evolve(**change))
    assert set(found) >= {rule}
    f = found[rule]
    assert f.severity.value == "error" and f.expected == expected and f.actual == actual
    assert f.table_title == "项目支出绩效自评表" and f.row_label == "信访研究宣传立法专项"


def test_an_indicator_scored_above_its_weight_is_named():
    items = list(FORM.indicators)
    items[1] = replace(items[1], score=D(10))  # 形成的研究成果数: 分值 9
    found = findings_of(FORM.with_indicators(items))
    assert "形成的研究成果数" in found["BD-PE-SCORE-CAP"].message and found["BD-PE-SCORE-CAP"].column == "indicator:1"
    assert "BD-PE-SCORE" in found  # and the total no longer adds up


def test_what_is_not_printed_is_never_an_error():
    items = list(FORM.indicators)
    items[0] = replace(items[0], score=None, weight=None)
    assert findings_of(FORM.with_indicators(items).evolve(score=D(1), score_weight=D(1))) == {}
    # a blank 分值 beside a printed 执行率得分 (西安's forms): the execution's weight is unknown
    assert findings_of(FORM.evolve(execution_weight=None, score_weight=D(100))) == {}
    # a line with figures in other columns and none in this one: not printed, or not read
    lines = (FORM.funding[0], replace(FORM.funding[1], amount=None))
    assert findings_of(FORM.evolve(funding=lines)) == {}


def test_either_reading_of_the_total_passes():
    """The 总分 with or without the 预算执行率's 10 分; the rate over the 全年 or the 年初 budget."""
    assert findings_of(FORM.evolve(score=D(87), score_weight=D(90))) == {}
    assert findings_of(FORM.evolve(execution_rate=f"{D('413.57') / D('493.76') * 100:.2f}%")) == {}


def test_rounding_of_printed_decimals_is_allowed_and_no_more():
    assert findings_of(FORM.evolve(execution_rate="77.1%")) == {}  # 77.13 to one place
    assert "BD-PE-EXECUTION" in findings_of(FORM.evolve(execution_rate="77.2%"))
    assert findings_of(FORM.evolve(score=D(95))) == {}  # 94.7 printed whole
    assert "BD-PE-SCORE" in findings_of(FORM.evolve(score=D(96)))


def test_target_rules_leave_self_evaluations_alone_and_the_other_way_round():
    doc = Document(load_template("cq-budget-beibei"), UnitMeta(unit_name="x", year=2024))
    doc.performance.add(FORM.evolve(execution_weight=None))  # its 分值 add to 90: no 权重 rule applies to it
    assert [f for f in check_document(doc) if f.table == "performance"] == []
    target = PerformanceTarget("t", TargetKind.PROJECT, name="x", indicators=(Indicator(level3="a", weight=D(5)),))
    assert findings_of(target) == {}  # 决算 declares 自评表 rules only


def test_the_printed_layout_has_a_row_per_funding_line_and_the_total_under_the_indicators():
    form = load_performance("evaluation").form_of(FORM)
    layout = stacked_layout(FORM, form)
    by_field = {c.field: c for c in layout.cells if c.field}
    assert by_field["funding.initial:上年结转"].text == "20.00" and by_field["funding:上年结转"].text == "62.44"
    assert by_field["execution_score"].text == "7.7" and by_field["execution_rate"].text == "77.13%"
    assert by_field["indicator:5:actual"].text == "335 篇" and by_field["indicator:5:score"].text == "4"
    assert by_field["score"].row == layout.rows - 1 == layout.footer_row and by_field["score"].text == "94.7"
    blank = stacked_layout(PerformanceTarget("n", TargetKind.PROJECT, stage=EVALUATION), form)
    assert [c.text for c in blank.cells if c.role == "label" and c.col == 0][4:7] == ["财政拨款", "上年结转", "其他资金"]


def test_edits_of_a_line_and_a_score_keep_the_others():
    t = set_field(FORM, "funding.executed:上年结转", "60.00")
    assert t.funding[1] == Funding("上年结转", D("62.44"), "", D("20.00"), D("60.00")) and t.funding[0] == FORM.funding[0]
    t = set_field(t, "indicator:5:score", "5")
    assert t.indicators[5].score == D(5) and t.indicators[5].weight == D(6)
    t = set_field(t, "funding.initial:专项资金", "3.00")  # a line the form had not: added after the others
    assert t.funding[-1] == Funding("专项资金", None, "", D("3.00"), None)


def test_a_self_evaluation_survives_its_file_form_exactly():
    data = target_to_dict(FORM)
    assert data["stage"] == "evaluation" and data["funding"][1]["initial"] == "20.00"
    assert data["indicators"][5]["score"] == "4" and data["indicators"][5]["actual"] == "335 篇"
    assert target_from_dict(data) == FORM
    plain = target_to_dict(PerformanceTarget("t", TargetKind.PROJECT, name="x"))
    assert not {"stage", "score", "achieved", "initial_total"} & set(plain)  # targets' files look as before
