"""Concrete checks: each reads known cells and evaluates to at most one finding.

Most are linear relations — one side's sum against the other's — evaluated by ``SumCheck`` with the
rounding tolerance from ``core.tolerance``; the rest (code sets, catalogue, empty-table notes,
precision) are small classes of their own. ``core.rules`` expands template rules into these.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterable, Sequence

from budgetdesk.core.cell_names import column_label, describe, fmt, row_label
from budgetdesk.core.codes import Catalogue, Classification
from budgetdesk.core.document import COLUMNS_NOT_PRINTED, ROWS_WITHHELD, WHOLE_READING, Document, Row, TableData
from budgetdesk.core.findings import CellRef, Finding, Severity, finding_key
from budgetdesk.core.money import decimal_places
from budgetdesk.core.template import RuleSpec
from budgetdesk.core.tolerance import rounding_tolerance

ReadKey = tuple  # ("cell", table, row, column) | ("table", table) | ("note", table) | ("meta",)
CatalogueProvider = Callable[[Classification, int], "Catalogue | None"]


@dataclass
class Context:
    catalogues: CatalogueProvider | None = None

    def catalogue(self, classification: Classification, year: int) -> Catalogue | None:
        return self.catalogues(classification, year) if self.catalogues and year else None


class Check:
    rule: RuleSpec
    target: CellRef
    reads: tuple[ReadKey, ...]
    # tables in which a 科目 was looked for and not found: its absence is part of what the check says
    looked_in: tuple[str, ...] = ()

    def evaluate(self, doc: Document, ctx: Context) -> Finding | None:  # pragma: no cover - abstract
        raise NotImplementedError

    @property
    def key(self) -> str:
        return finding_key(self.rule.id, self.target.table, self.target.row, self.target.column)

    def _finding(self, doc: Document, severity: Severity, message: str, **kw) -> Finding:
        t = doc.table(self.target.table)
        explanation = doc.explanations.get(self.key) if severity is Severity.WARNING else None
        return Finding(
            rule=self.rule.id,
            severity=severity,
            table=self.target.table,
            row=self.target.row,
            column=self.target.column,
            message=message,
            explanation=explanation,
            table_title=t.template.title,
            row_label=row_label(t, self.target.row),
            column_label=column_label(t, self.target.column, doc.meta.format_values()) if self.target.column else "",
            **kw,
        )


def cell_key(ref: CellRef) -> ReadKey:
    return ("cell", ref.table, ref.row, ref.column)


class SumCheck(Check):
    """Σ left ⊙ Σ right, with ⊙ one of ``eq`` / ``ge``; ``relation`` says in Chinese what right is."""

    def __init__(self, rule: RuleSpec, left: Sequence[CellRef], right: Sequence[CellRef], relation: str, op: str = "eq",
                 minus: Sequence[CellRef] = (), looked_in: Sequence[str] = ()):
        self.rule = rule
        self.looked_in = tuple(looked_in)
        self.left = tuple(left)
        self.right = tuple(right)
        self.minus = tuple(minus)  # subtracted from the right side: 年末 = 年初 + 收入 − 支出
        self.target = self.left[0]
        self.relation = relation
        self.op = op
        self.reads = tuple(cell_key(r) for r in self.left + self.right + self.minus)

    def evaluate(self, doc: Document, ctx: Context) -> Finding | None:
        written = 0
        actual = Decimal(0)
        expected = Decimal(0)
        for ref in self.left:
            v = doc.tables[ref.table].amount(ref.row, ref.column)
            if v is not None:
                written += 1
                actual += v
        for ref in self.right:
            v = doc.tables[ref.table].amount(ref.row, ref.column)
            if v is not None:
                written += 1
                expected += v
        for ref in self.minus:
            v = doc.tables[ref.table].amount(ref.row, ref.column)
            if v is not None:
                written += 1
                expected -= v
        difference = actual - expected
        if self.op == "ge":
            if difference >= 0:
                return None
        elif self.op == "le":
            if difference <= 0:
                return None
        elif difference == 0:
            return None
        tolerance = rounding_tolerance(written, doc.consolidated_from)
        where = describe(doc, self.target)
        if abs(difference) <= tolerance:
            severity = Severity.ROUNDING
            tail = f"，在四舍五入尾差允许范围（±{tolerance.normalize():f}）内"
        else:
            severity = Severity(self.rule.severity)
            tail = ""
        if self.op == "ge":
            message = (f"{where}为 {fmt(actual)}，{self.rule.title}：应不小于 {self.relation} {fmt(expected)}，"
                       f"少 {fmt(-difference)}{tail}")
        elif self.op == "le":
            message = (f"{where}为 {fmt(actual)}，{self.rule.title}：应不大于 {self.relation} {fmt(expected)}，"
                       f"超出 {fmt(difference)}{tail}")
        else:
            message = (f"{where}{self.rule.title}不符：应为 {fmt(expected)}（{self.relation}），"
                       f"实为 {fmt(actual)}，差额 {fmt(difference)}{tail}")
        return self._finding(
            doc, severity, message,
            expected=expected, actual=actual, difference=difference,
            related=tuple(r for r in self.left[1:] + self.right + self.minus),
        )


class CodeSetCheck(Check):
    """A 科目 that has figures in one table must appear (with figures) in the other."""

    def __init__(self, rule: RuleSpec, code: str, present: str, other: str, reads: Iterable[ReadKey]):
        self.rule = rule
        self.code = code
        self.present_table = present
        self.other_table = other
        self.looked_in = (other,)
        self.target = CellRef(present, code, None)
        self.reads = tuple(reads)

    def evaluate(self, doc: Document, ctx: Context) -> Finding | None:
        here = _row_has_figures(doc.tables[self.present_table], self.code)
        there = _row_has_figures(doc.tables[self.other_table], self.code)
        if not here or there:
            return None
        other_title = doc.tables[self.other_table].template.title
        message = (f"{describe(doc, self.target)}有数，但《{other_title}》中没有科目 {self.code} 的数：{self.rule.title}")
        return self._finding(doc, Severity(self.rule.severity), message, related=(CellRef(self.other_table, self.code),))


def _row_has_figures(table: TableData, code: str) -> bool:
    row = table.row_for_code(code)
    if row is None:
        return False
    # this year's figures: a printed 上年数 column (``prior_of``) says nothing about this year's 科目
    return any(table.amount(row.key, c.key) not in (None, Decimal(0))
               for c in table.template.amount_columns_of(row.side) if not c.prior_of)


class EmptyNoteCheck(Check):
    def __init__(self, rule: RuleSpec, table: str):
        self.rule = rule
        self.target = CellRef(table)
        self.reads = (("table", table), ("note", table))

    def evaluate(self, doc: Document, ctx: Context) -> Finding | None:
        t = doc.tables[self.target.table]
        if t.has_figures() or doc.note(self.target.table).strip() or t.template.optional:
            return None  # an optional table without figures is not printed at all: nothing to explain
        hint = f"（例如“{t.template.empty_note}”）" if t.template.empty_note else ""
        message = f"《{t.template.title}》没有数据，须在表下注明原因{hint}"
        return self._finding(doc, Severity(self.rule.severity), message)


class ReadingCheck(Check):
    """A table the document's file did not let us read completely (``Document.unread``) is an error of its own,
    in every format the document is saved to: a .bdesk, .json or .xlsx made from a partly read PDF never passes
    for a complete one. ``table`` is a table id, or ``WHOLE_READING`` for the file's reading as a whole."""

    def __init__(self, rule: RuleSpec, table: str):
        self.rule = rule
        self.target = CellRef("" if table == WHOLE_READING else table)
        self.reads = (("table", table),) if table != WHOLE_READING else ()

    @property
    def key(self) -> str:
        return finding_key(self.rule.id, self.target.table or WHOLE_READING, None, None)

    def evaluate(self, doc: Document, ctx: Context) -> Finding | None:
        table = self.target.table or WHOLE_READING
        why = doc.unread.get(table)
        if why is None or COLUMNS_NOT_PRINTED in why or ROWS_WITHHELD in why:  # read completely; the layout prints
            return None  # fewer columns, or the package says it leaves some items out
        severity = Severity(self.rule.severity)
        if table == WHOLE_READING:
            return Finding(self.rule.id, severity, "", None, None,
                           f"本件没有读全：{why}；各表之间和表内的关系都未核对。请对照原件核对读入的数，"
                           "或改用该地区的模板读入")
        title = doc.table(table).template.title
        return self._finding(doc, severity, f"《{title}》没有读全：{why}；本表及与它有关的关系未核对。"
                                            "请对照原件补填本表（在表中填数即接管本表，关系随即重新核对）")


