"""Nothing typed, pasted or autosaved is lost or turns into a crash (issue 12, data safety and recovery)."""

import json
import os
import time
from decimal import Decimal

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QAbstractItemView, QMessageBox

from budgetdesk.core.document import UnitMeta
from budgetdesk.io.files import save_document
from budgetdesk.ui.main_window import MainWindow
from budgetdesk.ui.flows.recovery import offer_recovery
from budgetdesk.ui.userdata import clean_stale_temp_files, pending_recoveries, recovery_dir


def page(window, table):
    window.select_table(table)
    return window.current_page()


def start_typing(qtbot, p, row, column, text):
    p.view.setFocus()
    p.view.setCurrentIndex(p.model.index_of(row, column))
    qtbot.keyClicks(p.view, text[0])
    editor = p.view.focusWidget()
    assert editor is not p.view
    qtbot.keyClicks(editor, text[1:])
    return editor


def fresh_window(qtbot, tmp_path, name):
    w = MainWindow(QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat))
    w.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    qtbot.addWidget(w)
    return w


def test_a_refused_entry_keeps_the_editor_open_on_its_cell_with_the_reason(window, qtbot):
    p = page(window, "expenditure")
    for text in ("abc", "1" * 27, "12,5", "1e5"):
        editor = start_typing(qtbot, p, "2080102", "total", text)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.wait(20)
        assert p.view.state() == QAbstractItemView.State.EditingState  # still editing, nothing moved on
        assert p.view.currentIndex() == p.model.index_of("2080102", "total")
        assert "不是有效的金额" in window.statusBar().currentMessage()
        assert window.doc.amount("expenditure", "2080102", "total") == Decimal("322.00")
        qtbot.keyClick(editor, Qt.Key.Key_Escape)  # Esc gives up the entry
        qtbot.waitUntil(lambda: p.view.state() != QAbstractItemView.State.EditingState)
    assert "整数部分超过" in window.statusBar().currentMessage() or window.undo.count() == 0
    assert window.undo.count() == 0


