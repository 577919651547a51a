"""The printed arrangement of a table: which logical rows share a printed line.

A single-sided table prints its rows in order. A two-sided table (收支总表) prints its sides next
to each other, band by band: the income items beside the expenditure 类 lines, 本年收入合计 beside
本年支出合计, and so on; the shorter side of a band is padded with blank lines. The GUI, Excel and
PDF export all use this one function so they agree with each other and with the official layout.
"""

from __future__ import annotations

from dataclasses import dataclass

from budgetdesk.core.document import Row, TableData


@dataclass(frozen=True)
class PrintedRow:
    cells: dict[str, Row | None]  # side id → the logical row printed on this line (or None)

    def row_for(self, side: str) -> Row | None:
        return self.cells.get(side)


def printed_rows(table: TableData, *, hide_optional_empty: bool = False) -> list[PrintedRow]:
    sides = table.template.sides
    if len(sides) == 1:
        side = sides[0].id
        return [PrintedRow({side: r}) for r in table.rows_of(side)
                if not (hide_optional_empty and _skippable(table, r))]
    bands: list[str] = []
    by_side: dict[str, dict[str, list[Row]]] = {}
    for s in sides:
        groups: dict[str, list[Row]] = {}
        for r in table.rows_of(s.id):
            band = r.spec.band if r.spec else "items"
            if hide_optional_empty and _skippable(table, r):
                continue
            if band not in bands:
                bands.append(band)
            groups.setdefault(band, []).append(r)
        by_side[s.id] = groups
    out: list[PrintedRow] = []
    for band in bands:
        height = max(len(by_side[s.id].get(band, [])) for s in sides)
        for i in range(height):
            out.append(PrintedRow({s.id: (by_side[s.id].get(band, [])[i] if i < len(by_side[s.id].get(band, [])) else None)
                                   for s in sides}))
    return out


def _skippable(table: TableData, row: Row) -> bool:
    if row.spec is None or not row.spec.optional:
        return False
    return not any(table.amount(row.key, c.key) is not None for c in table.template.amount_columns_of(row.side))
