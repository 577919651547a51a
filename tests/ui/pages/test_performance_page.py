"""The 绩效目标表 page driven through real widgets: forms as printed, edits, paste, rows, undo, live checks."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from budgetdesk.core.performance import TargetKind
from budgetdesk.ui.pages.performance_model import FINDINGS_ROLE
from budgetdesk.ui.pages.table_model import ERROR_CELL
from tests.conftest import SEED_FILES


@pytest.fixture
def beibei(window):
    assert window.open_path(SEED_FILES["beibei"][0])
    window.select_table("performance")
    page = window.performance_page
    assert window.stack.currentWidget() is page
    return window, page


def cell_at(page, field):
    return page.model.index_of_field(field)


def type_into(qtbot, page, field, text):
    index = cell_at(page, field)
    page.view.setFocus()
    page.view.setCurrentIndex(index)
    qtbot.keyClicks(page.view, text[0])
    editor = page.view.focusWidget()
    assert editor is not page.view
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_navigator_entry_list_and_form_as_printed(beibei):
    window, page = beibei
    assert window.navigator.item(window.navigator.count() - 1).text().endswith("绩效目标表")
    assert [page.targets.item(i).text() for i in range(page.targets.count())] == [
        "整体｜重庆市北碚区人力资源和社会保障局", "专项｜人社保相关事业发展资金", "项目｜监察办案经费", "项目｜劳动能力鉴定费"]
    page.select_key("50010922T000000086715")
    model = page.model
    assert page.title.text() == "2024年项目支出绩效目标表" and page.right_line.text() == "单位：万元"
    assert model.data(model.index(0, 0)) == "项目名称" and model.data(model.index(0, 1)) == "50010922T000000086715-监察办案经费"
    assert page.view.columnSpan(0, 1) == 3  # merged like the official form
    top = model.layout_.indicator_row - 1
    assert model.data(model.index(top, 0)) == "绩效指标" and page.view.rowSpan(top, 0) == 5
    assert [model.data(model.index(top, c)) for c in range(1, 9)] == [
        "一级指标", "二级指标", "三级指标", "指标权重", "计量单位", "指标性质", "指标值", "是否核心指标"]


def test_typing_a_weight_checks_live_and_undoes(beibei, qtbot):
    window, page = beibei
    page.select_key("50010922T000000087131")
    type_into(qtbot, page, "indicator:0:weight", "40")
    qtbot.waitUntil(lambda: window.doc.performance.get("50010922T000000087131").indicators[0].weight == D(40))
    found = [f for f in window.checker.findings() if f.rule == "BD-PF-WEIGHTS"]
    assert len(found) == 1 and "实为 110" in found[0].message
    index = cell_at(page, "indicator:0:weight")
    assert page.model.data(index, Qt.ItemDataRole.BackgroundRole).color() == ERROR_CELL
    assert window.navigator.item(window.navigator.count() - 1).text().startswith("✗")
    assert page.targets.item(3).text().startswith("✗1")
    window.undo.undo()
    assert window.doc.performance.get("50010922T000000087131").indicators[0].weight == D(30)
    assert not [f for f in window.checker.findings() if f.rule == "BD-PF-WEIGHTS"]


def test_bad_number_is_refused_with_a_message(beibei, qtbot):
    window, page = beibei
    page.select_key("50010922T000000087131")
    before, steps = window.doc.performance.get("50010922T000000087131"), window.undo.count()
    assert not page.model.setData(cell_at(page, "indicator:1:weight"), "二十")
    assert window.doc.performance.get("50010922T000000087131") == before and window.undo.count() == steps


def test_rows_add_remove_move_and_paste_each_one_undo_step(beibei):
    window, page = beibei
    key = "50010922T000000086715"
    page.select_key(key)
    levels = lambda: [i.level3 for i in window.doc.performance.get(key).indicators]  # noqa: E731
    original = levels()
    page.view.setCurrentIndex(cell_at(page, "indicator:3:level1"))
    page.add_indicator()
    assert levels() == original + [""]
    QGuiApplication.clipboard().setText("满意度指标\t服务对象满意度指标\t群众满意度\t5\t%\t≥\t90\t否\n"
                                        "成本指标\t经济成本指标\t人均成本\t5\t元\t≤\t300\t否\n")
    page.view.setCurrentIndex(cell_at(page, "indicator:4:level1"))
    page.view.paste(QGuiApplication.clipboard().text())
    target = window.doc.performance.get(key)
    assert levels() == original + ["群众满意度", "人均成本"]
    assert (target.indicators[5].nature, target.indicators[5].value, target.indicators[5].weight) == ("≤", "300", D(5))
    page.view.setCurrentIndex(cell_at(page, "indicator:5:level3"))
    page.move_indicator(-1)
    assert levels()[4:] == ["人均成本", "群众满意度"]
    page.view.setCurrentIndex(cell_at(page, "indicator:0:level3"))
    page.remove_indicator()
    assert levels()[0] == original[1]
    for _ in range(4):
        window.undo.undo()
    assert levels() == original


def test_add_and_remove_a_project_and_jump_to_its_finding(beibei):
    window, page = beibei
    key = page.add_target(TargetKind.PROJECT, "500109T01-新建项目")
    target = window.doc.performance.get(key)
    assert (target.code, target.name) == ("500109T01", "新建项目") and page.model.key == key
    required = next(f for f in window.checker.findings() if f.rule == "BD-PF-REQUIRED" and f.row == key)
    page.select_key("overall")
    window.jump_to(required)
    assert page.model.key == key and window.stack.currentWidget() is page
    assert required in (page.model.data(page.view.currentIndex(), FINDINGS_ROLE) or []) or page.view.currentIndex().isValid()
    page.remove_current_target()
    assert window.doc.performance.get(key) is None
    window.undo.undo()
    assert window.doc.performance.get(key) == target


def test_saved_and_reopened_with_the_performance_targets(beibei, tmp_path):
    window, page = beibei
    path = tmp_path / "b.bdesk"
    assert window.save_to(path)
    assert window.open_path(path)
    assert len(window.doc.performance) == 4 and window.performance_page.targets.count() == 4


def test_a_project_just_added_is_not_summed_as_zero(window, monkeypatch):
    """添加项目 on a document without projects: no “0 张项目支出绩效目标表的资金总额合计 0.00” at once."""
    from PySide6.QtWidgets import QInputDialog, QPushButton

    window.select_table("performance")
    page = window.performance_page
    assert not window.doc.performance.of_kind(TargetKind.PROJECT)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("500118T01-就业培训", True))
    next(b for b in page.findChildren(QPushButton) if b.text() == "添加项目").click()
    [project] = window.doc.performance.of_kind(TargetKind.PROJECT)
    assert not [f for f in window.all_findings() if f.rule == "BD-PF-PROJECT-SUM"]
    assert not [f.message for f in window.all_findings() if "0 张" in f.message]


def test_the_project_past_the_limit_is_refused_with_a_message_and_nothing_breaks(window, tmp_path, monkeypatch):
    """添加项目 on a file already holding MAX_TARGETS targets: a message, no exception out of the undo stack."""
    import dataclasses

    from PySide6.QtWidgets import QInputDialog, QMessageBox, QPushButton

    from budgetdesk.core.performance.model import MAX_TARGETS
    from budgetdesk.io.files import open_document, save_document

    doc, _ = open_document(SEED_FILES["beibei"][0])
    first = next(iter(doc.performance.of_kind(TargetKind.PROJECT)))
    while len(doc.performance) < MAX_TARGETS:
        n = len(doc.performance)
        doc.performance.add(dataclasses.replace(first, key=doc.performance.new_key(f"p{n}"), name=f"项目{n}"))
    save_document(doc, tmp_path / "full.json")
    assert window.open_path(tmp_path / "full.json")
    window.select_table("performance")
    page = window.performance_page
    said = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: said.append(text))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: pytest.fail("asked for a name it cannot add"))
    add = next(b for b in page.findChildren(QPushButton) if b.text() == "添加项目")
    steps = window.undo.count()
    add.click()
    assert len(window.doc.performance) == MAX_TARGETS and window.undo.count() == steps
    assert said and "最多 1,000 个项目" in said[0]
    # one removed, one may be added again; undo steps back over both
    page.select_key(window.doc.performance.keys()[5])
    page.remove_current_target()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("500118T01-就业培训", True))
    add.click()
    assert len(window.doc.performance) == MAX_TARGETS and len(said) == 1
    window.undo.undo()
    window.undo.undo()
    assert len(window.doc.performance) == MAX_TARGETS and window.doc.performance.keys()[5] == "p5"
