"""Placing a printed table (a grid of cell texts) into a document table, by meaning not position.

Any reader — the text disclosures in the seeds, Excel workbooks — turns a table into a ``Grid``:
rows of ``GridCell`` (text + where it came from, e.g. ``表1!C7`` or ``第 12 行``). ``place_grid``
finds the header band, maps grid columns to template columns by their header labels, maps rows by
subject code or fixed-row label, and writes the figures. Everything it could not place is listed
in the ``ImportReport`` with its location: nothing is dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from budgetdesk.core.codes import normalize_code
from budgetdesk.core.document import Document, DocumentError
from budgetdesk.core.findings import CellRef
from budgetdesk.core.labels import canonical, concept, is_total_word, match_label, tier_of
from budgetdesk.core.money import AmountError, parse_amount
from budgetdesk.core.rules import describe
from budgetdesk.core.template import Column, RowSpec, TableTemplate
from budgetdesk.core.text import fold, fold_label
from budgetdesk.io.structure import map_total_columns_by_sum, place_row_by_structure

_YEAR = re.compile(r"20\d\d")


@dataclass(frozen=True)
class GridCell:
    text: str
    location: str


@dataclass
class Grid:
    """One table as found in a source: its title cell, the lines above the grid, the rows, notes."""

    title: str
    location: str
    rows: list[list[GridCell]] = field(default_factory=list)
    notes: list[GridCell] = field(default_factory=list)


@dataclass(frozen=True)
class Unplaced:
    location: str
    text: str
    reason: str

    def __str__(self) -> str:
        return f"{self.location}：“{self.text}” —— {self.reason}"


@dataclass
class TableReport:
    table: str
    title: str
    source: str
    reason: str
    placed: int = 0
    columns: dict[str, str] = field(default_factory=dict)  # column key → source header text


@dataclass
class ImportReport:
    source: str
    template_set: str = ""
    tables: list[TableReport] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    # (table, row, column) → source location of the figure, so findings can name the source cell
    locations: dict[tuple[str, str, str], str] = field(default_factory=dict)
    placed_cells: list[str] = field(default_factory=list)  # "表1!C7 → 《收入总表》208 合计 = 12,968.46"
    extra_rows: list[tuple[str, str, str]] = field(default_factory=list)  # (table, row key, label) kept as extra rows
    # what a mapping taught once could place (``io.mappings``): (table, label, where) and (table, header leaf, where)
    unknown_rows: list[tuple[str, str, str]] = field(default_factory=list)
    unknown_columns: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def placed(self) -> int:
        return sum(t.placed for t in self.tables)

    def fit_score(self) -> int:
        """How well the chosen template set fits the source: used to pick among template sets.

        Placed figures and official-title matches count for; values left over and columns without a
        place count against. Tables the source simply does not contain do not count: partial
        workbooks are normal.
        """
        official = sum(1 for t in self.tables if "完全一致" in t.reason)
        column_notices = sum(1 for n in self.notices if not n.startswith("没有找到"))
        return self.placed + 10 * official - 5 * len(self.unplaced) - 2 * column_notices

    def lines(self, detail: bool = False) -> list[str]:
        out = [f"来源：{self.source}（模板 {self.template_set}）"]
        for t in self.tables:
            out.append(f"  {t.source} → 《{t.title}》：{t.reason}，放入 {t.placed} 个数")
        for n in self.notices:
            out.append(f"  提示：{n}")
        if self.unplaced:
            out.append(f"  未能放入的内容 {len(self.unplaced)} 处：")
            out.extend(f"    {u}" for u in self.unplaced)
        else:
            out.append("  所有数据均已放入。")
        if detail:
            out.append(f"  放入的 {len(self.placed_cells)} 个数：")
            out.extend(f"    {line}" for line in self.placed_cells)
        return out


# ---------------------------------------------------------------------------------------------


def _label_variants(text: str, year: int) -> set[str]:
    values = {"year": year or "", "prior_year": (year - 1) if year else ""}
    try:
        formatted = text.format(**values)
    except (KeyError, IndexError, ValueError):
        formatted = text
    return {fold(formatted)}


def _column_names(col: Column, year: int) -> set[str]:
    names = _label_variants(col.label, year)
    for a in col.aliases:
        names |= _label_variants(a, year)
    return names


def _is_amount(text: str) -> bool:
    if not text.strip():
        return False
    try:
        parse_amount(text)
        return True
    except AmountError:
        return False


def _row_texts(row: list[GridCell]) -> list[str]:
    return [c.text.strip() for c in row]


def _header_vocabulary(template: TableTemplate, year: int) -> set[str]:
    words: set[str] = {"序号", "栏次"}
    for c in template.columns:
        words |= _column_names(c, year)
        for group in c.path[:-1]:
            words |= _label_variants(group, year)
    for cell in template.header:
        words |= _label_variants(cell.label, year)
    if template.code_side is not None:
        words |= set(SPLIT_CODE_PARTS)  # a 科目编码 printed over 类 / 款 / 项 columns (财政部 决算 forms)
    return words


def find_header_band(grid: Grid, template: TableTemplate, year: int = 0) -> int:
    """Index of the first data row: headers stop where figures, codes or row labels begin."""
    vocabulary = _header_vocabulary(template, year)
    concepts = {concept(w) for w in vocabulary} - {""}
    row_labels = {fold_label(r.label) for r in template.fixed_rows if r.label}
    row_labels |= {fold_label(a) for r in template.fixed_rows for a in r.aliases}
    row_canon = {canonical(x) for x in row_labels} - {""}
    above: list[str] = []
    for i, row in enumerate(grid.rows):
        texts = _row_texts(row)
        non_empty = [t for t in texts if t]
        if not non_empty:
            continue
        if fold(non_empty[0]) in ("栏次", "序号") or fold(non_empty[0]).startswith("栏次"):
            continue
        known = sum(1 for t in non_empty if fold(t) in vocabulary or concept(t) in concepts)
        figures = any(_is_amount(t) for t in non_empty)
        if known >= max(1, (len(non_empty) + 1) // 2) and not figures:
            above = texts
            continue  # header words: 科目编码 / 合计 / 基本支出 …
        # a header cell broken over two rows ("一般公共预算" above "拨款收入"): either half joins the other
        below = next((_row_texts(r) for r in grid.rows[i + 1:] if any(c.text.strip() for c in r)), [])

        def joins(upper: list[str], lower: list[str]) -> int:
            return sum(1 for j, t in enumerate(lower) if t and j < len(upper) and upper[j]
                       and (fold(upper[j] + t) in vocabulary or concept(upper[j] + t) in concepts))

        if not figures and max(joins(above, texts), joins(texts, below)) * 2 >= len(non_empty):
            above = texts
            continue
        above = texts
        if any(normalize_code(t) for t in texts if t.isdigit() and len(t) >= 3):
            return i
        if fold_label(non_empty[0]) in row_labels or canonical(non_empty[0]) in row_canon:
            return i
        if any(_is_amount(t) and not _YEAR.fullmatch(fold(t)) for t in non_empty):
            return i
        if i > 0 and known == 0:
            return i
    return len(grid.rows)


def expand_header_row(row: list[GridCell], template: TableTemplate, width: int, year: int) -> list[GridCell]:
    """Re-open merged header cells that a source wrote once (Word tables exported cell by cell).

    A header row shorter than the table is spread using the spans the template gives the same
    labels; if that does not account for every column the row is left as it was.
    """
    if len(row) >= width:
        return row
    spans = {}
    for cell in template.header:
        for name in _label_variants(cell.label, year):
            spans.setdefault(name, cell.colspan)
    out: list[GridCell] = []
    for cell in row:
        out.append(cell)
        out.extend(GridCell("", cell.location) for _ in range(spans.get(fold(cell.text), 1) - 1))
    return out if len(out) == width else row


def header_paths(header: list[list[str]], width: int) -> list[list[str]]:
    """Per grid column, the header labels from top to bottom; merged group labels fill rightwards."""
    paths: list[list[str]] = [[] for _ in range(width)]
    for r, row in enumerate(header):
        current = ""
        for j in range(width):
            text = row[j].strip() if j < len(row) else ""
            below = any(j < len(h) and h[j].strip() for h in header[r + 1:])
            if text:
                current = text
                paths[j].append(text)
            elif current and below:
                paths[j].append(current)  # inside a horizontally merged group cell
            else:
                current = "" if not below else current
    return paths


def map_columns(template: TableTemplate, paths: list[list[str]], year: int,
                taught: dict[str, str] | None = None) -> dict[int, Column]:
    """Grid column index → template column, by leaf label meaning (aliases allowed), group labels, order.

    Exact names are mapped first, then canonical spellings, then meanings, then close spellings, so
    a loose match never takes a column an exact header elsewhere in the row names. A leaf split over
    two header rows ("一般公共预算" / "拨款收入") is also tried joined. ``taught`` maps a header the
    officer assigned once (canonical form) to a column key.
    """
    mapping: dict[int, Column] = {}
    used: set[str] = set()
    names = {c.key: tuple(sorted(_column_names(c, year))) for c in template.columns}

    def leaves(path: list[str]) -> list[str]:
        out = [path[-1]]
        if len(path) > 1:
            out.append(path[-2] + path[-1])
        return out

    if taught:
        for j, path in enumerate(paths):
            key = next((taught[canonical(x)] for x in leaves(path) if canonical(x) in taught), None) if path else None
            if key and template.has_column(key) and key not in used:
                mapping[j] = template.column(key)
                used.add(key)
    tiers = {(j, c.key): max(tier_of(x, names[c.key]) for x in leaves(path))
             for j, path in enumerate(paths) if path and j not in mapping for c in template.columns}
    for tier in (4, 3, 2, 1):
        for j, path in enumerate(paths):
            if not path or j in mapping:
                continue
            candidates = [c for c in template.columns if c.key not in used and tiers[(j, c.key)] == tier]
            if not candidates:
                continue
            if len(candidates) > 1:
                groups = {fold(p) for p in path[:-1]} | {concept(p) for p in path[:-1]}

                def score(c: Column) -> int:
                    hits = sum(1 for g in c.path[:-1]
                               if {*_label_variants(g, year), *(concept(v) for v in _label_variants(g, year))} & groups)
                    return 2 * hits - (len(c.path) - 1 - hits)  # groups the grid does not show count against

                best = max(score(c) for c in candidates)
                candidates = [c for c in candidates if score(c) == best]
            chosen = candidates[0]  # template order breaks the remaining ties (left side before right)
            mapping[j] = chosen
            used.add(chosen.key)
    name = next((c for c in template.columns if c.kind == "name"), None)
    if name is not None and not any(c.kind in ("code", "name") for c in mapping.values()):
        # one column "科目" / "科目编码及名称" holding "2080101 行政运行": read as names, codes split off
        for j, path in enumerate(paths):
            leaf = canonical(path[-1]) if path else ""
            if j not in mapping and (leaf.endswith("科目") or ("编码" in leaf and "名称" in leaf)):
                mapping[j] = name
                break
    return mapping


def _match_fixed_row(rows: list[RowSpec], label: str, matched: set[str], cursor: int) -> RowSpec | None:
    """The fixed row ``label`` means, searching from the reading cursor so repeated words go in order."""
    if not canonical(label):
        return None
    order = [rows[i] for i in list(range(cursor, len(rows))) + list(range(0, cursor)) if rows[i].key not in matched]
    found = match_label(label, order, lambda spec: (spec.label, *spec.aliases))
    if found is not None:
        return found[0]
    if is_total_word(label):
        # 合计 / 总计 alone: the next total-like row from the cursor (本年收入合计 before 收入总计)
        ahead = [rows[i] for i in range(cursor, len(rows)) if rows[i].key not in matched]
        for spec in ahead:
            if spec.band in ("subtotal", "total") or is_total_word(spec.label) or concept(spec.label).endswith("∑"):
                return spec
    return None


SPLIT_CODE_PARTS = {"类": 0, "款": 1, "项": 2}


def _split_code_columns(paths: list[list[str]]) -> dict[int, int]:
    """Grid columns headed 类 / 款 / 项 (a code written over three columns): column → part index."""
    out = {}
    for j, path in enumerate(paths):
        if path and fold(path[-1]) in SPLIT_CODE_PARTS:
            out[j] = SPLIT_CODE_PARTS[fold(path[-1])]
    return out if 0 in out.values() else {}


def _joined_code(row: list[GridCell], split: dict[int, int]) -> str | None:
    parts = ["", "", ""]
    for j, part in split.items():
        if j < len(row):
            parts[part] = "".join(row[j].text.split())
    if not parts[0].isdigit():
        return None
    code = parts[0]
    for p in parts[1:]:
        if not p:
            break
        code += p[-2:].zfill(2)
    return normalize_code(code)


def place_grid(doc: Document, template: TableTemplate, grid: Grid, report: ImportReport, reason: str,
               scale: Decimal | None = None, taught_columns: dict[str, str] | None = None,
               taught_rows: dict[str, str] | None = None) -> TableReport:
    """Place ``grid`` into the document's table; ``scale`` converts the source's money unit (元 → 万元)."""
    year = doc.meta.year
    rows = _without_blank_columns(grid.rows, leading_only=True)
    rows = [r for r in rows if not (r and fold(r[0].text).startswith("栏次"))]
    width = max((len(r) for r in rows), default=0)
    start = find_header_band(Grid(grid.title, grid.location, rows), template, year)
    rows = [expand_header_row(r, template, width, year) for r in rows[:start]] + rows[start:]
    rows = _without_blank_columns(rows)
    if template.serial_column:
        rows = [r[1:] if r and (fold(r[0].text) in ("序号", "") or r[0].text.strip().isdigit()) else r for r in rows]
        width = max((len(r) for r in rows), default=0)
    header = [_row_texts(r) for r in rows[:start]]
    paths = header_paths(header, width)
    mapping = map_columns(template, paths, year, taught_columns)
    split = _split_code_columns(paths) if template.code_side is not None else {}
    for j, col in map_total_columns_by_sum(doc, template, paths, rows[start:], mapping, split, scale).items():
        mapping[j] = col
        report.notices.append(f"{grid.location}《{template.title}》的“{'/'.join(paths[j]) or '（无表头）'}”列"
                              f"等于各分项之和，按结构认定为“{col.label}”列")
    treport = TableReport(template.id, template.title, grid.location, reason,
                          columns={c.key: "/".join(paths[j]) for j, c in mapping.items()})
    for j, path in enumerate(paths):
        if path and j not in mapping and j not in split and any(j < len(r) and r[j].text.strip() for r in rows[start:]):
            report.notices.append(f"{grid.location}《{template.title}》的“{'/'.join(path)}”列在模板中没有对应列")
            first = next(r[j].location for r in rows[start:] if j < len(r) and r[j].text.strip())
            report.unknown_columns.append((template.id, path[-1], f"{first} 所在列"))
    missing = [c for c in template.columns if c.kind in ("amount", "code") and c not in mapping.values()
               and not (c.kind == "code" and split)]
    if missing and rows[start:]:
        report.notices.append(
            f"{grid.location}《{template.title}》中没有找到这些列：{'、'.join(c.label for c in missing)}")

    matched: dict[str, set[str]] = {s.id: set() for s in template.sides}
    cursors: dict[str, int] = {s.id: 0 for s in template.sides}
    order: dict[str, list[str | None]] = {}  # per side, the row each data line went to (None: not yet known)
    pending: list[tuple[int, object, dict[int, Column], dict[int, GridCell]]] = []
    for grid_row in rows[start:]:
        texts = _row_texts(grid_row)
        if not any(texts):
            continue
        if fold(texts[0]).startswith("栏次"):
            continue
        for side in template.sides:
            cols = {j: c for j, c in mapping.items() if c.side == side.id}
            if not cols:
                continue
            cells = {j: grid_row[j] for j in cols if j < len(grid_row)}
            joined = _joined_code(grid_row, split) if split and side.is_codes else None
            if not any(c.text.strip() for c in cells.values()) and not joined:
                continue
            row_key = _taught_row(side, cols, cells, taught_rows, matched[side.id]) or \
                _locate_row(doc, template, side, cols, cells, matched[side.id], cursors, joined)
            order.setdefault(side.id, []).append(row_key)
            if row_key is None:
                pending.append((len(order[side.id]) - 1, side, cols, cells))
                continue
            _write_row(doc, template, report, treport, row_key, cols, cells, scale)
        # values standing in columns nobody claimed
        for j, cell in enumerate(grid_row):
            if j not in mapping and j not in split and cell.text.strip() and _is_amount(cell.text):
                report.unplaced.append(Unplaced(cell.location, cell.text.strip(), "该列在模板中没有对应列"))
    for index, side, cols, cells in pending:
        row_key = place_row_by_structure(doc, template, side, cols, cells, index, order[side.id], matched[side.id], scale)
        if row_key is not None:
            matched[side.id].add(row_key)
            order[side.id][index] = row_key
            _write_row(doc, template, report, treport, row_key, cols, cells, scale)
            report.notices.append(f"{next(iter(cells.values())).location}：“{_label_of(cols, cells) or '（无名称）'}”行"
                                  f"按位置和数值认定为《{template.title}》的“{_spec_label(template, row_key)}”行")
            continue
        label = _label_of(cols, cells)
        if label and not side.is_codes:
            report.unknown_rows.append((template.id, label, next(iter(cells.values())).location))
        extra = _keep_as_extra_row(doc, template, side, cols, cells, index, order[side.id])
        if extra is not None:
            order[side.id][index] = extra
            _write_row(doc, template, report, treport, extra, cols, cells, scale)
            row = doc.table(template.id).row(extra)
            report.notices.append(f"{next(iter(cells.values())).location}：模板中没有“{row.label}”行，"
                                  f"已作为附加行保留在《{template.title}》中（计入{_BAND_NAMES.get(row.spec.band, '所在部分')}的合计）")
            report.extra_rows.append((template.id, extra, row.label))
            continue
        for j, cell in cells.items():
            if cell.text.strip() and cols[j].kind == "amount":
                report.unplaced.append(Unplaced(cell.location, cell.text.strip(), "无法确定该数所在的行"))
        label = _label_of(cols, cells)
        if label and not any(cells[j].text.strip() and cols[j].kind == "amount" for j in cells):
            report.unplaced.append(Unplaced(next(iter(cells.values())).location, label, "模板中没有这一行"))
    for note in grid.notes:
        _place_note(doc, template, note)
    report.tables.append(treport)
    return treport


_BAND_NAMES = {"items": "本年各项", "carry": "结转部分", "head": "表头部分"}


def _keep_as_extra_row(doc: Document, template: TableTemplate, side, cols: dict[int, Column], cells: dict[int, GridCell],
                       index: int, order: list[str | None]) -> str | None:
    """A labelled line with figures that no template row takes: kept as an extra row of its band, never dropped.

    The band is the one of the line placed just above it (or just below, at the top of a band), so an
    extra income line between 事业收入 and 其他收入 is counted in 本年收入合计 like its neighbours.
    """
    if side.is_codes:
        return None
    label = next((cells[j].text.strip() for j, c in cols.items() if c.kind == "label" and j in cells), "")
    if not label or not any(cols[j].is_amount and _is_amount(cells[j].text) for j in cells):
        return None
    table = doc.table(template.id)
    before = next((k for k in reversed(order[:index]) if k is not None), None)
    after = next((k for k in order[index + 1:] if k is not None), None)
    band = "items"
    for key in (before, after):
        if key is not None and table.row(key).spec is not None and table.row(key).spec.band in ("items", "carry"):
            band = table.row(key).spec.band
            break
    if before is not None:
        position = table.rows.index(table.row(before)) + 1
    elif after is not None:
        position = table.rows.index(table.row(after))
    else:
        position = None
    return doc.add_extra_row(template.id, side.id, band, fold(label) and label.strip(), position=position)


def _label_of(cols: dict[int, Column], cells: dict[int, GridCell]) -> str:
    return " ".join(c.text.strip() for j, c in cells.items() if cols[j].kind != "amount" and c.text.strip())


def _spec_label(template: TableTemplate, row_key: str) -> str:
    spec = template.fixed_row(row_key)
    return spec.label if spec is not None else row_key


def _write_row(doc: Document, template: TableTemplate, report: ImportReport, treport: TableReport, row_key: str,
               cols: dict[int, Column], cells: dict[int, GridCell], scale: Decimal | None) -> None:
    for j, cell in cells.items():
        col = cols[j]
        text = cell.text.strip()
        if col.kind not in ("amount", "text") or not text:
            continue
        try:
            value = text
            if col.is_amount and scale is not None:
                amount = parse_amount(text)
                value = None if amount is None else amount * scale
            doc.set(template.id, row_key, col.key, value)
        except (DocumentError, AmountError) as exc:
            report.unplaced.append(Unplaced(cell.location, text, str(exc)))
            continue
        report.locations[(template.id, row_key, col.key)] = cell.location
        report.placed_cells.append(  # names as printed, never internal keys (in.head)
            f"{cell.location} → {describe(doc, CellRef(template.id, row_key, col.key))} = {text}")
        treport.placed += 1


def _taught_row(side, cols: dict[int, Column], cells: dict[int, GridCell], taught: dict[str, str] | None,
                matched: set[str]) -> str | None:
    """A row label the officer assigned once (``io.mappings``): its fixed row, if still free."""
    if not taught or side.is_codes:
        return None
    label = next((cells[j].text for j, c in cols.items() if c.kind == "label" and j in cells), "")
    key = taught.get(canonical(label))
    if key and key not in matched and any(r.key == key for r in side.rows):
        matched.add(key)
        return key
    return None


def _without_blank_columns(rows: list[list[GridCell]], leading_only: bool = False) -> list[list[GridCell]]:
    """Columns with nothing in them (a spacer column) are left out; cells keep their own locations.

    Before merged header cells are re-opened only leading blank columns can be told apart from the
    columns a short header row does not reach, hence ``leading_only``.
    """
    width = max((len(r) for r in rows), default=0)
    used = [j for j in range(width) if any(j < len(r) and r[j].text.strip() for r in rows)]
    if leading_only and used:
        used = list(range(used[0], width))
    if len(used) == width:
        return rows
    return [[r[j] for j in used if j < len(r)] if len(r) > 0 else r for r in rows]


def _locate_row(doc: Document, template: TableTemplate, side, cols: dict[int, Column], cells: dict[int, GridCell],
                matched: set[str], cursors: dict[str, int], joined_code: str | None = None) -> str | None:
    by_kind: dict[str, str] = {}
    for j, col in cols.items():
        if j in cells and col.kind in ("code", "name", "label"):
            by_kind[col.kind] = cells[j].text.strip()
    table = doc.table(template.id)
    if side.is_codes:
        code = joined_code or normalize_code(by_kind.get("code"))
        if not code:
            code, name = _code_in_name(by_kind.get("code") or by_kind.get("name") or "")
            if code:
                by_kind["name"] = name
        if code:
            if not table.has_row(code):
                doc.add_code_row(template.id, code, by_kind.get("name", ""), position=len(table.rows))
            elif by_kind.get("name"):
                doc.set(template.id, code, "name", by_kind["name"])
            return code
        label = by_kind.get("name") or by_kind.get("code") or ""
        total = side.total_row
        if total and (is_total_word(label) or tier_of(label, (total.label, *total.aliases), fuzzy=False) >= 2):
            return total.key
        return None
    fixed = list(side.rows)
    label = by_kind.get("label", "")
    if not label and all(not r.label for r in fixed):
        # a table without a label column (三公 in Chongqing): rows in printed order
        for spec in fixed:
            if spec.key not in matched:
                matched.add(spec.key)
                return spec.key
        return None
    spec = _match_fixed_row(fixed, label, matched, cursors[side.id])
    if spec is None:
        return None
    matched.add(spec.key)
    cursors[side.id] = fixed.index(spec) + 1
    return spec.key


_CODE_AND_NAME = re.compile(r"^\[?(\d{3}(?:\d{2}){0,2})\]?(?!\d)\s*[-—.、:：]?\s*(.*)$")


def _code_in_name(text: str) -> tuple[str | None, str]:
    """"2080101 行政运行" written in one cell: the code and the name apart."""
    m = _CODE_AND_NAME.match(fold(text) and text.strip())
    if not m:
        return None, text
    return normalize_code(m.group(1)), m.group(2).strip()


def _place_note(doc: Document, template: TableTemplate, note: GridCell) -> None:
    text = note.text.strip()
    if not text or fold(text) in {fold(n) for n in template.notes}:
        return  # the template's own 备注 line
    existing = doc.note(template.id)
    doc.set_note(template.id, f"{existing}\n{text}" if existing else text)


# -- lines around a table (shared by every reader) ------------------------------------------------------------
_UNIT_WITH_CODE = re.compile(r"^(\d{3,})\s*-?\s*((?![年月日])[\u4e00-\u9fff].*)$")
_META_SENTENCE = re.compile(r"[，。；、：:]")


def is_note_line(text: str) -> bool:
    """A 备注/注 line printed under a table (or a sentence about the table), not a data row."""
    t = text.strip()
    return bool(t) and (t.startswith(("备注", "注：", "注:")) or "本表" in t or "此表" in t or "空表" in t)


def read_meta_line(text: str, meta: dict[str, str]) -> bool:
    """Read a 编制单位/单位/预算年度 line or a "code name" unit line into ``meta``; True if it was one."""
    t = text.strip()
    if not t:
        return False
    for key, label in (("unit_name", "编制单位"), ("money_unit", "单位"), ("money_unit", "金额单位"), ("year", "预算年度")):
        for sep in ("：", ":"):
            if t.startswith(label + sep):
                meta.setdefault(key, t[len(label) + 1:].strip())
                return True
    m = _UNIT_WITH_CODE.match(t)
    if m and not _META_SENTENCE.search(t) and len(t) < 60 and not t.isdigit():
        meta.setdefault("unit_code", m.group(1))
        meta.setdefault("unit_name", m.group(2).strip())
        return True
    return False
