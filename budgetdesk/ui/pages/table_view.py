"""The table view: behaves like Excel/WPS for typing, moving, deleting, copying and pasting.

Typing replaces the cell, F2 edits it, Enter commits and moves down, Tab moves right. Delete clears
the selected cells; Ctrl+C / Ctrl+V exchange rectangular blocks with spreadsheets as tab-separated
text. A paste is checked whole before anything changes and is one undo step.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QStyledItemDelegate, QTableView, QToolTip

from budgetdesk.core.findings import CellRef
from budgetdesk.core.money import AmountError, parse_amount
from budgetdesk.core.cell_names import describe
from budgetdesk.ui.commands import SetCellsCommand
from budgetdesk.ui.pages.frozen_columns import FrozenColumns, OverlayEditing
from budgetdesk.ui.pages.header_view import GroupHeaderView
from budgetdesk.ui.pages.table_model import TableModel


COMMIT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab)


class AmountDelegate(QStyledItemDelegate):
    """Edits only; every write goes through the model's setData.

    An amount the parser refuses keeps the editor open on its cell (Enter, Tab or leaving the editor do
    not commit it) and the reason is shown there, as a spreadsheet does: nothing typed is lost silently.
    """

    refused = Signal(QModelIndex, str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._indexes: dict[int, QPersistentModelIndex] = {}

    def createEditor(self, parent, option, index):
        editor = super().createEditor(parent, option, index)
        self._indexes[id(editor)] = QPersistentModelIndex(index)
        editor.destroyed.connect(lambda _=None, key=id(editor): self._indexes.pop(key, None))
        return editor

    def problem(self, editor) -> tuple[QModelIndex, str] | None:
        """Why the editor's text cannot be committed, or None."""
        index = self._indexes.get(id(editor))
        if index is None or not index.isValid():
            return None
        found = index.model().logical(index.row(), index.column())
        if found is None or not found[1].column.is_amount:
            return None
        try:
            parse_amount(_text(editor))
        except AmountError as exc:
            return QModelIndex(index), str(exc)
        return None

    def eventFilter(self, editor, event) -> bool:
        kind = event.type()
        if (kind == QEvent.Type.KeyPress and event.key() in COMMIT_KEYS) or kind == QEvent.Type.FocusOut:
            found = self.problem(editor)
            if found is not None:
                self.refused.emit(found[0], found[1] + "。请改正，或按 Esc 放弃")
                return True
        return super().eventFilter(editor, event)

    def setModelData(self, editor, model, index) -> None:
        model.setData(index, _text(editor), Qt.ItemDataRole.EditRole)


def _text(editor) -> str:
    return editor.text() if hasattr(editor, "text") else str(editor.property("text") or "")


