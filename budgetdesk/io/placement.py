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
from budgetdesk.core.money import AmountError, parse_amount
from budgetdesk.core.template import Column, RowSpec, TableTemplate
from budgetdesk.core.text import fold, fold_label

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
    return words


def find_header_band(grid: Grid, template: TableTemplate, year: int = 0) -> int:
    """Index of the first data row: headers stop where figures, codes or row labels begin."""
    vocabulary = _header_vocabulary(template, year)
    row_labels = {fold_label(r.label) for r in template.fixed_rows if r.label}
    row_labels |= {fold_label(a) for r in template.fixed_rows for a in r.aliases}
    for i, row in enumerate(grid.rows):
        texts = _row_texts(row)
        non_empty = [t for t in texts if t]
        if not non_empty:
            continue
        if fold(non_empty[0]) in ("栏次", "序号") or fold(non_empty[0]).startswith("栏次"):
            continue
        known = sum(1 for t in non_empty if fold(t) in vocabulary)
        if known >= max(1, (len(non_empty) + 1) // 2) and not any(_is_amount(t) for t in non_empty):
            continue  # header words: 科目编码 / 合计 / 基本支出 …
        if any(normalize_code(t) for t in texts if t.isdigit() and len(t) >= 3):
            return i
        if fold_label(non_empty[0]) in row_labels:
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


def map_columns(template: TableTemplate, paths: list[list[str]], year: int) -> dict[int, Column]:
    """Grid column index → template column, by leaf label (aliases allowed), group labels, order."""
    mapping: dict[int, Column] = {}
    used: set[str] = set()
    for j, path in enumerate(paths):
        if not path:
            continue
        leaf = fold(path[-1])
        candidates = [c for c in template.columns if c.key not in used and leaf in _column_names(c, year)]
        if not candidates:
            continue
        if len(candidates) > 1:
            groups = {fold(p) for p in path[:-1]}

            def score(c: Column) -> int:
                return sum(1 for g in c.path[:-1] if _label_variants(g, year) & groups)

            best = max(score(c) for c in candidates)
            candidates = [c for c in candidates if score(c) == best]
        chosen = candidates[0]  # template order breaks the remaining ties (left side before right)
        mapping[j] = chosen
        used.add(chosen.key)
    return mapping


def _match_fixed_row(rows: list[RowSpec], label: str, matched: set[str], cursor: int) -> RowSpec | None:
    key = fold_label(label)
    if not key:
        return None
    order = list(range(cursor, len(rows))) + list(range(0, cursor))
    for i in order:
        spec = rows[i]
        if spec.key in matched:
            continue
        names = {fold_label(spec.label)} | {fold_label(a) for a in spec.aliases}
        if key in names:
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
               scale: Decimal | None = None) -> TableReport:
    """Place ``grid`` into the document's table; ``scale`` converts the source's money unit (元 → 万元)."""
    year = doc.meta.year
    rows = [r for r in grid.rows if not (r and fold(r[0].text).startswith("栏次"))]
    width = max((len(r) for r in rows), default=0)
    start = find_header_band(Grid(grid.title, grid.location, rows), template, year)
    rows = [expand_header_row(r, template, width, year) for r in rows[:start]] + rows[start:]
    if template.serial_column:
        rows = [r[1:] if r and (fold(r[0].text) in ("序号", "") or r[0].text.strip().isdigit()) else r for r in rows]
        width = max((len(r) for r in rows), default=0)
    header = [_row_texts(r) for r in rows[:start]]
    paths = header_paths(header, width)
    mapping = map_columns(template, paths, year)
    split = _split_code_columns(paths) if template.code_side is not None else {}
    treport = TableReport(template.id, template.title, grid.location, reason,
                          columns={c.key: "/".join(paths[j]) for j, c in mapping.items()})
    for j, path in enumerate(paths):
        if path and j not in mapping and j not in split and any(j < len(r) and r[j].text.strip() for r in rows[start:]):
            report.notices.append(f"{grid.location}《{template.title}》的“{'/'.join(path)}”列在模板中没有对应列")
    missing = [c for c in template.columns if c.kind in ("amount", "code") and c not in mapping.values()
               and not (c.kind == "code" and split)]
    if missing and rows[start:]:
        report.notices.append(
            f"{grid.location}《{template.title}》中没有找到这些列：{'、'.join(c.label for c in missing)}")

    matched: dict[str, set[str]] = {s.id: set() for s in template.sides}
    cursors: dict[str, int] = {s.id: 0 for s in template.sides}
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
            row_key = _locate_row(doc, template, side, cols, cells, matched[side.id], cursors, joined)
            if row_key is None:
                for j, cell in cells.items():
                    if cell.text.strip() and cols[j].kind == "amount":
                        report.unplaced.append(Unplaced(cell.location, cell.text.strip(), "无法确定该数所在的行"))
                label = " ".join(c.text.strip() for j, c in cells.items() if cols[j].kind not in ("amount", "line") and c.text.strip())
                if label and not any(cells[j].text.strip() and cols[j].kind == "amount" for j in cells):
                    report.unplaced.append(Unplaced(next(iter(cells.values())).location, label, "模板中没有这一行"))
                continue
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
                report.placed_cells.append(
                    f"{cell.location} → 《{template.title}》{row_key} {col.label} = {text}")
                treport.placed += 1
        # values standing in columns nobody claimed
        for j, cell in enumerate(grid_row):
            if j not in mapping and j not in split and cell.text.strip() and _is_amount(cell.text):
                report.unplaced.append(Unplaced(cell.location, cell.text.strip(), "该列在模板中没有对应列"))
    for note in grid.notes:
        _place_note(doc, template, note)
    report.tables.append(treport)
    return treport


def _locate_row(doc: Document, template: TableTemplate, side, cols: dict[int, Column], cells: dict[int, GridCell],
                matched: set[str], cursors: dict[str, int], joined_code: str | None = None) -> str | None:
    by_kind: dict[str, str] = {}
    for j, col in cols.items():
        if j in cells and col.kind in ("code", "name", "label"):
            by_kind[col.kind] = cells[j].text.strip()
    table = doc.table(template.id)
    if side.is_codes:
        code = joined_code or normalize_code(by_kind.get("code"))
        if code:
            if not table.has_row(code):
                doc.add_code_row(template.id, code, by_kind.get("name", ""), position=len(table.rows))
            elif by_kind.get("name"):
                doc.set(template.id, code, "name", by_kind["name"])
            return code
        label = by_kind.get("name") or by_kind.get("code") or ""
        total = side.total_row
        if total and fold_label(label) in {fold_label(total.label)} | {fold_label(a) for a in total.aliases}:
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
    for key, label in (("unit_name", "编制单位"), ("money_unit", "单位"), ("year", "预算年度")):
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
