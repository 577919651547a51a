"""视图 → 图表预览: the charts drawn beside the tables, redrawn when a figure changes."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QLabel

from budgetdesk.resources import sample_path


def _preview_action(window):
    view = next(a.menu() for a in window.menuBar().actions() if a.text().startswith("视图"))
    return next(a for a in view.actions() if a.text().startswith("图表预览"))


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
