"""Rule kinds: how a rule declared in template data expands into concrete checks.

Every rule kind is a function ``expand(rule, document, context) -> list[Check]``, registered in
``RULE_KINDS``. A check knows exactly which cells it reads (``reads``) and evaluates to at most one
finding. Most checks are linear relations — one side's sum against the other's — evaluated by
``SumCheck`` with the rounding tolerance from ``core.tolerance``; the rest (code sets, catalogue,
empty-table notes, precision) are small classes of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterable, Sequence

from budgetdesk.core.codes import Catalogue, Classification, LEVEL_NAMES, code_level, code_sort_key, parent_code
from budgetdesk.core.document import Document, Row, TableData
from budgetdesk.core.findings import CellRef, Finding, Severity, finding_key
from budgetdesk.core.money import decimal_places, format_amount
from budgetdesk.core.template import RuleSpec, TemplateError
from budgetdesk.core.tolerance import rounding_tolerance

ReadKey = tuple  # ("cell", table, row, column) | ("table", table) | ("note", table) | ("meta",)
CatalogueProvider = Callable[[Classification, int], "Catalogue | None"]


@dataclass
class Context:
    catalogues: CatalogueProvider | None = None

    def catalogue(self, classification: Classification, year: int) -> Catalogue | None:
        return self.catalogues(classification, year) if self.catalogues and year else None


# ---------------------------------------------------------------------------------------------
# Describing cells in Chinese
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------------------------


class Check:
    rule: RuleSpec
    target: CellRef
    reads: tuple[ReadKey, ...]

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
                 minus: Sequence[CellRef] = ()):
        self.rule = rule
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
    return any(table.amount(row.key, c.key) not in (None, Decimal(0)) for c in table.template.amount_columns_of(row.side))


class EmptyNoteCheck(Check):
    def __init__(self, rule: RuleSpec, table: str):
        self.rule = rule
        self.target = CellRef(table)
        self.reads = (("table", table), ("note", table))

    def evaluate(self, doc: Document, ctx: Context) -> Finding | None:
        t = doc.tables[self.target.table]
        if t.has_figures() or doc.note(self.target.table).strip():
            return None
        hint = f"（例如“{t.template.empty_note}”）" if t.template.empty_note else ""
        message = f"《{t.template.title}》没有数据，须在表下注明原因{hint}"
        return self._finding(doc, Severity(self.rule.severity), message)


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
                 extra: str | None = None):
        self.rule = rule
        self.aspect = aspect
        self.code = row.code or ""
        self.classification = classification
        self.extra = extra
        column = {"name": "name", "exists": "code"}.get(aspect)
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
            return self._finding(doc, Severity(self.rule.severity),
                                 f"{where}：科目 {self.code} 不在 {catalogue.year} 年{self.classification.label}科目目录中"
                                 + (f"（{catalogue.fallback_notice}）" if catalogue.fallback_notice else ""))
        name = doc.tables[self.target.table].get(self.target.row, "name")
        expected = catalogue.name(self.code)
        if expected is None or catalogue.name_matches(self.code, name if isinstance(name, str) else None):
            return None
        if not name:
            return self._finding(doc, Severity(self.rule.severity),
                                 f"{where}：科目名称为空，{catalogue.year} 年目录中为“{expected}”")
        return self._finding(doc, Severity(self.rule.severity),
                             f"{where}：科目名称“{name or ''}”与 {catalogue.year} 年目录中的“{expected}”不一致"
                             + (f"（{catalogue.fallback_notice}）" if catalogue.fallback_notice else ""))


# ---------------------------------------------------------------------------------------------
# Expansion of each rule kind
# ---------------------------------------------------------------------------------------------


def parse_ref(text: str) -> CellRef:
    table, row, column = text.split(":")
    return CellRef(table, row, column)


def _tables_param(rule: RuleSpec, doc: Document, default_codes_only: bool = False) -> list[str]:
    value = rule.params.get("tables", rule.params.get("table", "all"))
    if value == "all":
        return [t.id for t in doc.template_set.tables
                if not default_codes_only or t.code_side is not None]
    return [value] if isinstance(value, str) else list(value)


def effective_parents(rows: Sequence[Row]) -> dict[str, str | None]:
    """Each code row's nearest present ancestor (``None`` for top-level rows)."""
    present = {r.code for r in rows if r.code}
    out: dict[str, str | None] = {}
    for r in rows:
        p = parent_code(r.code or "")
        while p and p not in present:
            p = parent_code(p)
        out[r.key] = p
    return out


