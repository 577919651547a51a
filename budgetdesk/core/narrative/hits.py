"""What a narrative check yields: a rule id, the claim it is about, the values its message needs."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from budgetdesk.core.findings import CellRef
from budgetdesk.core.narrative.claims import NarrativeClaim


@dataclass(frozen=True)
class Hit:
    rule: str
    claim: NarrativeClaim
    values: dict = field(default_factory=dict)
    expected: Decimal | None = None
    actual: Decimal | None = None
    suspects: tuple[CellRef, ...] = ()
