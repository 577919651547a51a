"""Undoable edits. Every change to the document from the GUI is one of these on the QUndoStack."""

from __future__ import annotations

from decimal import Decimal
from typing import Callable

from PySide6.QtGui import QUndoCommand

from budgetdesk.core.document import Document, Value, extra_row_parts, is_extra_key

Change = tuple[str, str, str, Value, Value]  # table, row, column, old, new


class SetCellsCommand(QUndoCommand):
    """One or many cells (typing, paste, delete, fill totals) as a single undo step."""

    def __init__(self, doc: Document, changes: list[Change], text: str):
        super().__init__(text)
        self.doc = doc
        self.changes = [c for c in changes if c[3] != c[4] or type(c[3]) is not type(c[4])]

    def redo(self) -> None:
        for table, row, column, _old, new in self.changes:
            self.doc.set(table, row, column, new)

    def undo(self) -> None:
        for table, row, column, old, _new in reversed(self.changes):
            self.doc.set(table, row, column, old)


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


class RemoveRowCommand(QUndoCommand):
    def __init__(self, doc: Document, table: str, row: str):
        super().__init__(f"删除科目 {row}")
        self.doc, self.table, self.row = doc, table, row
        self.saved: dict[str, Value] = {}
        self.position = 0
        self.name = ""

    def redo(self) -> None:
        t = self.doc.table(self.table)
        r = t.row(self.row)
        self.position, self.name = t.rows.index(r), r.label
        self.saved = self.doc.remove_row(self.table, self.row)

    def undo(self) -> None:
        if is_extra_key(self.row):
            side, band = extra_row_parts(self.row)
            self.doc.add_extra_row(self.table, side, band, self.name, position=self.position, key=self.row)
        else:
            self.doc.add_code_row(self.table, self.row, self.name, position=self.position)
        for column, value in self.saved.items():
            if column != "code":
                self.doc.set(self.table, self.row, column, value)


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
