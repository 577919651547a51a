"""Fill totals: compute 合计/小计/parent rows from the leaves, for officers who enter only leaves.

Uses the relations the checker uses (hierarchy, column identities, fixed-row sums of one table),
so a filled table passes its own checks. Every total is computed once, from its terms, in
dependency order (a 类 from its 款, which come from their 项 …). Returns the changes instead of
applying them, so the GUI can apply them as one undoable command.

Rounding (README “实时合计”): published figures are each rounded to the cent, so the exact sum of
rounded leaves may differ from the published total by a few cents, and the other tables publish the
same total. A full fill therefore never replaces a written total that lies within the rounding
tolerance (``core.tolerance``) of its exact sum, and a blank total that another table publishes takes
that published figure when it lies within the tolerance: the difference stays a 尾差 of the table's
own sum, never a cross-table error. A live recomputation after an edit (``changed``) gives the exact
sum to every total that depends on the edited cells.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from budgetdesk.core.document import Document
from budgetdesk.core.rules import RULE_KINDS, Context, SumCheck
from budgetdesk.core.tolerance import rounding_tolerance

AGGREGATING = ("hierarchy", "row_sum")  # totals over rows
IDENTITIES = ("column_sum",)  # totals over columns within a row
CROSS_TABLE = ("equal", "match_codes")  # the same figure published in two tables

Cell = tuple[str, str]
Change = tuple[str, str, Decimal | None, Decimal]


def total_formulas(doc: Document, table_id: str) -> dict[Cell, list[Cell]]:
    """Each total cell of ``table_id`` and the cells it is the sum of (the table's own relations)."""
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
    return formulas


def compute_totals(doc: Document, table_id: str, changed: Iterable[Cell] | None = None,
                   formulas: dict[Cell, list[Cell]] | None = None) -> list[Change]:
    """(row, column, old, new) for every total of ``table_id`` that its leaves determine.

    ``changed`` None: a full fill that keeps published figures within rounding tolerance. Otherwise
    only totals depending on the ``changed`` cells are recomputed, exactly.
    """
    table = doc.table(table_id)
    formulas = total_formulas(doc, table_id) if formulas is None else formulas
    dirty_seed = None if changed is None else set(changed)
    published = _published_elsewhere(doc, table_id) if changed is None else {}
    computed: dict[Cell, Decimal | None] = {}
    dirty: dict[Cell, bool] = {}
    visiting: set[Cell] = set()

    def value(cell: Cell) -> Decimal | None:
        if cell in computed:
            return computed[cell]
        terms = formulas.get(cell)
        current = table.amount(*cell)
        if terms is None or cell in visiting:
            dirty[cell] = dirty_seed is not None and cell in dirty_seed
            return current
        visiting.add(cell)
        parts = [value(t) for t in terms]
        visiting.discard(cell)
        dirty[cell] = dirty_seed is not None and (cell in dirty_seed or any(dirty[t] for t in terms))
        written = [p for p in parts if p is not None]
        exact = sum(written, Decimal(0)) if written else None
        if exact is None:
            result = current
        elif dirty_seed is not None:
            result = exact if dirty[cell] else current
        else:
            tolerance = rounding_tolerance(len(written) + 1)
            candidates = [current] + published.get(cell, [])
            result = next((c for c in candidates if c is not None and abs(c - exact) <= tolerance), exact)
        computed[cell] = result
        return result

    changes = []
    for cell in formulas:
        new = value(cell)
        old = table.amount(*cell)
        if new is not None and (new != old or old is None):
            changes.append((cell[0], cell[1], old, new))
    return changes


def computed_cells(doc: Document, table_id: str) -> set[Cell]:
    """The cells live totals compute (shaded and read-only in the GUI)."""
    return set(total_formulas(doc, table_id))


def _published_elsewhere(doc: Document, table_id: str) -> dict[Cell, list[Decimal]]:
    """Figures other tables publish for cells of ``table_id`` (one-to-one cross-table equalities)."""
    out: dict[Cell, list[Decimal]] = {}
    for rule in doc.template_set.rules:
        if rule.kind not in CROSS_TABLE or table_id not in rule.tables():
            continue
        for check in RULE_KINDS[rule.kind](rule, doc, Context()):
            if not isinstance(check, SumCheck) or len(check.left) != 1 or len(check.right) != 1:
                continue
            for here, there in ((check.left[0], check.right[0]), (check.right[0], check.left[0])):
                if here.table == table_id and there.table != table_id:
                    v = doc.amount(there.table, there.row, there.column) if doc.table(there.table).has_row(
                        there.row) else None
                    if v is not None:
                        out.setdefault((here.row, here.column), []).append(v)
    return out


def _local(check, table_id: str) -> bool:
    return (isinstance(check, SumCheck) and len(check.left) == 1 and check.right
            and check.target.table == table_id and all(r.table == table_id for r in check.right))
