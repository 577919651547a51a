"""Save and export dialogs start in Documents (never the program's samples folder) and remember the last folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox

from budgetdesk.resources import sample_path


@pytest.fixture
def documents(tmp_path, monkeypatch):
    folder = tmp_path / "文档"
    folder.mkdir()
    real = QStandardPaths.writableLocation
    monkeypatch.setattr(QStandardPaths, "writableLocation",
                        lambda where: str(folder) if where == QStandardPaths.StandardLocation.DocumentsLocation
                        else real(where))
    return folder


def _dialogs(monkeypatch, answer):
    """Record the folder each save dialog proposes; answer with ``answer(title)`` (a path or "")."""
    offered = []

    def save(parent, title, suggested, *a, **k):
        offered.append((title, Path(suggested)))
        return answer(title), ""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)  # whole PDF
    return offered


def test_after_opening_a_sample_saves_and_exports_start_in_documents(window, documents, monkeypatch):
    assert window.open_path(sample_path("leshan-2024-final.json"))  # a file in the program's samples folder
    offered = _dialogs(monkeypatch, lambda title: "")
    for name in ("另存为", "导出 Excel", "导出 PDF"):
        window.named_actions[name].trigger()
    assert [t for t, _ in offered] == ["另存为", "导出 Excel", "导出 PDF"]
    assert all(p.parent == documents for _, p in offered), offered
    assert offered[1][1].name == "乐山市市中区人力资源和社会保障局2024公开表.xlsx"


def test_the_folder_last_saved_to_is_offered_next_time(window, documents, tmp_path, monkeypatch):
    elsewhere = tmp_path / "报送"
    elsewhere.mkdir()
    offered = _dialogs(monkeypatch, lambda title: str(elsewhere / "公开表.xlsx") if title == "导出 Excel" else "")
    window.named_actions["导出 Excel"].trigger()
    assert (elsewhere / "公开表.xlsx").exists()
    window.named_actions["导出 PDF"].trigger()
    window.named_actions["另存为"].trigger()
    assert offered[0][1].parent == documents
    assert offered[1][1].parent == elsewhere and offered[2][1].parent == elsewhere
    reopened = type(window)(window.settings)  # a new session remembers it too
    assert reopened._save_dir() == elsewhere
    reopened.deleteLater()
