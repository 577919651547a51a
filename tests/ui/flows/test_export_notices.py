"""The window tells the user what an export or save changed, without blocking, and survives a failed save."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox


def visible_notice_boxes(window):
    return [w for w in window.findChildren(QMessageBox) if w.isVisible()]


def test_export_with_characters_excel_cannot_hold_shows_what_changed(window, tmp_path):
    window.doc.set("expenditure", "2080101", "name", "行政运行\x01")
    assert window.export_xlsx(tmp_path / "c.xlsx")
    boxes = visible_notice_boxes(window)
    assert boxes and "U+0001" in boxes[0].text() and not boxes[0].isModal()


def test_a_save_into_a_missing_folder_is_a_message_not_a_crash(window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    assert not window.save_to(tmp_path / "nowhere" / "p.bdesk")
    assert shown and "nowhere" in shown[0]
