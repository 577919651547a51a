"""Frozen 编码/名称 columns: while the amounts scroll right, the subject stays in view (as in Excel's 冻结窗格).

Qt's frozen-column technique: a second view over the same model and selection, showing only the leading
non-amount columns, laid over the left edge of the main view and scrolled vertically with it.

The overlay covers the main view's own cells of those columns, so an editor the main view opened there
would be invisible, and a key the overlay handled would reach the main view too (the overlay is its
child): 金额 “500” became 5,500.00. So the keyboard belongs to the main view alone (the overlay takes no
focus and hands it every key), and an edit of a covered cell is opened in the overlay, where it is seen
(``OverlayEditing``), then focus returns to the main view.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QAbstractItemView, QFrame, QTableView


class FrozenOverlay(QTableView):
    """A second view of the main view's model and selection, laid over its leading ``count`` columns."""

    count = 0

    def __init__(self, view: QTableView):
        super().__init__(view)
        self.main = view
        self.setModel(view.model())
        if view.selectionMode() is not QAbstractItemView.SelectionMode.NoSelection:
            self.setSelectionModel(view.selectionModel())
        self.setSelectionMode(view.selectionMode())
        self.setEditTriggers(view.editTriggers())
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFocusProxy(view)  # a click here leaves the keyboard with the main view
        self.verticalHeader().hide()
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(view.verticalScrollMode())  # scroll bar values in the same units
        self.setStyleSheet("QTableView { border: none; }")  # the split line is drawn under the header only
        view.viewport().stackUnder(self)
        view.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(view.verticalScrollBar().setValue)

    def paintEvent(self, event) -> None:
        """The cells, then the split line at the right edge of the body — not through the header, where a cell
        merged over frozen and scrolling columns is drawn whole."""
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        painter.setPen(QPen(QColor("#9aa5b1"), 2))
        x = self.viewport().width() - 1
        painter.drawLine(x, 0, x, self.viewport().height())
        painter.end()

    def covers(self, index) -> bool:
        return self.isVisible() and index.isValid() and index.column() < self.count

    def keyPressEvent(self, event) -> None:
        if self.state() == QAbstractItemView.State.EditingState:  # a key its own editor passed on (Enter)
            super().keyPressEvent(event)
        else:
            self.main.keyPressEvent(event)  # one place handles keys: never both views

    def closeEditor(self, editor, hint) -> None:
        super().closeEditor(editor, hint)
        self.main.setFocus()

    def width_needed(self) -> int:
        return sum(self.main.columnWidth(j) for j in range(self.count))


class OverlayEditing:
    """For a main view with a ``frozen`` overlay: a covered cell is edited in the overlay, where it is seen."""

    frozen: FrozenOverlay

    def edit(self, index, trigger=None, event=None):
        if trigger is None:  # the public slot edit(index)
            return super().edit(index)
        frozen = getattr(self, "frozen", None)
        if frozen is not None and frozen.covers(index):
            return frozen.edit(index, trigger, event)
        return super().edit(index, trigger, event)

    # A Chinese input method's composition (拼音 typed, then the characters chosen) arrives at the focused main
    # view. Qt's own handling keeps the keyboard on the view until the first commit and hands the composition
    # to the editor it opened; that has to run in the view that owns the editor. Run in the main view for a
    # covered cell (编码, 名称), the overlay's editor took the keyboard at the first letter. On Windows, Qt's
    # input context cancels a composition when the focus moves: the letters typed so far went to the table,
    # not into the cell. Where it does not, the main view was left waiting for a commit that never came: its
    # later editors (F2 or typing on an amount) opened without the keyboard and the digits typed were lost.
    def inputMethodEvent(self, event) -> None:
        frozen = getattr(self, "frozen", None)
        if frozen is not None and frozen.covers(self.currentIndex()):
            frozen.inputMethodEvent(event)
            return
        super().inputMethodEvent(event)

    def inputMethodQuery(self, query):
        """For a covered cell the overlay answers (where its editor is: the candidate window goes there)."""
        frozen = getattr(self, "frozen", None)
        if frozen is None or not frozen.covers(self.currentIndex()):
            return super().inputMethodQuery(query)
        value = frozen.inputMethodQuery(query)
        if isinstance(value, QRect):
            return QRect(frozen.mapTo(self, value.topLeft()), value.size())
        return value

from budgetdesk.ui.pages.header_view import GroupHeaderView


def frozen_count(model) -> int:
    """How many leading columns are codes, names or labels (frozen only if amounts follow)."""
    n = 0
    for vc in model.view_columns():
        if vc.column.kind not in ("code", "name", "label"):
            break
        n += 1
    return n if n < model.columnCount() else 0


class FrozenColumns(FrozenOverlay):
    """The budget tables' 编码/名称 columns, edited as the main view edits (Enter moves down).

    A delegate of its own (the main view's kind): a shared one would send each view's editor signals
    to both views, and one Enter would move down twice.
    """

    def __init__(self, view):
        super().__init__(view)
        self.header = GroupHeaderView(self)
        self.setHorizontalHeader(self.header)
        self.setItemDelegate(type(view.itemDelegate())(self))
        self.setWordWrap(False)
        view.horizontalHeader().sectionResized.connect(lambda *_: self.refresh())
        view.horizontalScrollBar().valueChanged.connect(lambda *_: self.header.viewport().update())

    def closeEditor(self, editor, hint) -> None:
        super().closeEditor(editor, hint)
        self.main.after_edit(hint)

    def refresh(self) -> None:
        """Match the main view: which columns, their widths, row heights, header and position."""
        main = self.main
        self.count = frozen_count(main.model())
        self.setVisible(self.count > 0)
        main.header.set_split(self.count, main.header)  # merged cells over the split are drawn whole
        if not self.count:
            return
        cells, rows, values = main.header.state()
        self.header.set_cells(cells, rows, values)
        self.header.set_split(self.count, main.header)
        self.verticalHeader().setDefaultSectionSize(main.verticalHeader().defaultSectionSize())
        for j in range(main.model().columnCount()):
            self.setColumnHidden(j, j >= self.count)
            if j < self.count:
                self.setColumnWidth(j, main.columnWidth(j))
        self.place()

    def place(self) -> None:
        main = self.main
        self.header.setFixedHeight(main.horizontalHeader().height())
        self.setGeometry(main.verticalHeader().width() + main.frameWidth(), main.frameWidth(),
                         self.width_needed(), main.viewport().height() + main.horizontalHeader().height())
        self.verticalScrollBar().setValue(main.verticalScrollBar().value())
