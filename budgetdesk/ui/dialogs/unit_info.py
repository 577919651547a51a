"""文件 → 单位信息: edit the unit name, code, year and money unit of the open document, undoably.

After 新建 with a wrong year, or an import that could not read the code, the user fixes the
metadata here; the change is one step on the undo stack, and ``Document.set_meta`` emits
``MetaChanged`` so titles, the 编制单位 lines and the year-dependent checks follow at once.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLineEdit, QSpinBox

from budgetdesk.core.document import Document, UnitMeta
from budgetdesk.ui.dialogs.common import ok_cancel_layout

MONEY_UNITS = ("万元", "元")
NO_YEAR = 1999  # the spin box's lowest value stands for “not filled in” (year 0)


class SetMetaCommand(QUndoCommand):
    def __init__(self, doc: Document, new: UnitMeta):
        super().__init__("修改单位信息")
        self.doc, self.old, self.new = doc, doc.meta, new

    def redo(self) -> None:
        self.doc.set_meta(self.new)

    def undo(self) -> None:
        self.doc.set_meta(self.old)


class UnitInfoDialog(QDialog):
    def __init__(self, meta: UnitMeta, parent=None):
        super().__init__(parent)
        self._level = meta.level  # 部门/单位 as read from the package: kept, not edited here
        self.setWindowTitle("单位信息")
        self.unit_name = QLineEdit(meta.unit_name)
        self.unit_name.setPlaceholderText("例如：重庆市永川区人力资源和社会保障局")
        self.unit_code = QLineEdit(meta.unit_code)
        self.unit_code.setPlaceholderText("例如：323（河北表中印在单位名称前）")
        self.year = QSpinBox()
        self.year.setRange(NO_YEAR, 2100)
        self.year.setSpecialValueText("（未填）")
        self.year.setValue(meta.year or NO_YEAR)
        self.money_unit = QComboBox()
        self.money_unit.addItems(list(MONEY_UNITS) + ([meta.money_unit] if meta.money_unit not in MONEY_UNITS else []))
        self.money_unit.setCurrentText(meta.money_unit)
        form = QFormLayout()
        form.addRow("单位名称(&N)：", self.unit_name)
        form.addRow("单位编码(&C)：", self.unit_code)
        form.addRow("预算年度(&Y)：", self.year)
        form.addRow("金额单位(&U)：", self.money_unit)
        ok_cancel_layout(self, form)
        self.setMinimumWidth(480)

    def meta(self) -> UnitMeta:
        year = self.year.value()
        return UnitMeta(unit_name=self.unit_name.text().strip(), unit_code=self.unit_code.text().strip(),
                        year=0 if year == NO_YEAR else year, money_unit=self.money_unit.currentText(),
                        level=self._level)


def edit_unit_info(window) -> bool:
    """Show the dialog for the window's document; push one undo step if anything changed."""
    if window.doc is None:
        return False
    dialog = UnitInfoDialog(window.doc.meta, window)
    window.unit_info_dialog = dialog  # reachable while open (tests drive it)
    try:
        if not dialog.exec():
            return False
        new = dialog.meta()
    finally:
        window.unit_info_dialog = None
    if new == window.doc.meta:
        return False
    window.undo.push(SetMetaCommand(window.doc, new))
    window._update_title()
    return True