def expand_hierarchy(rule: RuleSpec, doc: Document, ctx: Context) -> list[Check]:
    checks: list[Check] = []
    for table_id in _tables_param(rule, doc, default_codes_only=True):
        t = doc.tables[table_id]
        side = t.template.code_side
        if side is None:
            raise TemplateError(f"规则 {rule.id}：表 {table_id} 不是科目表")
        columns = rule.params.get("columns") or [c.key for c in t.template.amount_columns_of(side.id)]
        rows = t.code_rows()
        parents = effective_parents(rows)
        children: dict[str | None, list[str]] = {}
        for r in rows:
            children.setdefault(parents[r.key], []).append(r.key)
        for parent, kids in children.items():
            if parent is None:
                if side.total_row is None:
                    continue
                target_row, relation = side.total_row.key, "各类科目之和"
            else:
                level = code_level(parent)
                target_row = parent
                relation = f"所属{LEVEL_NAMES[level] if level < 3 else '下级'}级科目之和"
            for col in columns:
                checks.append(SumCheck(
                    rule,
                    [CellRef(table_id, target_row, col)],
                    [CellRef(table_id, k, col) for k in kids],
                    relation,
                ))
    return checks


def _labels(t: TableData, columns: Sequence[str]) -> str:
    return " + ".join(column_label(t, c) for c in columns)


def expand_column_sum(rule: RuleSpec, doc: Document, ctx: Context) -> list[Check]:
    table_id = rule.params["table"]
    t = doc.tables[table_id]
    target = rule.params["target"]
    terms = list(rule.params["terms"])
    side = t.template.column(target).side
    wanted = rule.params.get("rows", "all")
    subtract = list(rule.params.get("minus", []))  # target = terms − minus (年末 = 年初 + 收入 − 支出)
    relation = _labels(t, terms) + "".join(f" − {column_label(t, c)}" for c in subtract)
    checks: list[Check] = []
    for r in t.rows_of(side):
        if wanted == "codes" and not r.is_code_row:
            continue
        if isinstance(wanted, list) and r.key not in wanted:
            continue
        checks.append(SumCheck(
            rule,
            [CellRef(table_id, r.key, target)],
            [CellRef(table_id, r.key, c) for c in terms],
            relation,
            minus=[CellRef(table_id, r.key, c) for c in subtract],
        ))
    return checks


def expand_row_sum(rule: RuleSpec, doc: Document, ctx: Context) -> list[Check]:
    table_id = rule.params["table"]
    t = doc.tables[table_id]
    target = rule.params["target"]
    target_row = t.row(target)
    terms_def = rule.params["terms"]
    if isinstance(terms_def, dict):
        band = terms_def["band"]
        term_rows = [r.key for r in t.rows_of(target_row.side) if r.spec and r.spec.band == band and r.key != target]
        relation = f"{terms_def.get('label', '上列各行')}之和"
    else:
        term_rows = list(terms_def) + extra_rows_of(t, rule, doc)
        relation = " + ".join(row_label(t, k) for k in term_rows)
    columns = rule.params.get("columns") or [c.key for c in t.template.amount_columns_of(target_row.side)]
    subtract = list(rule.params.get("minus", []))
    checks: list[Check] = []
    for col in columns:
        left = [CellRef(table_id, target, col)] + [CellRef(table_id, k, col) for k in subtract]
        checks.append(SumCheck(rule, left, [CellRef(table_id, k, col) for k in term_rows], relation))
    return checks


