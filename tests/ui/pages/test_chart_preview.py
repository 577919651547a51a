"""视图 → 图表预览: the charts drawn beside the tables, redrawn when a figure changes."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QLabel

from budgetdesk.resources import sample_path
from tests.ui.user_input import menu, menu_action


def _preview_action(window):
    return menu_action(window, "视图", "图表预览")


def test_preview_draws_the_seven_charts_and_follows_a_changed_figure(window, qtbot):
    assert window.open_path(sample_path("leshan-2024-final.json"))
    _preview_action(window).trigger()
    dock = window.chart_preview
    assert dock.isVisible() and len(dock.charts) == 7
    pictures = [w for w in dock.body.findChildren(QLabel) if w.pixmap() is not None and not w.pixmap().isNull()]
    assert len(pictures) == 7 and all(p.pixmap().width() > 300 for p in pictures)
    captions = {w.text() for w in dock.body.findChildren(QLabel)}
    assert "图6：一般公共预算财政拨款支出决算结构" in captions
    assert any("因公出国（境）费为0" in c for c in captions)  # the note says what was left out
    before = dock.redraws
    window.doc.set("expenditure", "total", "basic", Decimal("1827.15"))
    qtbot.waitUntil(lambda: dock.redraws > before, timeout=5000)
    three = next(c for c in dock.charts if c.spec.figure == 3)
    assert three.slices[0].value == Decimal("1827.15")


def test_preview_follows_the_window_to_another_document(window, qtbot):
    _preview_action(window).trigger()
    dock = window.chart_preview
    first = dock.doc
    assert window.open_path(sample_path("leshan-2024-final.json"))
    qtbot.waitUntil(lambda: dock.doc is window.doc and dock.doc is not first, timeout=5000)
    assert len(dock.charts) == 7


def test_a_note_naming_a_menu_entry_names_it_as_the_menu_does(window):
    """“文件 → X” in a chart's note is an entry the 文件 menu really has (it says 导入上年数, not 载入上年数)."""
    import re

    assert window.open_path(sample_path("leshan-2024-final.json"))
    window.doc.prior.clear()
    _preview_action(window).trigger()
    texts = " ".join(w.text() for w in window.chart_preview.body.findChildren(QLabel))
    named = re.findall(r"文件 → ([^”」）)]+)", texts)
    assert named, texts
    entries = {a.text().split("(")[0].rstrip("…") for a in menu(window, "文件").actions()}
    assert set(named) <= entries
