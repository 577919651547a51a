"""Templates: one official disclosure package described as data.

A ``TemplateSet`` is loaded from a plain dict (the JSON files in ``templates/``); nothing about a
region or a year lives in Python. A ``TableTemplate`` describes one table as printed: title, header
tree (multi-row header with spans), leaf columns with their kinds, and one or two *sides* of rows.
A two-sided table (收支总表) keeps income and expenditure as separate logical row lists; rows carry a
``band`` so that export can rebuild the printed pairing (items beside items, 合计 beside 合计 …).

A set may ``extend`` another: it inherits everything and replaces, adds or removes tables and rules
by id — that is how a district's variant (e.g. Beibei's 上年 columns) is one small data file.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from collections.abc import Mapping  # (not typing.Mapping: isinstance against it is several times slower)
from typing import Any, Callable, Iterable

from budgetdesk.core.codes import Classification

COLUMN_KINDS = {"code", "name", "label", "line", "amount", "text"}  # line: the printed 行次 of a fixed row
ROW_MODELS = {"fixed", "codes", "lines"}  # lines: a 明细表 whose every printed line is a row (北京 支出总表)
CN_NUMERALS = "一二三四五六七八九十"


class TemplateError(ValueError):
    """A template file that does not describe a usable table set."""


def chinese_numeral(n: int) -> str:
    """1 → 一, 11 → 十一, 20 → 二十, 31 → 三十一 (enough for list numbering in printed tables)."""
    if not 1 <= n <= 99:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN_NUMERALS[tens - 1] + "十")
    return head + ("" if ones == 0 else CN_NUMERALS[ones - 1])


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str
    side: str
    path: tuple[str, ...]  # header labels from the top group down to this leaf
    aliases: tuple[str, ...] = ()
    prior_of: str | None = None  # a 上年 comparison column mirrors this current-year column
    width: float | None = None  # relative print width
    budget_of: str | None = None  # a 预算数 column of a 决算 table: filled from the year's 预算 (core.budget_link)

    @property
    def is_amount(self) -> bool:
        return self.kind == "amount"


@dataclass(frozen=True)
class HeaderCell:
    """One printed header cell with its span, in grid coordinates of the header band."""

    label: str
    row: int
    col: int
    rowspan: int
    colspan: int


@dataclass(frozen=True)
class RowSpec:
    """A fixed row (一、本年收入, 收入总计 …) or the total row of a code table."""

    key: str
    label: str
    side: str
    band: str = "items"
    code: str | None = None
    aliases: tuple[str, ...] = ()
    indent: int = 0
    optional: bool = False  # printed only when it has figures (Beibei omits empty 类 lines)
    line: str = ""  # 行次 printed in a "line" column (决算 总表): numbered down each side in turn


@dataclass(frozen=True)
class Side:
    id: str
    title: str
    model: str  # "fixed" | "codes"
    columns: tuple[str, ...]
    rows: tuple[RowSpec, ...] = ()  # fixed rows, or just the total row of a code table
    classification: Classification | None = None
    total_row: RowSpec | None = None
    # a 明细表 (北京 支出总表: one line per 功能 × 经济 科目 and unit): only its 合计 rows are fixed, every printed
    # line is a row of its own (an extra row of the items band), never merged with another by its 科目
    lines: bool = False

    @property
    def is_codes(self) -> bool:
        return self.model == "codes"


@dataclass(frozen=True)
class TableTemplate:
    id: str
    title: str
    order: int
    columns: tuple[Column, ...]
    header: tuple[HeaderCell, ...]
    header_rows: int
    sides: tuple[Side, ...]
    orientation: str = "portrait"
    notes: tuple[str, ...] = ()  # 备注 lines printed under the table
    empty_note: str = ""  # the usual statement for a table without figures
    aliases: tuple[str, ...] = ()  # other titles the same table is published under
    serial_column: bool = False  # Hebei: a 序号 column before everything
    column_numbers_row: bool = False  # Hebei: a 栏次 row numbering the columns
    title_format: str = "{title}"
    # a table some units print and others leave out (上海 2026 单位预算05 财政拨款支出预算表): not printed is not
    # missing, and while it holds no figure its relations are not checked
    optional: bool = False

    # -- lookups -----------------------------------------------------------------------------
    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(f"{self.id}: no column {key!r}")

    def has_column(self, key: str) -> bool:
        return any(c.key == key for c in self.columns)

    def side(self, side_id: str) -> Side:
        for s in self.sides:
            if s.id == side_id:
                return s
        raise KeyError(f"{self.id}: no side {side_id!r}")

    def side_of_column(self, key: str) -> Side:
        return self.side(self.column(key).side)

    @property
    def amount_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.is_amount)

    def amount_columns_of(self, side_id: str) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.is_amount and c.side == side_id)

    @property
    def code_side(self) -> Side | None:
        for s in self.sides:
            if s.is_codes:
                return s
        return None

    @property
    def fixed_rows(self) -> tuple[RowSpec, ...]:
        return tuple(r for s in self.sides for r in s.rows)

    def fixed_row(self, key: str) -> RowSpec | None:
        for r in self.fixed_rows:
            if r.key == key:
                return r
        return None

    def printed_title(self, values: Mapping[str, Any]) -> str:
        return self.title_format.format(title=self.title, **values)

    @property
    def is_two_sided(self) -> bool:
        return len(self.sides) > 1


@dataclass(frozen=True)
class RuleSpec:
    """A rule as declared in template data; the engine expands it into concrete checks."""

    id: str
    kind: str
    severity: str
    title: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def tables(self) -> set[str]:
        """Every table this rule reads (used to drop rules whose tables a variant removes)."""
        found: set[str] = set()

        def walk(value: Any) -> None:
            if isinstance(value, str) and value.count(":") == 2:
                found.add(value.split(":", 1)[0])
            elif isinstance(value, Mapping):
                if "table" in value and isinstance(value["table"], str):
                    found.add(value["table"])
                for k, v in value.items():
                    if k != "table":
                        walk(v)
            elif isinstance(value, (list, tuple)):
                for v in value:
                    walk(v)

        walk(dict(self.params))
        for key in ("table",):
            if isinstance(self.params.get(key), str):
                found.add(self.params[key])
        tables = self.params.get("tables")
        if isinstance(tables, list):
            found.update(tables)
        return found


@dataclass(frozen=True)
class TemplateSet:
    id: str
    version: str
    name: str
    region: str
    kind: str  # "budget" | "final_accounts"
    money_unit: str
    header_lines: tuple[tuple[str, str], ...]  # (left, right) format strings under each title
    tables: tuple[TableTemplate, ...]
    rules: tuple[RuleSpec, ...]
    catalogues: Mapping[str, str]  # classification → catalogue name pattern, e.g. "functional-{year}"
    tolerance_note: str = ""
    performance: str = ""  # id of the 绩效目标表 forms (templates/performance/<id>.json)
    budget_links: tuple[Mapping[str, Any], ...] = ()  # 决算: where the year's 预算 figures go (core.budget_link)
    # 部门汇总: money moving inside a department, eliminated when its units are merged (core.eliminate)
    internal_flows: tuple[Mapping[str, Any], ...] = ()
    amount_places: int = 2  # decimals the tables print (北京 prints 万元 to 6 places, i.e. to the 分)

    def table(self, table_id: str) -> TableTemplate:
        for t in self.tables:
            if t.id == table_id:
                return t
        raise KeyError(f"模板 {self.id} 中没有表 {table_id!r}")

    def has_table(self, table_id: str) -> bool:
        return any(t.id == table_id for t in self.tables)

    def rule(self, rule_id: str) -> RuleSpec:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)


# ---------------------------------------------------------------------------------------------
# Loading from data
# ---------------------------------------------------------------------------------------------

SetLoader = Callable[[str], Mapping[str, Any]]


def resolve_extends(data: Mapping[str, Any], load_raw: SetLoader) -> dict[str, Any]:
    """Merge a set that ``extends`` another into one plain dict (tables and rules by id). Nothing given is changed:
    the merged dict is new, and the tables and rules it takes over are shared, not copied (nothing changes them)."""
    data = dict(data)
    parent_id = data.pop("extends", None)
    if not parent_id:
        return data
    parent = resolve_extends(load_raw(parent_id), load_raw)
    merged = {k: v for k, v in parent.items() if k not in ("tables", "rules")}
    for k, v in data.items():
        if k not in ("tables", "rules", "remove_tables", "remove_rules"):
            merged[k] = v
    removed = set(data.get("remove_tables", []))
    tables = [t for t in parent.get("tables", []) if t["id"] not in removed]
    for override in data.get("tables", []):
        base = next((t for t in tables if t["id"] == override["id"]), None)
        if base is None:
            tables.append(override)
        else:
            tables[tables.index(base)] = {**base, **override} if override.get("merge") else override
    merged["tables"] = tables
    removed_rules = set(data.get("remove_rules", []))
    rules = [r for r in parent.get("rules", []) if r["id"] not in removed_rules]
    for override in data.get("rules", []):
        rules = [r for r in rules if r["id"] != override["id"]] + [override]
    merged["rules"] = rules
    return merged


def _resolved(data: Mapping[str, Any], load_raw: SetLoader | None) -> Mapping[str, Any]:
    if "extends" in data:
        if load_raw is None:
            raise TemplateError("模板继承了其他模板，但没有提供加载方法")
        data = resolve_extends(data, load_raw)
    return data


def _table_data(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Each table's data as ``_load_table`` reads it: the set's ``table_defaults`` under its own."""
    return [{**data.get("table_defaults", {}), **t} for t in data["tables"]]