def test_a_good_entry_after_a_refused_one_commits(window, qtbot):
    p = page(window, "expenditure")
    editor = start_typing(qtbot, p, "2080102", "total", "12,5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert "千分位" in window.statusBar().currentMessage()
    editor.selectAll()
    qtbot.keyClicks(editor, "12.5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.doc.amount("expenditure", "2080102", "total") == Decimal("12.5"))


def test_a_bad_pasted_value_is_named_by_table_row_and_column(window):
    p = page(window, "expenditure")
    p.view.setCurrentIndex(p.model.index_of("2080102", "total"))
    assert not p.view.paste("1.00\t" + "9" * 27 + "\n")
    message = window.statusBar().currentMessage()
    assert "《支出总表》" in message and "2080102 一般行政管理事务" in message and "基本支出" in message
    assert "整数部分超过" in message
    assert window.doc.amount("expenditure", "2080102", "total") == Decimal("322.00")


def _autosave(window):
    p = page(window, "expenditure")
    p.model.setData(p.model.index_of("2080102", "total"), "999.00")
    return window.write_recovery()


def test_a_recovery_file_that_cannot_be_loaded_is_set_aside(window, qtbot, tmp_path):
    path = _autosave(window)
    window.recovery.release()  # the process "dies"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)  # a torn file
    fresh = fresh_window(qtbot, tmp_path, "next")
    assert not offer_recovery(fresh, ask=lambda q: True)
    assert path.with_name(path.name + ".bad").exists() and not path.exists()
    assert "已改名" in fresh.statusBar().currentMessage()
    assert pending_recoveries() == []  # the next start is clean, no crash loop


def test_autosave_goes_when_the_work_is_undone_discarded_or_replaced(window, qtbot, tmp_path):
    path = _autosave(window)
    assert path.exists()
    window.undo.undo()  # back to the saved state
    assert not path.exists()
    path = _autosave(window)
    window.new_document("cq-budget", UnitMeta(unit_name="某某局", year=2024))  # 新建 → 丢弃
    assert not path.exists()
    window.select_table("expenditure")
    assert window.add_code_row("2080101")
    path = window.write_recovery()
    assert path.exists()
    book = save_document(window.doc, tmp_path / "other.bdesk")
    assert window.open_path(book)  # opening another file (changes discarded)
    assert not path.exists()
    assert pending_recoveries(include_held=True) == []


def _leave_autosave(qtbot, tmp_path, name, unit, saved_at):
    w = fresh_window(qtbot, tmp_path, name)
    w.new_document("cq-budget", UnitMeta(unit_name=unit, year=2024))
    w.select_table("expenditure")
    assert w.add_code_row("2080101")
    path = w.write_recovery()
    info = path.with_suffix(".json")
    data = json.loads(info.read_text(encoding="utf-8"))
    data["saved_at"] = saved_at
    info.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    w.abandon()  # crashed and quit: the lock is released, the autosave stays
    return path


def test_several_autosaves_are_offered_newest_first_one_decision_each(qtbot, tmp_path):
    old = _leave_autosave(qtbot, tmp_path, "a", "甲单位", "2024-03-01 09:00:00")
    new = _leave_autosave(qtbot, tmp_path, "b", "乙单位", "2024-03-02 10:30:00")
    assert [p for p, _ in pending_recoveries()] == [new, old]
    questions = []
    fresh = fresh_window(qtbot, tmp_path, "c")
    answers = iter([False, None])  # 否 on the newest, 暂不处理 on the older
    assert not offer_recovery(fresh, ask=lambda q: questions.append(q) or next(answers))
    assert "乙单位" in questions[0].split("第 1 份")[1] and "2024-03-02 10:30:00" in questions[0]
    assert questions[0].index("乙单位") < questions[0].index("甲单位")  # listed newest first
    assert not new.exists() and old.exists()  # 否 deleted only that one
    fresh2 = fresh_window(qtbot, tmp_path, "d")
    assert offer_recovery(fresh2, ask=lambda q: True)
    assert fresh2.doc.meta.unit_name == "甲单位" and not old.exists()


def test_stale_temporary_files_are_cleaned_at_start(qtbot, tmp_path, running_pid):
    stale = recovery_dir() / ".abc.bdesk.4242.tmp"
    stale.write_bytes(b"half a save")
    past = time.time() - 3600
    os.utime(stale, (past, past))
    recent = recovery_dir() / f".def.bdesk.{running_pid}.tmp"  # a running process
    recent.write_bytes(b"a save in progress in another instance")
    legacy = recovery_dir() / "0123456789abcdef.json.tmp"  # an earlier version's description, no pid
    legacy.write_bytes(b"{")
    fresh = fresh_window(qtbot, tmp_path, "e")
    assert not offer_recovery(fresh, ask=lambda q: True)
    assert not stale.exists() and recent.exists() and legacy.exists()
    assert clean_stale_temp_files(max_age_s=-1) == 1 and recent.exists() and not legacy.exists()


def test_clicking_another_cell_with_a_refused_entry_stays_on_it(window, qtbot):
    p = page(window, "expenditure")
    editor = start_typing(qtbot, p, "2080102", "total", "abc")
    other = p.model.index_of("2080105", "total")
    qtbot.mouseClick(p.view.viewport(), Qt.MouseButton.LeftButton, pos=p.view.visualRect(other).center())
    qtbot.waitUntil(lambda: p.view.currentIndex() == p.model.index_of("2080102", "total"))
    assert p.view.state() == QAbstractItemView.State.EditingState and editor.text() == "abc"
    assert "不是有效的金额" in window.statusBar().currentMessage()
    assert window.doc.amount("expenditure", "2080102", "total") == Decimal("322.00")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: p.view.state() != QAbstractItemView.State.EditingState)
