"""Placing by structure where words fail: totals found by position, 合计 columns found by their sums.

When a row's label or a column's header matches nothing in the template, the table itself still
says what it is: the first or last line of a side is its total; a line equal to the sum of the item
lines above it is the subtotal; a column equal, on every line, to the sum of the columns a
``column_sum`` rule of the template names is that rule's 合计 column. These guesses are made only
when exactly one template row or column fits, and the import report says each one was made.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from budgetdesk.core.document import Document
from budgetdesk.core.labels import is_total_word
from budgetdesk.core.money import AmountError, parse_amount
from budgetdesk.core.template import Column, TableTemplate
from budgetdesk.core.tolerance import rounding_tolerance
from budgetdesk.io.read.header_match import regrouped


def _amount(text: str) -> Decimal | None:
    try:
        return parse_amount(regrouped(text)) if text and text.strip() else None
    except AmountError:
        return None


def _equal(a: Decimal, b: Decimal, terms: int) -> bool:
    return abs(a - b) <= rounding_tolerance(terms + 1)


def map_total_columns_by_sum(doc: Document, template: TableTemplate, paths: list[list[str]], data_rows: list,
                             mapping: dict[int, Column], skip: Iterable[int] = (),
                             scale: Decimal | None = None) -> dict[int, Column]:
    """Grid columns without a template column that equal, line by line, a column_sum rule's terms."""
    rules = [r for r in doc.template_set.rules if r.kind == "column_sum" and r.params.get("table") == template.id]
    found: dict[int, Column] = {}
    skip = set(skip)
    changed = True
    while changed:  # a 小计 found by its sum may be a term of the 合计 (三公: 合计 = 出国 + 车辆小计 + 接待)
        changed = False
        used = {c.key: j for j, c in {**mapping, **found}.items()}
        free = [j for j in range(len(paths)) if j not in mapping and j not in found and j not in skip]
        for rule in rules:
            target, terms = rule.params["target"], list(rule.params["terms"])
            if target in used or not template.has_column(target) or any(t not in used for t in terms):
                continue
            fits = [j for j in free if _column_is_sum(data_rows, j, [used[t] for t in terms], scale)]
            if len(fits) == 1:
                found[fits[0]] = template.column(target)
                changed = True
                break
    return found


def _column_is_sum(rows: list, j: int, term_columns: list[int], scale: Decimal | None) -> bool:
    """Line by line, column ``j`` = Σ term columns (compared in the document's unit: rounding is per 万元)."""
    lines = 0
    k = scale if scale is not None else Decimal(1)
    for row in rows:
        value = _amount(row[j].text) if j < len(row) else None
        parts = [_amount(row[k].text) if k < len(row) else None for k in term_columns]
        if value is None and all(p is None for p in parts):
            continue
        if j < len(row) and row[j].text.strip() and value is None:
            return False  # text in the column: not a figures column
        if not _equal((value or Decimal(0)) * k, sum((p or Decimal(0) for p in parts), Decimal(0)) * k, len(parts)):
            return False
        lines += 1 if value else 0
    return lines > 0


def place_row_by_structure(doc: Document, template: TableTemplate, side, cols: dict[int, Column], cells: dict,
                           index: int, order: list[str | None], matched: set[str],
                           scale: Decimal | None = None) -> str | None:
    """The template row an unrecognised line is by its position (first/last: total) or its sums (subtotal)."""
    values: dict[str, Decimal] = {}
    for j, col in cols.items():
        if col.is_amount and j in cells:
            v = _amount(cells[j].text)
            if v is not None:
                values[col.key] = v * scale if scale is not None else v
    table = doc.table(template.id)
    first, last = index == 0, index == len(order) - 1
    if not values and not side.is_codes:
        return None
    if side.is_codes:
        total = side.total_row
        if total and (first or last) and not any(table.amount(total.key, c) is not None for c in side.columns):
            return total.key
        return None
    free = [r for r in side.rows if r.key not in matched]
    totals = [r for r in free if r.band == "total" or is_total_word(r.label)]
    if totals and (first or last):
        return (totals[0] if first else totals[-1]).key
    subtotals = [r for r in free if r.band == "subtotal"]
    if not subtotals:  # (before the scan of the rows above: per line, that made 30,000 lines take 25 s)
        return None
    items = [k for k in order[:index] if k is not None and (spec := template.fixed_row(k)) is not None and spec.band == "items"]
    if items:
        sums = {c: sum((table.amount(k, c) or Decimal(0) for k in items), Decimal(0)) for c in values}
        if all(_equal(values[c], sums[c], len(items)) for c in values):
            return subtotals[0].key
    return None
