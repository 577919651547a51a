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
