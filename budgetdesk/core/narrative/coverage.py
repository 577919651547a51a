"""What was checked and what could not be: every figure a 情况说明 writes is one or the other.

A figure is checked when some check could compare it with something — the tables, last year's
figure, the parts of its list, the same quantity written elsewhere. A figure whose reading is not
single (``readings``), whose quantity no table holds, whose change has no prior-year figure, whose
share names no whole, is 未核对: listed once per statement, with the clause and why, as an
information-level finding, and counted. So 通过 means "checked and right", not "not looked at".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from budgetdesk.core.narrative.claims import NarrativeClaim
from budgetdesk.core.narrative.readings import NUMERIC, Readings


@dataclass
class Coverage:
    checked: int = 0
    unchecked: int = 0
    # per statement: (its first unchecked claim, the reasons) — one 未核对 finding each
    notes: list[tuple[NarrativeClaim, str, list[str]]] = field(default_factory=list)


def coverage(ctx, readings: Readings, wholes: dict, blocked: dict[int, str]) -> Coverage:
    """Sort every numeric claim into checked or not; ``blocked``: statement → why a hit on it was held back."""
    sts = ctx.extraction.statements
    grouped = {i for g in ctx.extraction.groups for i in ([g.head] if g.head is not None else []) + list(g.parts)}
    unreadable = readings.lists.unreadable
    by_quantity: dict[object, int] = {}
    for st in sts:
        if st.amount is not None and st.refers is not None:
            by_quantity[st.refers] = by_quantity.get(st.refers, 0) + 1
    out = Coverage()
    for i, st in enumerate(sts):
        reading = readings.by_statement[i]
        single = reading.unambiguous
        label = ctx.label(st)
        reasons: list[str] = []
        first: NarrativeClaim | None = None

        def unchecked(claim: NarrativeClaim, why: str) -> None:
            nonlocal first
            out.unchecked += 1
            first = first or claim
            if why not in reasons:
                reasons.append(why)

        from_tables = not ctx.text_only and single and ctx.table_value(st.refers)[0] is not None
        prior = not ctx.text_only and single and ctx.table_value(st.refers, prior=True)[0] is not None
        in_list = i in grouped and not (i in unreadable)
        for c in st.claims():
            if c.kind not in NUMERIC:
                continue
            if i in blocked:
                unchecked(c, blocked[i])
                continue
            ok, why = True, ""
            if c.kind == "amount":
                if from_tables:
                    ok = True
                elif not single and not in_list:
                    ok, why = False, reading.why
                elif ctx.text_only:
                    ok = in_list or st.share is not None or st.change is not None or (
                        single and st.refers is not None and by_quantity.get(st.refers, 0) > 1)
                    why = "没有表，文中也没有可与它核对的数（同一量的另一处、所属的合计、增减额）"
                else:
                    ok = in_list
                    why = reading.why or ctx.unread_reason(st.refers) or (
                        f"表中没有“{label}”这个数" if st.refers is not None
                        else "文中没有指明这个数是哪个量，表中找不到它")
            elif c.kind == "change":
                ok = prior or (st.amount is not None and st.change_pct is not None) or in_list
                why = ("没有上年数（表中没有上年数列，也没有导入上年数）：增减额只与同句的增减率互相核对"
                       if st.change_pct is None else "")
                if not ok and not why:
                    why = "没有上年数"
            elif c.kind == "change_pct":
                ok = prior or (st.amount is not None and st.change is not None)
                why = "没有上年数，同句也没有写本年数和增减额，算不出增减率"
            elif c.kind == "share":
                whole = wholes.get(i)
                ok = whole is not None and whole[0] is not None
                why = "不知道是占哪个数的比例（没有写出整体，也不在“其中”所列各项中）"
            elif c.kind == "execution":
                ok = st.budget is not None or ctx.budget_value(st.refers) is not None
                why = "没有预算数（表中没有预算数列，也没有导入本年预算）"
            elif c.kind == "budget":
                ok = st.execution is not None or ctx.budget_value(st.refers) is not None
                why = "没有预算数可与之核对"
            if ok:
                out.checked += 1
            else:
                unchecked(c, why)
        if first is not None:
            out.notes.append((first, label, reasons))
    return out
