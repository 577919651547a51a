"""The Qt model of one table: a thin adapter over the core ``TableData``.

Rows are the printed lines (``core.layout.printed_rows``), columns the template's leaf columns
(plus 上年 / 增减 / 增减% beside each amount column when last year's figures are shown). Reading
formats figures; writing goes through an undo command to the document; the live checker's deltas
only repaint the rows they touch.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QUndoStack

from budgetdesk.core.codes import code_level
from budgetdesk.core.document import CellChanged, Document, Event, LiveTotalsChanged, RowsChanged, Row
from budgetdesk.core.fill import computed_cells
from budgetdesk.core.findings import Finding, FindingDelta
from budgetdesk.core.layout import PrintedRow, printed_rows
from budgetdesk.core.money import AmountError, canonical, format_amount, parse_amount
from budgetdesk.core.template import Column, HeaderCell
from budgetdesk.ui.commands import SetCellsCommand
from budgetdesk.ui.tooltips import wrapped

ERROR_CELL, ERROR_ROW = QColor("#f3a3a3"), QColor("#fde3e3")
WARNING_CELL, WARNING_ROW = QColor("#ffc979"), QColor("#fff3df")
EXPLAINED_CELL = QColor("#d9e7fb")
ROUNDING_CELL = QColor("#e9efe4")
COMPUTED_CELL = QColor("#e6eaf0")  # 实时合计: computed from its parts, read-only (like 久其's formula cells)
SUSPECT_CELL = QColor("#e5534b")  # the cell a failed relation most likely comes from: look here first
PRIOR_TEXT = QColor("#5b6b7a")
TOTAL_BANDS = {"total", "subtotal", "head"}
FindingRole = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class ViewColumn:
    column: Column
    variant: str = "value"  # value | prior | change | pct

    @property
    def label(self) -> str:
        return {"value": self.column.label, "prior": "上年", "change": "增减", "pct": "增减%"}[self.variant]


class TableModel(QAbstractTableModel):
    rejected = Signal(QModelIndex, str)  # a value refused, with the reason to show at the cell

    def __init__(self, doc: Document, table_id: str, undo: QUndoStack, findings: list[Finding] | None = None):
        super().__init__()
        self.doc = doc
        self.table = doc.table(table_id)
        self.template = self.table.template
        self.undo = undo
        self.show_prior = False
        self._columns = self._view_columns()
        self._rows: list[PrintedRow] = printed_rows(self.table)
        self._row_of_key: dict[str, int] = {}
        self._index_rows()
        self._computed: set[tuple[str, str]] | None = None
        # findings by row, then by column (None: the whole row): painting a cell looks up only its row
        self._marks: dict[str, dict[str | None, list[Finding]]] = {}
        # finding key → this table's cells that finding names as suspects (findings of any table)
        self._suspected: dict[str, tuple[tuple[str | None, str | None], ...]] = {}
        for f in findings or []:
            self._note_suspects(f)
            if f.table == self.table.id:
                self._mark(f)
        self._unsubscribe = doc.subscribe(self._on_event)

    # -- structure ---------------------------------------------------------------------------
    def _view_columns(self) -> list[ViewColumn]:
        out = []
        for c in self.template.columns:
            out.append(ViewColumn(c))
            if self.show_prior and c.is_amount and c.prior_of is None:
                out.extend(ViewColumn(c, v) for v in ("prior", "change", "pct"))
        return out

    def set_show_prior(self, on: bool) -> None:
        self.beginResetModel()
        self.show_prior = on
        self._columns = self._view_columns()
        self.endResetModel()

    def _index_rows(self) -> None:
        self._row_of_key = {}
        for i, pr in enumerate(self._rows):
            for r in pr.cells.values():
                if r is not None:
                    self._row_of_key[r.key] = i

    def view_columns(self) -> list[ViewColumn]:
        return list(self._columns)

    def header_cells(self) -> tuple[list[HeaderCell], int]:
        """Header grid for the current columns: the template's spans, widened for 上年 columns."""
        base = self.template.header
        rows = self.template.header_rows
        if not self.show_prior:
            return list(base), rows
        start: dict[int, int] = {}
        col = 0
        widths: dict[int, int] = {}
        for i, c in enumerate(self.template.columns):
            start[i] = col
            widths[i] = 4 if (c.is_amount and c.prior_of is None) else 1
            col += widths[i]
        out: list[HeaderCell] = []
        for cell in base:
            first = start[cell.col]
            span = sum(widths[i] for i in range(cell.col, cell.col + cell.colspan))
            is_leaf = cell.row + cell.rowspan == rows
            if is_leaf and cell.colspan == 1 and widths[cell.col] == 4:
                out.append(HeaderCell(cell.label, cell.row, first, cell.rowspan, 4))
                for k, label in enumerate(("本年", "上年", "增减", "增减%")):
                    out.append(HeaderCell(label, rows, first + k, 1, 1))
            elif is_leaf:
                out.append(HeaderCell(cell.label, cell.row, first, cell.rowspan + 1, span))
            else:
                out.append(HeaderCell(cell.label, cell.row, first, cell.rowspan, span))
        return out, rows + 1

    # -- Qt model API ------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def logical(self, row: int, column: int) -> tuple[Row, ViewColumn] | None:
        """The document row and column behind a view cell (None for padding cells of two-sided tables)."""
        if not (0 <= row < len(self._rows) and 0 <= column < len(self._columns)):
            return None
        vc = self._columns[column]
        r = self._rows[row].row_for(vc.column.side)
        return None if r is None else (r, vc)

    def is_editable(self, row: int, column: int) -> bool:
        found = self.logical(row, column)
        if found is None:
            return False
        r, vc = found
        if vc.variant != "value":
            return False
        kind = vc.column.kind
        if kind == "amount" and self.is_computed(r.key, vc.column.key):
            return False
        return kind in ("amount", "text") or (kind == "name" and r.is_code_row)

    def is_computed(self, row: str, column: str) -> bool:
        """A total that 实时合计 computes from its parts (only while the document's switch is on)."""
        if not self.doc.live_totals:
            return False
        if self._computed is None:
            self._computed = computed_cells(self.doc, self.table.id)
        return (row, column) in self._computed

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.is_editable(index.row(), index.column()):
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        found = self.logical(index.row(), index.column())
        if found is None:
            return None
        r, vc = found
        col = vc.column
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, vc)
        if role == Qt.ItemDataRole.EditRole:
            v = self.table.get(r.key, col.key)
            if col.is_amount:
                return canonical(v) if isinstance(v, Decimal) else ""
            return "" if v is None else str(v)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col.is_amount:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = self._background(r, col.key if vc.variant == "value" else None)
            return QBrush(colour) if colour else None
        if role == Qt.ItemDataRole.ForegroundRole and vc.variant != "value":
            return QBrush(PRIOR_TEXT)
        if role == Qt.ItemDataRole.FontRole and r.spec is not None and r.spec.band in TOTAL_BANDS:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self._tooltip(r, col.key)
            if vc.variant == "value" and col.is_amount and self.is_computed(r.key, col.key):
                return wrapped("实时合计：由明细自动计算，不能直接输入" + (f"\n\n{tip}" if tip else ""))
            return wrapped(tip)
        if role == FindingRole:
            return self._cell_marks(r.key, col.key)
        return None

    def _display(self, r: Row, vc: ViewColumn) -> str:
        col = vc.column
        if col.kind == "code":
            return r.code or (r.label if r.spec is not None and r.spec.band == "total" and not self._has_name() else "")
        if col.kind == "name":
            if r.is_code_row:
                return "　" * max(code_level(r.code or "") - 1, 0) + (r.label or "")
            return r.label if self._has_name() else ""
        if col.kind == "label":
            return ("　" * r.spec.indent if r.spec else "") + self.table.printed_label(r)
        if col.kind == "line":
            return r.spec.line if r.spec else ""
        if col.is_amount:
            current = self.table.amount(r.key, col.key)
            places = self.doc.template_set.amount_places
            if vc.variant == "value":
                return format_amount(current, places)
            prior = self.doc.prior_amount(self.table.id, r.key, col.key)
            if vc.variant == "prior":
                return format_amount(prior, places)
            if current is None and prior is None:
                return ""
            change = (current or Decimal(0)) - (prior or Decimal(0))
            if vc.variant == "change":
                return format_amount(change)
            if not prior:
                return ""
            return f"{format_amount(change / prior * 100)}%"
        v = self.table.get(r.key, col.key)
        return "" if v is None else str(v)

    def _has_name(self) -> bool:
        return any(c.kind == "name" for c in self.template.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._columns[section].label if 0 <= section < len(self._columns) else None
        return str(section + 1) if self.template.serial_column else None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not self.is_editable(index.row(), index.column()):
            return False
        r, vc = self.logical(index.row(), index.column())
        col = vc.column
        if col.is_amount:
            try:
                new = parse_amount(value)
            except AmountError as exc:
                self.rejected.emit(QModelIndex(index), str(exc))
                return False
        else:
            new = str(value).strip() or None
        old = self.table.get(r.key, col.key)
        if old == new and (old is None or str(old) == str(new)):
            return False
        self.undo.push(SetCellsCommand(self.doc, [(self.table.id, r.key, col.key, old, new)],
                                       f"修改《{self.template.title}》{r.code or r.label} {col.label}"))
        return True

    # -- reacting to the document and the checker ---------------------------------------------
    def _on_event(self, event: Event) -> None:
        if isinstance(event, LiveTotalsChanged):
            self._computed = None
            if self._rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self._columns) - 1))
        elif isinstance(event, RowsChanged) and event.table == self.table.id:
            self._computed = None
            self.beginResetModel()
            self._rows = printed_rows(self.table)
            self._index_rows()
            self.endResetModel()
        elif isinstance(event, CellChanged) and event.table == self.table.id:
            self._repaint_row_key(event.row)

    def apply_delta(self, delta: FindingDelta) -> None:
        touched: set[str] = set()
        for f in delta.removed:
            if f.table == self.table.id:
                row = self._marks.get(f.row or "", {})
                row[f.column] = [g for g in row.get(f.column, []) if g.key != f.key]
                touched.add(f.row or "")
        for f in delta.removed:
            touched.update(row or "" for row, _c in self._suspected.pop(f.key, ()))
        for f in delta.added:
            touched.update(row or "" for row, _c in self._note_suspects(f))
            if f.table == self.table.id:
                self._mark(f)
                touched.add(f.row or "")
        for key in touched:
            self._repaint_row_key(key)

    def reset_findings(self, findings: list[Finding]) -> None:
        self._marks.clear()
        self._suspected.clear()
        for f in findings:
            self._note_suspects(f)
            if f.table == self.table.id:
                self._mark(f)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self._columns) - 1))

    def _note_suspects(self, f: Finding) -> tuple[tuple[str | None, str | None], ...]:
        cells = tuple((c.row, c.column) for c in f.suspects if c.table == self.table.id)
        if cells:
            self._suspected[f.key] = cells
        return cells

    def is_suspect(self, row: str, column: str | None) -> bool:
        return any((row, column) in cells for cells in self._suspected.values())

    def _mark(self, f: Finding) -> None:
        self._marks.setdefault(f.row or "", {}).setdefault(f.column, []).append(f)

    def _repaint_row_key(self, key: str) -> None:
        i = self._row_of_key.get(key)
        if i is not None:
            self.dataChanged.emit(self.index(i, 0), self.index(i, len(self._columns) - 1))

    def row_findings(self, key: str) -> list[Finding]:
        return [f for fs in self._marks.get(key, {}).values() for f in fs]

    def _cell_marks(self, row: str, column: str | None) -> list[Finding]:
        """Findings on this cell, plus those on the row as a whole."""
        marks = self._marks.get(row, {})
        return marks.get(column, []) + marks.get(None, []) if column is not None else list(marks.get(None, []))

    def _background(self, r: Row, column: str | None) -> QColor | None:
        """Cell error/warning first, then the row's error/warning, then quiet marks (explained, rounding)."""
        if column and self._suspected and self.is_suspect(r.key, column):
            return SUSPECT_CELL
        cell = self._cell_marks(r.key, column) if column else []
        severities = {_effective(f) for f in cell}
        if "error" in severities:
            return ERROR_CELL
        if "warning" in severities:
            return WARNING_CELL
        row_sev = {_effective(f) for f in self.row_findings(r.key)}
        if "error" in row_sev:
            return ERROR_ROW
        if "warning" in row_sev:
            return WARNING_ROW
        if "explained" in severities:
            return EXPLAINED_CELL
        if "rounding" in severities:
            return ROUNDING_CELL
        if column is not None and self.is_computed(r.key, column):
            return COMPUTED_CELL
        return None

    def _tooltip(self, r: Row, column: str) -> str | None:
        found = self._cell_marks(r.key, column)
        suspect = self.is_suspect(r.key, column)
        if not found and not suspect:
            return None
        parts = ["此格最可能有误：与它相关的其他勾稽关系也不成立，请先核对此格"] if suspect else []
        for f in sorted(found, key=Finding.sort_key):
            head = "已说明" if f.explained else f.severity.label
            lines = [f"【{head}】{f.rule}", f.message]
            if f.expected is not None:
                lines.append(f"应为 {format_amount(f.expected)}　实为 {format_amount(f.actual)}　差额 {format_amount(f.difference)}")
            if f.explanation:
                lines.append(f"说明：{f.explanation}")
            parts.append("\n".join(lines))
        return "\n\n".join(parts)

    def index_of(self, row_key: str, column: str | None) -> QModelIndex:
        """The view index of a document cell (or of the row's first cell when ``column`` is None)."""
        i = self._row_of_key.get(row_key)
        if i is None:
            return QModelIndex()
        row = next(r for r in self._rows[i].cells.values() if r is not None and r.key == row_key)
        for j, vc in enumerate(self._columns):
            if vc.variant == "value" and vc.column.side == row.side and column in (None, vc.column.key):
                return self.index(i, j)
        return self.index(i, 0)

    def close(self) -> None:
        self._unsubscribe()


def _effective(f: Finding) -> str:
    if f.explained:
        return "explained"
    return f.severity.value

