"""What the main window does to the current table: rows, totals, notes, 出错说明, the prior-year columns.

A mixin of ``MainWindow``; every change goes through an undo command.
"""

from __future__ import annotations


from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from budgetdesk.core.fill import compute_totals
from budgetdesk.core.findings import Finding, Severity
from budgetdesk.io.limits import code_rows_refused
from budgetdesk.resources import catalogue_provider
from budgetdesk.ui.commands import (AddCodeRowCommand, ExplainCommand, LiveTotalsCommand, NoteCommand, RemoveRowCommand,
                                    SetCellsCommand, subtree)
from budgetdesk.ui.dialogs.common import AddRowDialog, ExplainDialog
from budgetdesk.ui.flows.row_copy import copy_rows_dialog


class TableActions:
    def explain_selected(self) -> None:
        f = self.findings_panel.selected() if self.doc else None
        if f is None and self.current_page():
            page = self.current_page()
            index = page.view.currentIndex()
            found = page.model.data(index, Qt.ItemDataRole.UserRole + 1) if index.isValid() else []
            f = next((x for x in found or [] if x.severity is Severity.WARNING), None)
        if f is not None:
            self.explain_dialog(f)

    def explain_dialog(self, finding: Finding) -> None:
        if finding.severity is not Severity.WARNING:
            QMessageBox.information(self, "出错说明", "只有警告可以写出错说明；错误必须改正，尾差无需说明。")
            return
        dialog = ExplainDialog(finding.message, finding.explanation or "", self)
        if dialog.exec():
            self.explain(finding, dialog.text.toPlainText())

    def explain(self, finding: Finding, text: str) -> None:
        self.undo.push(ExplainCommand(self.doc, finding.key, text))

    def note_dialog(self) -> None:
        page = self.current_page()
        if page is None:
            return
        tpl = page.model.template
        hint = f"例如：“{tpl.empty_note}”" if tpl.empty_note else "写在本表下方的说明。"
        dialog = ExplainDialog(f"《{tpl.title}》的表下说明。{hint}", self.doc.note(page.table_id), self)
        dialog.setWindowTitle("表下说明")
        if dialog.exec():
            self.set_note(page.table_id, dialog.text.toPlainText().strip())

    def set_note(self, table_id: str, text: str) -> None:
        self.undo.push(NoteCommand(self.doc, table_id, text))

    def add_row_dialog(self) -> None:
        page = self.current_page()
        if page is None:
            return
        side = page.model.template.code_side
        if side is None:
            QMessageBox.information(self, "添加科目行", "本表是固定行的表，不能添加科目行。")
            return
        catalogue = catalogue_provider(self.doc.template_set)(side.classification, self.doc.meta.year)
        dialog = AddRowDialog(catalogue, self)
        if dialog.exec():
            code, name = dialog.code_and_name()
            if code is None:
                QMessageBox.warning(self, "添加科目行", dialog.problem)
                return
            self.add_code_row(code, name)

    def add_code_row(self, code: str, name: str = "") -> bool:
        page = self.current_page()
        side = page.model.template.code_side if page else None
        if side is None:
            return False
        if page.model.table.has_row(code):
            page.view.setCurrentIndex(page.model.index_of(code, None))
            self.statusBar().showMessage(f"本表已有科目 {code}", 5000)
            return False
        refused = code_rows_refused(self.doc, {page.table_id: [code]})
        if refused:
            QMessageBox.information(self, "添加科目行", refused)
            return False
        catalogue = catalogue_provider(self.doc.template_set)(side.classification, self.doc.meta.year)
        names = catalogue.name if catalogue else (lambda c: None)
        self.undo.push(AddCodeRowCommand(self.doc, page.table_id, code, name or (names(code) or ""), names))
        index = page.model.index_of(code, None)
        page.view.setCurrentIndex(index)
        return True

    def remove_current_row(self) -> bool:
        page = self.current_page()
        if page is None:
            return False
        found = page.model.logical(page.view.currentIndex().row(), page.view.currentIndex().column())
        if found is None or not (found[0].is_code_row or found[0].is_extra):
            self.statusBar().showMessage("只能删除科目行和附加行；固定行和合计行不能删除", 5000)
            return False
        row = found[0]
        rows = subtree(self.doc, page.table_id, row.key)
        if len(rows) > 1 and not self.confirm(
                "删除科目行", f"“{row.code} {row.label}”下还有 {len(rows) - 1} 个下级科目"
                f"（{'、'.join(rows[1:6])}{'…' if len(rows) > 6 else ''}）。\n"
                f"删除它将一并删除这些下级科目行及其数字（可撤销）。是否删除？"):
            return False
        self.undo.push(RemoveRowCommand(self.doc, page.table_id, row.key))
        return True

    def confirm(self, title: str, text: str) -> bool:
        """Ask a yes/no question (tests replace this)."""
        return QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes

    def set_live_totals(self, on: bool) -> None:
        if self.doc is not None and bool(on) != self.doc.live_totals:
            self.undo.push(LiveTotalsCommand(self.doc, bool(on)))
        self._show_live_totals()

    def _show_live_totals(self) -> None:
        on = bool(self.doc and self.doc.live_totals)
        self.live_action.setChecked(on)
        self.live_label.setText("实时合计：开" if on else "实时合计：关")
        self.live_label.setToolTip("开：合计、小计、上级科目由明细自动计算（灰底，不能直接输入）；"
                                   "关：保持公布的数字。编辑 → 实时合计 切换。")

    def fill_totals(self, all_tables: bool) -> int:
        if self.doc is None:
            return 0
        tables = [t.id for t in self.doc.template_set.tables] if all_tables else (
            [self.current_page().table_id] if self.current_page() else [])
        changes = []
        for tid in tables:
            changes.extend((tid, r, c, old, new) for r, c, old, new in compute_totals(self.doc, tid))
        if changes:
            self.undo.push(SetCellsCommand(self.doc, changes, f"计算合计（{len(changes)} 个单元格）", derive=False))
        self.statusBar().showMessage(f"已计算 {len(changes)} 个合计/小计单元格", 6000)
        return len(changes)

    def go_to_cell(self, table_id: str, row: str, column: str | None) -> None:
        """Show a cell (or a row's first cell) and make it current, without taking the keyboard focus."""
        self.select_table(table_id)
        page = self.pages[table_id]
        index = page.model.index_of(row, column)
        if index.isValid():
            page.view.setCurrentIndex(index)
            page.view.scrollTo(index)

    def copy_rows_dialog(self) -> None:
        copy_rows_dialog(self)

    def toggle_prior(self, on: bool) -> None:
        for page in self.pages.values():
            page.model.set_show_prior(bool(on))
        if on and self.doc is not None and not self.doc.prior:
            self.statusBar().showMessage("尚未导入上年数：上年列为空。可从上年的 Excel 或项目文件导入。", 8000)
