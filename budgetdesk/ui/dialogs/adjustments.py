"""文件 → 调整表（部门汇总）: the eliminations of a 部门汇总 and the amounts without a counterpart, editable.

The table lists ``core.eliminate.adjustment_table``; 添加抵销 asks for an elimination the data does not show
(e.g. a transfer recorded under another line: who paid, who received, the amount, and the detail cell on
each side); 删除 takes an entry out. Both go through the window's undo stack (``AdjustmentCommand``), so
撤销/重做 work as for any edit; the document refuses what it cannot take (a total, a cell that would leave
another table's figure behind) and the dialog shows its sentence.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from budgetdesk.core.adjustments import ELIMINATED, Adjustment, Leg
from budgetdesk.core.document import AdjustmentsChanged, Document
from budgetdesk.core.eliminate import ADJUSTMENT_HEADERS, EliminationError, adjustment_table
from budgetdesk.core.fill import computed_cells
from budgetdesk.core.money import AmountError, format_amount, parse_amount
from budgetdesk.ui.commands import AdjustmentCommand


class CellPicker(QHBoxLayout):
    """表 / 行 / 列 of one detail amount cell of the document (totals are not offered)."""

    def __init__(self, doc: Document, table: str | None = None, column: str | None = None):
        super().__init__()
        self.doc = doc
        self.table, self.row, self.column = QComboBox(), QComboBox(), QComboBox()
        for t in doc.tables.values():
            if t.template.code_side is not None:
                self.table.addItem(t.template.title, t.id)
        self.table.currentIndexChanged.connect(self._rows)
        for w, stretch in ((self.table, 3), (self.row, 3), (self.column, 2)):
            self.addWidget(w, stretch)
        if table is not None and self.table.findData(table) >= 0:
            self.table.setCurrentIndex(self.table.findData(table))
        self._rows()
        if column is not None and self.column.findData(column) >= 0:
            self.column.setCurrentIndex(self.column.findData(column))

    def _rows(self) -> None:
        tid = self.table.currentData()
        self.row.clear()
        self.column.clear()
        if tid is None:
            return
        t = self.doc.table(tid)
        side = t.template.code_side
        computed = computed_cells(self.doc, tid)
        for r in t.code_rows():
            if not all((r.key, c.key) in computed for c in t.template.amount_columns_of(side.id)):
                self.row.addItem(f"{r.code} {r.label}", r.key)
        for c in t.template.amount_columns_of(side.id):
            self.column.addItem(c.label, c.key)

    def cell(self) -> tuple[str, str, str] | None:
        if self.row.currentData() is None or self.column.currentData() is None:
            return None
        return self.table.currentData(), self.row.currentData(), self.column.currentData()


class AddEliminationDialog(QDialog):
    """One elimination the officer adds: who paid whom, how much, and where each side recorded it."""

    def __init__(self, doc: Document, parent=None):
        super().__init__(parent)
        self.setWindowTitle("添加抵销")
        self.doc = doc
        self.result_adjustment: Adjustment | None = None
        flows = doc.template_set.internal_flows
        paid = flows[0]["paid"] if flows else {}
        received = flows[0]["received"] if flows else {}
        self.title = QLineEdit("内部往来")
        self.payer, self.payee = QLineEdit(), QLineEdit()
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("例如 30.00")
        self.paid = CellPicker(doc, paid.get("table", "expenditure"), paid.get("column"))
        self.received = CellPicker(doc, received.get("table", "income"), received.get("column"))
        self.note = QLineEdit()
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        form = QFormLayout()
        form.addRow("事项：", self.title)
        form.addRow("支付方（单位）：", self.payer)
        form.addRow("收款方（单位）：", self.payee)
        form.addRow(f"金额（{doc.meta.money_unit}）：", self.amount)
        form.addRow("支付方记在：", self.paid)
        form.addRow("收款方记在：", self.received)
        form.addRow("说明：", self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.take)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(720, 320)

    def take(self) -> None:
        try:
            amount = parse_amount(self.amount.text())
        except AmountError as exc:
            self.error.setText(f"金额：{exc}")
            return
        paid, received = self.paid.cell(), self.received.cell()
        if amount is None or amount <= 0 or paid is None or received is None:
            self.error.setText("请填写大于 0 的金额，并选择支付方和收款方记账的格。")
            return
        self.result_adjustment = Adjustment(
            ELIMINATED, "", self.title.text().strip() or "内部往来", self.payer.text().strip(), self.payee.text().strip(),
            amount, (Leg(*paid, amount),), (Leg(*received, amount),), manual=True, note=self.note.text().strip())
        self.accept()


class AdjustmentsDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.doc: Document = window.doc
        self.setWindowTitle("调整表（部门汇总）")
        self.resize(980, 420)
        self.table = QTableWidget(0, len(ADJUSTMENT_HEADERS))
        self.table.setHorizontalHeaderLabels(list(ADJUSTMENT_HEADERS))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        add = QPushButton("添加抵销(&A)…")
        add.clicked.connect(self.add_dialog)
        remove = QPushButton("删除所选(&D)")
        remove.clicked.connect(self.remove_selected)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        for b in (add, remove):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("汇总时抵销的内部往来，以及参与汇总的单位中没有对应一方的金额（“无对应”不调整任何数）："))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(row)
        self._unsubscribe = self.doc.subscribe(self._changed)
        self.finished.connect(lambda _=None: self._unsubscribe())
        self.refresh()

    def _changed(self, event) -> None:
        if isinstance(event, AdjustmentsChanged):
            self.refresh()

    def refresh(self) -> None:
        rows = adjustment_table(self.doc)
        self.table.setRowCount(len(rows))
        for i, values in enumerate(rows):
            for j, v in enumerate(values):
                self.table.setItem(i, j, QTableWidgetItem(format_amount(v) if isinstance(v, Decimal) else str(v)))
        self.table.resizeColumnsToContents()

    def push(self, **kw) -> bool:
        try:
            self.window_.undo.push(AdjustmentCommand(self.doc, **kw))
        except EliminationError as exc:
            self.error.setText(str(exc))
            return False
        self.error.setText("")
        return True

    def add_elimination(self, adjustment: Adjustment) -> bool:
        return self.push(add=adjustment)

    def add_dialog(self) -> None:
        dialog = AddEliminationDialog(self.doc, self)
        dialog.accepted.connect(lambda: dialog.result_adjustment and self.add_elimination(dialog.result_adjustment))
        self.add_form = dialog
        dialog.open()

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for index in rows:
            self.push(remove=index)


def show_adjustments_dialog(window) -> AdjustmentsDialog | None:
    if window.doc is None:
        return None
    dialog = AdjustmentsDialog(window)
    window.adjustments_dialog = dialog
    dialog.open()
    return dialog
