"""The findings panel: every finding of the document, filterable, jumping to the cell on double-click."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from budgetdesk.core.findings import Finding, Severity
from budgetdesk.core.money import format_amount
from budgetdesk.ui.tooltips import wrapped

HEADERS = ["级别", "规则", "表", "行", "列", "应为", "实为", "差额", "说明"]
COLOURS = {"error": "#b3261e", "warning": "#9a5b00", "explained": "#2f5d9e", "rounding": "#58704a", "info": "#6b6b6b"}


class FindingsModel(QAbstractTableModel):
    def __init__(self):
        super().__init__()
        self.findings: list[Finding] = []

    def set_findings(self, findings: list[Finding]) -> None:
        self.beginResetModel()
        self.findings = sorted(findings, key=Finding.sort_key)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.findings)

    def columnCount(self, parent=QModelIndex()) -> int:
        return len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        f = self.findings[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return [
                "已说明" if f.explained else f.severity.label, f.rule, f.table_title, f.row_label, f.column_label,
                format_amount(f.expected), format_amount(f.actual), format_amount(f.difference),
                f.explanation or f.message,
            ][col]
        if role == Qt.ItemDataRole.ToolTipRole:
            return wrapped(f.message + (f"\n说明：{f.explanation}" if f.explanation else ""))
        if role == Qt.ItemDataRole.ForegroundRole and col == 0:
            return QBrush(QColor(COLOURS["explained" if f.explained else f.severity.value]))
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (5, 6, 7):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return f
        return None


class FindingsFilter(QSortFilterProxyModel):
    def __init__(self):
        super().__init__()
        self.severity: str | None = None
        self.table: str | None = None

    def filterAcceptsRow(self, row: int, parent) -> bool:
        f: Finding = self.sourceModel().findings[row]
        if self.severity == "explained":
            ok = f.explained
        elif self.severity == "warning":
            ok = f.severity is Severity.WARNING and not f.explained
        elif self.severity is None:  # 全部级别: every problem; what could not be checked has its own choice
            ok = f.severity is not Severity.INFO
        else:
            ok = f.severity.value == self.severity
        return ok and (self.table is None or f.table == self.table)

    def set_filter(self, severity: str | None, table: str | None) -> None:
        self.severity, self.table = severity, table
        self.invalidate()  # not invalidateFilter(): deprecated in Qt 6.10, and 6.9 (the Windows pin) lacks its successor


class FindingsPanel(QWidget):
    jump = Signal(object)  # Finding
    explain = Signal(object)  # Finding

    def __init__(self, tables: list[tuple[str, str]], parent=None):
        super().__init__(parent)
        self.model = FindingsModel()
        self.proxy = FindingsFilter()
        self.proxy.setSourceModel(self.model)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().setVisible(False)
        self.view.doubleClicked.connect(lambda idx: self.jump.emit(self._finding(idx)))
        self.severity = QComboBox()
        for label, value in (("全部问题", None), ("错误", "error"), ("警告（未说明）", "warning"),
                             ("已说明", "explained"), ("尾差", "rounding"), ("未核对", "info")):
            self.severity.addItem(label, value)
        self.table = QComboBox()
        self.table.addItem("全部表", None)
        for tid, title in tables:
            self.table.addItem(title, tid)
        self.severity.currentIndexChanged.connect(self._refilter)
        self.table.currentIndexChanged.connect(self._refilter)
        self.explain_button = QPushButton("出错说明…")
        self.explain_button.setToolTip("为选中的警告写明原因；说明随文档保存")
        self.explain_button.clicked.connect(self._explain_selected)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("筛选："))
        bar.addWidget(self.severity)
        bar.addWidget(self.table)
        bar.addStretch(1)
        bar.addWidget(self.explain_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.view)

    def set_findings(self, findings: list[Finding]) -> None:
        self.model.set_findings(findings)
        for j, w in enumerate((56, 150, 200, 220, 120, 90, 90, 70)):
            self.view.setColumnWidth(j, w)

    def _refilter(self) -> None:
        self.proxy.set_filter(self.severity.currentData(), self.table.currentData())

    def _finding(self, proxy_index) -> Finding:
        return self.proxy.mapToSource(proxy_index).data(Qt.ItemDataRole.UserRole)

    def selected(self) -> Finding | None:
        rows = self.view.selectionModel().selectedRows()
        return self._finding(rows[0]) if rows else None

    def _explain_selected(self) -> None:
        f = self.selected()
        if f is not None:
            self.explain.emit(f)
