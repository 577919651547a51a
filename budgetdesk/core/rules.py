"""Rule kinds: how a rule declared in template data expands into concrete checks.

Every rule kind is a function ``expand(rule, document, context) -> list[Check]``, registered in
``RULE_KINDS``. A check knows exactly which cells it reads (``reads``) and evaluates to at most one
finding; the check classes live in ``core.checks``, the Chinese names of cells in ``core.cell_names``.
"""

from __future__ import annotations

import re

from typing import Callable, Sequence

from budgetdesk.core.cell_names import column_label, describe, row_label
from budgetdesk.core.checks import (CatalogueCheck, Check, CodeSetCheck, Context, EmptyNoteCheck, ReadingCheck,
                                    PrecisionCheck, PriorCheck, ReadKey, StructureUnknownCheck, SumCheck)
from budgetdesk.core.codes import LEVEL_NAMES, code_level, code_sort_key, parent_code
from budgetdesk.core.document import WHOLE_READING, Document, Row, TableData
from budgetdesk.core.findings import CellRef
from budgetdesk.core.template import RuleSpec, TemplateError


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


_LINE_CODE = re.compile(r"^(\d{3}|\d{5})\s")


def expand_line_groups(rule: RuleSpec, doc: Document, ctx: Context) -> list[Check]:
    """A 明细表 whose lines begin with their 科目 (烟台's 基本支出表: “301 工资福利支出”, then “30101 基本工资” …,
    then “301 工资福利支出” again under another 政府经济 科目): each 类 line is the sum of the 款 lines printed under
    it, and ``target`` (合计) the sum of the 类 lines. Only when every line reads so — a line without a code, or a
    款 line not under its 类, leaves the table's structure unknown, and nothing is checked (precision first)."""
    table_id = rule.params["table"]
    t = doc.tables[table_id]
    target = rule.params.get("target", "total")
    lines = [(m.group(1) if (m := _LINE_CODE.match(r.label)) else None, r) for r in t.rows if r.is_extra]
    groups: list[tuple[str, Row, list[Row]]] = []  # (类 code, its line, the 款 lines under it)
    for code, r in lines:
        if code is None:
            return []
        if len(code) == 3:
            groups.append((code, r, []))
        elif groups and code[:3] == groups[-1][0]:
            groups[-1][2].append(r)
        else:
            return []
    if not groups or not t.has_row(target):
        return []
    columns = [c.key for c in t.template.amount_columns_of(t.row(target).side)]
    checks: list[Check] = []
    for col in columns:
        checks.append(SumCheck(rule, [CellRef(table_id, target, col)],
                               [CellRef(table_id, h.key, col) for _, h, _ in groups], "各类行之和"))
        for _, head, items in groups:
            if items:
                checks.append(SumCheck(rule, [CellRef(table_id, head.key, col)],
                                       [CellRef(table_id, r.key, col) for r in items], f"“{head.label}”下各款行之和"))
    return checks


def expand_outline_sum(rule: RuleSpec, doc: Document, ctx: Context) -> list[Check]:
    """A list whose lines nest by the column their words stand in (江苏's 政府采购预算表: a 采购品目大类 line, the
    专项/经济科目 lines under it, the 采购物品 lines under those): each line with lines one level deeper under it is
    their sum, and ``target`` (合计) the sum of the top lines. ``levels`` lists, outermost first, the text columns
    that put a line at that level. Only when every line has its level and sits under a line one level up — else
    the nesting is not known, and the relation is listed as 未核对 with the reason (precision first)."""
    table_id = rule.params["table"]
    t = doc.tables[table_id]
    target = rule.params.get("target", "total")
    levels = [list(cols) for cols in rule.params["levels"]]

    labels = {c.key for c in t.template.columns if c.kind == "label"}  # (the line's own words: its label)

    def level_of(r: Row) -> int | None:
        return next((n for n, cols in enumerate(levels)
                     if any(r.label if c in labels else t.get(r.key, c) not in (None, "") for c in cols)), None)

    lines = [(level_of(r), r) for r in t.rows if r.is_extra]
    if not lines or not t.has_row(target):
        return []
    unknown = next((r for n, r in lines if n is None), None)
    if unknown is not None:
        return [StructureUnknownCheck(rule, table_id, f"“{unknown.label}”一行的层次没有读出")]
    deepest = len(levels) - 1
    misplaced = next((r for n, r in lines if n != deepest and
                      any(t.get(r.key, c) not in (None, "") for c in rule.params.get("leaf", ()))), None)
    if misplaced is not None:  # words only the deepest lines have (采购组织形式) on a line higher up: words misplaced
        return [StructureUnknownCheck(rule, table_id, f"“{misplaced.label}”一行的文字可能放错了列，各行的层次不确定")]
    children: dict[str, list[Row]] = {}
    top: list[Row] = []
    parents: list[Row] = []  # the line open at each level
    for n, r in lines:
        if n > len(parents):  # a line two levels under the one above it
            return [StructureUnknownCheck(rule, table_id, f"“{r.label}”一行不在上一层的行之下，各行的层次不确定")]
        del parents[n:]
        (children.setdefault(parents[-1].key, []) if parents else top).append(r)
        parents.append(r)
    columns = [c.key for c in t.template.amount_columns_of(t.row(target).side)]
    checks: list[Check] = []
    for col in columns:
        checks.append(SumCheck(rule, [CellRef(table_id, target, col)], [CellRef(table_id, r.key, col) for r in top],
                               "各大类行之和"))
        for _, head in lines:
            if head.key in children:
                checks.append(SumCheck(rule, [CellRef(table_id, head.key, col)],
                                       [CellRef(table_id, r.key, col) for r in children[head.key]],
                                       f"“{head.label}”下各行之和"))
    return checks


