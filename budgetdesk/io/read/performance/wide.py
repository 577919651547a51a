"""The wide 预算项目绩效目标表 (Yongchuan): one project per row, (指标内容, 指标值) pairs across.

The text comes from PDF extraction, so columns drift between pages: a row is read from its amount
cell (the name before it, the goal after it), then indicator pairs in order; the 一级指标 is the
group of the pair's column counted from the goal (``wide_groups`` of the forms), with 满意 in the
name meaning 满意度指标. Cells like "全年举办活动次数 ≥4次" hold both halves of a pair.
"""

from __future__ import annotations

import re

from budgetdesk.core.performance.forms import PerformanceForms
from budgetdesk.core.performance.model import Indicator, PerformanceTarget, TargetKind
from budgetdesk.core.text import fold
from budgetdesk.io.read.performance.grid import (MADE_BY, OPERATOR, UNIT_LINE, VALUE, Section, amount, clean,
                                            is_value_cell, split_code_name, split_value)
from budgetdesk.io.read.import_report import ImportReport

_COMBINED = re.compile(rf"^(.*?\S)\s*({OPERATOR})\s*(\d.*)$")
_QUALITATIVE_END = re.compile(r"^(.{2,}?)(得到(?:提高|改善|激励|提升|保障))$")
_WIDE_AMOUNT = re.compile(r"^\d{1,3}(?:,\d{3})*(?:\.\d+)?$|^\d+(?:\.\d+)?$")


def _level_of(slot: int, groups: tuple[tuple[str, int], ...], content: str) -> str:
    if "满意" in content:
        return "满意度指标"
    for name, count in groups:
        if slot < count:
            return name
        slot -= count
    return groups[-1][0] if groups else ""


def read_wide(section: Section, forms: PerformanceForms, report: ImportReport, keys) -> list[PerformanceTarget]:
    """Projects of a 预算项目绩效目标表: 单位 | 项目名称 | 金额 | 绩效目标 | (指标内容, 指标值) …"""
    targets: list[PerformanceTarget] = []
    unit, money_unit, pending_unit, last_goal_end = "", forms.money_unit, "", 0
    for row in section.rows:
        texts = [clean(c.text) for c in row]
        non_empty = [(i, t) for i, t in enumerate(texts) if t]
        if non_empty and all(UNIT_LINE.match(t) or MADE_BY.match(t) for _, t in non_empty):
            for _, t in non_empty:
                if UNIT_LINE.match(t):
                    money_unit = UNIT_LINE.match(t).group(1)
                else:
                    unit = MADE_BY.match(t).group(1)
            continue
        if len(non_empty) == 1:  # a 单位 name, perhaps broken over lines: "303003-" / "重庆市永川区就业和人才中心"
            pending_unit += non_empty[0][1]
            unit = pending_unit
            continue
        pending_unit = ""
        if any(fold(t) in ("指标内容", "项目名称", "成本指标") for _, t in non_empty) \
                or all(len(t) <= 2 and t in "一二三四五六七八九十" for _, t in non_empty):
            continue  # header band
        at = next((i for i, t in non_empty[1:4] if _WIDE_AMOUNT.match(t.replace(" ", ""))), None)
        first = non_empty[0][0]
        if at is None and first > 3 and targets:  # a continuation line of the previous project
            targets[-1] = targets[-1].with_indicators(
                targets[-1].indicators + tuple(_wide_indicators(row, texts, last_goal_end, forms)))
            continue
        before = [(i, t) for i, t in non_empty if at is None or i < at]
        if at is None:  # no amount: 单位 | 项目名称 side by side, or the name alone
            before = non_empty[:2] if len(non_empty) > 1 and non_empty[1][0] == 1 else non_empty[:1]
        name_at, name = before[-1]
        if len(before) >= 2:
            unit = before[-2][1]
        start = (at if at is not None else name_at) + 1
        goal_cells = []
        for i, t in non_empty:
            if i < start:
                continue
            nxt = next((u for j, u in non_empty if j > i), "")
            if goal_cells and (is_value_cell(nxt) or _COMBINED.match(t)):
                break
            if not goal_cells or len(t) > 20 or any(t in g for _, g in goal_cells):
                goal_cells.append((i, t))
            else:
                break
        goal_end = last_goal_end = goal_cells[-1][0] if goal_cells else start - 1
        total = amount(texts[at].replace(" ", ""), row[at].location, report) if at is not None else None
        if at is None:
            report.notices.append(f"{row[name_at].location}：项目“{name}”没有金额（原表跨页断开），已导入其余内容")
        code, pname = split_code_name(name)
        extra = tuple(("绩效目标（续）", t) for _, t in goal_cells[1:])
        targets.append(PerformanceTarget(
            key=keys(code or pname), kind=TargetKind.PROJECT, name=pname,
            code=code, unit=unit, money_unit=money_unit, total=total,
            goal=goal_cells[0][1] if goal_cells else "", extra=extra,
            indicators=tuple(_wide_indicators(row, texts, goal_end, forms)), source=row[name_at].location))
    return targets


def _wide_indicators(row, texts: list[str], goal_end: int, forms: PerformanceForms) -> list[Indicator]:
    out: list[Indicator] = []
    cells = [(i, t) for i, t in enumerate(texts) if i > goal_end and t]
    k = 0
    while k < len(cells):
        i, t = cells[k]
        slot = (i - goal_end) // 2
        combined = _COMBINED.match(re.sub(r"\s+", " ", t)) if not VALUE.match(t) else None
        if combined and not (k + 1 < len(cells) and is_value_cell(cells[k + 1][1])):
            nature, value, unit = split_value(combined.group(2) + combined.group(3))
            content = combined.group(1).strip()
            k += 1
        elif k + 1 < len(cells) and is_value_cell(cells[k + 1][1]) and not is_value_cell(t):
            nature, value, unit = split_value(cells[k + 1][1])
            content = t
            k += 2
        elif _QUALITATIVE_END.match(t):  # "提高待遇得到提高": content and 定性 value in one cell
            m = _QUALITATIVE_END.match(t)
            content, (nature, value, unit) = m.group(1).strip(), ("定性", m.group(2), "")
            k += 1
        else:  # content without a value, or a value without content: keep it, the checks will flag it
            content, (nature, value, unit) = (t, ("", "", "")) if not is_value_cell(t) else ("", split_value(t))
            k += 1
        content = content.replace(" ", "") if re.search(r"\S \S", content) else content
        out.append(Indicator(level1=_level_of(slot, forms.wide_groups, content), level3=content,
                             nature=nature, value=value.replace(" ", ""), unit=unit.replace(" ", "")))
    return out
