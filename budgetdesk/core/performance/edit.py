"""Edits of a target as pure functions (old record in, new record out), for the GUI and scripts.

The GUI turns each into one undo step by keeping the old and the new record. Amounts and weights go
through ``parse_amount`` like every other figure; an unreadable one raises ``AmountError``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from budgetdesk.core.money import parse_amount
from budgetdesk.core.performance.forms import AMOUNT_FIELDS, FUNDING_COLUMNS, INDICATOR_COLUMNS
from budgetdesk.core.performance.model import Funding, Indicator, PerformanceTarget, normalise_nature

_WITH_OPERATOR = re.compile(r"^(>=|<=|[=≥≤<>＝＜＞≧≦])\s*([+-]?\d[\d,]*(?:\.\d+)?)\s*(.*)$")
_CODE_NAME = re.compile(r"^([0-9A-Za-z]{3,})\s*[-－—]\s*(.+)$")
_OPERATOR = re.compile(r"^(>=|<=|[=≥≤<>＝＜＞≧≦])\s*(.*)$")
_NUMBER_UNIT = re.compile(r"^([+-]?\d[\d,]*(?:\.\d+)?)\s*(.*)$")
PRINTED = "printed"  # the pseudo-column of a cell printing nature, value and unit together ("≥90%")


def split_code_name(text: str) -> tuple[str, str]:
    """"50010922T000000086715-监察办案经费" → (code, name); text without a code prefix is all name."""
    m = _CODE_NAME.match((text or "").strip())
    return (m.group(1), m.group(2).strip()) if m else ("", (text or "").strip())


def split_printed_value(text: str) -> tuple[str, str, str]:
    """"≥1800人" → (≥, 1800, 人); "得到改善" → (定性, 得到改善, ""); "100%" → (=, 100, %)."""
    t = re.sub(r"\s+", "", text or "")
    m = _OPERATOR.match(t)
    nature = normalise_nature(m.group(1)) if m else ""
    rest = m.group(2) if m else t
    n = _NUMBER_UNIT.match(rest)
    if n:
        return nature or "=", n.group(1), n.group(2)
    return (nature or "定性"), rest, ""


def set_field(target: PerformanceTarget, field: str, text: object) -> PerformanceTarget:
    raw = "" if text is None else str(text)
    if field.startswith("indicator:"):
        _, index, column = field.split(":")
        return set_indicator(target, int(index), column, raw)
    if field == "code_name":
        code, name = split_code_name(raw)
        return replace(target, code=code, name=name)
    if field.split(":", 1)[0] in FUNDING_COLUMNS:
        parts = field.split(":")
        part, source = (parts[1], parts[2]) if len(parts) == 3 else ("", parts[1])
        column = FUNDING_COLUMNS[parts[0]]
        amount = parse_amount(raw)
        lines = list(target.funding)
        at = next((i for i, f in enumerate(lines) if f.source == source and f.part == part), None)
        line = replace(lines[at] if at is not None else Funding(source, None, part), **{column: amount})
        if at is not None:
            lines[at] = line  # (in place: a 自评表 prints its lines in their order)
        else:
            lines.append(line)
        if line.amount is None and line.initial is None and line.executed is None:
            lines.remove(line)
        return replace(target, funding=tuple(lines))
    if field.startswith("extra:"):
        label = field[6:]
        kept = [(k, v) for k, v in target.extra if k != label]
        return replace(target, extra=tuple(kept + ([(label, raw)] if raw else [])))
    if field in AMOUNT_FIELDS:
        return replace(target, **{field: parse_amount(raw)})
    return replace(target, **{field: raw})


def set_indicator(target: PerformanceTarget, index: int, column: str, raw: str) -> PerformanceTarget:
    if column not in INDICATOR_COLUMNS + (PRINTED,):
        raise ValueError(f"未知的指标列 {column}")
    ind = target.indicators[index]
    if column == PRINTED:
        nature, value, unit = split_printed_value(raw) if raw.strip() else ("", "", "")
        new = replace(ind, nature=nature, value=value, unit=unit)
    elif column in ("weight", "score"):
        new = replace(ind, **{column: parse_amount(raw)})
    elif column == "core":
        new = replace(ind, core={"是": True, "否": False}.get(raw.strip()))
    elif column == "nature":
        new = replace(ind, nature=normalise_nature(raw))
    elif column == "value" and _WITH_OPERATOR.match(raw.strip()):  # "≥90%" typed into 指标值
        m = _WITH_OPERATOR.match(raw.strip())
        new = replace(ind, nature=normalise_nature(m.group(1)), value=m.group(2), unit=m.group(3).strip() or ind.unit)
    else:
        new = replace(ind, **{column: raw.strip()})
    items = list(target.indicators)
    items[index] = new
    return target.with_indicators(items)


def insert_indicators(target: PerformanceTarget, position: int, new: Sequence[Indicator]) -> PerformanceTarget:
    items = list(target.indicators)
    items[position:position] = list(new)
    return target.with_indicators(items)


def remove_indicators(target: PerformanceTarget, positions: Sequence[int]) -> PerformanceTarget:
    drop = set(positions)
    return target.with_indicators([i for n, i in enumerate(target.indicators) if n not in drop])


def move_indicator(target: PerformanceTarget, position: int, to: int) -> PerformanceTarget:
    items = list(target.indicators)
    if not (0 <= position < len(items) and 0 <= to < len(items)):
        return target
    items.insert(to, items.pop(position))
    return target.with_indicators(items)


def paste_indicators(target: PerformanceTarget, position: int, columns: Sequence[str],
                     rows: Sequence[Sequence[str]]) -> PerformanceTarget:
    """Paste a block (e.g. copied from Excel) into the indicator rows from ``position``, adding rows as needed."""
    result = target
    for r, values in enumerate(rows):
        at = position + r
        if at >= len(result.indicators):
            result = insert_indicators(result, len(result.indicators), [Indicator()])
        for column, value in zip(columns, values):
            result = set_indicator(result, at, column, value)
    return result


def parse_clipboard(text: str) -> list[list[str]]:
    """Tab-separated rows as Excel/WPS copy them (trailing newline ignored)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.split("\t") for line in lines]
