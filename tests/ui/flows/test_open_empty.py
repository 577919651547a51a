"""打开 a 0-byte workbook: the window says the file is empty and keeps the open document."""

from __future__ import annotations


def test_the_window_says_an_empty_workbook_is_empty(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    path = tmp_path / "空.xlsx"
    path.write_bytes(b"")
    shown = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, lambda *a, **k: shown.append(a[2]))
    before = window.doc
    window.named_actions["打开"].trigger()
    assert window.doc is before and len(shown) == 1 and "文件是空的" in shown[0]
