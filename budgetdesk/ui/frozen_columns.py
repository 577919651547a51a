"""Frozen 编码/名称 columns: while the amounts scroll right, the subject stays in view (as in Excel's 冻结窗格).

Qt's frozen-column technique: a second view over the same model and selection, showing only the leading
non-amount columns, laid over the left edge of the main view and scrolled vertically with it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QTableView

from budgetdesk.ui.header_view import GroupHeaderView


def frozen_count(model) -> int:
    """How many leading columns are codes, names or labels (frozen only if amounts follow)."""
    n = 0
    for vc in model.view_columns():
        if vc.column.kind not in ("code", "name", "label"):
            break
        n += 1
    return n if n < model.columnCount() else 0


class FrozenColumns(QTableView):
    def __init__(self, view):
        super().__init__(view)
        self.main = view
        self.header = GroupHeaderView(self)
        self.setHorizontalHeader(self.header)
        self.setModel(view.model())
        self.setSelectionModel(view.selectionModel())
        self.setItemDelegate(view.itemDelegate())
        self.setEditTriggers(view.editTriggers())
        self.setSelectionMode(view.selectionMode())
        self.setWordWrap(False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.verticalHeader().hide()
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(view.verticalScrollMode())  # scroll bar values in the same units
        self.setStyleSheet("QTableView { border-right: 2px solid #9aa5b1; }")
        view.viewport().stackUnder(self)
        view.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(view.verticalScrollBar().setValue)
        view.horizontalHeader().sectionResized.connect(lambda *_: self.refresh())
        self.count = 0

    def refresh(self) -> None:
        """Match the main view: which columns, their widths, row heights, header and position."""
        main = self.main
        self.count = frozen_count(main.model())
        self.setVisible(self.count > 0)
        if not self.count:
            return
        cells, rows, values = main.header.state()
        self.header.set_cells(cells, rows, values)
        self.verticalHeader().setDefaultSectionSize(main.verticalHeader().defaultSectionSize())
        for j in range(main.model().columnCount()):
            self.setColumnHidden(j, j >= self.count)
            if j < self.count:
                self.setColumnWidth(j, main.columnWidth(j))
        self.place()

    def width_needed(self) -> int:
        return sum(self.main.columnWidth(j) for j in range(self.count)) + 2

    def place(self) -> None:
        main = self.main
        self.header.setFixedHeight(main.horizontalHeader().height())
        self.setGeometry(main.verticalHeader().width() + main.frameWidth(), main.frameWidth(),
                         self.width_needed(), main.viewport().height() + main.horizontalHeader().height())
        self.verticalScrollBar().setValue(main.verticalScrollBar().value())
