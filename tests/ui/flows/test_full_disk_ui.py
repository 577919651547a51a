"""A full disk during 保存, 导出 or autosave: a message, the old file intact, no temporary, the app goes on."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtWidgets import QMessageBox

from budgetdesk.ui.userdata import recovery_dir
from tests.fulldisk import fill_disk


@pytest.fixture
def boxes(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: shown.append((title, text)))
    return shown


def edit(window, value: str) -> None:
    """As typed into the cell (through the model and the undo stack)."""
    window.select_table("expenditure")
    page = window.current_page()
    assert page.model.setData(page.model.index_of("2080102", "total"), value)


@pytest.mark.parametrize("action", ["save", "xlsx", "pdf"])
def test_a_full_disk_gives_a_message_and_keeps_the_file(window, qtbot, tmp_path, monkeypatch, boxes, action):
    folder = tmp_path / "docs"
    folder.mkdir()
    window.confirm = lambda title, text: True  # export despite errors, if the sample has any
    path = folder / {"save": "预算.bdesk", "xlsx": "公开表.xlsx", "pdf": "公开表.pdf"}[action]
    do = {"save": window.save_to, "xlsx": window.export_xlsx, "pdf": window.export_pdf}[action]
    assert do(path)
    before = path.read_bytes()
    edit(window, "123.45")
    with monkeypatch.context() as m:
        fill_disk(m)
        assert not do(path)
    (title, text), = boxes
    assert title in ("保存失败", "导出失败") and "磁盘空间不足" in text and "原文件未被改动" in text
    assert path.read_bytes() == before and [p.name for p in folder.iterdir()] == [path.name]
    assert window.isVisible() and window.doc.amount("expenditure", "2080102", "total") == Decimal("123.45")
    assert do(path) and path.read_bytes() != before  # room again: the same action succeeds


def test_an_autosave_on_a_full_disk_keeps_the_last_one_and_says_so(window, qtbot, monkeypatch):
    edit(window, "1.00")
    saved = window.write_recovery()
    before = saved.read_bytes()
    edit(window, "2.00")
    with monkeypatch.context() as m:
        fill_disk(m)
        assert window.write_recovery() is None
    assert "自动保存失败" in window.statusBar().currentMessage() and "磁盘空间不足" in window.statusBar().currentMessage()
    assert saved.read_bytes() == before
    assert not [p.name for p in recovery_dir().iterdir() if p.name.endswith(".tmp")]
    assert window.write_recovery() == saved and saved.read_bytes() != before
