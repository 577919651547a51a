"""Unsaved work that did not come from an edit — an imported workbook, a 部门汇总 — is protected at once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from budgetdesk.io.files import save_document
from budgetdesk.resources import sample_path
from budgetdesk.ui.userdata import pending_recoveries
from tests.conftest import another_unit
from tests.ui.user_input import menu_action


def test_opening_a_workbook_writes_the_recovery_file_at_once(window, sample_doc, tmp_path, monkeypatch):
    book = save_document(sample_doc, tmp_path / "单位.xlsx")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(book), ""))
    window.named_actions["打开"].trigger()
    assert window.isWindowModified() and window.source == book
    [(path, _info)] = pending_recoveries(include_held=True)  # no edit, no 3-second wait
    assert path.exists()


def test_a_merged_document_has_its_recovery_file_at_once(window, qtbot, tmp_path):
    menu_action(window, "文件", "部门汇总").trigger()
    dialog = window.merge_dialog
    dialog.add_files([sample_path(), another_unit(tmp_path)])
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.doc.consolidated_from == 2)
    assert len(pending_recoveries(include_held=True)) == 1
