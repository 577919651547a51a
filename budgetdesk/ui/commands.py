"""Undoable edits. Every change to the document from the GUI is one of these on the QUndoStack."""

from __future__ import annotations

from decimal import Decimal
from typing import Callable

from PySide6.QtGui import QUndoCommand

from budgetdesk.core.codes import parent_code
from budgetdesk.core.document import Document, Value, extra_row_parts, is_extra_key
from budgetdesk.core.fill import compute_totals

Change = tuple[str, str, str, Value, Value]  # table, row, column, old, new


class LiveTotalsMixin:
    """With 实时合计 on, the totals an edit changes are recomputed inside the same undo step."""

    doc: Document
    derived: list[Change] | None = None

    def settle(self, seeds: dict[str, set[tuple[str, str]]] | None) -> None:
        """After the edit: compute (first time) or re-apply the totals it implies."""
        if self.derived is None:
            self.derived = []
            if self.doc.live_totals:
                for table in (seeds or {}):
                    self.derived.extend((table, r, c, old, new) for r, c, old, new
                                        in compute_totals(self.doc, table, seeds[table] if seeds else None))
        for table, row, column, _old, new in self.derived:
            self.doc.set(table, row, column, new)

    def unsettle(self) -> None:
        for table, row, column, old, _new in reversed(self.derived or []):
            self.doc.set(table, row, column, old)


class SetCellsCommand(LiveTotalsMixin, QUndoCommand):
    """One or many cells (typing, paste, delete, fill totals) as a single undo step."""

    def __init__(self, doc: Document, changes: list[Change], text: str, *, derive: bool = True):
        super().__init__(text)
        self.doc = doc
        self.changes = [c for c in changes if c[3] != c[4] or type(c[3]) is not type(c[4])]
        if not derive:  # the changes are totals already (计算合计): nothing further to recompute
            self.derived = []

    def redo(self) -> None:
        for table, row, column, _old, new in self.changes:
            self.doc.set(table, row, column, new)
        seeds: dict[str, set[tuple[str, str]]] = {}
        for table, row, column, _old, _new in self.changes:
            seeds.setdefault(table, set()).add((row, column))
        self.settle(seeds)

    def undo(self) -> None:
        self.unsettle()
        for table, row, column, old, _new in reversed(self.changes):
            self.doc.set(table, row, column, old)


class LiveTotalsCommand(LiveTotalsMixin, QUndoCommand):
    """Switch 实时合计; switching it on fills every total once (published figures within rounding kept)."""

    def __init__(self, doc: Document, on: bool):
        super().__init__("打开实时合计" if on else "关闭实时合计")
        self.doc, self.on, self.was = doc, on, doc.live_totals

    def redo(self) -> None:
        self.doc.set_live_totals(self.on)
        if self.derived is None:
            self.derived = []
            if self.on:
                for t in self.doc.template_set.tables:
                    self.derived.extend((t.id, r, c, old, new) for r, c, old, new in compute_totals(self.doc, t.id))
        for table, row, column, _old, new in self.derived:
            self.doc.set(table, row, column, new)

    def undo(self) -> None:
        self.unsettle()
        self.doc.set_live_totals(self.was)


def _ancestor_seeds(doc: Document, table: str, code: str) -> dict[str, set[tuple[str, str]]]:
    """The cells whose totals change when rows under ``code`` come or go: its nearest present ancestor's."""
    t = doc.table(table)
    p = parent_code(code)
    while p and not t.has_row(p):
        p = parent_code(p)
    side = t.template.code_side
    row = p or (side.total_row.key if side and side.total_row else None)
    if row is None:
        return {}
    return {table: {(row, c.key) for c in t.template.amount_columns_of(t.row(row).side)}}


class AddCodeRowCommand(QUndoCommand):
    """Add a 科目 row and any missing 类/款 rows above it, in code order."""

    def __init__(self, doc: Document, table: str, code: str, name: str, names: Callable[[str], str | None]):
        super().__init__(f"添加科目 {code}")
        self.doc, self.table, self.code, self.name, self.names = doc, table, code, name, names
        self.added: list[str] = []

    def redo(self) -> None:
        self.added = self.doc.add_code_row(self.table, self.code, self.name, with_parents=True, names=self.names)

    def undo(self) -> None:
        for key in reversed(self.added):
            self.doc.remove_row(self.table, key)


