"""Every key does one thing: no shortcut bound twice, F8 goes from problem to problem, undo keys in every editor."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest

from budgetdesk.ui.flows.export_guard import question


def test_no_key_is_bound_to_two_actions(window):
    keys = Counter(k.toString() for a in window.findChildren(QAction) for k in a.shortcuts() if not k.isEmpty())
    assert [k for k, n in keys.items() if n > 1] == []
    assert window.named_actions["下一个问题"].shortcut() == QKeySequence("F8")
    assert window.named_actions["预算执行与上年对比"].shortcut() != QKeySequence("F8")


def test_f8_goes_to_each_problem_in_turn_as_the_export_question_says(window, qtbot):
    window.doc.set("expenditure", "2080101", "total", "1834.08")  # errors in more than one table
    problems = [f for f in window.all_findings() if f.severity.value == "error"]
    assert "F8 跳到下一个问题" in question(problems, "导出 Excel")
    window.select_table("income")
    window.current_page().view.setFocus()
    seen = []
    for _ in range(len(problems) + 1):
        QTest.keyClick(window.focusWidget(), Qt.Key.Key_F8)
        seen.append(window.statusBar().currentMessage())
    assert seen[: len(problems)] == [f.message for f in problems]  # each one once, in the list's order
    assert seen[-1] == problems[0].message  # then round again


def _narrative(window):
    from budgetdesk.core.narrative.check import NARRATIVE_TABLE
    from tests.conftest import SEED_FILES

    assert window.open_path(SEED_FILES["beibei"][0])
    window.select_table(NARRATIVE_TABLE)
    return window.narrative_page


def test_ctrl_z_and_ctrl_y_inside_the_narrative_editor(window, qtbot):
    page = _narrative(window)
    original = window.doc.narrative
    page.editor.setFocus()
    page.editor.setTextCursor(page.editor.document().find("3,032.55"))
    qtbot.keyClicks(page.editor, "9")  # typed, not yet committed (the editor commits after a pause)
    assert "9万元" in page.editor.toPlainText()
    QTest.keyClick(page.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.doc.narrative == original and "3,032.55" in page.editor.toPlainText()
    QTest.keyClick(page.editor, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert window.doc.narrative != original and "基本支出9万元" in page.editor.toPlainText()
    QTest.keyClick(page.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(page.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert "基本支出9万元" in page.editor.toPlainText()  # Ctrl+Shift+Z redoes too
    assert page.editor.hasFocus()


def test_generate_over_a_written_text_asks_first_and_ctrl_z_brings_it_back(window, qtbot):
    page = _narrative(window)
    written = window.doc.narrative
    asked = []
    window.confirm = lambda title, text: asked.append(text) or False
    page.generate_button.click()
    assert len(asked) == 1 and "已有文字" in asked[0] and window.doc.narrative == written
    window.confirm = lambda title, text: True
    page.generate_button.click()
    assert window.doc.narrative != written
    page.editor.setFocus()
    QTest.keyClick(page.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.doc.narrative == written


def test_ctrl_z_and_ctrl_y_on_a_table_after_typing_in_a_cell(window, qtbot):
    from decimal import Decimal

    from tests.ui.test_main_window import page, type_into

    p = page(window, "expenditure")
    before = window.doc.amount("expenditure", "2080101", "total")
    type_into(qtbot, p, "2080101", "total", "1834.08")
    qtbot.waitUntil(lambda: window.doc.amount("expenditure", "2080101", "total") == Decimal("1834.08"))
    QTest.keyClick(p.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.doc.amount("expenditure", "2080101", "total") == before
    QTest.keyClick(p.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert window.doc.amount("expenditure", "2080101", "total") == Decimal("1834.08")
