"""部门汇总: consolidate the packages of several units (one template set, one year) into one document.

Amounts are summed per table, row and column; 科目 rows are the union of every unit's rows, in code
order. The result remembers how many units were summed into it (``consolidated_from``): each unit
rounded its own figures, so the rounding allowance of a relation grows with that number (see
``core/tolerance.py``). Officers' explanations are not carried over — they explain a unit's own
differences, not the department's.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Sequence

from budgetdesk.core.codes import code_level, code_sort_key
from budgetdesk.core.adjustments import UNMATCHED, Adjustment
from budgetdesk.core.document import Document, DocumentError, UnitMeta
from budgetdesk.core.eliminate import EliminationError, apply_adjustments, find_department, find_eliminations


class ConsolidationError(ValueError):
    """Documents that cannot be summed together; the message is one Chinese sentence naming them."""


@dataclass(frozen=True)
class Contribution:
    """One unit's figure on one 类 line of a 科目 table: the rows of the 汇总 report."""

    unit: str
    table: str
    table_title: str
    code: str
    name: str
    column: str
    column_label: str
    amount: Decimal


def same_unit_twice(documents: Sequence[Document], names: Sequence[str]) -> None:
    """Refuse a unit given twice (the same workbook as .xlsx and as .xls would double every number).

    Two files are the same unit when they have the same unit code, the same unit name, or — when one of
    them names no unit at all — the very same figures in every table; the message names both files. Called by the 汇总 command and dialog before
    ``consolidate`` (which itself sums whatever it is given).
    """
    for j, later in enumerate(documents):
        for i in range(j):
            earlier = documents[i]
            reason = None
            if earlier.meta.unit_code.strip() and earlier.meta.unit_code.strip() == later.meta.unit_code.strip():
                reason = f"单位编码都是 {later.meta.unit_code.strip()}"
            elif earlier.meta.unit_name.strip() and earlier.meta.unit_name.strip() == later.meta.unit_name.strip():
                reason = f"单位名称都是“{later.meta.unit_name.strip()}”"
            elif (not _identified(earlier) or not _identified(later)) and _same_figures(earlier, later):
                reason = "各表的数字完全相同"  # a copy whose name and code were not read: the figures tell
            if reason:
                raise ConsolidationError(f"同一单位出现了两次：{names[i]} 与 {names[j]}（{reason}），汇总会把它的每个数"
                                         f"算两遍。请去掉其中一个文件。")


def _identified(doc: Document) -> bool:
    return bool(doc.meta.unit_code.strip() or doc.meta.unit_name.strip())


def _same_figures(a: Document, b: Document) -> bool:
    return (a.template_set.id == b.template_set.id and any(t.cells for t in b.tables.values())
            and all(a.tables[tid].cells == table.cells for tid, table in b.tables.items()))


