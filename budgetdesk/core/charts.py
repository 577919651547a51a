"""Charts of the 情况说明, computed from the document's live figures (no drawing here).

A chart is declared in template data (``templates/charts/<set>.json``): its figure number, kind (bar:
last year against this year; pie: the structure of a whole), caption as printed and the cells it
draws. This module turns a declaration and a document into what a drawing needs: the values in
Decimal, pie shares computed as the text check computes them (part / whole × 100, the whole being the
sum of the drawn slices) and rounded by largest remainder so the printed shares add to exactly
100.00%, and notes for what could not be drawn as asked (a zero or missing slice left out, a negative
pie refused, no last-year figures).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from typing import Iterable

from budgetdesk.core.codes import code_level
from budgetdesk.core.document import Document
from budgetdesk.core.money import format_amount
from budgetdesk.core.narrative.numbers import HUNDRED, percent

KINDS = ("bar", "pie")
SMALL_SHARE = Decimal(5)  # a slice under 5% gets its label outside on a leader line
SHARE_PLACES = 2

Ref = tuple[str, str, str]  # table, row, column


class ChartSpecError(ValueError):
    pass


@dataclass(frozen=True)
class ChartItem:
    label: str
    cell: Ref
    prior: Ref | None = None  # where last year's figure is printed in this year's table, if it is


@dataclass(frozen=True)
class ChartSpec:
    key: str
    figure: int
    kind: str
    caption: str
    section: str
    headings: tuple[str, ...] = ()
    items: tuple[ChartItem, ...] = ()
    class_rows: tuple[str, str] | None = None  # (table, column): one slice per 类 row of a 功能分类 table

    def refs(self) -> list[Ref]:
        return [r for item in self.items for r in (item.cell, item.prior) if r is not None]


@dataclass(frozen=True)
class Slice:
    label: str
    value: Decimal
    share: Decimal  # percent, SHARE_PLACES places; all slices of a pie add to 100.00
    small: bool
    cell: Ref


@dataclass(frozen=True)
class Bar:
    label: str
    this_year: Decimal | None
    last_year: Decimal | None
    cell: Ref


@dataclass(frozen=True)
class ChartData:
    spec: ChartSpec
    unit: str
    this_year: int
    slices: tuple[Slice, ...] = ()
    bars: tuple[Bar, ...] = ()
    notes: tuple[str, ...] = ()
    refused: str = ""  # why nothing can be drawn (a negative pie, no figures at all)

    @property
    def kind(self) -> str:
        return self.spec.kind

    @property
    def caption(self) -> str:
        return self.spec.caption

    @property
    def has_last_year(self) -> bool:
        return any(b.last_year is not None for b in self.bars)

    @property
    def drawable(self) -> bool:
        return not self.refused and bool(self.slices or self.bars)

    def amount(self, value: Decimal) -> str:
        return f"{format_amount(value)}{self.unit}"


# -- declarations ------------------------------------------------------------------------------

def _ref(value: object, where: str) -> Ref:
    if not (isinstance(value, list) and len(value) == 3 and all(isinstance(v, str) and v for v in value)):
        raise ChartSpecError(f"{where}：单元格应写成 [表, 行, 列]，实际为 {value!r}")
    return (value[0], value[1], value[2])


def parse_chart_specs(data: dict) -> tuple[ChartSpec, ...]:
    """Chart declarations of one template set, checked for shape (refs are checked against the template by tests)."""
    out: list[ChartSpec] = []
    for n, c in enumerate(data.get("charts", []), 1):
        where = f"第{n}张图"
        kind = c.get("kind")
        if kind not in KINDS:
            raise ChartSpecError(f"{where}：kind 应为 bar 或 pie，实际为 {kind!r}")
        items = tuple(ChartItem(str(i["label"]), _ref(i["cell"], where), _ref(i["prior"], where) if i.get("prior") else None)
                      for i in c.get("items", []))
        rows = c.get("class_rows")
        class_rows = (str(rows["table"]), str(rows["column"])) if rows else None
        if not items and class_rows is None:
            raise ChartSpecError(f"{where}：没有要画的量（items 或 class_rows）")
        caption = str(c.get("caption", ""))
        if not caption.startswith(f"图{c.get('figure')}"):
            raise ChartSpecError(f"{where}：题注“{caption}”应以“图{c.get('figure')}”开头")
        out.append(ChartSpec(str(c["key"]), int(c["figure"]), kind, caption, str(c.get("section", "")),
                             tuple(c.get("headings", ())), items, class_rows))
    figures = [s.figure for s in out]
    if len(set(figures)) != len(figures):
        raise ChartSpecError(f"图号重复：{figures}")
    return tuple(out)


# -- shares ------------------------------------------------------------------------------------

def largest_remainder_shares(values: Iterable[Decimal], places: int = SHARE_PLACES) -> list[Decimal]:
    """Percentages of ``values`` (all ≥ 0, sum > 0), rounded to ``places`` so that they add to exactly 100.

    Each share is part/whole×100 cut down to ``places``; the units still missing go one each to the
    largest remainders (earlier slice first on a tie), so no share moves by more than one last unit.
    """
    values = list(values)
    whole = sum(values, Decimal(0))
    if whole <= 0 or any(v < 0 for v in values):
        raise ValueError("shares need non-negative values with a positive sum")
    unit = Decimal(1).scaleb(-places)
    exact = [percent(v, whole) for v in values]
    floors = [e.quantize(unit, rounding=ROUND_FLOOR) for e in exact]
    missing = int((HUNDRED - sum(floors, Decimal(0))) / unit)
    order = sorted(range(len(values)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:missing]:
        floors[i] += unit
    return floors


# -- data from a document ----------------------------------------------------------------------

def _value(doc: Document, ref: Ref) -> tuple[Decimal | None, bool]:
    """(amount, whether the cell exists in this document)."""
    table, row, column = ref
    if table not in doc.tables:
        return None, False
    data = doc.table(table)
    if not data.has_row(row) or not data.template.has_column(column):
        return None, False
    return data.amount(row, column), True


def _class_items(doc: Document, table: str, column: str) -> list[ChartItem]:
    if table not in doc.tables:
        return []
    return [ChartItem(r.label or r.code or r.key, (table, r.key, column))
            for r in doc.table(table).code_rows() if r.code and code_level(r.code) == 1]


def _pie(doc: Document, spec: ChartSpec, items: list[ChartItem], base: dict) -> ChartData:
    kept: list[tuple[ChartItem, Decimal]] = []
    notes: list[str] = []
    left_out_zero, left_out_blank = [], []
    for item in items:
        value, exists = _value(doc, item.cell)
        if value is None:
            if exists:
                left_out_blank.append(item.label)
            continue  # a column this unit's template does not have: not a slice at all
        if value < 0:
            unit = base["unit"]
            return ChartData(**base, refused=f"{item.label}为负数（{format_amount(value)}{unit}），饼图不能表示负数，"
                                                 f"请核对表中数字；本图未画")
        if value == 0:
            left_out_zero.append(item.label)
            continue
        kept.append((item, value))
    if left_out_zero:
        notes.append(f"{'、'.join(left_out_zero)}为0，未画入饼图")
    if left_out_blank:
        notes.append(f"{'、'.join(left_out_blank)}未填数，未画入饼图")
    if not kept:
        return ChartData(**base, notes=tuple(notes), refused="没有大于0的数，饼图无从画起")
    shares = largest_remainder_shares(v for _, v in kept)
    slices = tuple(Slice(item.label, value, share, share < SMALL_SHARE, item.cell)
                   for (item, value), share in zip(kept, shares))
    return ChartData(**base, slices=slices, notes=tuple(notes))


def _bars(doc: Document, spec: ChartSpec, base: dict) -> ChartData:
    bars: list[Bar] = []
    for item in spec.items:
        this, _ = _value(doc, item.cell)
        if item.prior is not None:
            last, _ = _value(doc, item.prior)
        else:
            last = doc.prior_amount(*item.cell)
        bars.append(Bar(item.label, this, last, item.cell))
    notes = []
    if all(b.this_year is None for b in bars):
        return ChartData(**base, bars=tuple(bars), refused="表中还没有本图要画的数")
    blank = [b.label for b in bars if b.this_year is None]
    if blank:
        notes.append(f"{'、'.join(blank)}本年未填数，未画柱")
    if not any(b.last_year is not None for b in bars):
        notes.append("没有上年数（可用“文件 → 导入上年数”导入上年文档），只画本年")
    return ChartData(**base, bars=tuple(bars), notes=tuple(notes))


def chart_data(doc: Document, spec: ChartSpec) -> ChartData:
    base = {"spec": spec, "unit": doc.template_set.money_unit, "this_year": doc.meta.year}
    if spec.kind == "bar":
        return _bars(doc, spec, base)
    items = list(spec.items)
    if spec.class_rows is not None:
        items += _class_items(doc, *spec.class_rows)
    return _pie(doc, spec, items, base)


def charts_for(doc: Document, specs: Iterable[ChartSpec]) -> list[ChartData]:
    return [chart_data(doc, s) for s in sorted(specs, key=lambda s: s.figure)]


# -- where a chart goes in the 情况说明 -----------------------------------------------------------

UNPLACED = -1
_NUMBERING = re.compile(r"^\s*(第[一二三四五六七八九十]+部分|[（(]?[一二三四五六七八九十\d]+[）)、.．]?)\s*")


def is_placeholder(text: str, chart: ChartData) -> bool:
    """A line standing where the chart goes, as texts pasted from Word carry it: “（图3：支出决算结构图）（饼状图）”."""
    text = text.strip()
    return len(text) <= 60 and re.match(rf"^[（(]?\s*图\s*{chart.spec.figure}\s*[：:]", text) is not None


def _anchor(block, spec: ChartSpec) -> bool:
    title = _NUMBERING.sub("", block.text.strip())
    return block.heading and any(title.startswith(h) for h in spec.headings)


def chart_places(narrative, charts: Iterable[ChartData]) -> dict[int, list[ChartData]]:
    """Block index at (placeholder) or after which each chart is placed (``UNPLACED``: its section is not in the text).

    In order: a placeholder line naming the figure (“（图3：…）”); the last block generated for
    ``spec.section`` (its heading has that key, its paragraphs ``key#n``); the last paragraph after the last heading naming the section (the last, so a
    contents page listing the same headings is passed over).
    """
    blocks = narrative.blocks
    out: dict[int, list[ChartData]] = {}
    for chart in charts:
        spec = chart.spec
        place = next((i for i, b in enumerate(blocks) if not b.heading and is_placeholder(b.text, chart)), UNPLACED)
        if place == UNPLACED:
            keyed = [i for i, b in enumerate(blocks) if spec.section and
                     (b.section_key == spec.section or b.section_key.startswith(spec.section + "#"))]
            if keyed:
                place = keyed[-1]
        if place == UNPLACED:
            starts = [i for i, b in enumerate(blocks) if _anchor(b, spec)]
            if starts:
                place = starts[-1]
                for j in range(starts[-1] + 1, len(blocks)):
                    if blocks[j].heading:
                        break
                    place = j
        out.setdefault(place, []).append(chart)
    return out
