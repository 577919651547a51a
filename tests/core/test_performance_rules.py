"""Each 绩效目标表 rule fails on a bad target and passes on a good one (inline inputs, real templates)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from budgetdesk.core.document import Document
from budgetdesk.core.engine import Engine
from budgetdesk.core.findings import Severity
from budgetdesk.core.performance import Indicator, PerformanceTarget, TargetKind
from budgetdesk.core.performance.checks import convert
from budgetdesk.resources import load_template

GOOD = (
    Indicator("产出指标", "数量指标", "培训人次", "≥", "100", "人次", D(40), True),
    Indicator("效益指标", "社会效益指标", "就业率", "≥", "90", "%", D(30), False),
    Indicator("满意度指标", "服务对象满意度指标", "满意度", "≥", "95", "%", D(10), False),
    Indicator("成本指标", "经济成本指标", "人均成本", "≤", "300", "元", D(10), False),
)


def project(key="p1", **kw) -> PerformanceTarget:
    base = dict(kind=TargetKind.PROJECT, name="就业培训", code="500109T01", department="人社局", unit="就业中心",
                total=D("10.00"), goal="完成培训", execution_weight=D(10), indicators=GOOD)
    base.update(kw)
    return PerformanceTarget(key, **base)


def findings(doc: Document, rule: str) -> list:
    return [f for f in Engine(doc).findings() if f.rule == rule]


@pytest.fixture
def beibei() -> Document:
    return Document(load_template("cq-budget-beibei"))


@pytest.fixture
def yongchuan() -> Document:
    return Document(load_template("cq-budget"))


def test_good_project_passes_every_rule(beibei):
    beibei.performance.add(project())
    assert [f for f in Engine(beibei).findings() if f.table == "performance"] == []


def test_weights_total_100_with_execution_weight(beibei):
    beibei.performance.add(project(execution_weight=D(20)))
    (f,) = findings(beibei, "BD-PF-WEIGHTS")
    assert f.severity is Severity.ERROR and f.actual == D(110) and f.difference == D(10)
    assert "含预算执行率权重 20" in f.message


def test_weights_without_execution_weight_setting(yongchuan):
    overall = PerformanceTarget("overall", TargetKind.OVERALL, total=D(1), goal="g", indicators=GOOD)
    yongchuan.performance.add(overall)
    (f,) = findings(yongchuan, "BD-PF-WEIGHTS")
    assert f.actual == D(90)
    yongchuan.performance.replace(overall.with_indicators(GOOD[:3] + (GOOD[3].__class__(**{**GOOD[3].__dict__, "weight": D(20)}),)))
    assert findings(yongchuan, "BD-PF-WEIGHTS") == []


def test_required_levels(beibei):
    beibei.performance.add(project(indicators=GOOD[:1] + (Indicator("成本指标", "", "x", "≤", "1", "元", D(90)),)))
    (f,) = findings(beibei, "BD-PF-LEVELS")
    assert "效益指标、满意度指标" in f.message and f.severity is Severity.WARNING


def test_cost_level_required_where_the_region_asks():
    doc = Document(load_template("hebei-budget"))
    doc.performance.add(project(indicators=GOOD[:3] + (Indicator("产出指标", "质量指标", "合格率", "≥", "90", "%", D(20)),)))
    (f,) = findings(doc, "BD-PF-LEVELS")
    assert "成本指标" in f.message
    doc.performance.replace(project(indicators=GOOD + (Indicator("产出指标", "质量指标", "合格率", "≥", "90", "%", D(10)),)))
    assert findings(doc, "BD-PF-LEVELS") == []


@pytest.mark.parametrize("indicator, problem", [
    (Indicator("产出指标", "数量指标", "x", "≥", "", "人", D(10)), "未填写指标值"),
    (Indicator("产出指标", "数量指标", "x", "≥", "很多", "人", D(10)), "不是数字"),
    (Indicator("产出指标", "数量指标", "x", "≥", "5", "", D(10)), "未填写计量单位"),
    (Indicator("产出指标", "数量指标", "x", "定性", "", "", D(10)), "定性指标未填写"),
    (Indicator("产出指标", "数量指标", "x", "约", "5", "人", D(10)), "不是 ≥ ≤ = > < 定性"),
    (Indicator("产出指标", "数量指标", "x", "", "5", "人", D(10)), "未填写指标性质"),
])
def test_indicator_values(beibei, indicator, problem):
    beibei.performance.add(project(indicators=GOOD[:3] + (indicator,)))
    (f,) = findings(beibei, "BD-PF-VALUES")
    assert problem in f.message and f.column == "indicator:3"


def test_qualitative_with_text_passes(beibei):
    beibei.performance.add(project(indicators=GOOD[:3] + (Indicator("效益指标", "可持续影响指标", "稳定", "定性", "显著", "", D(10)),)))
    assert findings(beibei, "BD-PF-VALUES") == []


def test_percent_range(beibei):
    beibei.performance.add(project(indicators=GOOD[:1] + (Indicator("效益指标", "社会效益指标", "就业率", "≥", "120", "%", D(30)),) + GOOD[2:]))
    (f,) = findings(beibei, "BD-PF-PERCENT")
    assert f.actual == D(120) and "0–100" in f.message
    beibei.performance.replace(project())
    assert findings(beibei, "BD-PF-PERCENT") == []


def test_duplicate_indicator(beibei):
    beibei.performance.add(project(indicators=GOOD[:3] + (GOOD[0].__class__(**{**GOOD[0].__dict__, "weight": D(10)}),)))
    (f,) = findings(beibei, "BD-PF-DUP")
    assert "第 4 个指标“培训人次”与第 1 个重复" in f.message


def test_required_fields(beibei):
    beibei.performance.add(project(code="", goal=""))
    (f,) = findings(beibei, "BD-PF-REQUIRED")
    assert "编码、当年绩效目标" in f.message
    beibei.performance.replace(project())
    assert findings(beibei, "BD-PF-REQUIRED") == []


def _with_expenditure(doc: Document, total="100.00", basic="60.00", proj="40.00") -> Document:
    doc.set("expenditure", "total", "total", total)
    doc.set("expenditure", "total", "basic", basic)
    doc.set("expenditure", "total", "project", proj)
    return doc


def test_overall_amounts_converted_from_yuan(yongchuan):
    _with_expenditure(yongchuan)
    overall = PerformanceTarget("overall", TargetKind.OVERALL, money_unit="元", total=D("1000000"),
                                basic=D("600000"), project=D("400000"), goal="g", indicators=GOOD)
    yongchuan.performance.add(overall)
    assert findings(yongchuan, "BD-PF-OVERALL") == []
    yongchuan.performance.replace(overall.evolve(basic=D("610000")))
    (f,) = findings(yongchuan, "BD-PF-OVERALL")
    assert f.column == "basic" and f.expected == D("60.00") and f.actual == D(61) and f.difference == D(1)
    assert "610,000.00 元（折合 61 万元）" in f.message


def test_overall_amounts_follow_table_edits(yongchuan):
    _with_expenditure(yongchuan)
    yongchuan.performance.add(PerformanceTarget("overall", TargetKind.OVERALL, total=D("100.00"), goal="g"))
    engine = Engine(yongchuan)
    engine.watch()
    assert [f for f in engine.findings() if f.rule == "BD-PF-OVERALL"] == []
    yongchuan.set("expenditure", "total", "total", "101.00")
    assert [f.difference for f in engine.findings() if f.rule == "BD-PF-OVERALL"] == [D("-1.00")]


def test_project_sum_names_both_sums(yongchuan):
    _with_expenditure(yongchuan)
    yongchuan.performance.add(project("a", total=D("25.00")))
    yongchuan.performance.add(project("b", total=D("10.00")))
    (f,) = findings(yongchuan, "BD-PF-PROJECT-SUM")
    assert f.severity is Severity.WARNING
    assert "资金总额合计 35.00 万元" in f.message and "项目支出合计 40.00 万元" in f.message and "差额 -5.00" in f.message
    yongchuan.performance.add(project("c", total=D("5.00")))
    assert findings(yongchuan, "BD-PF-PROJECT-SUM") == []


def test_project_against_its_line(yongchuan):
    yongchuan.add_code_row("expenditure", "208", "社会保障和就业支出")
    yongchuan.set("expenditure", "208", "project", "8.00")
    yongchuan.performance.add(project("a", total=D("10.00"), function_code="208"))
    (f,) = findings(yongchuan, "BD-PF-PROJECT-LINES")
    assert f.difference == D("2.00") and "科目 208" in f.message
    yongchuan.set("expenditure", "208", "project", "12.00")
    assert findings(yongchuan, "BD-PF-PROJECT-LINES") == []


def test_unit_conversion_is_exact():
    assert convert(D("12345.67"), "元", "万元") == D("1.234567")
    assert convert(D("1.5"), "万元", "元") == D("15000.0")


def test_live_findings_follow_indicator_edits(beibei):
    engine = Engine(beibei)
    seen = []
    engine.watch(seen.append)
    beibei.performance.add(project())
    assert not [f for f in engine.findings() if f.table == "performance"]
    beibei.performance.replace(project(indicators=GOOD[:3]))
    assert {f.rule for f in seen[-1].added} == {"BD-PF-WEIGHTS"}
    beibei.performance.remove("p1")
    assert not [f for f in engine.findings() if f.table == "performance"]


def test_a_performance_warning_can_be_explained(yongchuan):
    _with_expenditure(yongchuan)
    yongchuan.performance.add(project("a", total=D("25.00")))
    engine = Engine(yongchuan)
    engine.watch()
    (f,) = [f for f in engine.findings() if f.rule == "BD-PF-PROJECT-SUM"]
    yongchuan.set_explanation(f.key, "其余项目的绩效目标表未公开")
    (g,) = [f for f in engine.findings() if f.rule == "BD-PF-PROJECT-SUM"]
    assert g.explained and engine.summary().explained == 1


def test_live_edit_of_one_target_matches_a_full_check(beibei):
    """Only the edited target's checks are redone; the result equals checking the document afresh."""
    _with_expenditure(beibei, proj="30.00")
    beibei.performance.add(project("a", total=D("10.00"), function_code="208"))
    beibei.performance.add(project("b", total=D("10.00"), function_code="208"))
    beibei.add_code_row("expenditure", "208", "社会保障和就业支出")
    beibei.set("expenditure", "208", "project", "25.00")
    engine = Engine(beibei)
    engine.watch()
    for change in ({"total": D("20.00")}, {"indicators": GOOD[:2]}, {"function_code": ""}, {"code": ""}):
        beibei.performance.replace(beibei.performance.get("a").evolve(**change))
        assert engine.findings() == Engine(beibei).findings()
    assert {f.rule for f in engine.findings() if f.table == "performance"} >= {"BD-PF-WEIGHTS", "BD-PF-LEVELS"}