def extra_rows_of(t: TableData, rule: RuleSpec, doc: Document) -> list[str]:
    """Extra rows (lines kept from a file, see ``Document.add_extra_row``) that a listed row sum counts.

    An extra row belongs to the sum of the line printed just above it: if that line heads a group (it
    is itself a row sum's target, like 二、上年结转) the extra row is one of the group's items; if it
    is an item of a sum, the extra row is another item of that sum. Sums of sums then count it once.
    """
    extras = [r for r in t.rows if r.is_extra]
    if not extras:
        return []
    targets = {r.params["target"] for r in doc.template_set.rules
               if r.kind == "row_sum" and r.params.get("table") == t.id}
    target, terms = rule.params["target"], set(rule.params["terms"])
    out = []
    for side in {r.side for r in extras}:
        previous = None
        for r in t.rows_of(side):
            if not r.is_extra:
                previous = r.key
            elif previous == target or (previous in terms and previous not in targets):
                out.append(r.key)
    return out


def expand_equal(rule: RuleSpec, doc: Document, ctx: Context) -> list[Check]:
    """``left`` ⊙ ``right`` for explicit cells; ``pairs`` declares several one-to-one equalities."""
    if "pairs" in rule.params:
        groups = [([l] if isinstance(l, str) else list(l), [r] if isinstance(r, str) else list(r))
                  for l, r in rule.params["pairs"]]
    else:
        l, r = rule.params["left"], rule.params["right"]
        groups = [([l] if isinstance(l, str) else list(l), [r] if isinstance(r, str) else list(r))]
    minus = [parse_ref(x) for x in rule.params.get("minus", [])]  # only with left/right: right − minus
    checks: list[Check] = []
    for left_def, right_def in groups:
        left = [parse_ref(x) for x in left_def]
        right = [parse_ref(x) for x in right_def]
        for ref in left + right + minus:
            t = doc.tables[ref.table]
            t.template.column(ref.column)
            if not t.has_row(ref.row) and not (t.template.code_side and ref.row.isdigit()):
                t.row(ref.row)  # raises: the template names a row that does not exist
        relation = rule.params.get("relation") or (" + ".join(describe(doc, r) for r in right)
                                                   + "".join(f" − {describe(doc, r)}" for r in minus))
        checks.append(SumCheck(rule, left, right, relation, op=rule.params.get("op", "eq"), minus=minus))
    return checks


def expand_match_codes(rule: RuleSpec, doc: Document, ctx: Context) -> list[Check]:
    """Same 科目 in two tables ⊙ each other; ``right`` may list several tables whose figures add up
    (财政拨款明细表 = 一般公共预算 + 政府性基金 + 国有资本经营), ``op`` ``le``/``ge`` for a part of a whole."""
    left = rule.params["left"]
    rights = rule.params["right"] if isinstance(rule.params["right"], list) else [rule.params["right"]]
    op = rule.params.get("op", "eq")
    lt = doc.tables[left["table"]]
    rts = [(doc.tables[r["table"]], r["column"]) for r in rights]
    levels = set(rule.params.get("levels", [1, 2, 3]))
    codes: set[str] = set()
    for t in [lt] + [t for t, _ in rts]:
        codes.update(r.code for r in t.rows if r.code and code_level(r.code) in levels)
    titles = "、".join(f"《{t.template.title}》" for t, _ in rts)
    checks: list[Check] = []
    for code in sorted(codes, key=code_sort_key):
        lrow = lt.row_for_code(code)
        right_refs = [CellRef(t.id, row.key, col) for t, col in rts if (row := t.row_for_code(code)) is not None]
        if lrow is None and not right_refs:
            continue
        if lrow is None:
            if op == "le":
                continue  # the left table is a part: a 科目 only in the whole is fine
            # nothing to attach the finding to on the left: report it on the right table's row
            checks.append(SumCheck(rule, right_refs[:1], [], f"《{lt.template.title}》中无此科目"))
            continue
        if len(rts) == 1:
            t, col = rts[0]
            relation = f"《{t.template.title}》同一科目的“{column_label(t, col)}”" if right_refs else f"{titles}中无此科目"
        else:
            relation = f"{titles}同一科目之和" if right_refs else f"{titles}中无此科目"
        checks.append(SumCheck(rule, [CellRef(lt.id, lrow.key, left["column"])], right_refs, relation, op=op))
    for lrow_key, rrow_key in rule.params.get("totals", []):
        rrow_keys = [rrow_key] * len(rts) if isinstance(rrow_key, str) else list(rrow_key)
        refs = [CellRef(t.id, k, col) for (t, col), k in zip(rts, rrow_keys)]
        relation = " + ".join(f"《{t.template.title}》“{row_label(t, k)}”行“{column_label(t, col)}”"
                              for (t, col), k in zip(rts, rrow_keys))
        checks.append(SumCheck(rule, [CellRef(lt.id, lrow_key, left["column"])], refs, relation, op=op))
    return checks


