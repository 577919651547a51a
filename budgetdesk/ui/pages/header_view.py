"""A horizontal header that draws the official multi-row header with merged cells.

Qt's header has one row of sections; the template's header is a grid of cells spanning several
columns and rows. Each section paints every header cell that covers it, over the cell's full
rectangle clipped to the section, so neighbouring sections together show one merged cell.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPen, QColor
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader

from budgetdesk.core.template import HeaderCell


class GroupHeaderView(QHeaderView):
    def __init__(self, parent=None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._cells: list[HeaderCell] = []
        self._rows = 1
        self._values: dict[str, object] = {}
        self.setSectionsClickable(False)
        self.setHighlightSections(False)
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)

    def set_cells(self, cells: list[HeaderCell], rows: int, values: dict[str, object]) -> None:
        self._cells, self._rows, self._values = cells, rows, values
        self.updateGeometry()
        self.viewport().update()

    def state(self) -> tuple[list[HeaderCell], int, dict[str, object]]:
        return self._cells, self._rows, self._values

    def row_height(self) -> int:
        return int(self.fontMetrics().height() * 2.4)

    def sizeHint(self) -> QSize:
        base = super().sizeHint()
        return QSize(base.width(), self.row_height() * self._rows + 2)

    def label(self, cell: HeaderCell) -> str:
        try:
            return cell.label.format(**self._values)
        except (KeyError, IndexError, ValueError):
            return cell.label

    def cells_covering(self, section: int) -> list[HeaderCell]:
        return [c for c in self._cells if c.col <= section < c.col + c.colspan]

    def paintSection(self, painter: QPainter, rect: QRect, logical_index: int) -> None:
        if not rect.isValid():
            return
        h = self.row_height()
        for cell in self.cells_covering(logical_index):
            left = self.sectionViewportPosition(cell.col)
            width = sum(self.sectionSize(c) for c in range(cell.col, cell.col + cell.colspan))
            full = QRect(left, cell.row * h, width, cell.rowspan * h)
            painter.save()
            painter.setClipRect(rect.intersected(full))
            opt = QStyleOptionHeader()
            self.initStyleOption(opt)
            opt.rect = full
            opt.section = logical_index
            opt.text = ""
            self.style().drawControl(QStyle.ControlElement.CE_HeaderSection, opt, painter, self)
            painter.setPen(QPen(QColor("#9aa5b1")))
            painter.drawRect(full.adjusted(0, 0, -1, -1))
            painter.setPen(self.palette().windowText().color())
            painter.drawText(full.adjusted(3, 1, -3, -1),
                             int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), self.label(cell))
            painter.restore()
