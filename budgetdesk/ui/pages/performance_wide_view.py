"""The view of a wide 绩效目标表: merged cells as printed, copy and paste of blocks, indicator actions.

The indicator under the cursor is added after, removed or moved within its 一级指标 group (buttons
of the page and the context menu); the current project is announced so the page's list follows it.
Row heights are fitted to the text once per rebuild (a band's merged 绩效目标 gets the height it needs).
The four header rows stay in view above the projects (a second view of the same model, scrolled along),
and 单位, 项目名称, 金额 at the left while the indicator groups scroll sideways.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QAction, QFontMetrics, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QFrame, QMenu, QTableView, QToolTip, QVBoxLayout

from budgetdesk.core.performance.edit import parse_clipboard
from budgetdesk.core.performance.wide import FIXED_COLUMNS, HEADER_ROWS
from budgetdesk.ui.pages.performance_wide import WideTableModel
from budgetdesk.ui.pages.frozen_columns import OverlayEditing
from budgetdesk.ui.pages.performance_wide_frozen import FrozenWideColumns

# column widths in pixels: 单位, 项目名称, 金额, 绩效目标, then 指标内容 / 指标值 pairs
FIXED_WIDTHS = (96, 140, 72, 230)
CONTENT_WIDTH, VALUE_WIDTH = 116, 76
MAX_LINES = 8  # a longer 绩效目标 scrolls in its editor and shows whole in the tooltip


class WideHeadView(QTableView):
    """The header rows of the wide table, fixed above the scrolling body and scrolled sideways with it."""

    def __init__(self, body: "WideTableView"):
        super().__init__()
        self.body = body
        self.setModel(body.model())
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setWordWrap(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        body.horizontalScrollBar().valueChanged.connect(self.horizontalScrollBar().setValue)
        self.frozen = FrozenWideColumns(self, body.heights)

    def copy_layout(self) -> None:
        body, model = self.body, self.body.wide_model()
        self.clearSpans()
        for c in model.layout_.cells:
            if c.row < HEADER_ROWS and (c.rowspan > 1 or c.colspan > 1):
                self.setSpan(c.row, c.col, c.rowspan, c.colspan)
        for col in range(model.columnCount()):
            self.setColumnWidth(col, body.columnWidth(col))
        height = 0
        for row in range(min(HEADER_ROWS, model.rowCount())):
            self.setRowHeight(row, body.heights[row])
            height += body.heights[row]
        self.setFixedHeight(height + 1)
        self.setViewportMargins(0, 0, body.verticalScrollBar().sizeHint().width(), 0)
        self.horizontalScrollBar().setValue(body.horizontalScrollBar().value())
        self.frozen.refresh()

    def wheelEvent(self, event) -> None:
        self.body.wheelEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.frozen.place()


class WideTableView(OverlayEditing, QTableView):
    bandEntered = Signal(str)  # the current cell moved into this project's band

    def __init__(self, model: WideTableModel):
        super().__init__()
        self.setModel(model)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setWordWrap(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed | QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        self._band = ""
        self.heights: dict[int, int] = {}  # fitted row heights (the header rows are hidden here, shown in the head)
        self.frozen = FrozenWideColumns(self, self.heights)
        self.frozen.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.frozen.customContextMenuRequested.connect(lambda pos: self._menu(pos, self.frozen))
        self._kept: tuple[int, int, int, int] | None = None
        model.modelAboutToBeReset.connect(self._keep_position)
        model.layoutRebuilt.connect(self.apply_layout)
        model.bandsChanged.connect(self._band_changed)
        model.rejected.connect(self._rejected)
        self.head = WideHeadView(self)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.sheet = QFrame()  # the header above the body, as one bordered table
        self.sheet.setFrameShape(QFrame.Shape.StyledPanel)
        column = QVBoxLayout(self.sheet)
        column.setContentsMargins(1, 1, 1, 1)
        column.setSpacing(0)
        column.addWidget(self.head)
        column.addWidget(self, 1)

    def wide_model(self) -> WideTableModel:
        return self.model()  # type: ignore[return-value]

    # -- layout ------------------------------------------------------------------------------
    def apply_layout(self) -> None:
        model = self.wide_model()
        self.clearSpans()
        for c in model.layout_.cells:
            if c.rowspan > 1 or c.colspan > 1:
                self.setSpan(c.row, c.col, c.rowspan, c.colspan)
        for col in range(model.columnCount()):
            pair = (CONTENT_WIDTH, VALUE_WIDTH)
            width = FIXED_WIDTHS[col] if col < FIXED_COLUMNS else pair[(col - FIXED_COLUMNS) % 2]
            self.setColumnWidth(col, width)
        self.fit_rows(0, model.rowCount() - 1)
        for row in range(min(HEADER_ROWS, model.rowCount())):
            self.setRowHidden(row, True)
        self.head.copy_layout()
        self.frozen.refresh()
        if self._kept is not None:
            row, col, v, h = self._kept
            self._kept = None
            if 0 <= row < model.rowCount() and 0 <= col < model.columnCount():
                self.setCurrentIndex(model.index(row, col))
            self.verticalScrollBar().setValue(v)
            self.horizontalScrollBar().setValue(h)

    def fit_rows(self, first: int, last: int) -> None:
        """Each row as tall as its wrapped text; a band's merged cells spread their extra height over it."""
        model = self.wide_model()
        metrics = QFontMetrics(self.font())
        line = metrics.lineSpacing()
        heights: dict[int, int] = {}
        merged = []
        for c in model.layout_.cells:
            if not first <= c.row <= last:
                continue
            width = sum(self.columnWidth(k) for k in range(c.col, c.col + c.colspan)) - 8
            need = min(metrics.boundingRect(QRect(0, 0, max(width, 20), 10_000), Qt.TextFlag.TextWordWrap,
                                            c.text).height(), MAX_LINES * line) + 8 if c.text else line + 8
            if c.rowspan == 1:
                heights[c.row] = max(heights.get(c.row, line + 8), need)
            else:
                merged.append((c.row, c.rowspan, need))
        for r in range(first, last + 1):
            heights.setdefault(r, line + 8)
        for row, span, need in merged:
            rows = [r for r in range(row, row + span) if r in heights]
            short = need - sum(heights[r] for r in rows)
            for r in rows if short > 0 else ():
                heights[r] += -(-short // len(rows))
        for r, h in heights.items():
            self.setRowHeight(r, h)
        self.heights.update(heights)

    def _band_changed(self, first: int, last: int) -> None:
        self.fit_rows(first, last)
        self.frozen.refresh()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.frozen.place()

    def scrollTo(self, index: QModelIndex, hint=QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        """As usual, and a cell right of the frozen columns is not left underneath them."""
        bar = self.horizontalScrollBar()
        if index.isValid() and index.column() < self.frozen.count:  # always in view: scroll only vertically
            kept = bar.value()
            super().scrollTo(index, hint)
            bar.setValue(kept)
            return
        super().scrollTo(index, hint)
        if index.isValid():
            hidden = self.frozen.width_needed() - self.visualRect(index).left()
            if hidden > 0:
                bar.setValue(bar.value() - hidden)

    def _keep_position(self) -> None:
        index = self.currentIndex()
        self._kept = (index.row(), index.column(), self.verticalScrollBar().value(),
                      self.horizontalScrollBar().value()) if index.isValid() else None

    # -- where the cursor is -------------------------------------------------------------------
    def current_key(self) -> str | None:
        index = self.currentIndex()
        return self.wide_model().key_at(index.row()) if index.isValid() else None

    def currentChanged(self, current: QModelIndex, previous: QModelIndex) -> None:
        super().currentChanged(current, previous)
        key = self.wide_model().key_at(current.row()) if current.isValid() else None
        if key and key != self._band:
            self._band = key
            self.bandEntered.emit(key)

    def select_band(self, key: str) -> None:
        """The project's 项目名称 cell current, its band at the top of the view."""
        band = self.wide_model().band(key)
        if band is None:
            return
        self._band = key
        if self.wide_model().key_at(self.currentIndex().row()) == key:  # already there (e.g. its name was edited)
            self.scrollTo(self.currentIndex())
            return
        self.setCurrentIndex(self.wide_model().index(band[0], 1))
        self.scrollTo(self.wide_model().index(band[0], 1), QAbstractItemView.ScrollHint.PositionAtTop)

    def go_to(self, index: QModelIndex) -> None:
        if index.isValid():
            self.setCurrentIndex(index)
            self.scrollTo(index)

    # -- edits -------------------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste(QGuiApplication.clipboard().text())
            return
        if event.matches(QKeySequence.StandardKey.Copy):
            QGuiApplication.clipboard().setText(self.copy_text())
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.state() != self.State.EditingState:
            self.clear_selection()
            return
        super().keyPressEvent(event)

    def clear_selection(self) -> bool:
        """Delete: empty the selected cells (a rectangle; else the current cell) as one undo step.

        An indicator whose cells are emptied stays, so the checks name what is missing; 删除指标 removes it."""
        chosen = self.selectionModel().selectedIndexes() if self.selectionModel() else []
        rows = {i.row() for i in chosen}
        cols = {i.column() for i in chosen}
        rectangle = chosen and len(chosen) == (max(rows) - min(rows) + 1) * (max(cols) - min(cols) + 1)
        if not rectangle:
            index = self.currentIndex()
            if not index.isValid():
                return False
            rows, cols = {index.row()}, {index.column()}
        block = [[""] * (max(cols) - min(cols) + 1) for _ in range(max(rows) - min(rows) + 1)]
        return self.wide_model().paste(min(rows), min(cols), block, "清除绩效目标表中的内容")

    def copy_text(self) -> str:
        """The selected block as Excel copies it: tab-separated, a merged cell's text in its top-left only."""
        chosen = self.selectionModel().selectedIndexes() if self.selectionModel() else []
        chosen = chosen or ([self.currentIndex()] if self.currentIndex().isValid() else [])
        if not chosen:
            return ""
        rows = range(min(i.row() for i in chosen), max(i.row() for i in chosen) + 1)
        cols = range(min(i.column() for i in chosen), max(i.column() for i in chosen) + 1)
        model = self.wide_model()
        return "".join("\t".join(model.data(model.index(r, c)) or "" for c in cols) + "\n"
                       for r in rows if not self.isRowHidden(r))

    def paste(self, text: str) -> bool:
        """A block copied from Excel/WPS (or this table) from the current cell."""
        index = self.currentIndex()
        if not index.isValid() or not text:
            return False
        rows = parse_clipboard(text)
        return self.wide_model().paste(index.row(), index.column(), rows, f"粘贴 {len(rows)} 行到预算项目绩效目标表")

    def add_indicator(self) -> None:
        self.go_to(self.wide_model().add_indicator(self.currentIndex()))

    def remove_indicator(self) -> None:
        chosen = self.selectionModel().selectedIndexes() if self.selectionModel() else []
        self.wide_model().remove_indicators(chosen or [self.currentIndex()])

    def move_indicator(self, step: int) -> None:
        self.go_to(self.wide_model().move_indicator(self.currentIndex(), step))

    def _menu(self, pos, source: QTableView | None = None) -> None:
        source = source or self
        index = source.indexAt(pos)
        if index.isValid() and index.row() >= HEADER_ROWS:
            self.setCurrentIndex(index)
        model = self.wide_model()
        on_slot = model.slot(self.currentIndex()) is not None
        on_indicator = model.indicator_at(self.currentIndex()) is not None
        menu = QMenu(self)
        for text, slot, enabled in (("在此组添加指标", self.add_indicator, on_slot),
                                    ("删除指标", self.remove_indicator, on_indicator),
                                    ("在组内前移", lambda: self.move_indicator(-1), on_indicator),
                                    ("在组内后移", lambda: self.move_indicator(1), on_indicator),
                                    ("粘贴", lambda: self.paste(QGuiApplication.clipboard().text()), True)):
            action = QAction(text, menu)
            action.setEnabled(enabled)
            action.triggered.connect(slot)
            menu.addAction(action)
        found = model.indicator_at(self.currentIndex())
        to = menu.addMenu("移到其他组")
        to.setEnabled(found is not None)
        if found is not None:
            here = model.slot(self.currentIndex()).group
            for g, (name, _) in enumerate(model.groups):
                if g != here:
                    to.addAction(name).triggered.connect(lambda _=False, g=g: self.move_to_group(g))
        menu.popup(source.viewport().mapToGlobal(pos))

    def move_to_group(self, group: int) -> None:
        """The indicator under the cursor becomes one of ``group`` (its 一级指标 changes), at that group's end."""
        self.go_to(self.wide_model().move_to_group(self.currentIndex(), group))

    def _rejected(self, index: QModelIndex, message: str) -> None:
        rect = self.visualRect(index)
        QToolTip.showText(self.viewport().mapToGlobal(rect.bottomLeft()), message, self.viewport(), rect)
