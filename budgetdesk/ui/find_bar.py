"""The 查找 bar (Ctrl+F): type a code, part of a name or an amount; Enter goes to the next match in any table.

Matches come from ``core.find``; the bar only keeps the current position and moves the window there.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QLineEdit, QToolBar

from budgetdesk.core.find import Hit, find_cells


class FindBar(QToolBar):
    def __init__(self, window):
        super().__init__("查找", window)
        self.setObjectName("find")
        self.window_ = window
        self.setMovable(False)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("查找：科目编码、名称或金额，回车找下一个")
        self.edit.setClearButtonEnabled(True)
        self.edit.setMaximumWidth(360)
        self.edit.returnPressed.connect(self.next)
        self.edit.textChanged.connect(self._reset)
        self.addWidget(QLabel("查找 "))
        self.addWidget(self.edit)
        self.addAction("下一个", self.next)
        self.addAction("上一个", self.previous)
        self.result = QLabel()
        self.addWidget(self.result)
        self.addAction("关闭", self.hide)
        QShortcut(QKeySequence("Shift+Return"), self.edit, self.previous)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.edit, self.close_bar)
        self.hits: list[Hit] = []
        self.position = -1
        self.hide()

    def open(self) -> None:
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.window_.focus_table()

    def _reset(self) -> None:
        self.hits, self.position = [], -1
        self.result.setText("")

    def _search(self) -> None:
        doc = self.window_.doc
        self.hits = find_cells(doc, self.edit.text()) if doc is not None else []

    def next(self) -> Hit | None:
        return self._step(1)

    def previous(self) -> Hit | None:
        return self._step(-1)

    def _step(self, direction: int) -> Hit | None:
        if not self.hits:
            self._search()
            self.position = -1 if direction > 0 else 0
        if not self.hits:
            self.result.setText(f"　找不到“{self.edit.text().strip()}”" if self.edit.text().strip() else "")
            return None
        self.position = (self.position + direction) % len(self.hits)
        hit = self.hits[self.position]
        self.window_.go_to_cell(hit.table, hit.row, hit.column)
        title = self.window_.doc.table(hit.table).template.title
        self.result.setText(f"　第 {self.position + 1}/{len(self.hits)} 处（{hit.what}，《{title}》）")
        self.edit.setFocus()
        return hit