def table_titles(data: Mapping[str, Any], load_raw: SetLoader | None = None) -> tuple[tuple[tuple[str, ...], bool], ...]:
    """Per table of the set: its title and aliases (as ``TableTemplate.title`` and ``aliases`` will be) and whether it
    has a text column — read from the data without building the set, to tell cheaply which sets a file cannot be."""
    try:
        return tuple(((t["title"], *t.get("aliases", [])), _has_text_column(t["header"]))
                     for t in _table_data(_resolved(data, load_raw)))
    except KeyError as exc:
        raise TemplateError(f"模板缺少字段 {exc}") from None


def _has_text_column(nodes) -> bool:
    return any(_has_text_column(n["children"]) if n.get("children") else n.get("kind", "amount") == "text" for n in nodes)


def _header_lines(lines) -> tuple[tuple[str, str], ...]:
    """The lines under each title: a left and a right text each (福建 prints only the right one: ["", "单位：…"])."""
    out = tuple(tuple(x) for x in lines)
    for line in out:
        if len(line) != 2 or not all(isinstance(x, str) for x in line):
            raise TemplateError(f"模板的 header_lines 每行应是左、右两段文字（没有的一段写 \"\"），实为 {list(line)}")
    return out


def load_template_set(data: Mapping[str, Any], load_raw: SetLoader | None = None) -> TemplateSet:
    """Build a TemplateSet from its data; ``load_raw(id)`` supplies parents for ``extends``."""
    data = _resolved(data, load_raw)
    try:
        class_lines = data.get("class_lines", [])
        tables = tuple(
            sorted(
                (_load_table(t, i, class_lines) for i, t in enumerate(_table_data(data))),
                key=lambda t: t.order,
            )
        )
        ids = [t.id for t in tables]
        if len(ids) != len(set(ids)):
            raise TemplateError(f"表 id 重复：{ids}")
        present = set(ids)
        rules = []
        for r in data.get("rules", []):
            if isinstance(r.get("tables"), list):  # a rule over several tables keeps the ones present
                r = {**r, "tables": [t for t in r["tables"] if t in present]}
                if not r["tables"]:
                    continue
            spec = RuleSpec(
                id=r["id"],
                kind=r["kind"],
                severity=r.get("severity", "error"),
                title=r.get("title", r["id"]),
                params={k: v for k, v in r.items() if k not in ("id", "kind", "severity", "title")},
            )
            if spec.tables() <= present:  # a variant without a table drops the rules reading it
                rules.append(spec)
        _check_flows(data.get("internal_flows", []), {t.id: t for t in tables})
        return TemplateSet(
            id=data["id"],
            version=str(data["version"]),
            name=data["name"],
            region=data.get("region", ""),
            kind=data.get("kind", "budget"),
            money_unit=data.get("money_unit", "万元"),
            header_lines=_header_lines(data.get("header_lines", [["编制单位：{unit_name}", "单位：{money_unit}"]])),
            tables=tables,
            rules=tuple(rules),
            catalogues=dict(data.get("catalogues", {})),
            tolerance_note=data.get("tolerance_note", ""),
            performance=data.get("performance", ""),
            budget_links=tuple(data.get("budget_links", [])),
            internal_flows=tuple(data.get("internal_flows", [])),
            amount_places=int(data.get("amount_places", 2)),
        )
    except KeyError as exc:
        raise TemplateError(f"模板缺少字段 {exc}") from None