def expand_code_set(rule: RuleSpec, doc: Document, ctx: Context) -> list[Check]:
    a, b = rule.params["left"]["table"], rule.params["right"]["table"]
    relation = rule.params.get("relation", "equal")
    ta, tb = doc.tables[a], doc.tables[b]

    def reads(code: str) -> list[ReadKey]:
        out: list[ReadKey] = []
        for t in (ta, tb):
            row = t.row_for_code(code)
            if row is not None:
                out.extend(("cell", t.id, row.key, c.key) for c in t.template.amount_columns_of(row.side))
        return out

    checks: list[Check] = []
    for r in ta.code_rows():
        checks.append(CodeSetCheck(rule, r.code, a, b, reads(r.code)))
    if relation == "equal":
        for r in tb.code_rows():
            checks.append(CodeSetCheck(rule, r.code, b, a, reads(r.code)))
    return checks


def expand_empty_note(rule: RuleSpec, doc: Document, ctx: Context) -> list[Check]:
    return [EmptyNoteCheck(rule, t) for t in _tables_param(rule, doc)]


def expand_precision(rule: RuleSpec, doc: Document, ctx: Context) -> list[Check]:
    places = int(rule.params.get("places", 2))
    checks: list[Check] = []
    for table_id in _tables_param(rule, doc):
        t = doc.tables[table_id]
        for r in t.rows:
            for c in t.template.amount_columns_of(r.side):
                checks.append(PrecisionCheck(rule, CellRef(table_id, r.key, c.key), places))
    return checks


def expand_catalogue(rule: RuleSpec, doc: Document, ctx: Context) -> list[Check]:
    aspect = rule.params["aspect"]
    checks: list[Check] = []
    for table_id in _tables_param(rule, doc, default_codes_only=True):
        t = doc.tables[table_id]
        side = t.template.code_side
        if side is None:
            continue
        rows = t.code_rows()
        if aspect in ("exists", "name"):
            checks.extend(CatalogueCheck(rule, table_id, r, aspect, side.classification) for r in rows)
        elif aspect == "parent":
            present = {r.code for r in rows}
            for r in rows:
                p = parent_code(r.code)
                if p and p not in present:
                    checks.append(CatalogueCheck(rule, table_id, r, aspect, side.classification, extra=p))
        elif aspect == "order":
            previous = None
            for r in rows:
                if previous is not None and code_sort_key(r.code) < code_sort_key(previous):
                    checks.append(CatalogueCheck(rule, table_id, r, aspect, side.classification, extra=previous))
                previous = r.code
        else:
            raise TemplateError(f"规则 {rule.id}：未知的目录检查 {aspect!r}")
    return checks


RULE_KINDS: dict[str, Callable[[RuleSpec, Document, Context], list[Check]]] = {
    "hierarchy": expand_hierarchy,
    "column_sum": expand_column_sum,
    "row_sum": expand_row_sum,
    "equal": expand_equal,
    "match_codes": expand_match_codes,
    "code_set": expand_code_set,
    "empty_note": expand_empty_note,
    "precision": expand_precision,
    "catalogue": expand_catalogue,
}

# Rule kinds whose set of checks depends on which rows a table has.
STRUCTURAL_KINDS = {"hierarchy", "column_sum", "match_codes", "code_set", "precision", "catalogue", "row_sum"}


def structural_tables(rule: RuleSpec, doc: Document) -> set[str]:
    if rule.kind not in STRUCTURAL_KINDS:
        return set()
    tables = rule.tables()
    if rule.params.get("tables") == "all" or ("tables" not in rule.params and "table" not in rule.params
                                               and rule.kind in ("precision", "catalogue", "hierarchy", "empty_note")):
        return set(doc.tables)
    return tables
