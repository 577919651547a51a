"""The 项目支出绩效目标表 printed as one long table (北京 预算12表): one indicator per row, each project a block.

Header: 项目名称 | 项目总额 | 其中：财政资金 | 其他资金 | 绩效目标 | 一级指标 | 二级指标 | 三级指标 | 绩效指标性质 |
本年绩效指标值 | 绩效度量单位. A project's name, amounts and goal are a cell merged over its indicator rows, printed
once at the block's first row; a block split by a page break prints them again (often broken into fragments)
on the next page, which continues the same project. Recognised by its header alone, so any region printing
its projects this way is read the same; anything else is left to the other readers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from budgetdesk.core.performance.model import Funding, PerformanceTarget, TargetKind
from budgetdesk.core.text import fold
from budgetdesk.io.read.import_report import ImportReport
from budgetdesk.io.read.performance.grid import Section, amount_or_none, clean, indicator_row
from budgetdesk.io.read.performance.meaning import indicator_header

_NAME = ("项目名称",)
_TOTAL = ("项目总额", "项目金额", "资金总额", "项目资金", "金额")
_GOAL = ("绩效目标", "年度绩效目标", "年度目标", "项目绩效目标")
_FUNDS = ("财政资金", "财政拨款", "其他资金", "单位资金", "专户资金")
# “11000022T0000004557 94-评审工作经费”: the project code, then the name as printed (with its 类别 number)
_CODE_FIRST = re.compile(r"^([0-9A-Z]{10,})\s*(.*)$")


def _column(texts: list[str], words: tuple[str, ...]) -> int | None:
    return next((i for i, t in enumerate(texts) if fold(t) in words), None)



def _code_and_name(text: str) -> tuple[str, str]:
    m = _CODE_FIRST.match(clean(text))
    return (m.group(1), m.group(2).strip()) if m else ("", clean(text))


def read_project_blocks(section: Section, report: ImportReport, keys, money_unit: str) -> list[PerformanceTarget] | None:
    """The projects of a long 项目支出绩效目标表, or None when ``section`` is not one (no such header)."""
    rows = section.rows
    at, indicators = next(((r, found) for r, row in enumerate(rows[:6])
                           if _column([clean(c.text) for c in row], _NAME) is not None
                           and (found := indicator_header(row))), (None, None))
    if at is None or "level1" not in indicators.values():
        return None
    head = [clean(c.text) for c in rows[at]]
    name_col, total_col, goal_col = _column(head, _NAME), _column(head, _TOTAL), _column(head, _GOAL)
    funds: dict[int, str] = {}
    body = at + 1
    if body < len(rows) and any(fold(clean(c.text)) in _FUNDS for c in rows[body]):  # 其中：财政资金 | 其他资金
        funds = {i: clean(c.text) for i, c in enumerate(rows[body]) if fold(clean(c.text)) in _FUNDS}
        body += 1
    targets: list[PerformanceTarget] = []
    current: PerformanceTarget | None = None
    level3 = next(i for i, key in indicators.items() if key == "level3")
    pieces = _level3_pieces(rows[body:], indicators, level3)
    for n, row in enumerate(rows[body:]):
        if n in pieces.skip:
            continue
        texts = [clean(c.text) for c in row] + [""] * (len(head) - len(row))
        if _column(texts, _NAME) is not None or not any(texts):
            continue  # the header printed again over the next page
        name = texts[name_col]
        total = amount_or_none(texts[total_col]) if total_col is not None else None
        if name and not _continues(current, name):
            if current is not None:
                targets.append(current)
            code, pname = _code_and_name(name)
            given = [(source, amount_or_none(texts[i])) for i, source in funds.items()]
            current = PerformanceTarget(
                key=keys(code or pname), kind=TargetKind.PROJECT, name=pname, code=code, money_unit=money_unit,
                total=total, funding=tuple(Funding(source, value) for source, value in given if value is not None),
                goal=texts[goal_col] if goal_col is not None else "", source=row[name_col].location)
        elif current is not None and goal_col is not None and texts[goal_col] and not current.goal:
            current = current.evolve(goal=texts[goal_col])
        if current is not None and any(texts[i] for i in indicators):
            found = indicator_row(row, indicators, report)
            if n in pieces.joined:
                found = replace(found, level3=pieces.joined[n])
            current = current.with_indicators(current.indicators + (found,))
    if current is not None:
        targets.append(current)
    return targets


@dataclass
class _Pieces:
    skip: set[int] = field(default_factory=set)  # rows holding only a line of a wrapped 三级指标
    joined: dict[int, str] = field(default_factory=dict)  # indicator row → its whole 三级指标


def _level3_pieces(rows, indicators: dict[int, str], level3: int) -> _Pieces:
    """A 三级指标 wrapped over lines on a page without row rules: its other lines stand on rows of their own
    (nothing else in the indicator columns). A line goes with the indicator row after it, as a cell's text is
    centred on its row (the first line above it); the line just after an indicator, when no indicator follows
    it directly, is that indicator's last line."""
    out = _Pieces()

    def only_level3(row) -> bool:
        return len(row) > level3 and bool(clean(row[level3].text)) and \
            not any(clean(row[i].text) for i in indicators if i != level3 and i < len(row))

    def is_indicator(row) -> bool:
        return any(clean(row[i].text) for i in indicators if i != level3 and i < len(row))

    head: list[int] = []
    last: int | None = None
    for n, row in enumerate(rows):
        if only_level3(row):
            out.skip.add(n)
            nxt = rows[n + 1] if n + 1 < len(rows) else None
            if last is not None and not head and (nxt is None or not is_indicator(nxt)):
                out.joined[last] = out.joined.get(last, clean(rows[last][level3].text)) + clean(row[level3].text)
            else:
                head.append(n)
        elif is_indicator(row):
            if head:
                out.joined[n] = "".join(clean(rows[h][level3].text) for h in head) + clean(row[level3].text) \
                    if len(row) > level3 else ""
                head = []
            last = n
    for n in head:  # lines with no indicator after them: kept as indicators of their own, not dropped
        out.skip.discard(n)
    return out


def _continues(current: PerformanceTarget | None, name: str) -> bool:
    """The project's name printed again after a page break, whole or in fragments (“08-企业财务会计决算”)."""
    if current is None:
        return False
    code, rest = _code_and_name(name)
    if code:
        return code == current.code and (not rest or current.name.startswith(rest) or rest in current.name)
    return bool(rest) and rest in current.name
