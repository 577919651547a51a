"""The wide 绩效目标表 (one band of rows per project, indicators across in 一级指标 groups) as positions.

``layout.wide_layout`` draws the table; this module answers what an editor needs on top of it: which
project, group and slot a position is (an empty slot too, so typing there adds an indicator), and the
edits that keep an indicator inside its group — add after, move within, paste a block of cells — and the one
that moves it to another group.
All pure: targets in, new targets out; the GUI turns each result into one undo step.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Mapping, Sequence

from budgetdesk.core.performance.edit import set_field
from budgetdesk.core.performance.forms import PerformanceForms
from budgetdesk.core.performance.model import Indicator, PerformanceTarget, short_level

DEFAULT_GROUPS = (("产出指标", 4), ("效益指标", 3), ("满意度指标", 2))
FIXED_COLUMNS = 4  # 单位 | 项目名称 | 金额 | 绩效目标
HEADER_ROWS = 4
SLOT_PARTS = ("level3", "printed")  # 指标内容, 指标值 (nature, value and unit printed in one cell)


def wide_groups(forms: PerformanceForms) -> tuple[tuple[str, int], ...]:
    return forms.wide_groups or DEFAULT_GROUPS


def group_of(ind: Indicator, groups: Sequence[tuple[str, int]]) -> int:
    """The group an indicator is printed in: its 一级指标's, else the last group (as printed)."""
    return _group_index(ind.level1, tuple(groups))


@lru_cache(maxsize=512)
def _group_index(level1: str, groups: tuple[tuple[str, int], ...]) -> int:
    level = short_level(level1)
    return next((k for k, (name, _) in enumerate(groups) if short_level(name) == level), len(groups) - 1)


def placed(target: PerformanceTarget, groups: Sequence[tuple[str, int]]) -> list[list[int]]:
    """Per group, the positions of the target's indicators printed in it, in order."""
    out: list[list[int]] = [[] for _ in groups]
    for i, ind in enumerate(target.indicators):
        out[group_of(ind, groups)].append(i)
    return out


