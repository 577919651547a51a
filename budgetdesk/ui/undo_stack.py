"""The undo stack, telling when one pushed command has finished.

One command can change many cells (a paste, 实时合计 recomputing a 项's 款, 类 and 合计); the findings panel,
table list and counts are refreshed once when it has finished rather than after every cell.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QUndoCommand, QUndoStack


def redo_shortcuts() -> list[QKeySequence]:
    """The platform's redo keys plus Ctrl+Y, each once (a key listed twice makes Qt call it ambiguous)."""
    keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
    if not any(k.matches(QKeySequence("Ctrl+Y")) == QKeySequence.SequenceMatch.ExactMatch for k in keys):
        keys.append(QKeySequence("Ctrl+Y"))
    return keys


def history_key(event: QEvent) -> str | None:
    """"undo" or "redo" when ``event`` is one of the window's undo/redo keys (Ctrl+Z; Ctrl+Y, Ctrl+Shift+Z)."""
    if not isinstance(event, QKeyEvent):
        return None
    if event.matches(QKeySequence.StandardKey.Undo):
        return "undo"
    pressed = QKeySequence(event.keyCombination())
    if any(k.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch for k in redo_shortcuts()):
        return "redo"
    return None


class BatchedUndoStack(QUndoStack):
    finished = Signal()  # a command pushed from Python has been applied completely

    def __init__(self, parent=None):
        super().__init__(parent)
        self.busy = 0

    def push(self, command: QUndoCommand) -> None:
        self.busy += 1
        try:
            super().push(command)
        finally:
            self.busy -= 1
        if not self.busy:
            self.finished.emit()
