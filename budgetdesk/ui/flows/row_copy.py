"""Copy 科目 rows to the other tables that list the same subjects (支出总表 → 财政拨款支出表 …).

The officer selects rows (a 类 or 款 brings its rows below); each chosen table receives the rows it lacks
(with their 类/款) and the figures of the columns both tables have (合计, 基本支出, 项目支出 …), as one undo step.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QListWidget, QListWidgetItem, QMessageBox

from budgetdesk.core.codes import code_sort_key
from budgetdesk.core.document import Document
from budgetdesk.io.limits import code_rows_refused
from budgetdesk.ui.commands import AddCodeRowCommand, SetCellsCommand, subtree
from budgetdesk.ui.dialogs.common import ok_cancel_layout


class RowsRefused(ValueError):
    """The copy would take the document past a limit; nothing was copied."""


@dataclass(frozen=True)
class Target:
    table: str
    title: str
    columns: tuple[str, ...]  # amount columns both tables have
    lists_codes: bool  # already lists at least one of the codes: offered checked


def selected_codes(page) -> list[str]:
    """The code rows selected in ``page`` with every row below them, in code order."""
    m = page.model
    keys: set[str] = set()
    for index in page.view.selectedIndexes() or [page.view.currentIndex()]:
        found = m.logical(index.row(), index.column()) if index.isValid() else None
        if found is not None and found[0].is_code_row:
            keys.update(subtree(m.doc, m.table.id, found[0].key))
    return sorted(keys, key=code_sort_key)


def targets(doc: Document, source: str, codes: list[str]) -> list[Target]:
    src = doc.table(source).template
    if src.code_side is None:
        return []
    src_columns = [c.key for c in src.columns if c.is_amount]
    out = []
    for t in doc.tables.values():
        side = t.template.code_side
        if t.id == source or side is None or side.classification != src.code_side.classification:
            continue
        common = tuple(k for k in src_columns if any(c.key == k and c.is_amount for c in t.template.columns))
        if common:
            out.append(Target(t.id, t.template.title, common, any(t.has_row(c) for c in codes)))
    return out


def copy_rows(window, source: str, codes: list[str], table_ids: list[str]) -> int:
    """Copy ``codes`` of ``source`` into ``table_ids``; returns the number of cells written."""
    doc = window.doc
    src = doc.table(source)
    labels = {r.key: r.label for r in src.code_rows()}
    chosen = [t for t in targets(doc, source, codes) if t.table in table_ids]
    refused = code_rows_refused(doc, {t.table: codes for t in chosen})
    if refused:
        raise RowsRefused(refused)
    written = 0
    window.undo.beginMacro(f"复制 {len(codes)} 个科目行到 {len(chosen)} 张表")
    try:
        for target in chosen:
            table = doc.table(target.table)
            for code in codes:
                if not table.has_row(code):
                    window.undo.push(AddCodeRowCommand(doc, target.table, code, labels.get(code, ""), labels.get))
            changes = [(target.table, code, col, table.get(code, col), src.amount(code, col))
                       for code in codes for col in target.columns
                       if table.get(code, col) != src.amount(code, col)]
            if changes:
                window.undo.push(SetCellsCommand(doc, changes, f"复制科目行到《{target.title}》"))
                written += len(changes)
    finally:
        window.undo.endMacro()
    return written


class CopyRowsDialog(QDialog):
    def __init__(self, codes: list[str], options: list[Target], parent=None):
        super().__init__(parent)
        self.setWindowTitle("复制科目行到其他表")
        shown = "、".join(codes[:8]) + ("…" if len(codes) > 8 else "")
        label = QLabel(f"把 {len(codes)} 个科目行（{shown}）复制到下列表中：缺少的行（连同类、款）会加上，"
                       "两表都有的列的数字会被覆盖。")
        label.setWordWrap(True)
        self.list = QListWidget()
        for t in options:
            item = QListWidgetItem(f"《{t.title}》（{'、'.join(t.columns)} 列）")
            item.setData(Qt.ItemDataRole.UserRole, t.table)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if t.lists_codes else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        ok_cancel_layout(self, label, self.list)
        self.resize(520, 320)

    def chosen(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]


def copy_rows_dialog(window) -> None:
    page = window.current_page()
    if page is None or window.doc is None:
        return
    codes = selected_codes(page)
    options = targets(window.doc, page.table_id, codes) if codes else []
    if not codes or not options:
        window.statusBar().showMessage("请先在科目表中选中要复制的科目行（本表须有同类科目的其他表）", 8000)
        return
    dialog = CopyRowsDialog(codes, options, window)
    if dialog.exec():
        try:
            written = copy_rows(window, page.table_id, codes, dialog.chosen())
        except RowsRefused as exc:
            QMessageBox.information(window, "复制科目行", str(exc))
            return
        window.statusBar().showMessage(f"已复制 {len(codes)} 个科目行，写入 {written} 个数", 8000)
