"""The Qt model of one 绩效目标表 form: a thin adapter over ``core.performance`` layout and edits.

Cells are those of the printed stacked form (``stacked_layout``; a wide table is ``performance_wide``);
the view applies their spans. Every write goes through ``setData`` → a pure edit of the target → one
``ReplaceTargetCommand`` on the undo stack, so typing, paste, adding, removing and moving indicator rows
all undo the same way.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QUndoCommand

from budgetdesk.core.document import Document
from budgetdesk.core.findings import Finding, Severity
from budgetdesk.core.money import AmountError
from budgetdesk.core.performance.edit import set_field
from budgetdesk.core.performance.forms import FormSpec, PerformanceForms
from budgetdesk.core.performance.layout import FormCell, FormLayout, stacked_layout
from budgetdesk.core.performance.model import PerformanceChanged, PerformanceTarget, TargetKind
from budgetdesk.ui.pages.table_model import ERROR_CELL, EXPLAINED_CELL, ROUNDING_CELL, WARNING_CELL
from budgetdesk.ui.tooltips import wrapped

LABEL_BACKGROUND = QColor("#eef1f5")
FINDINGS_ROLE = Qt.ItemDataRole.UserRole + 1


class ReplaceTargetCommand(QUndoCommand):
    """One edit of a target (a cell, a pasted block, a row added/removed/moved) as one undo step."""

    def __init__(self, doc: Document, old: PerformanceTarget, new: PerformanceTarget, text: str):
        super().__init__(text)
        self.doc, self.old, self.new = doc, old, new

    def redo(self) -> None:
        self.doc.performance.replace(self.new)

    def undo(self) -> None:
        self.doc.performance.replace(self.old)


class ReplaceTargetsCommand(QUndoCommand):
    """Several targets changed by one action (a block pasted across projects) as one undo step."""

    def __init__(self, doc: Document, pairs: list[tuple[PerformanceTarget, PerformanceTarget]], text: str):
        super().__init__(text)
        self.doc, self.pairs = doc, pairs

    def redo(self) -> None:
        for _, new in self.pairs:
            self.doc.performance.replace(new)

    def undo(self) -> None:
        for old, _ in reversed(self.pairs):
            self.doc.performance.replace(old)


class AddTargetCommand(QUndoCommand):
    def __init__(self, doc: Document, target: PerformanceTarget, position: int | None = None):
        super().__init__(f"添加{target.label}")
        self.doc, self.target, self.position = doc, target, position

    def redo(self) -> None:
        self.doc.performance.add(self.target, self.position)

    def undo(self) -> None:
        self.doc.performance.remove(self.target.key)


class RemoveTargetCommand(QUndoCommand):
    def __init__(self, doc: Document, key: str):
        super().__init__("删除绩效目标")
        self.doc, self.key = doc, key
        self.position, self.target = 0, doc.performance.target(key)

    def redo(self) -> None:
        self.position, self.target = self.doc.performance.remove(self.key)

    def undo(self) -> None:
        self.doc.performance.add(self.target, self.position)


class MoveTargetCommand(QUndoCommand):
    """A target moved to ``position`` in the printed order (projects print in the order of the book)."""

    def __init__(self, doc: Document, key: str, position: int):
        super().__init__("调整绩效目标顺序")
        self.doc, self.key, self.position = doc, key, position
        self.before = doc.performance.keys().index(key)

    def redo(self) -> None:
        self.doc.performance.move(self.key, self.position)

    def undo(self) -> None:
        self.doc.performance.move(self.key, self.before)


def editing_form(forms: PerformanceForms, kind: TargetKind) -> FormSpec | None:
    """The form ``kind`` is printed on (a kind without its own form uses the project form)."""
    return forms.form(kind) or forms.form(TargetKind.PROJECT)


def is_wide(forms: PerformanceForms, kind: TargetKind) -> bool:
    """Whether targets of ``kind`` print as one row each in a wide table (edited in ``performance_wide``)."""
    form = editing_form(forms, kind)
    return form is not None and form.layout == "wide"


class PerformanceFormModel(QAbstractTableModel):
    layoutRebuilt = Signal()
    rejected = Signal(QModelIndex, str)

    def __init__(self, doc: Document, undo, forms: PerformanceForms, parent=None):
        super().__init__(parent)
        self.doc, self.undo, self.forms = doc, undo, forms
        self.key: str | None = None
        self.layout_ = FormLayout((), 0, 0)
        self._grid: dict[tuple[int, int], FormCell] = {}
        self.findings: list[Finding] = []
        self._unsubscribe = doc.subscribe(self._on_event)

    # -- which target ------------------------------------------------------------------------
    def target(self) -> PerformanceTarget | None:
        return self.doc.performance.get(self.key) if self.key else None

    def form(self) -> FormSpec | None:
        t = self.target()
        return self.forms.form_of(t) if t else None

    def show_target(self, key: str | None) -> None:
        self.key = key
        self.rebuild()

    def rebuild(self) -> None:
        self.beginResetModel()
        t = self.target()
        self.layout_ = stacked_layout(t, self.form()) if t else FormLayout((), 0, 0)
        self._grid = {(c.row, c.col): c for c in self.layout_.cells}
        self.endResetModel()
        self.layoutRebuilt.emit()

    def close(self) -> None:
        if self._unsubscribe:
            self._unsubscribe()
            self._unsubscribe = None

    def _on_event(self, event) -> None:
        if isinstance(event, PerformanceChanged) and event.key == self.key:
            if event.new is None:
                self.key = None
            self.rebuild()

    # -- findings ----------------------------------------------------------------------------
    def set_findings(self, findings: list[Finding]) -> None:
        self.findings = [f for f in findings if f.table == "performance"]
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    def findings_of(self, cell: FormCell) -> list[Finding]:
        if not cell.field or self.key is None:
            return []
        out = []
        for f in self.findings:
            if f.row != self.key or not f.column:
                continue
            if f.column == cell.field or cell.field.startswith(f.column + ":") or cell.field.endswith(":" + f.column):
                out.append(f)
        return out

    def index_of_field(self, field: str | None) -> QModelIndex:
        for c in self.layout_.cells:
            if field and (c.field == field or c.field.startswith(field + ":") or c.field.endswith(":" + field)):
                return self.index(c.row, c.col)
        return self.index(0, 0) if self.rowCount() else QModelIndex()

    def indicator_of(self, index: QModelIndex) -> int | None:
        cell = self._grid.get((index.row(), index.column()))
        if cell and cell.field.startswith("indicator:"):
            return int(cell.field.split(":")[1])
        if self.layout_.indicator_row >= 0 and index.row() >= self.layout_.indicator_row \
                and not 0 <= self.layout_.footer_row <= index.row():  # (not a 自评表's 总分 under them)
            return index.row() - self.layout_.indicator_row
        return None

    def cell(self, index: QModelIndex) -> FormCell | None:
        return self._grid.get((index.row(), index.column()))

    # -- Qt model ----------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self.layout_.rows

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self.layout_.cols

    def flags(self, index):
        cell = self.cell(index)
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if cell is not None and cell.field else base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        cell = self.cell(index)
        if cell is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return cell.text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if cell.role in ("label", "header"):
                return int(Qt.AlignmentFlag.AlignCenter)
            if cell.role == "amount":
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and cell.role in ("label", "header"):
            font = QFont()
            font.setBold(True)
            return font
        found = self.findings_of(cell)
        if role == Qt.ItemDataRole.BackgroundRole:
            if cell.role in ("label", "header"):
                return QBrush(LABEL_BACKGROUND)
            if found:
                worst = min(found, key=lambda f: f.severity.rank)
                color = {Severity.ERROR: ERROR_CELL, Severity.WARNING: WARNING_CELL,
                         Severity.ROUNDING: ROUNDING_CELL}[worst.severity]
                return QBrush(EXPLAINED_CELL if worst.explained else color)
            return None
        if role == Qt.ItemDataRole.ToolTipRole and found:
            return wrapped("\n".join(f.message for f in found))
        if role == FINDINGS_ROLE:
            return found
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        cell, target = self.cell(index), self.target()
        if role != Qt.ItemDataRole.EditRole or cell is None or not cell.field or target is None:
            return False
        try:
            new = set_field(target, cell.field, value)
        except AmountError as exc:
            self.rejected.emit(index, f"“{value}”不是有效的数：{exc}")
            return False
        if new == target:
            return False
        self.undo.push(ReplaceTargetCommand(self.doc, target, new, f"修改绩效目标“{target.title[:16]}”"))
        return True

    def replace_target(self, new: PerformanceTarget, text: str) -> None:
        old = self.target()
        if old is not None and new != old:
            self.undo.push(ReplaceTargetCommand(self.doc, old, new, text))
