"""文件 → 单位信息: the real dialog edits name, code, year and money unit; one undo step reverts it."""

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialogButtonBox

from budgetdesk.core.document import UnitMeta


def menu_action(window, text):
    for top in window.menuBar().actions():
        for action in top.menu().actions():
            if action.text() == text:
                return action
    raise AssertionError(f"no menu entry {text}")


def run_dialog(window, qtbot, fill, button=QDialogButtonBox.StandardButton.Ok):
    """Trigger the menu entry; while the modal dialog runs, fill it through its widgets and press a button."""
    done = []

    def drive():
        dialog = window.unit_info_dialog
        assert dialog is not None and dialog.isVisible()
        fill(dialog)
        box = dialog.findChild(QDialogButtonBox)
        qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)
        done.append(True)

    QTimer.singleShot(0, drive)
    menu_action(window, "单位信息(&U)…").trigger()
    assert done


def test_unit_information_is_edited_through_the_dialog_and_undone(window, qtbot):
    window.new_document("hebei-budget", UnitMeta(unit_name="某某局", year=2031))
    income = window.pages["income"]

    def fill(d):
        assert (d.unit_name.text(), d.unit_code.text(), d.year.value()) == ("某某局", "", 2031)
        d.unit_name.selectAll()
        d.unit_name.insert("秦皇岛市海港区人力资源和社会保障局")
        d.unit_code.setFocus()
        qtbot.keyClicks(d.unit_code, "323")
        d.year.setFocus()
        d.year.lineEdit().selectAll()
        qtbot.keyClicks(d.year, "2024")
        d.money_unit.setCurrentText("元")

    run_dialog(window, qtbot, fill)
    assert window.doc.meta == UnitMeta("秦皇岛市海港区人力资源和社会保障局", "323", 2024, "元")
    assert "323秦皇岛市海港区人力资源和社会保障局" in income.left.text() and "预算年度：2024" in income.left.text()
    assert "海港区" in window.windowTitle() and window.isWindowModified()
    assert window.undo.count() == 1
    window.undo.undo()
    assert window.doc.meta == UnitMeta("某某局", "", 2031, "万元")
    assert "预算年度：2031" in income.left.text() and "海港区" not in window.windowTitle()
    window.undo.redo()
    assert window.doc.meta.year == 2024


def test_cancel_or_no_change_adds_no_undo_step(window, qtbot):
    before = window.doc.meta
    run_dialog(window, qtbot, lambda d: d.unit_code.setText("999"), QDialogButtonBox.StandardButton.Cancel)
    run_dialog(window, qtbot, lambda d: None)
    assert window.doc.meta == before and window.undo.count() == 0


def test_year_can_be_cleared_to_not_filled_in(window, qtbot):
    def fill(d):
        d.year.setValue(d.year.minimum())
        assert d.year.text() == "（未填）"
    run_dialog(window, qtbot, fill)
    assert window.doc.meta.year == 0
