"""部门汇总 eliminations: money that moves inside a department appears on both sides and is taken out once.

The template set declares its internal flows as data (``internal_flows``, docs/templates.md): which
科目 table and amount column holds what one party paid (the department's 对附属单位补助支出, a unit's
上缴上级支出) and what the other received (a unit's 上级补助收入, the department's 附属单位上缴收入), with
fixed cells that include the flow but no relation leads to (``also``). Among the merged documents one is
the **department** (本级): the one named, else the one whose unit code is a proper prefix of every other
code, else the first (``find_department``); the others are its units.

Matching is per 科目 (the leaf rows of each document's table), between the department and its units:

- the department's amount equals the units' sum: every unit's amount is eliminated with as much of the
  department's;
- the department's amount is larger: every unit's amount is eliminated, the rest of the department's is
  reported without a counterpart;
- it is smaller and one unit received: the department's amount is eliminated, the rest of the unit's is
  reported; with several units it cannot be told whose part is unmatched, so nothing is eliminated on
  that 科目 and every amount is reported (precision first);
- an amount on one side with nothing on the other at that 科目 is reported, and so is every amount of a 科目
  where one side is negative (a refund or a correction is not guessed at).

An elimination whose reduction the template's relations cannot carry to every table that publishes the
figure is not made: both sides are listed as unmatched with the reason (``consolidate`` says so).

An elimination reduces the cells of its legs in the consolidated document; every total, subtotal, parent
科目 and figure another table publishes moves with them through the template's own relations
(``core.fill.shift_totals``), so the consolidated document passes its checks when the units do.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping, Sequence

from budgetdesk.core.adjustments import ELIMINATED, KIND_LABELS, UNMATCHED, Adjustment, Leg
from budgetdesk.core.cell_names import describe, fmt
from budgetdesk.core.document import Document, TableData
from budgetdesk.core.fill import computed_cells, shift_totals, unbalanced_by
from budgetdesk.core.rules import parse_ref

ZERO = Decimal(0)
Change = tuple[str, str, str, Decimal | None, Decimal | None]  # table, row, column, old, new


class EliminationError(ValueError):
    """An elimination the document cannot take (a cell that does not exist, a total, more than the cell holds)."""


@dataclass(frozen=True)
class Department:
    index: int
    basis: str  # how it was identified, said in the 调整表 and by the command


def find_department(documents: Sequence[Document], names: Sequence[str], chosen: int | None = None) -> Department:
    """Which document is the department's own level (本级): chosen, else by unit code, else the first."""
    if chosen is not None:
        return Department(chosen, f"本级按指定：{names[chosen]}")
    codes = [d.meta.unit_code.strip() for d in documents]
    for i, code in enumerate(codes):
        if code and all(j == i or (other.startswith(code) and other != code) for j, other in enumerate(codes)):
            return Department(i, f"本级按单位编码认定：{names[i]}的编码 {code} 是其他各单位编码的前缀")
    return Department(0, f"本级按第一个文件认定：{names[0]}（单位编码不能确定本级；可用 --department 指定）")


def leaf_amounts(table: TableData, column: str) -> dict[str, Decimal]:
    """Non-zero amounts of ``column`` on the 科目 rows with no lower 科目 row in the table."""
    codes = [r.code for r in table.code_rows() if r.code]
    out = {}
    for row in table.code_rows():
        if any(c != row.code and c.startswith(row.code) for c in codes):
            continue
        v = table.amount(row.key, column)
        if v:
            out[row.key] = v
    return out