def _check_flows(flows: Any, tables: Mapping[str, TableTemplate]) -> None:
    """``internal_flows`` name a 科目 table and an amount column on each side, and fixed cells (``also``)
    that include the flow without a relation leading to them; a wrong name is a template error at load."""
    if not isinstance(flows, list):
        raise TemplateError("internal_flows 应为列表")
    for flow in flows:
        fid = flow.get("id", "?") if isinstance(flow, Mapping) else "?"
        if not isinstance(flow, Mapping) or flow.get("payer") not in ("department", "unit"):
            raise TemplateError(f"内部往来 {fid}：payer 应为 department 或 unit")
        for side in ("paid", "received"):
            spec = flow.get(side)
            if not isinstance(spec, Mapping):
                raise TemplateError(f"内部往来 {fid}：缺少 {side}")
            table = tables.get(spec.get("table", ""))
            if table is None or table.code_side is None:
                raise TemplateError(f"内部往来 {fid}：{side} 的表 {spec.get('table')!r} 不存在或不是科目表")
            if not table.has_column(spec.get("column", "")) or not table.column(spec["column"]).is_amount:
                raise TemplateError(f"内部往来 {fid}：表 {table.id} 没有金额列 {spec.get('column')!r}")
            for ref in spec.get("also", []):
                parts = ref.split(":") if isinstance(ref, str) else []
                other = tables.get(parts[0]) if len(parts) == 3 else None
                if other is None or other.fixed_row(parts[1]) is None or not other.has_column(parts[2]):
                    raise TemplateError(f"内部往来 {fid}：also 中的 {ref!r} 不是“表:固定行:列”")


