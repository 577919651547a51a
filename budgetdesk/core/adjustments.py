"""The 调整表 of a 部门汇总: every internal flow eliminated, and every amount left without a counterpart.

An entry is a plain frozen record. An **elimination** names who paid and who received, the amount, and
the cells of the consolidated document it reduced on each side (``paid`` and ``received`` legs, each
summing to the amount); an **unmatched** entry names one side's amount that found no counterpart among
the merged units (nothing is reduced). Entries the officer adds (``manual``) are kept when the merge
is run again after a unit's file changes; the automatic ones are found afresh from the data
(``core.eliminate``). The records know nothing of files: ``to_dict``/``from_dict`` give the plain
form that .bdesk and .json store.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Mapping

from budgetdesk.core.money import AmountError, canonical, parse_amount

ELIMINATED = "eliminated"
UNMATCHED = "unmatched"
KIND_LABELS = {ELIMINATED: "抵销", UNMATCHED: "无对应"}


class AdjustmentDataError(ValueError):
    """A stored 调整表 entry that cannot be read back; the message says which field."""


@dataclass(frozen=True)
class Leg:
    """One cell of the consolidated document reduced by an elimination (or holding an unmatched amount)."""

    table: str
    row: str
    column: str
    amount: Decimal


@dataclass(frozen=True)
class Adjustment:
    kind: str  # ELIMINATED | UNMATCHED
    flow: str  # the template's internal flow id ("subsidy", "remittance"); "" for an officer's own entry
    title: str  # 对附属单位补助 / 附属单位上缴 / the officer's wording
    payer: str  # the unit that paid (its name and code), "" when unknown
    payee: str  # the unit that received
    amount: Decimal
    paid: tuple[Leg, ...] = ()
    received: tuple[Leg, ...] = ()
    manual: bool = False
    note: str = ""

    @property
    def is_elimination(self) -> bool:
        return self.kind == ELIMINATED

    def legs(self) -> tuple[Leg, ...]:
        return self.paid + self.received

    def to_dict(self) -> dict[str, Any]:
        def legs(items: tuple[Leg, ...]) -> list[dict[str, str]]:
            return [{"table": g.table, "row": g.row, "column": g.column, "amount": canonical(g.amount)} for g in items]

        out: dict[str, Any] = {"kind": self.kind, "flow": self.flow, "title": self.title, "payer": self.payer,
                               "payee": self.payee, "amount": canonical(self.amount), "paid": legs(self.paid),
                               "received": legs(self.received)}
        if self.manual:
            out["manual"] = True
        if self.note:
            out["note"] = self.note
        return out


_FIELDS = {"kind", "flow", "title", "payer", "payee", "amount", "paid", "received", "manual", "note"}


def adjustment_from_dict(data: Any) -> Adjustment:
    """The record of ``to_dict``; anything else (unknown fields, numbers for amounts, a leg without a cell) is refused."""
    if not isinstance(data, Mapping):
        raise AdjustmentDataError("调整表的每一项应为对象")
    unknown = set(data) - _FIELDS
    if unknown:
        raise AdjustmentDataError(f"调整表中有未知的字段 {'、'.join(sorted(unknown))}")
    kind = data.get("kind")
    if kind not in KIND_LABELS:
        raise AdjustmentDataError(f"调整表的 kind 应为 {ELIMINATED} 或 {UNMATCHED}，实为 {str(kind)[:20]!r}")
    texts = {}
    for name in ("flow", "title", "payer", "payee", "note"):
        value = data.get(name, "")
        if not isinstance(value, str):
            raise AdjustmentDataError(f"调整表的 {name} 应为文字")
        texts[name] = value
    manual = data.get("manual", False)
    if not isinstance(manual, bool):
        raise AdjustmentDataError("调整表的 manual 应为 true 或 false")

    def amount(value: Any, where: str) -> Decimal:
        if not isinstance(value, str):
            raise AdjustmentDataError(f"调整表{where}的金额应写成字符串（例如 \"12.30\"）")
        try:
            parsed = parse_amount(value)
        except AmountError as exc:
            raise AdjustmentDataError(f"调整表{where}的金额：{exc}") from None
        if parsed is None:
            raise AdjustmentDataError(f"调整表{where}缺少金额")
        return parsed

    def legs(value: Any, side: str) -> tuple[Leg, ...]:
        if not isinstance(value, list):
            raise AdjustmentDataError(f"调整表的 {side} 应为列表")
        out = []
        for leg in value:
            if not isinstance(leg, Mapping) or set(leg) != {"table", "row", "column", "amount"} or not all(
                    isinstance(leg[k], str) for k in ("table", "row", "column")):
                raise AdjustmentDataError(f"调整表 {side} 中的每一格应有 table、row、column、amount")
            out.append(Leg(leg["table"], leg["row"], leg["column"], amount(leg["amount"], f" {side} 中")))
        return tuple(out)

    return Adjustment(kind, texts["flow"], texts["title"], texts["payer"], texts["payee"],
                      amount(data.get("amount"), ""), legs(data.get("paid", []), "paid"),
                      legs(data.get("received", []), "received"), manual, texts["note"])