def consolidate(documents: Sequence[Document], *, unit_name: str = "", unit_code: str = "",
                names: Sequence[str] | None = None, department: int | None = None,
                manual: Sequence[Adjustment] = (), notices: list[str] | None = None) -> Document:
    """The sum of ``documents`` as a new document; ``names`` label the inputs in error messages.

    Internal flows the template declares are eliminated between the department (``department``, else
    found by unit code, see ``core.eliminate``) and its units, and listed in the result's 调整表 with
    the amounts that found no counterpart; ``manual`` entries (the officer's, from an earlier 汇总) are
    applied again. ``notices`` receives how the department was identified and entries that no longer fit.
    """
    if not documents:
        raise ConsolidationError("没有要汇总的文件")
    labels = list(names) if names is not None else [d.meta.unit_name or f"第 {i} 个文件" for i, d in
                                                     enumerate(documents, 1)]
    first = documents[0]
    for aspect, value in (("模板", lambda d: d.template_set.id), ("年度", lambda d: d.meta.year),
                          ("金额单位", lambda d: d.meta.money_unit)):
        seen: dict[object, str] = {}
        for label, doc in zip(labels, documents):
            seen.setdefault(value(doc), label)
        if len(seen) > 1:
            listed = "；".join(f"{label}：{v or '未填'}" for v, label in seen.items())
            raise ConsolidationError(f"不能汇总{aspect}不同的文件（{listed}）。请只选择同一{aspect}的文件。")
    ts = first.template_set
    result = Document(ts, UnitMeta(unit_name=unit_name, unit_code=unit_code, year=first.meta.year,
                                   money_unit=first.meta.money_unit))
    result.consolidated_from = sum(d.consolidated_from for d in documents)
    for tid, table in result.tables.items():
        code_names: dict[str, str] = {}
        for doc in documents:
            for row in doc.tables[tid].code_rows():
                if not code_names.get(row.code):
                    code_names[row.code] = row.label
        for code in sorted(code_names, key=code_sort_key):
            result.add_code_row(tid, code, code_names[code])
        totals: dict[tuple[str, str], Decimal] = {}
        texts: dict[tuple[str, str], str] = {}
        for doc in documents:
            for (row, col), v in doc.tables[tid].cells.items():
                if isinstance(v, Decimal):
                    totals[(row, col)] = totals.get((row, col), Decimal(0)) + v
                elif v and (row, col) not in texts:
                    texts[(row, col)] = v
        code_columns = {c.key for c in table.template.columns if c.kind == "code"}
        try:
            for (row, col), v in texts.items():
                if col not in code_columns and table.get(row, col) is None:
                    result.set(tid, row, col, v)
            for (row, col), v in totals.items():
                result.set(tid, row, col, v)
        except DocumentError as exc:
            raise ConsolidationError(f"汇总后的《{table.template.title}》无法写入：{exc}") from None
        notes = list(dict.fromkeys(d.note(tid) for d in documents if d.note(tid)))
        if notes:
            result.set_note(tid, "；".join(notes))
        prior: dict[tuple[str, str], Decimal] = {}
        for doc in documents:
            for key, v in doc.prior.get(tid, {}).items():
                prior[key] = prior.get(key, Decimal(0)) + v
        for (row, col), v in prior.items():
            result.set_prior(tid, row, col, v)
    _eliminate(result, documents, labels, department, manual, notices if notices is not None else [])
    return result


def _eliminate(result: Document, documents: Sequence[Document], labels: Sequence[str], department: int | None,
               manual: Sequence[Adjustment], notices: list[str]) -> None:
    entries: list[Adjustment] = []
    if result.template_set.internal_flows and len(documents) > 1:
        if department is not None and not 0 <= department < len(documents):
            raise ConsolidationError(f"指定的本级是第 {department + 1} 个文件，但只有 {len(documents)} 个文件")
        found = find_department(documents, labels, department)
        notices.append(found.basis)
        entries = find_eliminations(documents, labels, found.index)
    for adj in entries:
        try:
            apply_adjustments(result, [adj])
        except EliminationError as exc:  # the units' data does not let it be carried consistently: not eliminated
            notices.append(f"{adj.title}（{adj.payer} → {adj.payee}，{adj.amount}）未抵销：{exc}")
            apply_adjustments(result, [replace(adj, kind=UNMATCHED, received=(), note=str(exc)),
                                       replace(adj, kind=UNMATCHED, paid=(), note=str(exc))])
    for adj in manual:
        if not adj.manual:
            continue  # the automatic ones were found afresh from the units' data
        try:
            apply_adjustments(result, [adj])
        except (EliminationError, DocumentError) as exc:
            notices.append(f"手工调整“{adj.title}”（{adj.payer} → {adj.payee}，{adj.amount}）不能再应用：{exc}")


def class_contributions(documents: Sequence[Document], names: Sequence[str]) -> list[Contribution]:
    """Each unit's figures on the 类 lines of every 科目 table, every amount column."""
    out: list[Contribution] = []
    for name, doc in zip(names, documents):
        for table in doc.tables.values():
            side = table.template.code_side
            if side is None:
                continue
            columns = [c for c in table.template.columns if c.side == side.id and c.kind == "amount"]
            for row in table.code_rows():
                if code_level(row.code) != 1:
                    continue
                for col in columns:
                    v = table.amount(row.key, col.key)
                    if v is not None:
                        out.append(Contribution(name, table.id, table.template.title, row.code, row.label,
                                                col.key, col.label, v))
    return out
