"""Fill totals: compute 合计/小计/parent rows from the leaves, for officers who enter only leaves.

Uses the relations the checker uses (hierarchy, column identities, fixed-row sums of one table),
so a filled table passes its own checks. Every total is computed once, from its terms, in
dependency order (a 类 from its 款, which come from their 项 …); since all these relations are
sums, the results agree with each other exactly. Returns the changes instead of applying them, so
the GUI can apply them as one undoable command.
"""

from __future__ import annotations

from decimal import Decimal

from budgetdesk.core.document import Document
from budgetdesk.core.rules import RULE_KINDS, Context, SumCheck

AGGREGATING = ("hierarchy", "row_sum")  # totals over rows
IDENTITIES = ("column_sum",)  # totals over columns within a row

Cell = tuple[str, str]


def compute_totals(doc: Document, table_id: str) -> list[tuple[str, str, Decimal | None, Decimal]]:
    """(row, column, old, new) for every total of ``table_id`` that its leaves determine."""
    table = doc.table(table_id)
    formulas: dict[Cell, list[Cell]] = {}
    aggregate_rows: set[str] = set()
    for kinds in (AGGREGATING, IDENTITIES):
        for rule in doc.template_set.rules:
            if rule.kind not in kinds or table_id not in rule.tables():
                continue
            for check in RULE_KINDS[rule.kind](rule, doc, Context()):
                if not _local(check, table_id):
                    continue
                target = (check.target.row, check.target.column)
                if rule.kind in IDENTITIES and target[0] in aggregate_rows:
                    continue  # an aggregate row gets every column from its rows, consistently
                if target not in formulas:
                    formulas[target] = [(r.row, r.column) for r in check.right]
                    if rule.kind in AGGREGATING:
                        aggregate_rows.add(target[0])
    computed: dict[Cell, Decimal | None] = {}
    visiting: set[Cell] = set()

    def value(cell: Cell) -> Decimal | None:
        if cell in computed:
            return computed[cell]
        terms = formulas.get(cell)
        if terms is None or cell in visiting:
            return table.amount(*cell)
        visiting.add(cell)
        parts = [value(t) for t in terms]
        visiting.discard(cell)
        result = None if all(p is None for p in parts) else sum((p for p in parts if p is not None), Decimal(0))
        computed[cell] = result if result is not None else table.amount(*cell)
        return computed[cell]

    changes = []
    for cell in formulas:
        new = value(cell)
        old = table.amount(*cell)
        if new is not None and new != old:
            changes.append((cell[0], cell[1], old, new))
    return changes


def _local(check, table_id: str) -> bool:
    return (isinstance(check, SumCheck) and len(check.left) == 1 and check.right
            and check.target.table == table_id and all(r.table == table_id for r in check.right))
