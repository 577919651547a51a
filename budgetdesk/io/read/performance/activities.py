"""The 部门整体支出绩效目标表 with its indicators listed by 活动 (北京 预算13表).

Above: 部门名称; 总体资金情况 — 预算支出总额, then 财政拨款 and 其他资金 each split 合计 | 基本支出 | 项目支出; 整体绩效目标.
Below: 活动 | 绩效指标 | 指标性质 | 指标值 | 度量单位, the three levels of an indicator written in one cell
(“产出指标数量指标财政评审项目数量”). Merged cells come out of the PDF twice or cut short, so each row is read by
meaning: the longest cell naming a 一级指标 is the indicator, the operator (or 定性) its nature, the next cell its value
and a last short cell its unit. Recognised by the 活动 | 绩效指标 header alone.
"""

from __future__ import annotations

import re

from budgetdesk.core.performance.model import Funding, Indicator, PerformanceTarget, TargetKind, normalise_nature
from budgetdesk.core.text import fold
from budgetdesk.io.read.performance.grid import OPERATOR, PLACEHOLDER, Section, amount_or_none, clean

LEVEL_ONE = ("产出指标", "效益指标", "成本指标", "满意度指标")  # the 一级指标 an indicator row names
_LEVEL_TWO = re.compile(r"^(.{1,10}?指标)(.+)$")
_NATURE = re.compile(rf"^(?:{OPERATOR}|定性)$")
_PARTS = {"基本支出": "basic", "项目支出": "project"}


def names_level_one(text: str) -> bool:
    """A cell of an indicator row: the 一级指标 alone, or the three levels in one (“产出指标数量指标评审项目数量”)."""
    t = fold(text)
    return t in LEVEL_ONE or any(t.startswith(name) and "指标" in t[len(name):] for name in LEVEL_ONE)


_FRAME_WORD = re.compile(r"^.{1,8}(?:指标|成本)$")  # 数量指标, 经济成本 …: the frame of a blank form


def prints_indicator(row: list[str]) -> bool:
    """A row of a 绩效 form printing an indicator: a 一级指标 and something of its own — not the frame of a blank
    form (西安's 专项资金总体绩效目标表, 不涉及: only 成本指标 | 经济成本, or “......” for its indicators)."""
    cells = [c.strip() for c in row if c and c.strip()]
    if not any(names_level_one(c) for c in cells) or any(PLACEHOLDER.match(c) for c in cells):
        return False
    return any(not names_level_one(c) and not _FRAME_WORD.match(fold(c)) for c in cells)


def read_activity_overall(section: Section, keys, unit_name: str, money_unit: str) -> PerformanceTarget | None:
    """The 整体 target of such a form, or None when ``section`` is not one."""
    rows = [[clean(c.text) for c in row] for row in section.rows]
    at = next((r for r, texts in enumerate(rows) if "活动" in texts and "绩效指标" in texts), None)
    if at is None:
        return None
    target = PerformanceTarget(key=keys("overall"), kind=TargetKind.OVERALL, name=unit_name, unit=unit_name,
                               money_unit=money_unit, source=section.rows[at][rows[at].index("活动")].location)
    target = _funds(rows[:at], target)
    goal = next((max(texts, key=len) for texts in rows[:at] if "整体绩效目标" in texts), "")
    name = next((t for texts in rows[:at] if "部门名称" in texts for t in texts if t and t != "部门名称"), "")
    indicators = tuple(i for texts in rows[at + 1:] if (i := _indicator(texts)) is not None)
    return target.evolve(goal=goal if goal != "整体绩效目标" else "", name=name or target.name, indicators=indicators)


def _funds(rows: list[list[str]], target: PerformanceTarget) -> PerformanceTarget:
    """预算支出总额 and the 基本/项目 split of 财政拨款 and 其他资金, from the three rows under 总体资金情况."""
    top = next((r for r, texts in enumerate(rows) if "预算支出总额" in texts), None)
    if top is None or top + 2 >= len(rows):
        return target
    heads, parts, figures = rows[top], rows[top + 1], rows[top + 2]
    total, basic, project, funding = None, None, None, []
    for j, text in enumerate(figures):
        value = amount_or_none(text)
        if value is None or j >= len(heads):
            continue
        if heads[j] == "预算支出总额":
            total = value
        elif j < len(parts) and parts[j] in _PARTS:
            part = _PARTS[parts[j]]
            funding.append(Funding(heads[j], value, part))
            if part == "basic":
                basic = (basic or 0) + value
            else:
                project = (project or 0) + value
    return target.evolve(total=total, basic=basic, project=project, funding=tuple(funding))


def _indicator(texts: list[str]) -> Indicator | None:
    named = [t for t in texts if any(t.startswith(level) for level in LEVEL_ONE)]
    if not named:
        return None
    whole = max(named, key=len)
    level1 = next(level for level in LEVEL_ONE if whole.startswith(level))
    rest = whole[len(level1):]
    m = _LEVEL_TWO.match(rest)
    level2, level3 = (m.group(1), m.group(2)) if m else ("", rest)
    after = [t for t in texts[max(i for i, t in enumerate(texts) if t in named) + 1:] if t]
    nature_at = next((k for k, t in enumerate(after) if _NATURE.match(fold(t))), None)
    nature, value, unit = "", "", ""
    if nature_at is not None:
        nature = normalise_nature(after[nature_at])
        rest_cells = after[nature_at + 1:]
        value = rest_cells[0] if rest_cells else ""
        later = [t for t in rest_cells[1:] if t != value]  # (a merged value cell printed twice)
        unit = later[-1] if later else ""
    return Indicator(level1=level1, level2=level2, level3=level3, nature=nature, value=value, unit=unit)
