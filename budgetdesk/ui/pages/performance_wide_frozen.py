"""单位, 项目名称 and 金额 stay in view while the wide table's indicator groups scroll sideways (冻结窗格).

Qt's frozen-column technique, as ``frozen_columns`` does for the budget tables: a second view of the
same model (and selection) laid over the left edge, showing only the leading columns with the same
merged cells and row heights, scrolled vertically with the main view.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTableView

from budgetdesk.ui.pages.frozen_columns import FrozenOverlay

FROZEN_COLUMNS = 3  # 单位, 项目名称, 金额


class FrozenWideColumns(FrozenOverlay):
    def __init__(self, view: QTableView, heights: dict[int, int], count: int = FROZEN_COLUMNS):
        super().__init__(view)
        self.heights, self.count = heights, count
        self.setWordWrap(True)
        self.horizontalHeader().hide()

    def refresh(self) -> None:
        """The main view's spans, widths, hidden rows and heights for the leading columns."""
        main, model = self.main, self.main.model()
        self.clearSpans()
        for c in getattr(model, "layout_").cells:
            if c.col < self.count and (c.rowspan > 1 or c.colspan > 1):
                self.setSpan(c.row, c.col, c.rowspan, c.colspan)
        for j in range(model.columnCount()):
            self.setColumnHidden(j, j >= self.count)
            if j < self.count:
                self.setColumnWidth(j, main.columnWidth(j))
        for r in range(model.rowCount()):
            self.setRowHidden(r, main.isRowHidden(r))
            self.setRowHeight(r, self.heights.get(r, main.rowHeight(r)))
        self.place()

    def place(self) -> None:
        main = self.main
        self.setGeometry(main.frameWidth(), main.frameWidth(), self.width_needed(), main.viewport().height())
        self.verticalScrollBar().setValue(main.verticalScrollBar().value())
