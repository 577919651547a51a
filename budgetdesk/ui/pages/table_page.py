"""One table as printed, as a page of the main window: title, 编制单位/单位 line, the grid, 备注 and note."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from budgetdesk.core.document import Document
from budgetdesk.core.findings import Finding
from budgetdesk.core.text import fill
from budgetdesk.ui.pages.table_model import TableModel
from budgetdesk.ui.pages.table_view import BudgetTableView
from budgetdesk.ui.title import title_label


class TablePage(QWidget):
    """One table as printed: title, 编制单位/单位 line, the grid, the 备注 lines and the table's note."""

    def __init__(self, doc: Document, table_id: str, undo: QUndoStack, findings: list[Finding]):
        super().__init__()
        self.doc = doc
        self.table_id = table_id
        self.model = TableModel(doc, table_id, undo, findings)
        self.title = title_label()
        self.left = QLabel()
        self.right = QLabel()
        meta_line = QHBoxLayout()
        meta_line.addWidget(self.left)
        meta_line.addStretch(1)
        meta_line.addWidget(self.right)
        self.view = BudgetTableView(self.model, doc.meta.format_values())
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(meta_line)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.notes)
        self.refresh_texts()

    def refresh_texts(self) -> None:
        values = self.doc.meta.format_values()
        tpl = self.model.template
        self.title.setText(tpl.printed_title(values))
        lines = self.doc.template_set.header_lines
        left = "　".join(fill(l, values) for l, _ in lines if fill(l, values))
        right = "　".join(fill(r, values) for _, r in lines if fill(r, values))
        self.left.setText(left)
        self.right.setText(right)
        notes = [fill(n, values) for n in tpl.notes]
        if self.doc.note(self.table_id):
            notes.append(self.doc.note(self.table_id))
        self.notes.setText("\n".join(notes))
        self.view.set_values(values)
