"""The 绩效 page with forms no template describes (issue 26), and its honest status without any form."""

from __future__ import annotations

from budgetdesk.core.narrative.model import Narrative
from budgetdesk.core.performance import TargetKind
from budgetdesk.io.read.disclosure_text import read_disclosure
from budgetdesk.io.read.import_report import ImportReport
from budgetdesk.io.read.performance.text import read_performance_text
from budgetdesk.resources import load_template
from tests.conftest import SEED_FILES
from tests.io.read.test_performance_meaning import PROJECT, _rows


def _yongchuan_with_a_plain_project():
    path, template = SEED_FILES["yongchuan"]
    doc = read_disclosure(path, load_template(template))[0]
    read_performance_text(doc, _rows(PROJECT), ImportReport(source="x"), ends=lambda row: False)
    return doc


def test_a_plain_project_is_edited_as_its_plain_form_beside_the_wide_table(window):
    doc = _yongchuan_with_a_plain_project()
    plain = next(t for t in doc.performance if t.form == "plain")
    window.set_document(doc, None)
    window.select_table("performance")
    page = window.performance_page
    page.select_key(plain.key)
    assert not page.wide_active()
    model = page.model
    assert page.title.text() == "2024年项目支出绩效目标表"
    labels = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert "项目名称" in labels and "主管部门" in labels and "项目起始时间" in labels
    assert model.data(model.index(0, 1)) == "50011821T000000012345X-就业见习补贴"
    wide_project = next(t for t in doc.performance.of_kind(TargetKind.PROJECT) if t.form == "")
    page.select_key(wide_project.key)
    assert page.wide_active() and plain not in page.wide_model.targets()


def _without_forms(narrative: bool, seed: str = "yongchuan"):
    path, template = SEED_FILES[seed]
    doc = read_disclosure(path, load_template(template))[0]
    doc.performance.clear()
    if not narrative:
        doc.set_narrative(Narrative())
    return doc


def test_no_form_is_not_a_tick(window):
    window.set_document(_without_forms(narrative=False), None)
    text = window.navigator.item(window.navigator.count() - 1).text()
    assert "✓" not in text and "没有读到绩效目标表" in text
    window.select_table("performance")
    assert window.performance_page.title.text().startswith("没有读到绩效目标表")


def test_no_form_where_the_text_speaks_of_targets_is_a_warning(window):
    window.set_document(_without_forms(narrative=True, seed="beibei"), None)  # “项目支出均实行了绩效目标管理”
    text = window.navigator.item(window.navigator.count() - 1).text()
    assert text.startswith("！1")
    assert [f.rule for f in window.checker.findings() if f.table == "performance"] == ["BD-PF-PRESENT"]
