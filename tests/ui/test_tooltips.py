"""An error's tooltip fits on the screen: wrapped lines, numbers and rule names never broken."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QToolTip

from budgetdesk.ui.tooltips import wrap_line


def test_a_cell_tooltip_is_wrapped_to_the_screen_without_breaking_numbers(window, qtbot):
    from tests.ui.test_main_window import page, type_into

    p = page(window, "expenditure")
    type_into(qtbot, p, "2080101", "total", "1834.08")
    qtbot.waitUntil(lambda: "1,834.08" in (p.model.data(p.model.index_of("2080101", "total"),
                                                           Qt.ItemDataRole.ToolTipRole) or ""))
    tip = p.model.data(p.model.index_of("2080101", "total"), Qt.ItemDataRole.ToolTipRole)
    lines = tip.split("\n")
    metrics = QFontMetrics(QToolTip.font())
    assert len(lines) > 3 and max(metrics.horizontalAdvance(line) for line in lines) < 640
    flat = "".join(lines)
    for number in re.findall(r"\d[\d,]*\.\d\d", flat):
        assert any(number in line for line in lines), number  # 1,734.08 on one line
    assert any("BD-COL-EXPEND" in line for line in lines)


def test_wrapping_keeps_each_word_and_figure_whole():
    line = "应为 1,734.08（基本支出 + 项目支出 + 上缴上级支出 + 事业单位经营支出 + 对下级单位补助支出），实为 1,834.08，差额 100.00"
    parts = wrap_line(line, 30)
    assert "".join(parts).replace(" ", "") == line.replace(" ", "")
    assert all(p and not p.startswith(("，", "）")) for p in parts)
    assert any("1,734.08" in p for p in parts) and any("100.00" in p for p in parts)
