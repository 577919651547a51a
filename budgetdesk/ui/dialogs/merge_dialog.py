"""文件 → 部门汇总: pick the units' files and the department's name; the sum opens as a new document.

The summing is ``core.consolidate``; the dialog only gathers inputs and reports refusals (mixed
templates, years, money units, unreadable files) in one Chinese sentence.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
)

from budgetdesk.core.consolidate import ConsolidationError, consolidate
from budgetdesk.core.document import Document
from budgetdesk.io.files import OpenError, open_document


class MergeDialog(QDialog):
    def __init__(self, parent=None, last_dir=Path.home):
        super().__init__(parent)
        self.setWindowTitle("部门汇总")
        self.resize(640, 420)
        self._last_dir = last_dir
        self.result_document: Document | None = None
        self.files = QListWidget()
        add = QPushButton("添加文件(&A)…")
        add.clicked.connect(self._pick)
        remove = QPushButton("移除(&R)")
        remove.clicked.connect(lambda: [self.files.takeItem(self.files.row(i)) for i in self.files.selectedItems()])
        self.unit_name = QLineEdit()
        self.unit_name.setPlaceholderText("例如：重庆市永川区人力资源和社会保障局（部门汇总）")
        self.unit_code = QLineEdit()
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("汇总(&H)")
        self.buttons.accepted.connect(self.merge)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        form = QFormLayout()
        form.addRow("汇总后的单位名称：", self.unit_name)
        form.addRow("单位编码：", self.unit_code)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("参与汇总的单位文件（同一模板、同一年度、同一金额单位）："))
        layout.addWidget(self.files, 1)
        layout.addLayout(row)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _pick(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "选择单位文件", str(self._last_dir()),
                                                "预算公开文件 (*.bdesk *.json *.xlsx *.xls *.txt *.pdf)")
        self.add_files([Path(n) for n in names])

    def add_files(self, paths: list[Path]) -> None:
        for p in paths:
            self.files.addItem(str(p))

    def paths(self) -> list[Path]:
        return [Path(self.files.item(i).text()) for i in range(self.files.count())]

    def merge(self) -> None:
        paths = self.paths()
        if len(paths) < 2:
            self.error.setText("请至少选择两个单位文件。")
            return
        docs = []
        try:
            for p in paths:
                docs.append(open_document(p)[0])
            self.result_document = consolidate(
                docs, unit_name=self.unit_name.text().strip(), unit_code=self.unit_code.text().strip(),
                names=[f"{d.meta.unit_name or p.stem}（{p.name}）" for d, p in zip(docs, paths)])
        except (OpenError, ConsolidationError) as exc:
            self.error.setText(str(exc))
            return
        self.accept()


def show_merge_dialog(window) -> MergeDialog:
    """Open the dialog; on 汇总 the consolidated document replaces the window's (after 保存? prompt)."""
    dialog = MergeDialog(window, last_dir=window._last_dir)

    def opened() -> None:
        if dialog.result_document is not None and window.maybe_save():
            window.set_document(dialog.result_document, None, dirty=True)
            window.statusBar().showMessage(
                f"已汇总 {dialog.result_document.consolidated_from} 个单位；请另存为 .bdesk", 15000)

    dialog.accepted.connect(opened)
    window.merge_dialog = dialog
    dialog.open()
    return dialog