class StructureUnknownCheck(Check):
    """A relation over a table's lines whose nesting could not be read for certain: listed as 未核对 with the
    reason, never passed in silence (a rule that cannot tell which lines add up to which checks nothing)."""

    def __init__(self, rule: RuleSpec, table: str, why: str):
        self.rule, self.why = rule, why
        self.target = CellRef(table)
        self.reads = (("table", table),)

    def evaluate(self, doc: Document, ctx: Context) -> Finding | None:
        title = doc.table(self.target.table).template.title
        return self._finding(doc, Severity.INFO, f"未核对：《{title}》{self.rule.title}——{self.why}")


class PrecisionCheck(Check):
    def __init__(self, rule: RuleSpec, ref: CellRef, places: int):
        self.rule = rule
        self.target = ref
        self.places = places
        self.reads = (cell_key(ref),)

    def evaluate(self, doc: Document, ctx: Context) -> Finding | None:
        v = doc.tables[self.target.table].amount(self.target.row, self.target.column)
        if v is None or decimal_places(v.normalize()) <= self.places:
            return None
        message = f"{describe(doc, self.target)}金额 {v} 超过 {self.places} 位小数"
        return self._finding(doc, Severity(self.rule.severity), message, actual=v)


class CatalogueCheck(Check):
    """One aspect of a code row checked against the year's catalogue (always a warning)."""

    def __init__(self, rule: RuleSpec, table: str, row: Row, aspect: str, classification: Classification,
                 extra: str | None = None, code_column: bool = True):
        self.rule = rule
        self.aspect = aspect
        self.code = row.code or ""
        self.classification = classification
        self.extra = extra
        # (广东 prints “[201]一般公共服务支出” in one 名称 column: the code is pointed at there)
        column = {"name": "name", "exists": "code" if code_column else "name"}.get(aspect)
        self.target = CellRef(table, row.key, column if column else None)
        reads: list[ReadKey] = [("meta",)]
        if aspect == "name":
            reads.append(("cell", table, row.key, "name"))
        self.reads = tuple(reads)

    def evaluate(self, doc: Document, ctx: Context) -> Finding | None:
        year = doc.meta.year
        catalogue = ctx.catalogue(self.classification, year)
        where = describe(doc, CellRef(self.target.table, self.target.row))
        if self.aspect == "parent":
            return self._finding(doc, Severity(self.rule.severity),
                                 f"{where}缺少上级科目 {self.extra}：{self.rule.title}")
        if self.aspect == "order":
            return self._finding(doc, Severity(self.rule.severity),
                                 f"{where}排在 {self.extra} 之后，未按科目编码顺序排列")
        if catalogue is None:
            if self.aspect != "exists":
                return None
            return self._finding(doc, Severity(self.rule.severity),
                                 f"{where}：没有 {year or '（未填年度）'} 年的{self.classification.label}科目目录，无法核对科目")
        if self.aspect == "exists":
            if self.code in catalogue:
                return None
            missing = (f"{where}：科目 {self.code} 不在 {catalogue.year} 年{self.classification.label}科目目录中"
                       + (f"（{catalogue.fallback_notice}）" if catalogue.fallback_notice else ""))
            name = doc.tables[self.target.table].get(self.target.row, "name")
            # the printed name conflicts when a sibling (same parent) of the catalogue bears it: a wrong code
            elsewhere = [c for c in catalogue.named(name) if c.code != self.code and len(c.code) == len(self.code)
                         and c.code[:-2] == self.code[:-2]] if isinstance(name, str) and name else []
            if catalogue.distant:
                return self._finding(doc, Severity.INFO, missing + f"；{_DISTANT}")
            if elsewhere or self.code[:3] not in catalogue:
                return self._finding(doc, Severity(self.rule.severity), missing + (
                    f"，而目录中“{name}”的编码是 {'、'.join(c.code for c in elsewhere[:3])}" if elsewhere else ""))
            # a well-formed code of a known 类 the bundled catalogue lacks (地方科目, or a newer catalogue): a note
            return self._finding(doc, Severity.INFO, missing + "；所属类在目录中，名称也不与目录中别的科目相同，"
                                 "可能是地方科目或目录未收，未核对")
        name = doc.tables[self.target.table].get(self.target.row, "name")
        expected = catalogue.name(self.code)
        if expected is None or catalogue.name_matches(self.code, name if isinstance(name, str) else None):
            return None
        if not name:
            return self._finding(doc, Severity(self.rule.severity),
                                 f"{where}：科目名称为空，{catalogue.year} 年目录中为“{expected}”")
        differs = (f"{where}：科目名称“{name or ''}”与 {catalogue.year} 年目录中的“{expected}”不一致"
                   + (f"（{catalogue.fallback_notice}）" if catalogue.fallback_notice else ""))
        if catalogue.distant:
            return self._finding(doc, Severity.INFO, f"{differs}；{_DISTANT}")
        return self._finding(doc, Severity(self.rule.severity), differs)


