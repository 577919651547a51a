"""The disclosure document: figures of every table of one template set, plus what surrounds them.

Amounts are ``Decimal`` (blank is ``None``). A document knows its template set, the unit's
metadata, optional last-year figures, per-table notes (e.g. the statement why a table is empty) and
the officer's explanations of warnings. Every change goes through a method here and is announced to
listeners as a small event, so the rule engine (and the GUI through it) can react to just that change.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Callable, Iterator

from budgetdesk.core.adjustments import Adjustment
from budgetdesk.core.codes import code_sort_key, parent_code
from budgetdesk.core.money import AmountError, parse_amount
from budgetdesk.core.narrative.model import Narrative
from budgetdesk.core.performance.model import PerformanceBook, PerformanceChanged
from budgetdesk.core.template import RowSpec, TableTemplate, TemplateSet

Value = Decimal | str | None


class DocumentError(ValueError):
    """A change the document refuses (unknown table/row/column, text in an amount cell …)."""


@dataclass(frozen=True)
class UnitMeta:
    unit_name: str = ""
    unit_code: str = ""
    year: int = 0
    money_unit: str = "万元"
    level: str = ""  # "单位" for a unit's own package (单位预算), else a 部门's (部门预算, the default)

    @property
    def prior_year(self) -> int:
        return self.year - 1 if self.year else 0

    def package_name(self, final_accounts: bool) -> str:
        """“部门预算”, “单位预算”, “部门决算” …: what the package calls itself, for printed titles."""
        return f"{'单位' if self.level == '单位' else '部门'}{'决算' if final_accounts else '预算'}"

    def format_values(self) -> dict[str, object]:
        return {
            "unit_name": self.unit_name,
            "unit_code": self.unit_code,
            "year": self.year or "",
            "prior_year": self.prior_year or "",
            "money_unit": self.money_unit,
        }


def unit_level(text: object) -> str:
    """``UnitMeta.level`` from what a file says: “单位” or nothing (a 部门's package)."""
    return "单位" if text == "单位" else ""


@dataclass(frozen=True)
class Row:
    key: str
    side: str
    code: str | None = None
    label: str = ""  # fixed rows: the template label; code rows: the subject name
    spec: RowSpec | None = None  # set for fixed rows and total rows

    @property
    def is_code_row(self) -> bool:
        return self.spec is None

    @property
    def is_extra(self) -> bool:
        """A line the template does not list, kept from an imported file (see ``Document.add_extra_row``)."""
        return is_extra_key(self.key)


EXTRA_PREFIX = "+"
PERFORMANCE_MARK = "绩效:"
WHOLE_READING = "*"  # ``Document.unread`` key: the file's reading as a whole is too incomplete to judge by
# an ``unread`` reason saying the table was read completely but does not print some of the template's columns
# (上海 收入总表 without 上年结转): its blanks there are unknown, yet nothing printed was left unread
COLUMNS_NOT_PRINTED = "没有印出这些列"
# an ``unread`` reason saying the package withholds some items by its own note (烟台信访局: “部分具体项目信息公开时
# 予以剔除”): every printed figure was read, yet a sum over the rows cannot be checked against the printed total
ROWS_WITHHELD = "部分项目按表注未公开"


def performance_mark(target_key: str) -> str:
    """The ``Document.unread`` key of one 绩效 form (by its target key)."""
    return PERFORMANCE_MARK + target_key


def extra_row_key(side: str, band: str, n: int) -> str:
    """Extra rows carry their side and band in the key ("+income.items.1"), so every format keeps them."""
    return f"{EXTRA_PREFIX}{side}.{band}.{n}"


def is_extra_key(key: str) -> bool:
    return key.startswith(EXTRA_PREFIX) and key.count(".") >= 2


def extra_row_parts(key: str) -> tuple[str, str]:
    """(side, band) of an extra row's key."""
    side, band, _n = key[len(EXTRA_PREFIX):].rsplit(".", 2)
    return side, band


# -- change events ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CellChanged:
    table: str
    row: str
    column: str
    old: Value
    new: Value


@dataclass(frozen=True)
class RowsChanged:
    """Rows were added or removed in a table: its structure changed."""

    table: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


@dataclass(frozen=True)
class NoteChanged:
    table: str | None
    old: str
    new: str


@dataclass(frozen=True)
class ExplanationChanged:
    key: str
    old: str
    new: str


@dataclass(frozen=True)
class MetaChanged:
    old: UnitMeta
    new: UnitMeta


@dataclass(frozen=True)
class LiveTotalsChanged:
    """The document's 实时合计 switch: totals computed from their parts as the officer types."""

    on: bool


@dataclass(frozen=True)
class NarrativeChanged:
    """The 情况说明 text was replaced (the narrative is one immutable value)."""

    old: Narrative
    new: Narrative


@dataclass(frozen=True)
class AdjustmentsChanged:
    """The 调整表 of a 部门汇总 was replaced (core.adjustments; the cells it reduced change on their own)."""

    old: tuple[Adjustment, ...]
    new: tuple[Adjustment, ...]


@dataclass(frozen=True)
class PriorLoaded:
    """Last year's figures were (re)loaded (``core.prior.load_prior``): the year-to-year checks look again."""

    source: str


@dataclass(frozen=True)
class ReadingChanged:
    """A table's blank cells stopped (or started) meaning "not read" (``Document.unread``): its relations look again."""

    table: str


Event = (CellChanged | RowsChanged | NoteChanged | ExplanationChanged | MetaChanged | LiveTotalsChanged
         | PerformanceChanged | NarrativeChanged | AdjustmentsChanged | PriorLoaded | ReadingChanged)


class TableData:
    """Rows and cells of one table. Code-table rows are kept in the order they were given."""

    def __init__(self, template: TableTemplate):
        self.template = template
        self.rows: list[Row] = []
        self.cells: dict[tuple[str, str], Value] = {}
        for side in template.sides:
            for spec in side.rows:
                self.rows.append(Row(key=spec.key, side=side.id, code=spec.code, label=spec.label, spec=spec))
        self._index = {r.key: r for r in self.rows}

    @property
    def id(self) -> str:
        return self.template.id

    def row(self, key: str) -> Row:
        try:
            return self._index[key]
        except KeyError:
            raise DocumentError(f"表“{self.template.title}”中没有行 {key}") from None

    def has_row(self, key: str) -> bool:
        return key in self._index

    def rows_of(self, side: str) -> list[Row]:
        return [r for r in self.rows if r.side == side]

    def code_rows(self) -> list[Row]:
        return [r for r in self.rows if r.is_code_row]

    def row_for_code(self, code: str) -> Row | None:
        """The row carrying ``code``: a code row, or a fixed 类 line of a two-sided table."""
        row = self._index.get(code)
        if row is not None and row.code == code:
            return row
        for r in self.rows:
            if r.code == code:
                return r
        return None

    def get(self, row: str, column: str) -> Value:
        return self.cells.get((row, column))

    def amount(self, row: str, column: str) -> Decimal | None:
        v = self.cells.get((row, column))
        return v if isinstance(v, Decimal) else None

    def has_figures(self) -> bool:
        return any(isinstance(v, Decimal) for v in self.cells.values())

    def printed_label(self, row: Row) -> str:
        """A row's words in its label column as printed. A line whose label was made of its own text columns'
        words (江苏's 政府采购预算表: “一、货物A” under 采购品目大类, “合计” too) prints them there only, its label
        column blank — as the form does — while findings still name the line by them."""
        texts = [v for c in self.template.columns if c.kind == "text"
                 and isinstance(v := self.cells.get((row.key, c.key)), str) and v.strip()]
        return "" if texts and row.label == " ".join(texts) else row.label

    # structural edits (called through Document so that events are sent)
    def _insert_code_row(self, code: str, name: str, position: int | None) -> Row:
        side = self.template.code_side
        if side is None:
            raise DocumentError(f"表“{self.template.title}”不是科目表，不能按科目编码加行")
        if code in self._index:
            raise DocumentError(f"表“{self.template.title}”中已有科目 {code}")
        row = Row(key=code, side=side.id, code=code, label=name)
        if position is None:
            position = self._sorted_position(code)
        self.rows.insert(position, row)
        self._index[code] = row
        if "name" in {c.key for c in self.template.columns}:
            self.cells[(code, "name")] = name or None
        if "code" in {c.key for c in self.template.columns}:
            self.cells[(code, "code")] = code
        return row

    def _sorted_position(self, code: str) -> int:
        key = code_sort_key(code)
        position = len(self.rows)
        for i, r in enumerate(self.rows):
            if r.is_code_row and code_sort_key(r.code) > key:
                return i
        # after the last code row (total rows at the top stay where they are)
        last_code = max((i for i, r in enumerate(self.rows) if r.is_code_row), default=None)
        if last_code is not None:
            return last_code + 1
        return position

    def _insert_extra_row(self, key: str, label: str, position: int | None) -> Row:
        side, band = extra_row_parts(key)
        if key in self._index:
            raise DocumentError(f"表“{self.template.title}”中已有行 {key}")
        if not any(s.id == side and not s.is_codes for s in self.template.sides):
            raise DocumentError(f"表“{self.template.title}”没有可加附加行的一侧 {side}")
        row = Row(key=key, side=side, label=label, spec=RowSpec(key=key, label=label, side=side, band=band))
        self.rows.insert(len(self.rows) if position is None else position, row)
        self._index[key] = row
        return row

    def _remove_row(self, key: str) -> None:
        row = self.row(key)
        if not row.is_code_row and not row.is_extra:
            raise DocumentError(f"“{row.label}”是表格的固定行，不能删除")
        self.rows.remove(row)
        del self._index[key]
        for k in [k for k in self.cells if k[0] == key]:
            del self.cells[k]


class Document:
    def __init__(self, template_set: TemplateSet, meta: UnitMeta | None = None):
        self.template_set = template_set
        self.meta = meta or UnitMeta(money_unit=template_set.money_unit)
        self.tables: dict[str, TableData] = {t.id: TableData(t) for t in template_set.tables}
        self.prior: dict[str, dict[tuple[str, str], Decimal]] = {}
        self.prior_source = ""  # the file last year's figures came from (named by the year-to-year checks)
        self.source_name = ""  # the file this document was opened from, if any (not saved)
        self.budget: dict[str, dict[tuple[str, str], Decimal]] = {}  # 决算: the year's 预算 (core.budget_link)
        self.notes: dict[str, str] = {}  # table id ("" for the whole document) → note text
        self.explanations: dict[str, str] = {}  # finding key → officer's explanation
        self.live_totals = False  # 实时合计: on for a document being prepared, off for published figures
        # 部门汇总: how many units' separately rounded packages were summed into this one (1: a unit's own)
        self.consolidated_from = 1
        # 部门汇总: the 调整表 — internal flows eliminated and amounts without a counterpart (core.eliminate)
        self.adjustments: tuple[Adjustment, ...] = ()
        self.narrative: Narrative = Narrative()  # the 情况说明 printed before the tables
        # tables whose blank cells are not known to be blank, with why: the file they were read from printed the
        # table with figures that could not all be placed, or did not contain it (``io.read.import_report``).
        # A relation reading such a blank is listed as 未核对, never failed; editing the table takes it over.
        self.unread: dict[str, str] = {}
        self._listeners: list[Callable[[Event], None]] = []
        self.performance = PerformanceBook(self._emit)  # 绩效目标表 (core/performance), announced like cells

    # -- listeners ---------------------------------------------------------------------------
    def subscribe(self, listener: Callable[[Event], None]) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _emit(self, event: Event) -> None:
        table = getattr(event, "table", None)
        if isinstance(event, PerformanceChanged) and event.old is not None and event.new is not None:
            table = performance_mark(event.key)  # an officer's edit of a 绩效 form read from a PDF
        if table in self.unread and isinstance(event, (CellChanged, RowsChanged, PerformanceChanged)):
            del self.unread[table]  # the officer is filling the table in: its blanks are blanks now
            self._emit(ReadingChanged(table))
        if WHOLE_READING in self.unread and isinstance(event, (CellChanged, RowsChanged, PerformanceChanged)):
            del self.unread[WHOLE_READING]  # the officer has started correcting the reading: check again
            self._emit(ReadingChanged(WHOLE_READING))
        for listener in list(self._listeners):
            listener(event)

    def mark_unread(self, table: str, reason: str) -> None:
        """Say that ``table``'s blank cells were not read (``reason`` in Chinese, e.g. “本件中没有这张表”);
        ``performance_mark(key)`` names a 绩效 form whose empty fields were not read."""
        if not table.startswith(PERFORMANCE_MARK) and table != WHOLE_READING:
            self.table(table)
        if self.unread.get(table) != reason:
            self.unread[table] = reason
            self._emit(ReadingChanged(table))

    def unread_blank(self, table: str, row: str | None, column: str | None) -> bool:
        """Whether this cell is blank only because it was not read (its table is in ``unread``)."""
        if WHOLE_READING in self.unread:
            return True  # the file's reading as a whole is uncertain: no cell is known, blank or not
        if table not in self.unread:
            return False
        if row is None or column is None:
            return True
        return self.tables[table].get(row, column) is None

    # -- reading -----------------------------------------------------------------------------
    def table(self, table_id: str) -> TableData:
        try:
            return self.tables[table_id]
        except KeyError:
            raise DocumentError(f"模板 {self.template_set.id} 中没有表 {table_id}") from None

    def get(self, table: str, row: str, column: str) -> Value:
        return self.table(table).get(row, column)

    def package_name(self) -> str:
        """“部门预算”, “单位决算” …: the document's own kind and level, for printed titles."""
        return self.meta.package_name(self.template_set.kind == "final_accounts")

    def dormant_tables(self) -> set[str]:
        """The optional tables (``TableTemplate.optional``) holding no figure: not printed by this unit, so
        neither missing nor checked until a figure is entered."""
        return {t.id for t in self.template_set.tables if t.optional and not self.tables[t.id].has_figures()}

    def published_tables(self) -> list:
        """The tables this document publishes, in order: every standard table, an optional one only when it holds a
        figure or a note (exports print these, not a blank page for a table the unit does not have)."""
        dormant = self.dormant_tables()
        return [t for t in self.template_set.tables if t.id not in dormant or self.note(t.id).strip()]

    def amount(self, table: str, row: str, column: str) -> Decimal | None:
        return self.table(table).amount(row, column)

    def iter_cells(self) -> Iterator[tuple[str, str, str, Value]]:
        for t in self.tables.values():
            for r in t.rows:
                for c in t.template.columns:
                    v = t.cells.get((r.key, c.key))
                    if v is not None:
                        yield t.id, r.key, c.key, v

    # -- editing -----------------------------------------------------------------------------
    def set(self, table: str, row: str, column: str, value: object) -> CellChanged | None:
        """Set one cell. Amount columns take Decimals or text like ``1,234.50``; returns the event."""
        t = self.table(table)
        r = t.row(row)
        col = t.template.column(column)
        if col.side != r.side:
            raise DocumentError(f"“{col.label}”列不属于“{r.label or r.key}”所在的一侧")
        if col.kind == "amount":
            try:
                new: Value = parse_amount(value)
            except AmountError as exc:
                raise DocumentError(
                    f"表“{t.template.title}”“{r.label or r.key}”行“{col.label}”列：{exc}"
                ) from None
        elif col.kind == "code":
            raise DocumentError("科目编码由行决定，不能直接修改；请删除该行后按新编码加行")
        elif col.kind == "line":
            raise DocumentError("行次由模板决定，不能修改")
        else:
            new = None if value is None or str(value) == "" else str(value)
        old = t.cells.get((row, column))
        if old == new and type(old) is type(new) and str(old) == str(new):
            return None
        if new is None:
            t.cells.pop((row, column), None)
        else:
            t.cells[(row, column)] = new
        if col.kind == "name" and r.is_code_row:
            updated = replace(r, label=new or "")
            t.rows[t.rows.index(r)] = updated
            t._index[row] = updated
        event = CellChanged(table, row, column, old, new)
        self._emit(event)
        return event

    def code_rows_to_add(self, table: str, code: str) -> list[str]:
        """The rows ``add_code_row(…, with_parents=True)`` adds for ``code``: its missing 类/款 first, then itself."""
        t = self.table(table)
        wanted = [code]
        p = parent_code(code)
        while p:
            if not t.has_row(p):
                wanted.insert(0, p)
            p = parent_code(p)
        return wanted

    def add_code_row(self, table: str, code: str, name: str = "", *, with_parents: bool = False,
                     names: Callable[[str], str | None] | None = None, position: int | None = None) -> list[str]:
        """Add a 科目 row (in code order unless ``position`` is given); optionally its missing 类/款 rows."""
        t = self.table(table)
        wanted = self.code_rows_to_add(table, code) if with_parents else [code]
        added = []
        for c in wanted:
            label = name if c == code else ((names(c) if names else None) or "")
            t._insert_code_row(c, label, position if c == code else None)
            added.append(c)
        self._emit(RowsChanged(table, added=tuple(added)))
        return added

    def add_extra_row(self, table: str, side: str, band: str, label: str, *, position: int | None = None,
                      key: str | None = None) -> str:
        """Keep a line the template does not list (a region's own income line): shown, exported, printed,
        and counted by every rule that sums a band of its side (e.g. 本年收入合计 = Σ items)."""
        t = self.table(table)
        if key is None:
            n = 1 + sum(1 for r in t.rows if r.is_extra)
            while t.has_row(extra_row_key(side, band, n)):
                n += 1
            key = extra_row_key(side, band, n)
        t._insert_extra_row(key, label, position)
        self._emit(RowsChanged(table, added=(key,)))
        return key

    def remove_row(self, table: str, row: str) -> dict[str, Value]:
        """Remove a code row; returns its cells so that an undo can put them back."""
        t = self.table(table)
        saved = {c: v for (r, c), v in t.cells.items() if r == row}
        t._remove_row(row)
        self._emit(RowsChanged(table, removed=(row,)))
        return saved

    def set_note(self, table: str | None, text: str) -> None:
        key = table or ""
        old = self.notes.get(key, "")
        if text:
            self.notes[key] = text
        else:
            self.notes.pop(key, None)
        if old != text:
            self._emit(NoteChanged(table, old, text))

    def note(self, table: str | None) -> str:
        return self.notes.get(table or "", "")

    def set_explanation(self, finding_key: str, text: str) -> None:
        old = self.explanations.get(finding_key, "")
        if text.strip():
            self.explanations[finding_key] = text.strip()
        else:
            self.explanations.pop(finding_key, None)
        if old != text.strip():
            self._emit(ExplanationChanged(finding_key, old, text.strip()))

    def set_meta(self, meta: UnitMeta) -> None:
        old, self.meta = self.meta, meta
        if old != meta:
            self._emit(MetaChanged(old, meta))

    def set_live_totals(self, on: bool) -> None:
        if self.live_totals != bool(on):
            self.live_totals = bool(on)
            self._emit(LiveTotalsChanged(self.live_totals))

    def set_adjustments(self, adjustments) -> None:
        """Replace the 调整表 (the reduced cells are set separately, see ``core.eliminate``)."""
        old, self.adjustments = self.adjustments, tuple(adjustments)
        if old != self.adjustments:
            self._emit(AdjustmentsChanged(old, self.adjustments))

    def set_narrative(self, narrative: Narrative) -> None:
        old, self.narrative = self.narrative, narrative
        if old != narrative:
            self._emit(NarrativeChanged(old, narrative))

    def set_prior(self, table: str, row: str, column: str, value: Decimal | None) -> None:
        """Last year's figure for a cell (used for 上年 comparison); not part of the rule check."""
        cells = self.prior.setdefault(table, {})
        if value is None:
            cells.pop((row, column), None)
        else:
            cells[(row, column)] = value

    def prior_loaded(self, source: str) -> None:
        """Say that last year's figures were replaced as a whole (from the file ``source``)."""
        self.prior_source = source
        self._emit(PriorLoaded(source))

    def prior_amount(self, table: str, row: str, column: str) -> Decimal | None:
        return self.prior.get(table, {}).get((row, column))

    def set_budget(self, table: str, row: str, column: str, value: Decimal | None) -> None:
        """The year's 预算 figure for a 决算 cell (for 完成预算 %); not part of the rule check."""
        cells = self.budget.setdefault(table, {})
        if value is None:
            cells.pop((row, column), None)
        else:
            cells[(row, column)] = value

    def budget_amount(self, table: str, row: str, column: str) -> Decimal | None:
        return self.budget.get(table, {}).get((row, column))
