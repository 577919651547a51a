"""Which cell is wrong: the cell shared by the most broken relations becomes a finding's suspect.

One mistyped figure usually breaks several relations at once (its row's sum, its parent 科目's sum, the
matching cell of another table). Each failing relation only says "these cells do not add up"; the cell
that all of them have in common is the likely culprit. ``with_suspects`` scores every cell by how many
error findings read it and names, on each finding, its own cells with the highest score. With a single
broken relation every cell of it scores alike and all stay suspects: the data cannot tell them apart.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from budgetdesk.core.findings import CellRef, Finding, Severity


def _cells(f: Finding) -> tuple[CellRef, ...]:
    own = CellRef(f.table, f.row, f.column)
    return (own,) + tuple(r for r in f.related if r.column is not None)


def with_suspects(findings: list[Finding]) -> list[Finding]:
    """The same findings; errors and warnings get ``suspects`` (most implicated cells first)."""
    serious = [f for f in findings if f.severity in (Severity.ERROR, Severity.WARNING) and f.column is not None]
    score = Counter(c for f in serious for c in set(_cells(f)))
    out = []
    for f in findings:
        if f not in serious or f.suspects:
            out.append(f)
            continue
        cells = list(dict.fromkeys(_cells(f)))
        best = max(score[c] for c in cells)
        out.append(replace(f, suspects=tuple(c for c in cells if score[c] == best)))
    return out
