"""Small dialogs: new document (template set + unit metadata), add a 科目 row with a completer."""

from __future__ import annotations

import datetime

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (QComboBox, QCompleter, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLayout,
                               QLineEdit, QPlainTextEdit, QSpinBox, QVBoxLayout)

from budgetdesk.core.codes import Catalogue, normalize_code
from budgetdesk.core.document import UnitMeta
from budgetdesk.core.text import fold
from budgetdesk.resources import default_new_year, load_template, template_ids


def ok_cancel_layout(dialog: QDialog, *parts) -> QVBoxLayout:
    """The dialog's layout: ``parts`` (widgets or layouts) top to bottom, then OK / Cancel wired to accept / reject."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    for part in parts:
        if isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)
    layout.addWidget(buttons)
    return layout


class NewDocumentDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("新建公开文档")
        self.template = QComboBox()
        for tid in template_ids():
            self.template.addItem(f"{load_template(tid).name}（{tid}）", tid)
        self.unit_name = QLineEdit()
        self.unit_name.setPlaceholderText("例如：重庆市永川区人力资源和社会保障局")
        self.unit_code = QLineEdit()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self._default_year()
        self.money_unit = QComboBox()
        self.money_unit.addItems(["万元", "元"])
        form = QFormLayout()
        form.addRow("模板(&T)：", self.template)
        form.addRow("单位名称(&N)：", self.unit_name)
        form.addRow("单位编码(&C)：", self.unit_code)
        form.addRow("年度(&Y)：", self.year)
        form.addRow("金额单位(&U)：", self.money_unit)
        ok_cancel_layout(self, form)
        self.setMinimumWidth(480)

    def _default_year(self) -> None:
        """Next year's budget if a catalogue for it exists, else the nearest catalogue year (so 科目 can be checked)."""
        self.year.setValue(default_new_year(load_template(self.template.currentData()), datetime.date.today().year))

    def result_values(self) -> tuple[str, UnitMeta]:
        return self.template.currentData(), UnitMeta(
            unit_name=self.unit_name.text().strip(), unit_code=self.unit_code.text().strip(),
            year=self.year.value(), money_unit=self.money_unit.currentText())


class AddRowDialog(QDialog):
    """Type a code or part of a name; the completer offers the year's catalogue."""

    def __init__(self, catalogue: Catalogue | None, parent=None):
        super().__init__(parent)
        self.setWindowTitle("添加科目行")
        self.catalogue = catalogue
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("输入科目编码或名称，例如 2080101 或 行政运行")
        entries = [f"{c.code} {c.name}" for c in catalogue.all()] if catalogue else []
        completer = QCompleter(QStringListModel(entries, self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.edit.setCompleter(completer)
        self.hint = QLabel("缺少的上级类、款行会一并加上，各行按科目编码排序。")
        ok_cancel_layout(self, self.edit, self.hint)
        self.setMinimumWidth(460)

    def code_and_name(self) -> tuple[str | None, str]:
        """The code and name typed or picked; a name alone is enough when it names one subject.

        On failure the code is None and ``self.problem`` says why (no such name, or which codes it could be).
        """
        text = self.edit.text().strip()
        head, _, tail = text.partition(" ")
        code = normalize_code(head)
        self.problem = ""
        if code is None:
            return self._by_name(text)
        name = tail.strip() or (self.catalogue.name(code) if self.catalogue else "") or ""
        return code, name

    def _by_name(self, text: str) -> tuple[str | None, str]:
        if not text or self.catalogue is None:
            self.problem = f"“{text}”不是科目编码（3、5 或 7 位数字）"
            return None, text
        key = fold(text)
        exact = [c for c in self.catalogue.all() if fold(c.name) == key]
        found = exact or self.catalogue.search(text, limit=1000)
        if len(found) == 1:
            return found[0].code, found[0].name
        if not found:
            self.problem = f"目录中没有名称含“{text}”的科目，请输入科目编码"
        else:
            listed = "、".join(f"{c.code} {c.name}" for c in found[:6]) + ("……" if len(found) > 6 else "")
            self.problem = f"“{text}”对应 {len(found)} 个科目（{listed}），请从列表中选择或输入编码"
        return None, text


class ExplainDialog(QDialog):
    def __init__(self, message: str, current: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle("出错说明")
        label = QLabel(message)
        label.setWordWrap(True)
        self.text = QPlainTextEdit(current)
        self.text.setPlaceholderText("写明该项为何如此，例如：“三公”经费含项目支出安排的公务接待费。")
        ok_cancel_layout(self, label, self.text)
        self.resize(520, 260)


class ImportReportDialog(QDialog):
    """The import report: which sheet became which table, how many figures, and everything not placed."""

    def __init__(self, lines: list[str], parent=None):
        super().__init__(parent)
        self.setWindowTitle("导入报告")
        self.text = QPlainTextEdit("\n".join(lines))
        self.text.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(760, 420)
