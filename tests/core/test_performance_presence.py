"""“没有读到绩效目标表”: a document whose 情况说明 speaks of performance targets but holds none is not a silent ✓."""

from __future__ import annotations

from budgetdesk.core.document import Document, UnitMeta
from budgetdesk.core.engine import Engine, check_document
from budgetdesk.core.narrative.model import Narrative
from budgetdesk.core.performance import PerformanceTarget, TargetKind
from budgetdesk.resources import load_template


def _doc(text: str, heading: str = "# 四、绩效目标设置情况") -> Document:
    doc = Document(load_template("cq-budget"), UnitMeta(unit_name="某单位", year=2025))
    doc.set_narrative(Narrative.of(heading, text))
    return doc


def _present(findings):
    return [f for f in findings if f.rule == "BD-PF-PRESENT"]


def test_mentioned_and_none_read_is_said_with_the_sentence():
    (f,) = _present(check_document(_doc("2025年度，本单位编报绩效目标的项目共11个，涉及项目预算资金6626万元。")))
    assert f.message.startswith("没有读到绩效目标表")
    assert "编报绩效目标的项目共11个" in f.message and f.severity.value == "warning"


def test_not_mentioned_no_finding_and_targets_clear_it_live():
    assert not _present(check_document(_doc("本单位无政府采购。", "# 三、政府采购情况")))
    doc = _doc("详见单位的项目绩效目标表。")
    engine = Engine(doc)
    assert _present(engine.findings())
    doc.performance.add(PerformanceTarget("p1", TargetKind.PROJECT, name="项目"))
    engine.update(_last_event(doc))
    assert not _present(engine.findings())


def _last_event(doc):
    from budgetdesk.core.performance.model import PerformanceChanged
    return PerformanceChanged("p1", None, doc.performance.get("p1"))


def test_self_evaluation_alone_is_not_a_mention():
    assert not _present(check_document(_doc("部门整体支出绩效目标自评表见附件。", "# 五、其他")))
