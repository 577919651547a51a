"""Every 绩效目标表 and indicator of the Beibei and Yongchuan seeds is read (counted in the seed itself)."""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest

from budgetdesk.core.performance import TargetKind
from budgetdesk.io.read.disclosure_text import read_disclosure
from budgetdesk.resources import load_template
from tests.conftest import SEED_FILES


def read(name):
    path, template = SEED_FILES[name]
    return read_disclosure(path, load_template(template))


def seed_lines(name) -> list[str]:
    return SEED_FILES[name][0].read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="module")
def beibei():
    return read("beibei")


@pytest.fixture(scope="module")
def yongchuan():
    return read("yongchuan")


def test_beibei_every_form_and_indicator(beibei):
    doc, report = beibei
    lines = seed_lines("beibei")
    forms_in_seed = [l for l in lines if l.startswith("## ") and "绩效目标表" in l]
    indicators_in_seed = [l for l in lines if re.match(r"^\t(产出|效益|满意度|成本)指标\t", l)]
    assert len(forms_in_seed) == 4 and len(indicators_in_seed) == 21
    assert len(doc.performance) == len(forms_in_seed)
    assert sum(len(t.indicators) for t in doc.performance) == len(indicators_in_seed)
    kinds = [t.kind for t in doc.performance]
    assert kinds == [TargetKind.OVERALL, TargetKind.PROGRAM, TargetKind.PROJECT, TargetKind.PROJECT]
    assert [len(t.indicators) for t in doc.performance] == [7, 5, 4, 5]
    assert not any("不属于模板中的表" in n and "绩效" in n for n in report.notices)


def test_beibei_fields_are_read_into_their_places(beibei):
    doc, _ = beibei
    overall = doc.performance.overall()
    assert (overall.code, overall.name, overall.total) == ("401", "重庆市北碚区人力资源和社会保障局", D("5738.89"))
    assert overall.goal.startswith("一是全力以赴稳定就业") and "<p>" not in overall.goal
    assert ("归口管理科室", "005-社保科") in overall.extra
    first = overall.indicators[0]
    assert (first.level1, first.level2, first.level3, first.unit, first.nature, first.value, first.weight, first.core) == \
        ("产出指标", "数量指标", "实施人事考试场次", "场次", "≥", "5", D(20), True)
    program = doc.performance.of_kind(TargetKind.PROGRAM)[0]
    assert program.execution_weight == D(10) and program.total == D("380.00")
    assert {(f.source, f.amount) for f in program.funding} == {("部门留用", D("380.00")), ("补助街镇", D(0))}
    qualitative = program.indicators[3]
    assert (qualitative.nature, qualitative.value, qualitative.unit) == ("定性", "吸纳人才", "")
    p1, p2 = doc.performance.of_kind(TargetKind.PROJECT)
    assert (p1.code, p1.name, p1.total, p1.attribute) == ("50010922T000000086715", "监察办案经费", D("10.00"), "一般性项目")
    assert p1.unit == "401001-重庆市北碚区人力资源和社会保障局（本级）" and p1.department == "重庆市北碚区人力资源和社会保障局"
    # project forms print 指标权重 before 计量单位: columns are mapped by header, not position
    assert (p1.indicators[0].weight, p1.indicators[0].unit, p1.indicators[0].value) == (D(40), "件", "140")
    assert p2.code == "50010922T000000087131" and p2.indicators[-1].level3 == "被鉴定人员满意度"


def _wide_section(lines):
    start = lines.index("预算项目绩效目标表")
    end = lines.index("整体绩效目标表")
    return lines[start:end]


def test_yongchuan_every_project_and_indicator(yongchuan):
    doc, report = yongchuan
    wide = _wide_section(seed_lines("yongchuan"))
    cells = [c.replace(" ", "") for line in wide for c in line.split("\t")]
    # one operator per quantitative indicator; qualitative ones read 得到改善/得到提高 …
    expected_indicators = sum(len(re.findall(r"[=≥≤<>]", c)) for c in cells) + \
        sum(1 for c in cells if not re.search(r"[,，。]", c) and re.search(r"得到(提高|改善|激励|提升|保障)$", c))
    with_amount = [l for l in wide if any(re.fullmatch(r"[\d,]+\.\d\d", c.strip()) for c in l.split("\t")[:4])]
    projects = doc.performance.of_kind(TargetKind.PROJECT)
    assert expected_indicators == 257 and len(with_amount) == 43
    assert len(projects) == len(with_amount) + 1  # one project is split by a page break and has no amount
    assert sum(len(p.indicators) for p in projects) == expected_indicators
    assert any("没有金额" in n for n in report.notices)


