"""Naming a cell in Chinese as the printed table does: 《支出总表》“2080101 行政运行”行“基本支出”列.

Findings, import reports and messages all name cells this way, so an officer finds the cell to fix
by what is printed, never by internal ids.
"""

from __future__ import annotations

from decimal import Decimal

from budgetdesk.core.document import Document, TableData
from budgetdesk.core.findings import CellRef
from budgetdesk.core.money import format_amount


def row_label(table: TableData, row_key: str | None) -> str:
    if row_key is None:
        return ""
    if not table.has_row(row_key):
        return row_key
    row = table.row(row_key)
    if row.is_code_row:
        return f"{row.code} {row.label}".strip()
    if row.spec is not None and row.spec.indent > 0 and row.label and sum(
            1 for r in table.rows if r.side == row.side and r.label == row.label) > 1:
        # 一般公共预算拨款 under both 本年收入 and 上年结转: name the heading, or the two look like one operand
        rows = table.rows_of(row.side)
        heading = next((r for r in reversed(rows[:rows.index(row)])
                        if r.spec is not None and r.spec.indent < row.spec.indent and r.label), None)
        if heading is not None:
            return f"{heading.label}：{row.label}"
    return row.label


def column_label(table: TableData, column: str | None, values: dict | None = None) -> str:
    """A column's printed label; year placeholders filled from ``values`` (the unit metadata)."""
    if column is None:
        return ""
    col = table.template.column(column)
    path = [p for p in col.path if p.strip()]
    # keep the group label when the leaf alone is ambiguous (小计 / 合计 / 预算数 …)
    if len(path) > 1 and sum(1 for c in table.template.columns if c.label == col.label) > 1:
        path = path[-2:]
    else:
        path = path[-1:]
    text = "/".join(path)
    if values is not None and "{" in text:
        try:
            text = text.format(**values)
        except (KeyError, IndexError, ValueError):
            pass
    return text


def describe(doc: Document, ref: CellRef, *, with_table: bool = True) -> str:
    t = doc.table(ref.table)
    parts = []
    if with_table:
        parts.append(f"《{t.template.title}》")
    label = row_label(t, ref.row) if ref.row is not None else ""
    if label:  # a one-row table (三公) has a row without a name: no “”行
        parts.append(f"“{label}”行")
    if ref.column is not None:
        parts.append(f"“{column_label(t, ref.column, doc.meta.format_values())}”列")
    return "".join(parts)


def fmt(value: Decimal | None) -> str:
    return format_amount(value if value is not None else Decimal(0))
