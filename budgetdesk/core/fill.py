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

import weakref
from decimal import Decimal
from typing import Iterable

from budgetdesk.core.document import Document
from budgetdesk.core.checks import Context, SumCheck
from budgetdesk.core.rules import RULE_KINDS
from budgetdesk.core.tolerance import rounding_tolerance

AGGREGATING = ("hierarchy", "row_sum")  # totals over rows
IDENTITIES = ("column_sum",)  # totals over columns within a row
CROSS_TABLE = ("equal", "match_codes")  # the same figure published in two tables

Cell = tuple[str, str]
Change = tuple[str, str, Decimal | None, Decimal]


_cache: "weakref.WeakKeyDictionary[Document, dict[str, tuple[tuple[str, ...], dict]]]" = weakref.WeakKeyDictionary()


def total_formulas(doc: Document, table_id: str) -> dict[Cell, list[Cell]]:
    """Each total cell of ``table_id`` and the cells it is the sum of (the table's own relations).

    Kept per document until the table's rows change: live totals ask for them on every keystroke.
    """
    rows = tuple(r.key for r in doc.table(table_id).rows)
    cached = _cache.setdefault(doc, {}).get(table_id)
    if cached is not None and cached[0] == rows:
        return cached[1]
    formulas = _expand_formulas(doc, table_id)
    _cache[doc][table_id] = (rows, formulas)
    return formulas


def _expand_formulas(doc: Document, table_id: str) -> dict[Cell, list[Cell]]:
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
    affected = None if changed is None else _affected(formulas, set(changed))
    published = _published_elsewhere(doc, table_id) if changed is None else {}
    computed: dict[Cell, Decimal | None] = {}
    visiting: set[Cell] = set()

    def value(cell: Cell) -> Decimal | None:
        if cell in computed:
            return computed[cell]
        terms = formulas.get(cell)
        current = table.amount(*cell)
        if terms is None or cell in visiting or (affected is not None and cell not in affected):
            return current
        visiting.add(cell)
        parts = [value(t) for t in terms]
        visiting.discard(cell)
        written = [p for p in parts if p is not None]
        exact = sum(written, Decimal(0)) if written else None
        if exact is None:
            result = current
        elif affected is not None:
            result = exact
        else:
            tolerance = rounding_tolerance(len(written) + 1)
            candidates = [current] + published.get(cell, [])
            result = next((c for c in candidates if c is not None and abs(c - exact) <= tolerance), exact)
        computed[cell] = result
        return result

    changes = []
    for cell in (formulas if affected is None else [c for c in formulas if c in affected]):
        new = value(cell)
        old = table.amount(*cell)
        if new is not None and (new != old or old is None):
            changes.append((cell[0], cell[1], old, new))
    return changes


def _affected(formulas: dict[Cell, list[Cell]], seeds: set[Cell]) -> set[Cell]:
    """The totals that depend, directly or through other totals, on ``seeds`` (and seeds that are totals)."""
    dependents: dict[Cell, list[Cell]] = {}
    for target, terms in formulas.items():
        for t in terms:
            dependents.setdefault(t, []).append(target)
    out = {s for s in seeds if s in formulas}
    todo = list(seeds)
    while todo:
        for target in dependents.get(todo.pop(), ()):
            if target not in out:
                out.add(target)
                todo.append(target)
    return out


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


TableCell = tuple[str, str, str]  # (table, row, column)


def shift_totals(doc: Document, seeds: dict[TableCell, Decimal]) -> dict[TableCell, Decimal]:
    """How every cell moves when the ``seeds`` cells move by the given amounts, keeping the template's relations.

    Totals of a table move by the sum of their terms' moves (the relations live totals use, so what held
    before holds after, published rounding untouched). A figure another table publishes moves with it:
    a cross-table equality whose one side moved while its other side, a single cell that is no total of
    its own table, did not, moves that cell by the difference — then its table's totals follow. Used by
    部门汇总 eliminations; returns the seeds with every move they cause (zero moves left out).
    """
    moves: dict[TableCell, Decimal] = {k: v for k, v in seeds.items() if v}
    done: set[TableCell] = set()

    def follow_locally(table_id: str) -> None:
        formulas = total_formulas(doc, table_id)
        fresh = {(r, c) for (t, r, c) in moves if t == table_id and (r, c) not in formulas}
        depth: dict[Cell, int] = {}
        for cell in sorted(_affected(formulas, fresh) - fresh, key=lambda c: _depth(formulas, c, depth)):
            move = sum((moves.get((table_id, *term), Decimal(0)) for term in formulas[cell]), Decimal(0))
            if move:
                moves[(table_id, *cell)] = move

    for table_id in {t for (t, _, _) in moves}:
        follow_locally(table_id)
    mirrors = [check for rule in doc.template_set.rules if rule.kind in CROSS_TABLE
               for check in RULE_KINDS[rule.kind](rule, doc, Context())
               if isinstance(check, SumCheck) and check.op == "eq"]
    changed = True
    while changed:
        changed = False
        for check in mirrors:
            left = [(r.table, r.row, r.column) for r in check.left]
            right = [(r.table, r.row, r.column) for r in check.right]
            minus = [(r.table, r.row, r.column) for r in check.minus]
            gap = (sum((moves.get(c, Decimal(0)) for c in left), Decimal(0))
                   - sum((moves.get(c, Decimal(0)) for c in right), Decimal(0))
                   + sum((moves.get(c, Decimal(0)) for c in minus), Decimal(0)))
            if not gap:
                continue
            left_moved = any(c in moves for c in left)
            other_moved = any(c in moves for c in right + minus)
            if left_moved and not other_moved and len(right) == 1 and not minus:
                cell, move = right[0], gap
            elif other_moved and not left_moved and len(left) == 1:
                cell, move = left[0], -gap
            else:
                continue
            if cell in done or (cell[1], cell[2]) in total_formulas(doc, cell[0]) or not doc.table(cell[0]).has_row(
                    cell[1]):
                continue  # a total moves with its own terms, never alone
            done.add(cell)
            moves[cell] = move
            follow_locally(cell[0])
            changed = True
    return {k: v for k, v in moves.items() if v}


def unbalanced_by(doc: Document, moves: dict[TableCell, Decimal]) -> list[SumCheck]:
    """The equalities between tables that ``moves`` (from ``shift_totals``) would break: one side moved and the
    other could not follow (it is a total of its own table whose terms did not move, or several cells)."""
    out = []
    for rule in doc.template_set.rules:
        if rule.kind not in CROSS_TABLE:
            continue
        for check in RULE_KINDS[rule.kind](rule, doc, Context()):
            if not isinstance(check, SumCheck) or check.op != "eq":
                continue
            gap = (sum((moves.get((r.table, r.row, r.column), Decimal(0)) for r in check.left), Decimal(0))
                   - sum((moves.get((r.table, r.row, r.column), Decimal(0)) for r in check.right), Decimal(0))
                   + sum((moves.get((r.table, r.row, r.column), Decimal(0)) for r in check.minus), Decimal(0)))
            if gap:
                out.append(check)
    return out


def _depth(formulas: dict[Cell, list[Cell]], cell: Cell, memo: dict[Cell, int]) -> int:
    """How many totals lie below ``cell`` (a leaf 0): totals are computed after their terms."""
    if cell not in memo:
        memo[cell] = 0  # a cycle (none in the templates) ends here
        terms = formulas.get(cell)
        memo[cell] = 1 + max(_depth(formulas, t, memo) for t in terms) if terms else 0
    return memo[cell]