def test_yongchuan_wide_rows(yongchuan):
    doc, _ = yongchuan
    rent = doc.performance.get("房屋租金")
    assert rent.total == D("347.74") and rent.unit == "重庆市永川区人力资源和社会保障局"
    assert [(i.level1, i.level3, i.nature, i.value, i.unit) for i in rent.indicators[:2]] == [
        ("成本指标", "年租赁成本", "=", "347.736", "万元"), ("产出指标", "租赁面积", "=", "14489", "平方米")]
    activity = doc.performance.get("退休人员活动费(局机关)")  # cells hold "全年举办活动次数 ≥4次"
    assert (activity.indicators[0].level3, activity.indicators[0].nature, activity.indicators[0].value) == \
        ("全年举办活动次数", "≥", "4")
    social = next(p for p in doc.performance if p.name.startswith("社保管理服务专项"))
    assert social.unit == "303008-重庆市永川区社会保险事务中心"  # unit name broken over three lines
    assert doc.performance.get("英才引进培育奖励经费").total == D("1612.37")


def test_yongchuan_overall(yongchuan):
    doc, _ = yongchuan
    overall = doc.performance.overall()
    lines = seed_lines("yongchuan")
    rows = lines[lines.index("整体绩效目标表"):]
    header = next(i for i, l in enumerate(rows) if "三级指标" in l)
    expected = [l for l in rows[header + 1:] if l.strip() and "其他说明" not in l]
    assert len(overall.indicators) == len(expected) == 16
    assert (overall.total, overall.basic, overall.project) == (D("15052.63"), D("2903.80"), D("12148.82"))
    assert ("其他说明", "无") in overall.extra
    assert overall.weight_total() == D(100)
    assert overall.indicators[0].nature == "≥" and overall.indicators[0].unit == "人次"


def test_imported_seeds_are_checked_against_the_tables(yongchuan):
    from budgetdesk.core.engine import Engine
    doc, _ = yongchuan
    found = [f for f in Engine(doc).findings() if f.table == "performance"]
    assert not [f for f in found if f.rule == "BD-PF-OVERALL"]  # 整体 amounts equal the 支出总表
    (total,) = [f for f in found if f.rule == "BD-PF-PROJECT-SUM"]
    assert (total.actual, total.expected) == (D("5656.19"), D("12148.82"))


def test_haigang_project_forms_and_prose_overall_target():
    """Hebei: 24 项目绩效目标表 (cell per line; 指标值 carries the operator) and the 部门整体绩效目标 prose."""
    doc, report = read("haigang")
    lines = seed_lines("haigang")
    start = next(i for i, l in enumerate(lines) if "七、部门项目预算安排情况及绩效目标" in l)
    titles = [l for l in lines[start:] if re.match(r"^\d+、.*绩效目标表$", l.strip())]
    level2 = {"数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标", "生态效益指标",
              "可持续影响指标", "服务对象满意度指标"}
    rows_in_seed = sum(1 for l in lines[start:] if l.strip() in level2)  # every indicator row has one 二级指标
    projects = doc.performance.of_kind(TargetKind.PROJECT)
    assert len(projects) == len(titles) == 24
    assert sum(len(p.indicators) for p in projects) == rows_in_seed == 187
    first = projects[0]
    assert (first.code, first.name, first.total) == ("13030224P00308P12449R", "保障农民工工资支付工作专项经费", D("2.00"))
    assert first.goal.startswith("1.依法依规处理投诉举报案件\n2.")
    cost = first.indicators[3]  # 成本指标 is a 二级指标 under 产出指标 here (the 一级 cell is merged down)
    assert (cost.level1, cost.level2, cost.nature, cost.value, cost.unit, cost.basis) == \
        ("产出指标", "成本指标", "≤", "2", "万元", "年度工作计划")
    assert first.indicators[4].nature == "定性" and first.indicators[4].value == "比上年提升"
    overall = doc.performance.overall()
    assert overall.goal.startswith("负责全区人力资源和社会保障工作") and overall.tasks.startswith("1、办公室")
    from budgetdesk.core.engine import Engine
    assert not [f for f in Engine(doc).findings() if f.table == "performance" and f.severity.value == "error"]