def band_height(target: PerformanceTarget, groups: Sequence[tuple[str, int]],
                members: list[list[int]] | None = None) -> int:
    """Rows of a project's band: enough for its fullest group (``members``: ``placed``, if known)."""
    members = placed(target, groups) if members is None else members
    return max([1] + [-(-len(m) // n) for m, (_, n) in zip(members, groups) if m])


@dataclass(frozen=True)
class Slot:
    """One (指标内容, 指标值) position of a project's band: the ``ordinal``-th indicator of ``group``."""

    key: str
    group: int
    ordinal: int
    part: str  # "level3" | "printed"


def column_slot(col: int, groups: Sequence[tuple[str, int]]) -> tuple[int, int, str] | None:
    """(group, slot within a row, part) printed in column ``col``; None for the fixed columns."""
    offset = col - FIXED_COLUMNS
    if offset < 0:
        return None
    pair, part = divmod(offset, 2)
    for g, (_, n) in enumerate(groups):
        if pair < n:
            return g, pair, SLOT_PARTS[part]
        pair -= n
    return None


def group_columns(group: int, groups: Sequence[tuple[str, int]]) -> range:
    start = FIXED_COLUMNS + 2 * sum(n for _, n in groups[:group])
    return range(start, start + 2 * groups[group][1])


def slot_at(bands: Sequence[tuple[str, int, int]], groups: Sequence[tuple[str, int]], row: int,
            col: int) -> Slot | None:
    """The slot at a table position (``bands``: key, first row, height of each project)."""
    where = column_slot(col, groups)
    band = next((b for b in bands if b[1] <= row < b[1] + b[2]), None)
    if where is None or band is None:
        return None
    g, s, part = where
    return Slot(band[0], g, (row - band[1]) * groups[g][1] + s, part)


def slot_position(slot: Slot, band_row: int, groups: Sequence[tuple[str, int]]) -> tuple[int, int]:
    """Where a slot is printed: the inverse of ``slot_at``."""
    n = groups[slot.group][1]
    r, s = divmod(slot.ordinal, n)
    return band_row + r, group_columns(slot.group, groups)[0] + 2 * s + SLOT_PARTS.index(slot.part)


def indicator_slot(target: PerformanceTarget, groups: Sequence[tuple[str, int]], index: int,
                   part: str = "level3") -> Slot:
    g = group_of(target.indicators[index], groups)
    return Slot(target.key, g, placed(target, groups)[g].index(index), part)


# -- edits -------------------------------------------------------------------------------------


def add_to_group(target: PerformanceTarget, groups: Sequence[tuple[str, int]], group: int,
                 after: int | None = None, indicator: Indicator | None = None) -> tuple[PerformanceTarget, int]:
    """A new indicator of ``group`` after position ``after`` (else after the group's last); its position."""
    members = placed(target, groups)[group]
    if after is None:
        after = members[-1] if members else len(target.indicators) - 1
    new = indicator or Indicator(level1=groups[group][0])
    items = list(target.indicators)
    items.insert(after + 1, new)
    return target.with_indicators(items), after + 1


def move_within_group(target: PerformanceTarget, groups: Sequence[tuple[str, int]], index: int,
                      step: int) -> tuple[PerformanceTarget, int]:
    """The indicator at ``index`` swapped with its neighbour in the same group (step -1 or +1)."""
    members = placed(target, groups)[group_of(target.indicators[index], groups)]
    k = members.index(index) + step
    if not 0 <= k < len(members):
        return target, index
    other = members[k]
    items = list(target.indicators)
    items[index], items[other] = items[other], items[index]
    return target.with_indicators(items), other


def move_to_group(target: PerformanceTarget, groups: Sequence[tuple[str, int]], index: int,
                  group: int) -> tuple[PerformanceTarget, int]:
    """The indicator at ``index`` made one of ``group`` (its 一级指标 changed), placed after that group's last.

    Its 二级指标 belonged to the old 一级指标 (数量指标 is an 产出 one) and is cleared; everything else is kept."""
    ind = target.indicators[index]
    if group_of(ind, groups) == group:
        return target, index
    items = list(target.indicators)
    del items[index]
    rest = target.with_indicators(items)
    members = placed(rest, groups)[group]
    at = members[-1] + 1 if members else len(items)
    items.insert(at, replace(ind, level1=groups[group][0], level2=""))
    return target.with_indicators(items), at


def paste_cells(targets: Mapping[str, PerformanceTarget], cells: Mapping[tuple[int, int], tuple[str, str]],
                bands: Sequence[tuple[str, int, int]], groups: Sequence[tuple[str, int]], row: int, col: int,
                block: Sequence[Sequence[str]]) -> dict[str, PerformanceTarget]:
    """A block of copied cells from (row, col): the changed targets by key.

    ``cells`` maps the top-left position of every printed value cell to (key, field); a position inside
    a merged cell other than its top-left takes nothing (a spreadsheet copies a merged cell that way).
    Text landing in empty slots becomes new indicators of that group, after the group's own.
    """
    result = dict(targets)
    new_slots: dict[str, dict[tuple[int, int], dict[str, str]]] = {}
    for r, values in enumerate(block):
        for c, text in enumerate(values):
            at = (row + r, col + c)
            if at in cells:
                key, field = cells[at]
                result[key] = set_field(result[key], field, text)
                continue
            slot = slot_at(bands, groups, *at)
            if slot is not None and slot.ordinal >= len(placed(targets[slot.key], groups)[slot.group]) and text.strip():
                new_slots.setdefault(slot.key, {}).setdefault((slot.group, slot.ordinal), {})[slot.part] = text
    for key, slots in new_slots.items():
        for (g, _), parts in sorted(slots.items()):
            target, at = add_to_group(result[key], groups, g)
            for part, text in parts.items():
                target = set_field(target, f"indicator:{at}:{part}", text)
            result[key] = target
    return {k: t for k, t in result.items() if t != targets[k]}
