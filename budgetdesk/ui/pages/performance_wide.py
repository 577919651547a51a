"""The Qt model of a wide 绩效目标表 (永川 预算项目绩效目标表): every project as a band of rows, as printed.

Cells are those of ``core.performance.layout.wide_layout`` — the same header bands, project bands and
merged cells as the Excel and PDF export. An empty (指标内容, 指标值) slot of a band is editable too:
text typed or pasted there becomes a new indicator of that slot's 一级指标 group. Every write is a pure
edit of the targets (``core.performance.edit`` / ``wide``) pushed as one undo command.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QFont

from budgetdesk.core.document import Document
from budgetdesk.core.findings import Finding, Severity
from budgetdesk.core.money import AmountError
from budgetdesk.core.performance.checks import FIELD_LABELS
from budgetdesk.core.performance.edit import PRINTED, remove_indicators
from budgetdesk.core.performance.forms import PerformanceForms
from budgetdesk.core.performance.layout import FormCell, FormLayout, wide_layout
from budgetdesk.core.performance.model import PerformanceChanged, PerformanceTarget, TargetKind, short_level
from budgetdesk.core.performance.wide import (FIXED_COLUMNS, HEADER_ROWS, Slot, add_to_group, group_columns,
                                              indicator_slot, move_to_group, move_within_group, paste_cells, placed, slot_at,
                                              slot_position, wide_groups)
from budgetdesk.ui.pages.performance_model import FINDINGS_ROLE, LABEL_BACKGROUND, ReplaceTargetsCommand
from budgetdesk.ui.pages.table_model import ERROR_CELL, EXPLAINED_CELL, ROUNDING_CELL, WARNING_CELL

_BY_LABEL = {label: field for field, label in FIELD_LABELS.items()}
_ALL_PROJECTS = ("project_sum", "function:")  # findings about every project: shown at the 金额 header


def _indicator(field: str) -> int | None:
    return int(field.split(":")[1]) if field.startswith("indicator:") else None


class WideTableModel(QAbstractTableModel):
    layoutRebuilt = Signal()  # rows or spans changed: the view re-applies spans and row heights
    bandsChanged = Signal(int, int)  # cells of these rows changed in place
    rejected = Signal(QModelIndex, str)

    def __init__(self, doc: Document, undo, forms: PerformanceForms, parent=None):
        super().__init__(parent)
        self.doc, self.undo, self.forms = doc, undo, forms
        self.groups = wide_groups(forms)
        self.kind: TargetKind | None = None
        self.layout_ = FormLayout((), 0, 0)
        self._cells: dict[tuple[int, int], FormCell] = {}
        self._fields: dict[tuple[str, str], tuple[int, int]] = {}
        self._bands: dict[str, tuple[int, int]] = {}
        self.findings: list[Finding] = []
        self._found: dict[tuple[int, int], list[Finding]] = {}
        self._unsubscribe = doc.subscribe(self._on_event)

    # -- which targets -----------------------------------------------------------------------
    def targets(self) -> list[PerformanceTarget]:
        return self.doc.performance.of_kind(self.kind) if self.kind else []

    def show_kind(self, kind: TargetKind | None) -> None:
        if kind != self.kind:
            self.kind = kind
            self.rebuild()

    def _build(self) -> None:
        targets = self.targets()
        self._set_layout(wide_layout(targets, self.forms) if targets else FormLayout((), 0, 0))

    def _set_layout(self, layout: FormLayout) -> None:
        self.layout_ = layout
        self._cells = {(c.row, c.col): c for c in layout.cells}
        self._fields = {(c.key, c.field): (c.row, c.col) for c in layout.cells if c.key}
        self._bands = {key: (row, height) for key, row, height in layout.bands}
        self._place_findings()

    def rebuild(self) -> None:
        self.beginResetModel()
        self._build()
        self.endResetModel()
        self.layoutRebuilt.emit()

    def refresh(self, key: str | None = None) -> None:
        """After an edit: cells swapped in place when no band moved or changed height, else a rebuilt table."""
        targets = self.targets()
        layout = wide_layout(targets, self.forms) if targets else FormLayout((), 0, 0)
        if layout.bands != self.layout_.bands or layout.cols != self.layout_.cols:
            self.beginResetModel()
            self._set_layout(layout)
            self.endResetModel()
            self.layoutRebuilt.emit()
            return
        self._set_layout(layout)
        first, height = self._bands.get(key or "") or (HEADER_ROWS, layout.rows - HEADER_ROWS)
        if height > 0:
            self.dataChanged.emit(self.index(first, 0), self.index(first + height - 1, layout.cols - 1))
            self.bandsChanged.emit(first, first + height - 1)

    def close(self) -> None:
        if self._unsubscribe:
            self._unsubscribe()
            self._unsubscribe = None

    def _on_event(self, event) -> None:
        if isinstance(event, PerformanceChanged) and self.kind is not None:
            t = event.new or event.old
            if t is not None and t.kind is self.kind:
                self.refresh(event.key if event.old is not None and event.new is not None else None)

    # -- positions ---------------------------------------------------------------------------
    def band(self, key: str) -> tuple[int, int] | None:
        """(first row, rows) of a project's band."""
        return self._bands.get(key)

    def key_at(self, row: int) -> str | None:
        return next((k for k, (r, h) in self._bands.items() if r <= row < r + h), None)

    def cell(self, index: QModelIndex) -> FormCell | None:
        return self._cells.get((index.row(), index.column()))

    def slot(self, index: QModelIndex) -> Slot | None:
        """The (possibly empty) indicator slot at ``index``."""
        cell = self.cell(index)
        if cell is not None and cell.key and _indicator(cell.field) is not None:
            t = self.doc.performance.get(cell.key)
            return indicator_slot(t, self.groups, _indicator(cell.field), cell.field.rsplit(":", 1)[1]) if t else None
        if cell is not None:
            return None
        return slot_at(self.layout_.bands, self.groups, index.row(), index.column())

    def indicator_at(self, index: QModelIndex) -> tuple[PerformanceTarget, int] | None:
        cell = self.cell(index)
        if cell is None or _indicator(cell.field) is None:
            return None
        t = self.doc.performance.get(cell.key)
        return (t, _indicator(cell.field)) if t else None

    def index_of(self, key: str, field: str) -> QModelIndex:
        at = self._fields.get((key, field))
        return self.index(*at) if at else QModelIndex()

    # -- findings ----------------------------------------------------------------------------
    def set_findings(self, findings: list[Finding]) -> None:
        """Only cells whose findings changed are repainted (an edit re-sends the whole list)."""
        self.findings = [f for f in findings if f.table == "performance"]
        before = self._found
        self._place_findings()
        for at in before.keys() | self._found.keys():
            if before.get(at) != self._found.get(at) and at[0] < self.rowCount():
                self.dataChanged.emit(self.index(*at), self.index(*at))

    def _place_findings(self) -> None:
        self._found = {}
        for f in self.findings:
            at = self.position_of(f)
            if at is not None:
                self._found.setdefault(at, []).append(f)

    def position_of(self, finding: Finding) -> tuple[int, int] | None:
        """The cell a finding is about: the indicator's value, the field's cell, else the project's name."""
        column = finding.column or ""
        if finding.row is None:
            return (0, 2) if column.startswith(_ALL_PROJECTS) and self._bands else None
        band = self._bands.get(finding.row)
        if band is None:
            return None
        key = finding.row
        if column.startswith("indicator:"):
            at = self._fields.get((key, f"{column}:{PRINTED}")) or self._fields.get((key, f"{column}:level3"))
            if at:
                return at
        if column == "fields":
            column = _BY_LABEL.get((finding.column_label or "").split("、")[0], "")
        if column == "level1":  # a missing group: its first slot, where the indicator is to be typed
            t, missing = self.doc.performance.get(key), finding.message.rsplit("：", 1)[-1]
            for g, (name, _) in enumerate(self.groups):
                if t is not None and short_level(name) in missing and not placed(t, self.groups)[g]:
                    return band[0], group_columns(g, self.groups)[0]
        if column == "name":
            column = "code_name"
        at = self._fields.get((key, column)) or next(
            (pos for (k, field), pos in self._fields.items() if k == key and field.endswith(":" + column)), None)
        return at or self._fields.get((key, "code_name"))

    def index_of_finding(self, finding: Finding) -> QModelIndex:
        at = self.position_of(finding)
        return self.index(*at) if at else QModelIndex()

    # -- Qt model ----------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self.layout_.rows

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self.layout_.cols

    def flags(self, index):
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        cell = self.cell(index)
        # every position below the header and right of the fixed columns is a slot of some band
        in_slots = index.row() >= HEADER_ROWS and index.column() >= FIXED_COLUMNS
        editable = cell.field != "" if cell is not None else in_slots
        return base | Qt.ItemFlag.ItemIsEditable if editable else base

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        cell = self.cell(index)
        at = (index.row(), index.column())
        if cell is None:
            found = self._found.get(at, [])
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return ""
            return self._finding_roles(found, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text
        if role == Qt.ItemDataRole.EditRole:  # an amount in full, not as rounded for print
            return f"{cell.value:f}" if cell.role == "amount" and cell.value is not None else cell.text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if cell.role == "header":
                return int(Qt.AlignmentFlag.AlignCenter)
            if cell.role == "amount":
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if cell.role == "header":
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return QBrush(LABEL_BACKGROUND) if role == Qt.ItemDataRole.BackgroundRole else None
        if role == Qt.ItemDataRole.ToolTipRole and not self._found.get(at) and len(cell.text) > 40:
            return cell.text
        return self._finding_roles(self._found.get(at, []), role)

    @staticmethod
    def _finding_roles(found: list[Finding], role):
        if role == FINDINGS_ROLE:
            return found
        if not found:
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            worst = min(found, key=lambda f: f.severity.rank)
            color = {Severity.ERROR: ERROR_CELL, Severity.WARNING: WARNING_CELL,
                     Severity.ROUNDING: ROUNDING_CELL}[worst.severity]
            return QBrush(EXPLAINED_CELL if worst.explained else color)
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(f.message for f in found)
        return None

    # -- edits -------------------------------------------------------------------------------
    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        t = self.doc.performance.get(self.key_at(index.row()) or "")
        return self.paste(index.row(), index.column(), [["" if value is None else str(value)]],
                          f"修改绩效目标“{t.title[:16] if t else ''}”")

    def paste(self, row: int, col: int, block: list[list[str]], text: str = "") -> bool:
        """A block of cells from (row, col) — in place, into empty slots (new indicators) — as one undo step."""
        targets = {t.key: t for t in self.targets()}
        cells = {at: (c.key, c.field) for at, c in self._cells.items() if c.key and c.field}
        try:
            changed = paste_cells(targets, cells, self.layout_.bands, self.groups, row, col, block)
        except AmountError as exc:
            self.rejected.emit(self.index(row, col), f"不是有效的数：{exc}")
            return False
        if not changed:
            return False
        text = text or f"粘贴 {len(block)} 行到预算项目绩效目标表"
        self.undo.push(ReplaceTargetsCommand(self.doc, [(targets[k], t) for k, t in changed.items()], text))
        return True

    def add_indicator(self, index: QModelIndex) -> QModelIndex:
        """A new indicator in the group under ``index``, after the one there; the new 指标内容 cell."""
        slot = self.slot(index)
        t = self.doc.performance.get(slot.key) if slot else None
        if slot is None or t is None:
            return QModelIndex()
        found = self.indicator_at(index)
        new, at = add_to_group(t, self.groups, slot.group, found[1] if found else None)
        self.undo.push(ReplaceTargetsCommand(self.doc, [(t, new)], "添加绩效指标"))
        return self.index_of_slot(indicator_slot(new, self.groups, at))

    def remove_indicators(self, indexes: list[QModelIndex]) -> int:
        chosen: dict[str, set[int]] = {}
        for index in indexes:
            found = self.indicator_at(index)
            if found:
                chosen.setdefault(found[0].key, set()).add(found[1])
        if not chosen:
            return 0
        pairs = [(self.doc.performance.target(k), remove_indicators(self.doc.performance.target(k), sorted(v)))
                 for k, v in chosen.items()]
        n = sum(len(v) for v in chosen.values())
        self.undo.push(ReplaceTargetsCommand(self.doc, pairs, f"删除 {n} 个绩效指标"))
        return n

    def move_to_group(self, index: QModelIndex, group: int) -> QModelIndex:
        """The indicator under ``index`` moved into another 一级指标 group (one undo step); its new 指标内容 cell."""
        found = self.indicator_at(index)
        if found is None:
            return index
        t, i = found
        new, at = move_to_group(t, self.groups, i, group)
        if new == t:
            return index
        self.undo.push(ReplaceTargetsCommand(self.doc, [(t, new)], f"把绩效指标移到“{self.groups[group][0]}”"))
        return self.index_of_slot(indicator_slot(new, self.groups, at))

    def move_indicator(self, index: QModelIndex, step: int) -> QModelIndex:
        found, cell = self.indicator_at(index), self.cell(index)
        if found is None or cell is None:
            return index
        t, i = found
        new, to = move_within_group(t, self.groups, i, step)
        if new == t:
            return index
        self.undo.push(ReplaceTargetsCommand(self.doc, [(t, new)], "移动绩效指标"))
        return self.index_of(t.key, f"indicator:{to}:{cell.field.rsplit(':', 1)[1]}")

    def index_of_slot(self, slot: Slot) -> QModelIndex:
        band = self._bands.get(slot.key)
        return self.index(*slot_position(slot, band[0], self.groups)) if band else QModelIndex()
