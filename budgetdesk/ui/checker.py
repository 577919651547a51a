"""Bridges the core engine to Qt: one signal per batch of findings that changed."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from budgetdesk.core.document import Document
from budgetdesk.core.engine import Engine
from budgetdesk.core.findings import Finding, Summary
from budgetdesk.resources import catalogue_provider


class LiveChecker(QObject):
    findingsChanged = Signal(object)  # FindingDelta

    def __init__(self, document: Document, parent: QObject | None = None):
        super().__init__(parent)
        self.document = document
        self.engine = Engine(document, catalogue_provider(document.template_set))
        self.engine.watch(self.findingsChanged.emit)

    def findings(self) -> list[Finding]:
        return self.engine.findings()

    def findings_for(self, table: str) -> list[Finding]:
        return [f for f in self.engine.findings() if f.table == table]

    def summary(self) -> Summary:
        return self.engine.summary()

    def close(self) -> None:
        self.engine.close()