class RemoveRowCommand(LiveTotalsMixin, QUndoCommand):
    """Remove a 科目 row with every row under it (a 类 takes its 款 and 项): one undo step."""

    def __init__(self, doc: Document, table: str, row: str):
        self.rows = subtree(doc, table, row)
        more = f"及其下 {len(self.rows) - 1} 个科目" if len(self.rows) > 1 else ""
        super().__init__(f"删除科目 {row}{more}")
        self.doc, self.table, self.row = doc, table, row
        self.saved: list[tuple[int, str, str, dict[str, Value]]] = []

    def redo(self) -> None:
        t = self.doc.table(self.table)
        self.saved = []
        for key in self.rows:
            r = t.row(key)
            position = t.rows.index(r)
            self.saved.append((position, key, r.label, self.doc.remove_row(self.table, key)))
        self.settle(_ancestor_seeds(self.doc, self.table, self.row))

    def undo(self) -> None:
        self.unsettle()
        for position, key, name, cells in reversed(self.saved):
            if is_extra_key(key):  # a row kept from an import that the template does not list
                side, band = extra_row_parts(key)
                self.doc.add_extra_row(self.table, side, band, name, position=position, key=key)
            else:
                self.doc.add_code_row(self.table, key, name, position=position)
            for column, value in cells.items():
                if column != "code":
                    self.doc.set(self.table, key, column, value)


def subtree(doc: Document, table: str, row: str) -> list[str]:
    """``row`` and every code row below it (by code prefix), in table order."""
    if is_extra_key(row):
        return [row]
    t = doc.table(table)
    code = t.row(row).code or row
    return [r.key for r in t.code_rows() if r.key == row or (r.code and r.code.startswith(code) and r.code != code)]


class ExplainCommand(QUndoCommand):
    def __init__(self, doc: Document, key: str, text: str):
        super().__init__("出错说明")
        self.doc, self.key, self.new = doc, key, text
        self.old = doc.explanations.get(key, "")

    def redo(self) -> None:
        self.doc.set_explanation(self.key, self.new)

    def undo(self) -> None:
        self.doc.set_explanation(self.key, self.old)


class NoteCommand(QUndoCommand):
    def __init__(self, doc: Document, table: str, text: str):
        super().__init__("表下说明")
        self.doc, self.table, self.new = doc, table, text
        self.old = doc.note(table)

    def redo(self) -> None:
        self.doc.set_note(self.table, self.new)

    def undo(self) -> None:
        self.doc.set_note(self.table, self.old)


def amount_changes(doc: Document, table: str, values: list[tuple[str, str, Decimal | None]]) -> list[Change]:
    t = doc.table(table)
    return [(table, r, c, t.get(r, c), v) for r, c, v in values]


class AdjustmentCommand(QUndoCommand):
    """部门汇总's 调整表: add an elimination (cells reduced with their totals) or take one out, as one undo step.

    ``add`` an entry, or ``remove`` the entry at an index; the cells changed are remembered so that undo puts
    back exactly what was there (``core.eliminate`` does the work and refuses what the document cannot take).
    """

    def __init__(self, doc: Document, *, add=None, remove: int | None = None):
        from budgetdesk.core.eliminate import check_adjustment, check_cells

        if add is not None:
            check_adjustment(doc, add)  # refused before it reaches the stack
        else:
            check_cells(doc, doc.adjustments[remove])  # its cells must still be there to be put back
        super().__init__(f"添加抵销：{add.title}" if add is not None else f"删除调整：{doc.adjustments[remove].title}")
        self.doc, self.add, self.remove = doc, add, remove
        self.before = doc.adjustments
        self.changes: list = []

    def redo(self) -> None:
        from budgetdesk.core.eliminate import apply_adjustments, remove_adjustment

        self.before = self.doc.adjustments
        if self.add is not None:
            self.changes = apply_adjustments(self.doc, [self.add])
        else:
            self.changes = remove_adjustment(self.doc, self.remove)

    def undo(self) -> None:
        for table, row, column, old, _new in reversed(self.changes):
            self.doc.set(table, row, column, old)
        self.doc.set_adjustments(self.before)
