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


def rank_suspects(check, readers_of: Callable[[CellRef], Iterable], fails: Callable[[object], bool],
                  source_of: Callable[[CellRef], str | None] | None = None) -> tuple[CellRef, ...]:
    """The cells of a failing relation that are most likely wrong, best first ("" when nothing stands out).

    Suspects are the cells with the highest score, if that score is positive (the cell breaks more
    relations than it keeps); when every cell scores the same the relation gives no hint and none are named.
    """
    cells = relation_cells(check)
    if len(cells) < 2:
        return ()
    scores = {ref: cell_score(ref, readers_of(ref), fails) for ref in cells}
    best = max(scores.values())
    top = [ref for ref in cells if scores[ref] == best]
    if best <= 0 or len(top) == len(cells) or len(top) > MAX_SUSPECTS:
        return ()  # no cell breaks more relations than it keeps (e.g. a whole column missing): no guess
    if source_of is not None:
        top = [CellRef(r.table, r.row, r.column, source_of(r)) for r in top]
    return tuple(top)
