"""GUI for 预算 ↔ 决算: import the year's 预算 into a 决算, and a 完成预算 % / 上年增减 table per 决算 table.

The work is in ``core.budget_link``; this module only asks for the file, makes the filled 预算数 cells one
undo step, and shows ``comparison`` lines in a read-only table beside the main window.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel, QMessageBox,
                               QTableWidget, QTableWidgetItem, QVBoxLayout)

from budgetdesk.core.budget_link import BudgetLinkError, comparison, load_budget
from budgetdesk.core.money import format_amount
from budgetdesk.io.files import OpenError, open_document
from budgetdesk.ui.commands import SetCellsCommand

HEADERS = ["项目", "预算数", "决算数", "完成预算%", "上年数", "增减", "增减%"]


def install_budget_actions(window, menu) -> None:
    """Add the two 决算 actions to ``menu`` (the main window calls this once)."""
    window._action(menu, "导入本年预算(&B)…", lambda: import_budget_dialog(window))
    window._action(menu, "预算执行与上年对比(&C)…", lambda: show_comparison(window), "F8")


def import_budget_dialog(window) -> None:
    if window.doc is None:
        return
    name, _ = QFileDialog.getOpenFileName(window, "导入本年预算", str(window._last_dir()),
                                          "预算文件 (*.bdesk *.json *.xlsx *.xlsm *.xls *.txt *.pdf);;所有文件 (*)")
    if name:
        import_budget(window, Path(name))


def import_budget(window, path: Path) -> bool:
    """Link the 预算 in ``path`` to the open 决算; 预算数 cells filled in the tables are one undo step."""
    doc = window.doc
    try:
        budget, _ = open_document(path)
        before = {(t.id, r.key, c.key): t.get(r.key, c.key)
                  for t in doc.tables.values() for c in t.template.columns if c.budget_of for r in t.rows}
        report = load_budget(doc, budget)
    except (OpenError, BudgetLinkError) as exc:
        QMessageBox.warning(window, "无法导入本年预算", str(exc))
        return False
    changes = [(t, r, c, old, doc.get(t, r, c)) for (t, r, c), old in before.items() if doc.get(t, r, c) != old]
    if changes:
        window.undo.push(SetCellsCommand(doc, changes, "导入本年预算"))
    message = f"已导入本年预算 {report.placed} 个数（{path.name}），其中 {report.into_cells} 个填入表中的预算数列"
    if report.notices:
        message += "；" + "；".join(report.notices)
    if report.unmatched:
        message += f"；{len(report.unmatched)} 个在决算中没有对应科目：" + "；".join(report.unmatched[:5])
        box = QMessageBox(QMessageBox.Icon.Information, "导入本年预算", message, parent=window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # non-modal: the officer reads the list while working
        window._budget_message = box
    window.statusBar().showMessage(message, 15000)
    return True


def show_comparison(window) -> "ComparisonDialog | None":
    if window.doc is None:
        return None
    page = window.current_page()
    dialog = ComparisonDialog(window.doc, page.table_id if page else None, window)
    dialog.show()  # non-modal: it stays open beside the tables
    window._comparison_dialog = dialog
    return dialog


def _pct(value: Decimal | None) -> str:
    return "" if value is None else f"{format_amount(value)}%"


class ComparisonDialog(QDialog):
    def __init__(self, doc, table_id: str | None, parent=None):
        super().__init__(parent)
        self.doc = doc
        self.setWindowTitle("预算执行与上年对比")
        self.resize(900, 560)
        self.table_choice = QComboBox()
        for t in doc.template_set.tables:
            self.table_choice.addItem(t.title, t.id)
        if table_id:
            self.table_choice.setCurrentIndex(max(self.table_choice.findData(table_id), 0))
        self.grid = QTableWidget(0, len(HEADERS))
        self.grid.setHorizontalHeaderLabels(HEADERS)
        self.grid.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.grid.horizontalHeader().setStretchLastSection(False)
        self.hint = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel("表(&T)："))
        top.addWidget(self.table_choice, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.hint)
        layout.addWidget(buttons)
        self.table_choice.currentIndexChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        lines = comparison(self.doc, self.table_choice.currentData())
        self.grid.setRowCount(len(lines))
        for i, line in enumerate(lines):
            texts = [line.label, format_amount(line.budget), format_amount(line.final), _pct(line.completion),
                     format_amount(line.prior), format_amount(line.change), _pct(line.change_percent)]
            for j, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if j:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.grid.setItem(i, j, item)
        self.grid.resizeColumnsToContents()
        has_budget = any(x.budget is not None for x in lines)
        has_prior = any(x.prior is not None for x in lines)
        missing = [w for w, ok in (("本年预算（文件 → 导入本年预算）", has_budget), ("上年数（文件 → 导入上年数）", has_prior)) if not ok]
        self.hint.setText("尚未导入：" + "、".join(missing) if missing else "")