_DISTANT = "目录与文档年份相差一年以上，其间科目有过调整，未核对"


class PriorCheck(Check):
    """This year's cell against last year's published figure (``Document.prior``, loaded from last year's file).

    ``printed``: a 上年数 column printed in this year's table (a warning naming both values and both files);
    otherwise an identity across the years (年初结转和结余 = last year's 年末结转和结余). Nothing is said while
    no figure of last year's table is loaded: without last year's document there is nothing to compare.
    """

    def __init__(self, rule: RuleSpec, target: CellRef, last: CellRef, printed: bool = False):
        self.rule = rule
        self.target = target
        self.last = last
        self.printed = printed
        self.reads = (cell_key(target), ("prior",))

    def evaluate(self, doc: Document, ctx: Context) -> Finding | None:
        if not doc.prior.get(self.last.table):
            return None
        actual = doc.tables[self.target.table].amount(self.target.row, self.target.column)
        expected = doc.prior_amount(self.last.table, self.last.row, self.last.column)
        if self.printed and actual is None:
            return None  # nothing printed: nothing to disagree with
        actual_v, expected_v = actual or Decimal(0), expected or Decimal(0)
        difference = actual_v - expected_v
        if difference == 0:
            return None
        source = f"上年文件“{doc.prior_source}”" if doc.prior_source else "载入的上年文件"
        this = f"本文件“{doc.source_name}”" if doc.source_name else "本文件"
        where = describe(doc, self.target)
        last = describe(doc, self.last) if doc.tables[self.last.table].has_row(self.last.row) else "同一格"
        if self.printed:
            message = (f"{where}：{this}印出的上年数为 {fmt(actual_v)}，{source}中{last}公布的是 "
                       f"{fmt(expected) if expected is not None else '空'}，差额 {fmt(difference)}：{self.rule.title}")
        else:
            message = (f"{where}为 {fmt(actual_v)}，{self.rule.title}不符：应为 {fmt(expected_v)}（{source}中{last}），"
                       f"差额 {fmt(difference)}")
        return self._finding(doc, Severity(self.rule.severity), message, expected=expected_v, actual=actual_v,
                             difference=difference)


# ---------------------------------------------------------------------------------------------
# Expansion of each rule kind
# ---------------------------------------------------------------------------------------------