def find_eliminations(documents: Sequence[Document], names: Sequence[str], department: int) -> list[Adjustment]:
    """The automatic 调整表 entries: eliminations and amounts without a counterpart, flow by flow, 科目 by 科目."""
    ts = documents[0].template_set
    dept = names[department]
    units = [i for i in range(len(documents)) if i != department]
    out: list[Adjustment] = []
    for flow in ts.internal_flows:
        paid, received = flow["paid"], flow["received"]
        title = flow.get("title", flow["id"])
        by_department = flow["payer"] == "department"
        one_spec, many_spec = (paid, received) if by_department else (received, paid)
        one = leaf_amounts(documents[department].table(one_spec["table"]), one_spec["column"])
        many = {i: leaf_amounts(documents[i].table(many_spec["table"]), many_spec["column"]) for i in units}
        rows = list(dict.fromkeys([*one, *(r for i in units for r in many[i])]))
        for row in rows:
            whole = one.get(row, ZERO)
            parts = {i: many[i][row] for i in units if row in many[i]}
            total = sum(parts.values(), ZERO)

            def eliminated(unit: int, amount: Decimal) -> Adjustment:
                one_leg = (Leg(one_spec["table"], row, one_spec["column"], amount),)
                many_leg = (Leg(many_spec["table"], row, many_spec["column"], amount),)
                if by_department:
                    return Adjustment(ELIMINATED, flow["id"], title, dept, names[unit], amount, one_leg, many_leg)
                return Adjustment(ELIMINATED, flow["id"], title, names[unit], dept, amount, many_leg, one_leg)

            def unmatched(unit: int | None, amount: Decimal) -> Adjustment:
                """``unit`` None: the department's amount; else that unit's."""
                spec = one_spec if unit is None else many_spec
                leg = (Leg(spec["table"], row, spec["column"], amount),)
                who = dept if unit is None else names[unit]
                pays = (unit is None) == by_department
                return Adjustment(UNMATCHED, flow["id"], title, who if pays else "", "" if pays else who, amount,
                                  leg if pays else (), () if pays else leg)

            if whole < 0 or any(v < 0 for v in parts.values()):  # a refund or a correction: not guessed at
                if whole:
                    out.append(unmatched(None, whole))
                out.extend(unmatched(i, amount) for i, amount in parts.items())
                continue
            if whole >= total or len(parts) == 1:
                matched_total = min(whole, total)
                for i, amount in parts.items():
                    matched = amount if whole >= total else whole
                    if matched:
                        out.append(eliminated(i, matched))
                    if amount > matched:
                        out.append(unmatched(i, amount - matched))
                if whole > matched_total:
                    out.append(unmatched(None, whole - matched_total))
                continue
            # several units received more than the department paid: whose part is unmatched cannot be told
            if whole:
                out.append(unmatched(None, whole))
            out.extend(unmatched(i, amount) for i, amount in parts.items())
    return out


def also_cells(doc: Document, leg: Leg) -> list[tuple[str, str, str]]:
    """Fixed cells the template says include what ``leg``'s column holds (``also`` of an internal flow)."""
    out = []
    for flow in doc.template_set.internal_flows:
        for side in (flow["paid"], flow["received"]):
            if side["table"] == leg.table and side["column"] == leg.column:
                for ref in side.get("also", []):
                    cell = parse_ref(ref)
                    out.append((cell.table, cell.row, cell.column))
    return list(dict.fromkeys(out))


def adjustment_moves(doc: Document, adjustments: Sequence[Adjustment], sign: int = -1) -> dict[tuple[str, str, str], Decimal]:
    """Every cell's move when ``adjustments``' eliminations are applied (``sign`` -1) or taken back (+1)."""
    seeds: dict[tuple[str, str, str], Decimal] = {}
    for adj in adjustments:
        if not adj.is_elimination:
            continue
        for leg in adj.legs():
            for cell in [(leg.table, leg.row, leg.column), *also_cells(doc, leg)]:
                seeds[cell] = seeds.get(cell, ZERO) + sign * leg.amount
    return shift_totals(doc, seeds)


def check_cells(doc: Document, adj: Adjustment) -> None:
    """Refuse an entry naming a table, row or amount column the document does not have (a damaged file, a
    科目 row deleted since)."""
    for leg in adj.legs():
        table = doc.tables.get(leg.table)
        if table is None:
            raise EliminationError(f"调整“{adj.title}”：没有表 {leg.table}")
        if not table.has_row(leg.row) or not table.template.has_column(leg.column) or not table.template.column(
                leg.column).is_amount or table.template.column(leg.column).side != table.row(leg.row).side:
            raise EliminationError(f"调整“{adj.title}”：《{table.template.title}》中没有 {leg.row} 行 {leg.column} 列的金额格")


