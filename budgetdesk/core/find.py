"""查找: cells of a document matching what an officer types — a code, part of a name, or an amount.

Pure Python, so the GUI's find bar and any later command-line search share one definition of a match.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from budgetdesk.core.text import fold
from budgetdesk.core.document import Document
from budgetdesk.core.money import AmountError, parse_amount


@dataclass(frozen=True)
class Hit:
    table: str
    row: str
    column: str | None  # None: the row as a whole (a code or name hit)
    what: str  # 编码 / 名称 / 金额, for the status line


def find_cells(doc: Document, text: str) -> list[Hit]:
    """Every match, in publication order (table, row, column): codes starting with ``text``, names
    containing it, and amounts equal to it (``1,734.08``, ``1734.08`` and ``１７３４．０８`` alike)."""
    key = fold(text.strip())
    if not key:
        return []
    amount: Decimal | None = None
    if any(ch.isdigit() for ch in key):
        try:
            amount = parse_amount(text.strip())
        except AmountError:
            amount = None
    digits = key.isdigit()
    hits: list[Hit] = []
    for t in doc.tables.values():
        amount_columns = [c for c in t.template.columns if c.is_amount]
        for r in t.rows:
            if digits and r.code and r.code.startswith(key):
                hits.append(Hit(t.id, r.key, None, "编码"))
            elif not digits and key in fold(r.label or ""):
                hits.append(Hit(t.id, r.key, None, "名称"))
            if amount is None:
                continue
            for c in amount_columns:
                if c.side == r.side and t.amount(r.key, c.key) == amount:
                    hits.append(Hit(t.id, r.key, c.key, "金额"))
    return hits