class BudgetTableView(OverlayEditing, QTableView):
    message = Signal(str)

    def __init__(self, model: TableModel, values: dict[str, object], parent=None):
        super().__init__(parent)
        self.header = GroupHeaderView(self)
        self.setHorizontalHeader(self.header)
        self.setModel(model)
        self.delegate = AmountDelegate(self)
        self.delegate.refused.connect(self._show_rejection)
        self.setItemDelegate(self.delegate)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)  # smooth beside frozen columns
        self.setAlternatingRowColors(False)
        self.setWordWrap(False)
        self.verticalHeader().setDefaultSectionSize(int(self.fontMetrics().height() * 1.7))
        self.verticalHeader().setVisible(model.template.serial_column)
        self._values = values
        model.rejected.connect(self._show_rejection)
        model.modelReset.connect(self.refresh_header)
        self.frozen = FrozenColumns(self)
        self.refresh_header()

    @property
    def table_model(self) -> TableModel:
        return self.model()  # type: ignore[return-value]

    def refresh_header(self) -> None:
        cells, rows = self.table_model.header_cells()
        self.header.set_cells(cells, rows, self._values)
        unit = self.fontMetrics().horizontalAdvance("0") or 8
        for j, vc in enumerate(self.table_model.view_columns()):
            c = vc.column
            if vc.variant != "value":
                width = 11 * unit
            elif c.kind == "code":
                width = 10 * unit
            elif c.kind in ("name", "label"):
                width = int((c.width or 3) * 9 * unit)
            else:
                width = int((c.width or 1) * 14 * unit)
            self.setColumnWidth(j, width)
        self.frozen.refresh()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.frozen.place()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        if hasattr(self, "frozen"):
            self.frozen.place()

    def scrollTo(self, index, hint=QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        """Cells under the frozen columns are scrolled into view to their right, not hidden behind them."""
        if index.isValid() and index.column() < self.frozen.count:
            super().scrollTo(self.model().index(index.row(), self.frozen.count - 1 if self.frozen.count else 0), hint)
            return
        super().scrollTo(index, hint)
        if self.frozen.count and index.isValid():
            left = self.columnViewportPosition(index.column())
            covered = self.frozen.width_needed()
            if left < covered:
                bar = self.horizontalScrollBar()
                bar.setValue(bar.value() - (covered - left))

    def set_values(self, values: dict[str, object]) -> None:
        self._values = values
        self.refresh_header()

    # -- keys --------------------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            return
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.state() != QAbstractItemView.State.EditingState:
            self.clear_selection()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != QAbstractItemView.State.EditingState:
            self._move(1, 0)
            return
        super().keyPressEvent(event)

    def commitData(self, editor) -> None:
        if self.delegate.problem(editor) is None:
            super().commitData(editor)

    def closeEditor(self, editor, hint) -> None:
        if self.keeps_editor(editor, hint):
            return
        super().closeEditor(editor, hint)
        self.after_edit(hint)

    def keeps_editor(self, editor, hint) -> bool:
        """Whether a refused entry keeps its editor open (clicked elsewhere: stay on it, as with Enter)."""
        found = self.delegate.problem(editor) if hint != QAbstractItemDelegate.EndEditHint.RevertModelCache else None
        if found is None:
            return False
        index = found[0]
        self._show_rejection(index, found[1] + "。请改正，或按 Esc 放弃")
        QTimer.singleShot(0, lambda: self._back_to(editor, index))
        return True

    def after_edit(self, hint) -> None:
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:  # Enter in the editor
            self._move(1, 0)

    def _back_to(self, editor, index) -> None:
        if index.isValid():
            self.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        editor.setFocus()

    def _move(self, drow: int, dcol: int) -> None:
        current = self.currentIndex()
        if not current.isValid():
            return
        target = self.model().index(min(current.row() + drow, self.model().rowCount() - 1),
                                    min(current.column() + dcol, self.model().columnCount() - 1))
        self.setCurrentIndex(target)

    # -- clipboard and deletion --------------------------------------------------------------
    def _selected_block(self) -> tuple[int, int, int, int] | None:
        indexes = self.selectedIndexes()
        if not indexes:
            current = self.currentIndex()
            if not current.isValid():
                return None
            indexes = [current]
        rows = [i.row() for i in indexes]
        cols = [i.column() for i in indexes]
        return min(rows), min(cols), max(rows), max(cols)

    def copy_selection(self) -> str:
        block = self._selected_block()
        if block is None:
            return ""
        top, left, bottom, right = block
        m = self.table_model
        lines = []
        for r in range(top, bottom + 1):
            cells = []
            for c in range(left, right + 1):
                idx = m.index(r, c)
                value = m.data(idx, Qt.ItemDataRole.EditRole) if m.is_editable(r, c) else m.data(idx)
                cells.append(str(value or "").strip())
            lines.append("\t".join(cells))
        text = "\n".join(lines)
        QGuiApplication.clipboard().setText(text)
        return text

    def clear_selection(self) -> None:
        m = self.table_model
        changes = []
        for idx in self.selectedIndexes() or [self.currentIndex()]:
            if idx.isValid() and m.is_editable(idx.row(), idx.column()):
                r, vc = m.logical(idx.row(), idx.column())
                old = m.table.get(r.key, vc.column.key)
                if old is not None:
                    changes.append((m.table.id, r.key, vc.column.key, old, None))
        if changes:
            m.undo.push(SetCellsCommand(m.doc, changes, f"清除 {len(changes)} 个单元格"))

    def paste(self, text: str | None = None) -> bool:
        """Paste a tab-separated block at the current cell; refuse it whole if any value is bad."""
        if text is None:
            text = QGuiApplication.clipboard().text()
        current = self.currentIndex()
        if not text or not current.isValid():
            return False
        m = self.table_model
        lines = text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n").split("\n")
        changes, skipped = [], 0
        for i, line in enumerate(lines):
            for j, raw in enumerate(line.split("\t")):
                row, col = current.row() + i, current.column() + j
                if row >= m.rowCount() or col >= m.columnCount():
                    skipped += 1 if raw.strip() else 0
                    continue
                if not m.is_editable(row, col):
                    skipped += 1 if raw.strip() else 0
                    continue
                r, vc = m.logical(row, col)
                if vc.column.is_amount:
                    try:
                        new = parse_amount(raw)
                    except AmountError as exc:
                        where = describe(m.doc, CellRef(m.table.id, r.key, vc.column.key))
                        self._show_rejection(m.index(row, col), f"粘贴未完成，没有改动任何单元格：{where}{exc}"
                                                                f"（剪贴板第 {i + 1} 行第 {j + 1} 个值）")
                        return False
                else:
                    new = raw.strip() or None
                changes.append((m.table.id, r.key, vc.column.key, m.table.get(r.key, vc.column.key), new))
        if changes:
            m.undo.push(SetCellsCommand(m.doc, changes, f"粘贴 {len(changes)} 个单元格"))
        note = f"已粘贴 {len(changes)} 个单元格" + (f"，{skipped} 个落在不可编辑或表外的位置，未粘贴" if skipped else "")
        self.message.emit(note)
        bottom = m.index(min(current.row() + len(lines) - 1, m.rowCount() - 1), current.column())
        self.selectionModel().select(bottom, QItemSelectionModel.SelectionFlag.NoUpdate)
        return bool(changes)

    def _show_rejection(self, index: QModelIndex, message: str) -> None:
        rect = self.visualRect(index)
        QToolTip.showText(self.viewport().mapToGlobal(rect.bottomLeft()), message, self.viewport(), rect)
        self.message.emit(message)
