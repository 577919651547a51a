"""The wide 预算项目绩效目标表 (永川 seed) edited in the official one-band-per-project layout, through real widgets."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMenu

from budgetdesk.core.performance import Indicator, TargetKind
from budgetdesk.ui.pages.performance_model import FINDINGS_ROLE
from budgetdesk.ui.pages.table_model import ERROR_CELL, WARNING_CELL
from tests.conftest import SEED_FILES
from tests.ui.user_input import child_menu

RENT = "房屋租金"  # 成本 1, 产出 3, 效益 1, no 满意度 indicator (a BD-PF-LEVELS warning)
EXAM = "人社工伤考评专项经费"  # 产出 4, 效益 3, 满意度 2


@pytest.fixture
def yongchuan(window):
    assert window.open_path(SEED_FILES["yongchuan"][0])
    window.select_table("performance")
    page = window.performance_page
    page.select_key(RENT)
    assert page.wide_active()
    return window, page


def project(window, key):
    return window.doc.performance.get(key)


def type_ascii(qtbot, view, index, text):
    view.setFocus()
    view.setCurrentIndex(index)
    qtbot.keyClicks(view, text[0])
    editor = view.focusWidget()
    assert editor is not view
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_one_band_per_project_with_the_printed_header(yongchuan):
    window, page = yongchuan
    model, view = page.wide_model, page.wide
    projects = window.doc.performance.of_kind(TargetKind.PROJECT)
    assert len(projects) == 44 and sum(len(p.indicators) for p in projects) == 257  # counted in the seed by tests/io
    assert [key for key, _, _ in model.layout_.bands] == [p.key for p in projects]
    assert page.title.text() == "2024年预算项目绩效目标表" and page.right_line.text() == "单位：万元"
    head = [model.data(model.index(r, c)) for r, c in ((0, 0), (0, 1), (0, 2), (0, 3), (0, 4), (1, 4), (1, 10), (1, 18),
                                                        (1, 24), (2, 4), (3, 4), (3, 5))]
    assert head == ["单位", "项目名称", "金额", "绩效目标", "绩效指标", "成本指标", "产出指标", "效益指标", "满意度指标",
                    "一", "指标内容", "指标值"]
    assert view.head.rowSpan(0, 0) == 4 and view.head.columnSpan(0, 4) == 24 and view.head.columnSpan(1, 10) == 8
    assert view.isRowHidden(0) and not view.head.isHidden() and view.head.height() > 40
    row, height = model.band(EXAM)
    assert height == 1 and view.rowSpan(row, 3) == 1
    assert [model.data(model.index(row, c)) for c in (1, 2, 10, 11, 24, 25, 26)] == [
        EXAM, "225.00", "事业单位公开招聘报名人数", "≥8000人次", "招录事业单位岗位数", "≥400个", "服务对象满意度"]
    # a band is as tall as its fullest group, its fixed cells merged down it
    longest = max(projects, key=lambda p: model.band(p.key)[1])
    first, rows = model.band(longest.key)
    assert rows > 1 and view.rowSpan(first, 1) == rows and view.rowSpan(first, 3) == rows
    page.select_key("overall")
    assert not page.wide_active() and page.title.text() == "2024年整体绩效目标表"


def test_typing_a_value_checks_live_and_undo_restores(yongchuan, qtbot):
    window, page = yongchuan
    model = page.wide_model
    before = project(window, RENT)
    index = model.index_of(RENT, "indicator:1:printed")
    assert model.data(index) == "=14489平方米"
    type_ascii(qtbot, page.wide, index, ">=15000")
    qtbot.waitUntil(lambda: project(window, RENT).indicators[1].value == "15000")
    assert project(window, RENT).indicators[1] == Indicator("产出指标", level3="租赁面积", nature="≥", value="15000")
    found = [f for f in window.checker.findings() if f.rule == "BD-PF-VALUES" and f.row == RENT]
    assert len(found) == 1 and "未填写计量单位" in found[0].message
    index = model.index_of(RENT, "indicator:1:printed")
    assert model.data(index) == "≥15000"
    assert model.data(index, Qt.ItemDataRole.BackgroundRole).color() == ERROR_CELL
    edited = project(window, RENT)
    window.undo.undo()
    assert project(window, RENT) == before
    assert not [f for f in window.checker.findings() if f.rule == "BD-PF-VALUES" and f.row == RENT]
    assert model.data(model.index_of(RENT, "indicator:1:printed"), Qt.ItemDataRole.BackgroundRole) is None
    window.undo.redo()
    assert project(window, RENT) == edited and model.data(model.index_of(RENT, "indicator:1:printed")) == "≥15000"


def test_typing_into_an_empty_group_slot_adds_the_indicator_its_finding_pointed_to(yongchuan):
    window, page = yongchuan
    model, view = page.wide_model, page.wide
    missing = next(f for f in window.checker.findings() if f.rule == "BD-PF-LEVELS" and f.row == RENT)
    page.select_key(EXAM)
    window.jump_to(missing)
    row, _ = model.band(RENT)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (row, 24)  # the first 满意度 slot
    assert page.targets.currentItem().data(Qt.ItemDataRole.UserRole) == RENT
    assert model.data(view.currentIndex(), Qt.ItemDataRole.BackgroundRole).color() == WARNING_CELL
    assert model.setData(view.currentIndex(), "租户满意度")
    assert model.setData(model.index(row, 25), "≥ 90 %")
    assert project(window, RENT).indicators[-1] == Indicator("满意度指标", level3="租户满意度", nature="≥", value="90",
                                                             unit="%")
    assert not [f for f in window.checker.findings() if f.rule == "BD-PF-LEVELS" and f.row == RENT]
    assert model.data(model.index(row, 25)) == "≥90%"


def test_add_remove_and_move_an_indicator_within_its_group(yongchuan):
    window, page = yongchuan
    model, view = page.wide_model, page.wide
    original = project(window, EXAM)
    view.setCurrentIndex(model.index_of(EXAM, "indicator:5:printed"))  # 效益 2 of 3
    page.add_indicator()
    added = project(window, EXAM)
    assert added.indicators[6] == Indicator("效益指标") and len(added.indicators) == 10
    assert view.currentIndex() == model.index_of(EXAM, "indicator:6:level3")
    row, height = model.band(EXAM)
    assert height == 2 and view.rowSpan(row, 1) == 2  # 效益 now needs a second row of the band
    view.setCurrentIndex(model.index_of(EXAM, "indicator:2:level3"))  # 产出 3 of 4
    page.move_indicator(-1)
    assert [i.level3 for i in project(window, EXAM).indicators[:4]] == [
        "事业单位公开招聘报名人数", "劳动能力鉴定人次", "工伤认定案件收件数", "职称评定人次"]
    assert view.currentIndex() == model.index_of(EXAM, "indicator:1:level3")
    view.setCurrentIndex(model.index_of(EXAM, "indicator:3:level3"))  # the group's last: it stays
    page.move_indicator(1)
    assert project(window, EXAM).indicators[3].level3 == "职称评定人次"
    view.setCurrentIndex(model.index_of(EXAM, "indicator:0:printed"))
    page.remove_indicator()
    assert project(window, EXAM).indicators[0].level3 == "劳动能力鉴定人次" and len(project(window, EXAM).indicators) == 9
    for _ in range(3):
        window.undo.undo()
    assert project(window, EXAM) == original
    assert model.band(EXAM)[1] == 1


def test_paste_a_block_across_bands_and_into_empty_slots_is_one_undo_step(yongchuan):
    window, page = yongchuan
    model, view = page.wide_model, page.wide
    keys = [k for k, _, _ in model.layout_.bands]
    first, second = keys[0], keys[1]  # 房屋租金, then 高校毕业生“三支一扶”计划补助资金 (one band row each)
    old = project(window, first), project(window, second)
    steps = window.undo.count()
    row, _ = model.band(first)
    assert model.band(second)[0] == row + 1
    QGuiApplication.clipboard().setText("租户满意度\t≥95%\t投诉\t≤1件\n学员满意度\t≥92%\n")
    view.setCurrentIndex(model.index(row, 24))
    view.paste(QGuiApplication.clipboard().text())
    assert window.undo.count() == steps + 1
    rent, grads = project(window, first), project(window, second)
    assert rent.indicators[5:] == (Indicator("满意度指标", level3="租户满意度", nature="≥", value="95", unit="%"),
                                  Indicator("满意度指标", level3="投诉", nature="≤", value="1", unit="件"))
    assert grads.indicators[4] == Indicator("满意度指标", level3="学员满意度", nature="≥", value="92", unit="%")
    assert len(grads.indicators) == 5  # pasted over its one 满意度 indicator, not added
    window.undo.undo()
    assert (project(window, first), project(window, second)) == old


def test_a_finding_selects_its_cell_and_the_list_scrolls_to_bands(yongchuan):
    window, page = yongchuan
    model, view = page.wide_model, page.wide
    percent = next(f for f in window.checker.findings() if f.rule == "BD-PF-PERCENT")
    window.jump_to(percent)
    assert view.currentIndex() == model.index_of(percent.row, "indicator:5:printed")
    assert percent in model.data(view.currentIndex(), FINDINGS_ROLE)
    shown = view.visualRect(view.currentIndex())  # scrolled into view, not left under the frozen columns
    assert shown.left() >= view.frozen.width_needed() and shown.right() <= view.viewport().width()
    required = next(f for f in window.checker.findings() if f.rule == "BD-PF-REQUIRED")
    window.jump_to(required)
    assert view.currentIndex() == model.index_of(required.row, "total")  # 未填写：资金总额
    assert model.data(view.currentIndex(), Qt.ItemDataRole.BackgroundRole).color() == ERROR_CELL
    last = window.doc.performance.of_kind(TargetKind.PROJECT)[-1].key
    page.select_key(last)
    assert view.currentIndex() == model.index_of(last, "code_name")
    shown = view.visualRect(view.currentIndex())
    assert 0 <= shown.top() < view.viewport().height()  # its band in view; the name in the frozen columns
    assert view.frozen.viewport().rect().intersects(view.frozen.visualRect(view.currentIndex()))
    view.setCurrentIndex(model.index_of(RENT, "indicator:0:level3"))  # the cursor's band selects its project
    assert page.targets.currentItem().data(Qt.ItemDataRole.UserRole) == RENT


def test_saved_after_editing_and_reopened_exactly(yongchuan, tmp_path):
    window, page = yongchuan
    model = page.wide_model
    assert model.setData(model.index_of(EXAM, "goal"), "按规定组织公开招聘考试。")
    assert model.setData(model.index_of(EXAM, "total"), "230.5")
    assert model.setData(model.index(model.band(RENT)[0], 24), "租户满意度")
    page.wide.setCurrentIndex(model.index_of(EXAM, "indicator:8:level3"))
    page.add_indicator()
    before = list(window.doc.performance)
    assert project(window, EXAM).total == Decimal("230.5")
    path = tmp_path / "yc.bdesk"
    assert window.save_to(path)
    assert window.open_path(path)
    assert list(window.doc.performance) == before
    window.select_table("performance")
    window.performance_page.select_key(EXAM)
    assert window.performance_page.wide_active() and len(window.performance_page.wide_model.layout_.bands) == 44


def test_context_menu_acts_on_the_indicator_under_the_cursor(yongchuan, qtbot):
    window, page = yongchuan
    model, view = page.wide_model, page.wide
    row, _ = model.band(RENT)
    empty = model.index(row, 26)  # 满意度 二: no indicator yet
    view._menu(view.visualRect(empty).center())
    menu = next(m for m in view.findChildren(QMenu) if m.isVisible())
    actions = {a.text(): a for a in menu.actions()}
    assert not actions["删除指标"].isEnabled() and actions["在此组添加指标"].isEnabled()
    actions["在此组添加指标"].trigger()
    assert project(window, RENT).indicators[-1] == Indicator("满意度指标")
    assert view.currentIndex() == model.index(row, 24)  # the group's first slot now holds it
    menu.close()
    name = view.frozen.visualRect(model.index_of(RENT, "code_name")).center()  # the frozen 项目名称 column
    view._menu(name, view.frozen)
    assert view.currentIndex() == model.index_of(RENT, "code_name")


def test_copy_a_block_and_paste_it_into_another_band(yongchuan, qtbot):
    window, page = yongchuan
    model, view = page.wide_model, page.wide
    row, _ = model.band(EXAM)
    view.setFocus()
    view.setCurrentIndex(model.index(row, 24))
    view.selectionModel().select(QItemSelection(model.index(row, 24), model.index(row, 27)),
                                 QItemSelectionModel.SelectionFlag.ClearAndSelect)
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "招录事业单位岗位数\t≥400个\t服务对象满意度\t≥90%\n"
    view.setCurrentIndex(model.index(model.band(RENT)[0], 24))
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert project(window, RENT).indicators[5:] == project(window, EXAM).indicators[7:]


def test_delete_empties_the_selected_cells_in_one_undo_step_and_keeps_the_indicator(yongchuan, qtbot):
    window, page = yongchuan
    model, view = page.wide_model, page.wide
    before = project(window, EXAM)
    first = model.index_of(EXAM, "indicator:0:printed")
    assert model.data(first) == "≥8000人次"
    view.setFocus()
    view.setCurrentIndex(first)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    after = project(window, EXAM)
    assert len(after.indicators) == len(before.indicators)  # the indicator stays: the checks name what is missing
    assert after.indicators[0].value == "" and after.indicators[0].level3 == before.indicators[0].level3
    assert any(f.rule == "BD-PF-VALUES" and f.row == EXAM for f in window.checker.findings())
    window.undo.undo()
    assert project(window, EXAM) == before
    # a rectangle of two cells (指标内容 and 指标值 of one indicator): both emptied, one undo step
    name = model.index_of(EXAM, "indicator:0:level3")
    assert name.column() == first.column() - 1
    view.selectionModel().select(QItemSelection(name, first), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    steps = window.undo.index()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert window.undo.index() == steps + 1
    emptied = project(window, EXAM).indicators[0]
    assert emptied.value == "" and emptied.level3 == ""


def test_an_indicator_moved_to_another_group_from_the_menu_in_one_undo_step(yongchuan, qtbot):
    window, page = yongchuan
    model, view = page.wide_model, page.wide
    before = project(window, EXAM)
    first = model.index_of(EXAM, "indicator:0:level3")  # 产出: 事业单位公开招聘报名人数
    view._menu(view.visualRect(first).center())
    menu = next(m for m in view.findChildren(QMenu) if m.isVisible())
    into = child_menu(menu, "移到其他组")
    assert [a.text() for a in into.actions()] == ["成本指标", "效益指标", "满意度指标"]
    next(a for a in into.actions() if a.text() == "效益指标").trigger()
    menu.close()
    after = project(window, EXAM)
    moved = next(i for i in after.indicators if i.level3 == "事业单位公开招聘报名人数")
    assert moved.level1 == "效益指标" and moved.value == before.indicators[0].value
    assert model.data(view.currentIndex()) == "事业单位公开招聘报名人数"
    assert model.slot(view.currentIndex()).group == [g for g, _ in model.groups].index("效益指标")
    window.undo.undo()
    assert project(window, EXAM) == before


def test_a_project_moved_down_the_list_moves_its_band_and_undo_restores_the_order(yongchuan, qtbot, tmp_path):
    window, page = yongchuan
    model = page.wide_model
    keys = window.doc.performance.keys()
    at = keys.index(RENT)
    page.select_key(RENT)
    assert page.move_current_target(1)
    moved = window.doc.performance.keys()
    assert moved[at + 1] == RENT and moved[at] == keys[at + 1] and sorted(moved) == sorted(keys)
    bands = [key for key, _, _ in model.layout_.bands]
    assert bands.index(RENT) == bands.index(keys[at + 1]) + 1  # the printed table follows
    assert page.current_target().key == RENT
    from budgetdesk.io.files import open_document, save_document

    save_document(window.doc, tmp_path / "moved.bdesk")
    assert open_document(tmp_path / "moved.bdesk")[0].performance.keys() == moved  # the order is kept
    window.undo.undo()
    assert window.doc.performance.keys() == keys
    page.select_key("overall")
    assert not page.move_current_target(-1) and not page.move_current_target(1)  # the only 整体: nowhere to go
    first = window.doc.performance.of_kind(TargetKind.PROJECT)[0].key
    page.select_key(first)
    assert not page.move_current_target(-1)  # a project never goes above the 整体 target


@pytest.mark.parametrize("column, typed, expected", [(2, "500", "500.00"), (1, "ABC", "ABC")])
def test_typing_into_a_frozen_column_enters_exactly_what_was_typed(yongchuan, qtbot, column, typed, expected):
    """The user clicks a cell of the frozen 单位/项目名称/金额 columns (the overlay view) and types: one key, one character."""
    window, page = yongchuan
    view = page.wide
    frozen = view.frozen
    row, _ = page.wide_model.band(EXAM)
    index = page.wide_model.index(row, column)
    qtbot.mouseClick(frozen.viewport(), Qt.MouseButton.LeftButton, pos=frozen.visualRect(index).center())
    assert view.currentIndex() == index
    qtbot.keyClicks(window.focusWidget(), typed[0])  # where the click left the keyboard focus
    editor = window.focusWidget()
    assert editor not in (view, frozen) and editor.isVisible()  # the editor shows while typing
    qtbot.keyClicks(editor, typed[1:])
    shown = editor.toPlainText() if hasattr(editor, "toPlainText") else editor.text()
    assert shown == typed and editor.window() is window  # in the table, not a stray window
    assert editor.parent().parent() is frozen or not frozen.geometry().intersects(editor.geometry())
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.wide_model.data(page.wide_model.index(row, column)) == expected)


def test_group_labels_stay_readable_while_the_indicators_scroll(yongchuan):
    """Scrolled sideways, “绩效指标” (merged over every indicator column) is drawn in the part in view."""
    from PySide6.QtWidgets import QApplication

    window, page = yongchuan
    window.resize(1280, 860)
    QApplication.processEvents()
    head = page.wide.head
    bar = page.wide.horizontalScrollBar()
    bar.setValue(bar.maximum() // 5)
    QApplication.processEvents()
    top = head.rowHeight(0)
    image = head.viewport().grab().toImage()
    left = head.frozen.width_needed() + 4
    dark = sum(1 for x in range(left, image.width() - 4) for y in range(3, top - 3)
               if image.pixelColor(x, y).lightness() < 110)
    assert dark > 40  # the label's strokes are there, not scrolled off with the span's centre