def check_adjustment(doc: Document, adj: Adjustment) -> None:
    """Refuse an elimination whose cells are not detail amounts of the document, or whose legs do not add up."""
    check_cells(doc, adj)
    if not adj.is_elimination:
        return
    if adj.amount <= 0:
        raise EliminationError("抵销金额应大于 0")
    for side, legs in (("支付方", adj.paid), ("收款方", adj.received)):
        if not legs:
            raise EliminationError(f"抵销缺少{side}的单元格")
        if sum((g.amount for g in legs), ZERO) != adj.amount:
            raise EliminationError(f"{side}各格的抵销金额之和应等于 {fmt(adj.amount)}")
        for leg in legs:
            table = doc.table(leg.table)
            if (leg.row, leg.column) in computed_cells(doc, leg.table):
                raise EliminationError(f"《{table.template.title}》{_where(table, leg)}是合计格，随明细变化；请选择明细格")


def _where(table: TableData, leg: Leg) -> str:
    row = table.row(leg.row)
    return f"“{row.code + ' ' if row.code else ''}{row.label}”行“{table.template.column(leg.column).label}”列"


def describe_leg(doc: Document, leg: Leg) -> str:
    table = doc.table(leg.table) if leg.table in doc.tables else None
    if table is None or not table.has_row(leg.row) or not table.template.has_column(leg.column):
        return f"{leg.table}:{leg.row}:{leg.column}"
    return f"《{table.template.title}》{_where(table, leg)}"


def apply_moves(doc: Document, moves: Mapping[tuple[str, str, str], Decimal]) -> list[Change]:
    """Set every moved cell; returns (table, row, column, old, new) so that an undo can put them back."""
    changes: list[Change] = []
    for (t, r, c), move in moves.items():
        old = doc.amount(t, r, c)
        new = (old or ZERO) + move
        doc.set(t, r, c, new)
        changes.append((t, r, c, old, new))
    return changes


def apply_adjustments(doc: Document, adjustments: Sequence[Adjustment]) -> list[Change]:
    """Reduce the document by the eliminations among ``adjustments`` and add them all to its 调整表.

    Refused (nothing changed) when a leg is not a detail cell, or when a reduction cannot be carried to a
    figure another table publishes through the template's relations (the result would not check).
    """
    for adj in adjustments:
        check_adjustment(doc, adj)
    moves = adjustment_moves(doc, adjustments)
    broken = unbalanced_by(doc, moves)
    if broken:
        where = "、".join(dict.fromkeys(describe(doc, c.target) for c in broken[:3]))
        raise EliminationError(f"减少这些格后，{where}无法按模板关系随之调整（{broken[0].rule.title}），"
                               "汇总结果将不能通过检查；请改选能带到各表的格（如模板声明的内部往来列）")
    changes = apply_moves(doc, moves)
    doc.set_adjustments(doc.adjustments + tuple(adjustments))
    return changes


def remove_adjustment(doc: Document, index: int) -> list[Change]:
    """Take one entry out of the 调整表, putting back what its elimination reduced."""
    adj = doc.adjustments[index]
    check_cells(doc, adj)
    changes = apply_moves(doc, adjustment_moves(doc, [adj], sign=+1))
    doc.set_adjustments(doc.adjustments[:index] + doc.adjustments[index + 1:])
    return changes


def summary_lines(doc: Document) -> list[str]:
    """The 调整表 in Chinese lines (the command's output)."""
    lines = []
    for adj in doc.adjustments:
        legs = "；".join(describe_leg(doc, g) for g in adj.legs())
        manual = "（手工）" if adj.manual else ""
        if adj.is_elimination:
            lines.append(f"抵销{manual} {adj.title}：{adj.payer} → {adj.payee} {fmt(adj.amount)}（{legs}）")
        else:
            who = adj.payer or adj.payee
            side = "支付" if adj.paid else "收到"
            lines.append(f"无对应 {adj.title}：{who}{side} {fmt(adj.amount)}，参与汇总的单位中没有对应的一方（{legs}）")
    return lines


ADJUSTMENT_HEADERS = ("序号", "类型", "事项", "支付方", "收款方", "金额", "支付方的格", "收款方的格", "来源", "说明")


def adjustment_table(doc: Document) -> list[tuple]:
    """The 调整表 as printed (Excel sheet, PDF page, the window): one row per entry, amounts as Decimal."""
    return [(i, KIND_LABELS[a.kind], a.title, a.payer, a.payee, a.amount,
             "；".join(describe_leg(doc, g) for g in a.paid), "；".join(describe_leg(doc, g) for g in a.received),
             "手工" if a.manual else "自动", a.note)
            for i, a in enumerate(doc.adjustments, 1)]
