"""The undo stack, telling when one pushed command has finished.

One command can change many cells (a paste, 实时合计 recomputing a 项's 款, 类 and 合计); the findings panel,
table list and counts are refreshed once when it has finished rather than after every cell.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoCommand, QUndoStack


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
