"""What a table page shows whole: merged headers over the frozen split, names while there is room, the table list."""

from __future__ import annotations

import pytest

from PySide6.QtWidgets import QApplication

from budgetdesk.resources import sample_path


def _final(window, table="summary"):
    assert window.open_path(sample_path("leshan-2024-final.json"))
    window.resize(1280, 860)
    window.select_table(table)
    QApplication.processEvents()
    return window.current_page().view


def test_a_header_cell_over_frozen_and_scrolling_columns_is_drawn_whole(window):
    view = _final(window)
    assert view.frozen.count == 1  # 项目 is frozen, 行次 and 决算数 scroll
    income = next(c for c in view.header.state()[0] if c.label == "收入")
    whole = sum(view.columnWidth(j) for j in range(3))
    for header in (view.header, view.frozen.header):  # both parts drawn from one rectangle
        rect = header.cell_rect(income)
        assert (rect.left(), rect.width()) == (0, whole)
    # the pixels: no split line through the merged cell, and “收入” drawn once across the split
    image = view.grab().toImage()
    x = view.frozen.geometry().right()
    top = view.header.row_height() // 4 + view.frameWidth()
    left, right = image.pixelColor(x - 3, top), image.pixelColor(x + 3, top)
    assert abs(left.lightness() - right.lightness()) < 12 and image.pixelColor(x, top).lightness() > 150


def test_header_cell_stays_whole_while_the_amounts_scroll(window):
    view = _final(window)
    window.resize(700, 860)
    QApplication.processEvents()
    bar = view.horizontalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())
    QApplication.processEvents()
    income = next(c for c in view.header.state()[0] if c.label == "收入")
    rect, frozen = view.header.cell_rect(income), view.frozen.header.cell_rect(income)
    assert rect == frozen and rect.left() == 0 and rect.width() >= view.frozen.width_needed()


def test_names_are_whole_while_the_window_has_room(window):
    view = _final(window)
    base = sum(view._base_widths)  # every column at its width from the font's digit (the names grow from there)
    if window.width() < 1280 or base > view.viewport().width():  # no room: Wine's screen, or its wider font
        pytest.skip(f"没有余地：窗口 {window.width()} px，各列的基础宽度之和 {base} px，表格区 {view.viewport().width()} px")
    names = [j for j, vc in enumerate(view.table_model.view_columns()) if vc.column.kind in ("name", "label")]
    assert names
    for j in names:
        assert view.columnWidth(j) >= view.sizeHintForColumn(j)  # “一、一般公共预算财政拨款收入” not cut
    assert sum(view.columnWidth(j) for j in range(view.model().columnCount())) <= view.viewport().width()


def test_the_final_accounts_table_list_needs_no_sideways_scrolling(window):
    _final(window)
    nav = window.navigator
    longest = max(nav.fontMetrics().horizontalAdvance(nav.item(i).text()) for i in range(nav.count()))
    assert nav.viewport().width() >= longest + 4
    assert not nav.horizontalScrollBar().isVisible()