def _load_table(t: Mapping[str, Any], index: int, class_lines: list) -> TableTemplate:
    columns: list[Column] = []
    cells: list[tuple[str, int, int, int]] = []  # label, depth, first leaf, leaf count (rowspan fixed later)

    def depth_of(node: Mapping[str, Any]) -> int:
        return 1 + max((depth_of(c) for c in node.get("children", [])), default=0)

    nodes = t["header"]
    header_rows = max(depth_of(n) for n in nodes)

    def walk(node: Mapping[str, Any], level: int, side: str, path: tuple[str, ...]) -> None:
        side = node.get("side", side)
        label = node["label"]
        children = node.get("children", [])
        first = len(columns)
        if children:
            for child in children:
                walk(child, level + 1, side, path + (label,))
        else:
            kind = node.get("kind", "amount")
            if kind not in COLUMN_KINDS:
                raise TemplateError(f"{t['id']}: 未知列类型 {kind!r}")
            columns.append(
                Column(
                    key=node["key"],
                    label=label,
                    kind=kind,
                    side=side,
                    path=path + (label,),
                    aliases=tuple(node.get("aliases", [])),
                    prior_of=node.get("prior_of"),
                    width=node.get("width"),
                    budget_of=node.get("budget_of"),
                )
            )
        span = len(columns) - first
        rowspan = 1 if children else header_rows - level
        cells.append((label, level, first, span, rowspan))

    for node in nodes:
        walk(node, 0, node.get("side", "main"), ())
    header = tuple(
        HeaderCell(label=label, row=level, col=first, rowspan=rowspan, colspan=span)
        for label, level, first, span, rowspan in sorted(cells, key=lambda c: (c[1], c[2]))
    )
    keys = [c.key for c in columns]
    if len(keys) != len(set(keys)):
        raise TemplateError(f"{t['id']}: 列 key 重复")

    side_defs = t.get("sides") or [{"id": "main", "rows": t["rows"]}]
    sides = []
    for sd in side_defs:
        sid = sd["id"]
        rows_def = sd["rows"]
        side_columns = tuple(c.key for c in columns if c.side == sid)
        model = rows_def["kind"]
        if model not in ROW_MODELS:
            raise TemplateError(f"{t['id']}: 未知行模型 {model!r}")
        if model == "codes":
            total = rows_def.get("total")
            total_row = (
                RowSpec(key=total["key"], label=total["label"], side=sid, band="total", aliases=tuple(total.get("aliases", [])))
                if total
                else None
            )
            # lines summing part of the 科目 (上海 基本支出: 人员经费合计, 公用经费合计), printed under them
            subtotals = tuple(RowSpec(key=r["key"], label=r["label"], side=sid, band="subtotal",
                                      aliases=tuple(r.get("aliases", []))) for r in rows_def.get("subtotals", []))
            sides.append(
                Side(
                    id=sid,
                    title=sd.get("title", ""),
                    model="codes",
                    columns=side_columns,
                    rows=((total_row,) if total_row else ()) + subtotals,
                    classification=Classification(rows_def["classification"]),
                    total_row=total_row,
                )
            )
        else:
            specs = []
            for item in rows_def.get("items", []):
                if "generate" in item:
                    specs.extend(_generate_class_rows(item, sid, class_lines))
                else:
                    specs.append(
                        RowSpec(
                            key=item["key"],
                            label=item["label"],
                            side=sid,
                            band=item.get("band", "items"),
                            code=item.get("code"),
                            aliases=tuple(item.get("aliases", [])),
                            indent=item.get("indent", 0),
                            optional=item.get("optional", False),
                        )
                    )
            sides.append(Side(id=sid, title=sd.get("title", ""), model="fixed", columns=side_columns, rows=tuple(specs),
                              lines=model == "lines"))
    if any(c.kind == "line" for c in columns):
        sides = _number_lines(sides)
    row_keys = [r.key for s in sides for r in s.rows]
    if len(row_keys) != len(set(row_keys)):
        raise TemplateError(f"{t['id']}: 行 key 重复")
    return TableTemplate(
        id=t["id"],
        title=t["title"],
        order=t.get("order", index + 1),
        columns=tuple(columns),
        header=header,
        header_rows=header_rows,
        sides=tuple(sides),
        orientation=t.get("orientation", "portrait"),
        notes=tuple(t.get("notes", [])),
        empty_note=t.get("empty_note", ""),
        aliases=tuple(t.get("aliases", [])),
        serial_column=t.get("serial_column", False),
        column_numbers_row=t.get("column_numbers_row", False),
        title_format=t.get("title_format", "{title}"),
        optional=bool(t.get("optional", False)),
    )


def _number_lines(sides: list[Side]) -> list[Side]:
    """行次 1, 2, 3 … down the first side, continuing down the next (as the national 决算 总表 prints them)."""
    n = 0
    out = []
    for side in sides:
        rows = []
        for r in side.rows:
            n += 1
            rows.append(replace(r, line=str(n)))
        out.append(replace(side, rows=tuple(rows)))
    return out


def _generate_class_rows(item: Mapping[str, Any], side: str, class_lines: Iterable) -> list[RowSpec]:
    """Expand ``{"generate": "class_lines"}`` into one fixed row per 功能分类 类 line of the set."""
    numbered = item.get("numbered", False)
    out = []
    for n, line in enumerate(class_lines, 1):
        label = line["label"]
        if numbered:
            label = f"{chinese_numeral(n)}、{label}"
        code = line.get("code")
        out.append(
            RowSpec(
                key=code or line["key"],
                label=label,
                side=side,
                band=item.get("band", "items"),
                code=code,
                aliases=(line["label"],) if numbered else (),
                optional=item.get("optional", False),
            )
        )
    return out