def extra_rows_of(t: TableData, rule: RuleSpec, doc: Document) -> list[str]:
    """Extra rows (lines kept from a file, see ``Document.add_extra_row``) that a listed row sum counts.

    An extra row belongs to the sum of the line printed just above it: if that line heads a group (it
    is itself a row sum's target, like 二、上年结转) the extra row is one of the group's items; if it
    is an item of a sum, the extra row is another item of that sum. Sums of sums then count it once.
    A side read line by line (``lines``: 杭州's spending listed by 科目 name under “一、本年支出合计”) holds
    detail lines, not items of its fixed rows' sums.
    """
    detail = {s.id for s in t.template.sides if s.lines}
    extras = [r for r in t.rows if r.is_extra and r.side not in detail]
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
            checks.append(SumCheck(rule, right_refs[:1], [], f"《{lt.template.title}》中无此科目",
                                   looked_in=(lt.id,)))
            continue
        if len(rts) == 1:
            t, col = rts[0]
            relation = f"《{t.template.title}》同一科目的“{column_label(t, col)}”" if right_refs else f"{titles}中无此科目"
        else:
            relation = f"{titles}同一科目之和" if right_refs else f"{titles}中无此科目"
        found_in = {ref.table for ref in right_refs}
        checks.append(SumCheck(rule, [CellRef(lt.id, lrow.key, left["column"])], right_refs, relation, op=op,
                               looked_in=tuple(t.id for t, _ in rts if t.id not in found_in)))
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
            code_column = t.template.has_column("code")
            checks.extend(CatalogueCheck(rule, table_id, r, aspect, side.classification, code_column=code_column)
                          for r in rows)
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


def expand_prior_equal(rule: RuleSpec, doc: Document, ctx: Context) -> list[Check]:
    """This year's cells = last year's (``pairs``: [this year's cell, last year's cell]); ``codes``: per 科目 row
    of a table, this year's ``column`` = last year's ``prior_column`` (and the 合计 row)."""
    checks: list[Check] = []
    for this, last in rule.params.get("pairs", []):
        this_ref, last_ref = parse_ref(this), parse_ref(last)
        for ref in (this_ref, last_ref):
            doc.tables[ref.table].template.column(ref.column)
            doc.tables[ref.table].row(ref.row) if not ref.row.isdigit() else None
        checks.append(PriorCheck(rule, this_ref, last_ref))
    for spec in rule.params.get("codes", []):
        t = doc.tables[spec["table"]]
        rows = [r.key for r in t.code_rows()]
        side = t.template.code_side
        if side is not None and side.total_row is not None:
            rows.insert(0, side.total_row.key)
        for row in rows:
            checks.append(PriorCheck(rule, CellRef(t.id, row, spec["column"]), CellRef(t.id, row, spec["prior_column"])))
    return checks


def expand_prior_columns(rule: RuleSpec, doc: Document, ctx: Context) -> list[Check]:
    """Every printed 上年数 column (``prior_of``) against last year's figure of the column it mirrors."""
    checks: list[Check] = []
    for table_id in _tables_param(rule, doc):
        t = doc.tables[table_id]
        for col in t.template.columns:
            if not col.prior_of:
                continue
            for r in t.rows_of(col.side):
                checks.append(PriorCheck(rule, CellRef(table_id, r.key, col.key), CellRef(table_id, r.key, col.prior_of),
                                         printed=True))
    return checks


def expand_read_complete(rule: RuleSpec, doc: Document, ctx: Context) -> list[Check]:
    """Every table, and the file's reading as a whole: an error while the file did not let us read it all."""
    return [ReadingCheck(rule, t) for t in doc.tables] + [ReadingCheck(rule, WHOLE_READING)]


RULE_KINDS: dict[str, Callable[[RuleSpec, Document, Context], list[Check]]] = {
    "read_complete": expand_read_complete,
    "hierarchy": expand_hierarchy,
    "column_sum": expand_column_sum,
    "row_sum": expand_row_sum,
    "line_groups": expand_line_groups,
    "outline_sum": expand_outline_sum,
    "equal": expand_equal,
    "match_codes": expand_match_codes,
    "code_set": expand_code_set,
    "empty_note": expand_empty_note,
    "precision": expand_precision,
    "catalogue": expand_catalogue,
    "prior_equal": expand_prior_equal,
    "prior_columns": expand_prior_columns,
}

# Rule kinds whose set of checks depends on which rows a table has.
STRUCTURAL_KINDS = {"hierarchy", "column_sum", "match_codes", "code_set", "precision", "catalogue", "row_sum",
                    "line_groups", "outline_sum", "prior_equal", "prior_columns"}


def structural_tables(rule: RuleSpec, doc: Document) -> set[str]:
    if rule.kind not in STRUCTURAL_KINDS:
        return set()
    tables = rule.tables()
    if rule.params.get("tables") == "all" or ("tables" not in rule.params and "table" not in rule.params
                                               and rule.kind in ("precision", "catalogue", "hierarchy", "empty_note")):
        return set(doc.tables)
    return tables
