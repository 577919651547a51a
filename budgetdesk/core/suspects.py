"""Which cell of a failed relation is most likely the wrong one.

A relation that fails says only that one of its cells is wrong. The other relations each cell
takes part in say which: a cell that also makes other relations fail is suspect; a cell whose other
relations all hold is vouched for. A changed 项 figure breaks its 款 = Σ项 check, its row's
合计 = 基本 + 项目 check and the same code in the next table, while the 款 still agrees with its 类
and with the other table — so the 项 cell ranks first and the 款, though named by the failing check,
does not. Cells read by no other relation (a 上年 column only the hierarchy reads) still rank above
cells that other relations vouch for.

Only linear relations (checks with ``left``/``right`` cells) count as evidence; roundings count as
holding. ``rank_suspects`` is pure: the engine gives it the failing check, the checks reading each
cell and a test for "this check fails".
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable, Iterable

from budgetdesk.core.findings import CellRef

MAX_SUSPECTS = 5


@lru_cache(maxsize=1 << 16)  # a check's cells never change, and every edit asks for them thousands of times
def relation_cells(check) -> tuple[CellRef, ...]:
    """The cells of a linear relation, target first; () for checks that are not relations."""
    left, right = getattr(check, "left", None), getattr(check, "right", None)
    if left is None or right is None:
        return ()
    seen: dict[tuple, CellRef] = {}
    for ref in (*left, *right, *getattr(check, "minus", ())):  # 年末 = 年初 + 收入 − 支出 reads 支出 too
        seen.setdefault((ref.table, ref.row, ref.column), ref)
    return tuple(seen.values())


def cell_score(ref: CellRef, readers: Iterable, fails: Callable[[object], bool]) -> int:
    """Relations this cell breaks minus relations it keeps."""
    score = 0
    for check in readers:
        if not relation_cells(check):
            continue
        score += 1 if fails(check) else -1
    return score


def _equality(check) -> bool:
    """A relation saying two cells hold the same figure (the same amount printed in two tables)."""
    return len(relation_cells(check)) == 2 and getattr(check, "op", "eq") == "eq" and not getattr(check, "minus", ())


def odd_one_out(check, readers_of: Callable[[CellRef], Iterable], fails: Callable[[object], bool]) -> CellRef | None:
    """Of a failing “A = B” between two tables, the cell no third table agrees with.

    When the figure is printed in three tables and two of them agree, the third is the one to fix —
    however many of its own table's sums it keeps (a table copied wrong whole still adds up). A cell
    agrees with a third table when an equality reading it holds; the other cell, agreed with by none,
    is the suspect. When both or neither are agreed with, this says nothing.
    """
    if not _equality(check):
        return None
    agreed = {}
    for ref in relation_cells(check):
        agreed[ref] = any(_equality(other) and other is not check and not fails(other) for other in readers_of(ref))
    a, b = relation_cells(check)
    if agreed[a] != agreed[b]:
        return b if agreed[a] else a
    return None


def rank_suspects(check, readers_of: Callable[[CellRef], Iterable], fails: Callable[[object], bool],
                  source_of: Callable[[CellRef], str | None] | None = None) -> tuple[CellRef, ...]:
    """The cells of a failing relation that are most likely wrong, best first ("" when nothing stands out).

    A figure two other tables agree on is right and the odd one out is suspect (``odd_one_out``).
    Otherwise suspects are the cells with the highest score, if that score is positive (the cell breaks
    more relations than it keeps); when every cell scores the same the relation gives no hint and none are named.
    """
    cells = relation_cells(check)
    if len(cells) < 2:
        return ()
    odd = odd_one_out(check, readers_of, fails)
    if odd is not None:
        return (CellRef(odd.table, odd.row, odd.column, source_of(odd)) if source_of is not None else odd,)
    scores = {ref: cell_score(ref, readers_of(ref), fails) for ref in cells}
    best = max(scores.values())
    top = [ref for ref in cells if scores[ref] == best]
    if best <= 0 or len(top) == len(cells) or len(top) > MAX_SUSPECTS:
        return ()  # no cell breaks more relations than it keeps (e.g. a whole column missing): no guess
    if source_of is not None:
        top = [CellRef(r.table, r.row, r.column, source_of(r)) for r in top]
    return tuple(top)
