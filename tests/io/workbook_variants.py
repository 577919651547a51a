"""Workbooks as other units write them: the seed workbooks rewritten the ways real files differ.

``seed_books`` exports the three public seeds to xlsx (our own layout) and reads their sheets back
as grids; ``make_variant(seed, n)`` rewrites one of them deterministically from the number ``n``:
labels numbered (一、（一）1. (1) ①), spaced, broken over lines, half/full-width; total words
swapped (合计/总计/总数/小计); funding suffixes swapped (预算/资金/财政/拨款/收入); 结转/结余 reordered;
sheets renamed and shuffled; bare totals renamed to a word no template knows (汇总数); header rows merged or a leaf split over two rows; codes spaced or
as numbers; amounts in 元; blank rows and columns; notes inside the table. ``measure`` imports a
variant as a foreign workbook (budgetdesk's hidden metadata sheet removed) and compares every
amount with the unchanged workbook's import: the share placed in the right cell, and the errors
the variant has that the original does not (false errors).

Used by ``tests/io/read/test_label_recall.py`` (a fast fixed slice) and ``benchmarks/recall_bench.py``
(≥ 500 variants).
"""

from __future__ import annotations

import random
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from budgetdesk.core.labels import TOTAL_WORDS, canonical
from budgetdesk.core.money import AmountError, parse_amount
from budgetdesk.core.template import TemplateSet
from budgetdesk.io.read.disclosure_text import match_title, read_disclosure
from budgetdesk.io.read.import_report import GridCell
from budgetdesk.io.read.workbook_import import read_workbook, read_workbook_grids
from budgetdesk.io.write.xlsx_export import export_xlsx
from budgetdesk.resources import catalogue_provider, load_template
from budgetdesk.core.engine import Engine
from budgetdesk.core.findings import Severity

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
SEED_FILES = {
    "yongchuan": (SEEDS / "chongqing_yongchuan_2024_budget.txt", "cq-budget"),
    "beibei": (SEEDS / "chongqing_beibei_2024_budget.txt", "cq-budget-beibei"),
    "haigang": (SEEDS / "hebei_haigang_2024_budget.txt", "hebei-budget"),
}
META_PREFIXES = ("编制单位", "单位：", "单位:", "预算年度")
NUMBERINGS = ("一、", "（一）", "1.", "(1)", "①", "1、", "（1）")
FUNDING = ("资金", "拨款收入", "财政拨款", "预算拨款", "收入", "预算资金")
ODD_TOTAL = "汇总数"
CARRY = ("结转结余", "结余结转", "结转和结余", "结转及结余")

Sheets = list[tuple[str, list[list[str]]]]


@dataclass
class Seed:
    name: str
    template_set: TemplateSet
    sheets: Sheets  # the exported workbook's sheets as texts, hidden metadata sheet left out
    baseline: dict[tuple[str, str, str], Decimal]  # every amount the unchanged workbook gives
    errors: set[str]  # keys of the unchanged workbook's errors


@dataclass
class Outcome:
    amounts: int = 0
    placed: int = 0
    false_errors: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)


def seed_books(folder: Path | None = None) -> list[Seed]:
    folder = folder or Path(tempfile.mkdtemp())
    folder.mkdir(parents=True, exist_ok=True)
    seeds = []
    for name, (path, template_id) in SEED_FILES.items():
        ts = load_template(template_id)
        doc, _ = read_disclosure(path, ts)
        book = export_xlsx(doc, folder / f"{name}.xlsx")
        grids, _saved = read_workbook_grids(book)
        sheets = [(n, [[c.text for c in row] for row in rows]) for n, rows in grids]
        imported, _ = read_workbook(book, ts, as_grids(sheets), {})
        seeds.append(Seed(name, ts, sheets, amounts(imported), error_keys(imported)))
    return seeds


def amounts(doc) -> dict[tuple[str, str, str], Decimal]:
    return {(t, r, c): v for t, r, c, v in doc.iter_cells() if isinstance(v, Decimal)}


def error_keys(doc) -> set[str]:
    """Errors of the standard tables: the recall measured here is the tables' (绩效目标表 are read on their own)."""
    engine = Engine(doc, catalogue_provider(doc.template_set))
    return {f.key for f in engine.findings() if f.severity is Severity.ERROR and f.table != "performance"}


def as_grids(sheets: Sheets):
    """Texts back into cells named the way the reader names them (sheet!A1)."""
    from openpyxl.utils import get_column_letter

    out = []
    for name, rows in sheets:
        grid = []
        for r, row in enumerate(rows, 1):
            cells = [GridCell(text, f"{name}!{get_column_letter(c)}{r}") for c, text in enumerate(row, 1)]
            while cells and not cells[-1].text:
                cells.pop()
            grid.append(cells)
        out.append((name, grid))
    return out


# -- the layout of one exported sheet ----------------------------------------------------------------------


@dataclass
class Layout:
    header: int  # first header row
    data: int  # first data row
    end: int  # first row after the data (notes follow)
    code_columns: set[int]


def layout(rows: list[list[str]], ts: TemplateSet) -> Layout | None:
    found = match_title(rows[0][0], ts.tables) if rows and rows[0] else None
    if not found:
        return None
    template = found[0]
    header = next(i for i, row in enumerate(rows) if i > 0 and not any(t.startswith(META_PREFIXES) for t in row if t)
                  and not (i == 1 and sum(1 for t in row if t) == 1 and rows[2][:1] and rows[2][0].startswith("预算年度")))
    data = header + template.header_rows
    if data < len(rows) and rows[data] and rows[data][0] == "栏次":
        data += 1
    end = 1 + max((i for i in range(data, len(rows)) if any(t for t in rows[i][1:])), default=data - 1)
    codes = {j for i in range(header, data) for j, t in enumerate(rows[i]) if "编码" in t}
    return Layout(header, data, end, codes)


# -- rewriting ---------------------------------------------------------------------------------------


def _is_amount(text: str) -> bool:
    try:
        return parse_amount(text) is not None
    except AmountError:
        return False


def reword(text: str, rnd: random.Random, kinds: set[str]) -> str:
    """One label as another unit might print it."""
    if not text or _is_amount(text) or text.isdigit():
        return text
    out = text
    if "total" in kinds:
        for word in TOTAL_WORDS[:4]:
            if out.endswith(word) and (out == word or rnd.random() < 0.5):
                # a bare total word may become any; a compound keeps its own kind (本年收入合计 ≠ 收入总计)
                out = out[: -len(word)] + (rnd.choice(TOTAL_WORDS[:4]) if out == word else word)
                break
    if "funding" in kinds:
        for suffix in sorted(("拨款收入", "财政拨款", "预算拨款", "预算资金", "资金", "收入", "拨款"), key=len, reverse=True):
            stem = out[: -len(suffix)]
            if out.endswith(suffix) and len(stem) >= 4 and any(w in stem for w in ("预算", "财政", "专户")):
                out = stem + rnd.choice(FUNDING)
                break
    if "carry" in kinds:
        for form in CARRY:
            if form in out:
                out = out.replace(form, rnd.choice(CARRY))
                break
    if "numbering" in kinds and not out.startswith(("一", "二", "三", "四", "五")) and len(out) >= 3 and rnd.random() < 0.6:
        out = rnd.choice(NUMBERINGS) + out
    if "spacing" in kinds and len(out) >= 2:
        k = rnd.randrange(1, len(out))
        out = out[:k] + rnd.choice((" ", "\u3000", "\n", "  ")) + out[k:]
    if "width" in kinds:
        out = out.translate(str.maketrans("（）", "()")) if rnd.random() < 0.5 else out.translate(str.maketrans("()", "（）"))
    return out


def make_variant(seed: Seed, n: int) -> tuple[Sheets, list[str]]:
    """The ``n``-th rewrite of ``seed``'s workbook and the names of what was changed."""
    rnd = random.Random(f"{seed.name}/{n}")
    kinds = {k for k in ("total", "funding", "carry", "numbering", "spacing", "width") if rnd.random() < 0.6}
    structure = {k for k in ("shuffle", "rename", "merge_header", "split_header", "codes_spaced", "yuan",
                             "blank_rows", "blank_column", "notes_inside", "odd_total") if rnd.random() < 0.3}
    if "merge_header" in structure and "split_header" in structure:
        structure.discard("split_header")
    sheets: Sheets = []
    for index, (name, rows) in enumerate(seed.sheets):
        rows = [list(r) for r in rows]
        lay = layout(rows, seed.template_set)
        if lay is not None:
            rows = _rewrite_sheet(rows, lay, rnd, kinds, structure)
        if "rename" in structure:
            name = f"表{index + 1}"
        sheets.append((name, rows))
    if "shuffle" in structure:
        rnd.shuffle(sheets)
    return sheets, sorted(kinds | structure)


def _rewrite_sheet(rows: list[list[str]], lay: Layout, rnd: random.Random, kinds: set[str], structure: set[str]):
    for i in range(lay.header, lay.end):
        for j, text in enumerate(rows[i]):
            if j in lay.code_columns and i >= lay.data:
                if text and "codes_spaced" in structure and len(text) >= 5:
                    rows[i][j] = " ".join(text[k:k + 2] if k else text[:3] for k in (0, 3, 5) if k < len(text))
                continue
            if text and not text.startswith(("栏次",)) and not (i >= lay.data and j == 0 and text.isdigit()):
                rows[i][j] = reword(text, rnd, kinds if i >= lay.data else kinds - {"numbering"})
    if "odd_total" in structure:  # totals under a word no template knows: found by position and sums
        for i in range(lay.header, lay.end):
            rows[i] = [ODD_TOTAL if canonical(t) in TOTAL_WORDS else t for t in rows[i]]
    if "yuan" in structure:
        for i in range(lay.data, lay.end):
            for j, text in enumerate(rows[i]):
                if j not in lay.code_columns and text and _is_amount(text) and not (j == 0 and text.isdigit()):
                    rows[i][j] = format(parse_amount(text) * 10000, "f")
        for i in range(1, lay.header):
            rows[i] = [t.replace("单位：万元", "单位：元") for t in rows[i]]
    header = rows[lay.header:lay.data]
    if "merge_header" in structure and lay.data - lay.header >= 2 and not any(r and r[0] == "栏次" for r in header):
        width = max(len(r) for r in header)
        merged = []
        for j in range(width):
            texts = [r[j] for r in header if j < len(r) and r[j]]
            merged.append(texts[-1] if texts else "")
        leaves = [canonical(t) for t in merged if t]
        if len(set(leaves)) == len(leaves):  # a merged header is only written when its leaves say enough
            rows[lay.header:lay.data] = [merged]
            lay = Layout(lay.header, lay.header + 1, lay.end - (len(header) - 1), lay.code_columns)
    elif "split_header" in structure:
        leaf_row = lay.data - 1 if rows[lay.data - 1][:1] != ["栏次"] else lay.data - 2
        below = [""] * len(rows[leaf_row])
        for j, text in enumerate(rows[leaf_row]):
            if len(text) >= 6 and rnd.random() < 0.7:
                rows[leaf_row][j], below[j] = text[: len(text) // 2], text[len(text) // 2:]
        rows.insert(leaf_row + 1, below)
        lay = Layout(lay.header, lay.data + 1, lay.end + 1, lay.code_columns)
    if "notes_inside" in structure and lay.end - lay.data > 2:
        at = rnd.randrange(lay.data + 1, lay.end)
        rows.insert(at, ["注：本表数据经单位核对"])
        lay = Layout(lay.header, lay.data, lay.end + 1, lay.code_columns)
    if "blank_rows" in structure and lay.end > lay.data:
        for _ in range(2):
            rows.insert(rnd.randrange(lay.data, lay.end), [])
            lay = Layout(lay.header, lay.data, lay.end + 1, lay.code_columns)
    if "blank_column" in structure:
        at = 0 if rnd.random() < 0.5 else max(len(r) for r in rows)
        for r in rows[lay.header:]:
            if at <= len(r):
                r.insert(at, "")
    return rows


# -- measuring ---------------------------------------------------------------------------------------------


def measure(seed: Seed, sheets: Sheets, candidates: list[TemplateSet] | None = None) -> Outcome:
    """Import the variant as a foreign workbook and compare it with the unchanged workbook's import."""
    from budgetdesk.io.read.workbook_import import WorkbookError

    grids = as_grids(sheets)
    best = None
    for ts in candidates or [seed.template_set]:
        try:
            doc, report = read_workbook(Path(f"{seed.name}.xlsx"), ts, grids, {})
        except WorkbookError:
            continue
        if best is None or report.fit_score() > best[2].fit_score():
            best = (ts, doc, report)
    out = Outcome(amounts=len(seed.baseline))
    if best is None:
        out.misses.append("没有识别出任何表")
        return out
    _ts, doc, _report = best
    got = amounts(doc) if doc.template_set.id == seed.template_set.id else {}
    for key, value in seed.baseline.items():
        if got.get(key) is not None and got[key] == value:
            out.placed += 1
        else:
            out.misses.append(f"{key}: 应为 {value}，实为 {got.get(key)}")
    if doc.template_set.id == seed.template_set.id:
        out.false_errors = sorted(error_keys(doc) - seed.errors)
    else:
        out.false_errors = [f"选错模板 {doc.template_set.id}"]
    return out


def write_book(sheets: Sheets, path: Path, codes_as_numbers: bool = True) -> Path:
    """A variant as a real .xlsx file: codes (and whole-number figures) as numbers the way Excel keeps them."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append([int(t) if codes_as_numbers and t.isdigit() and len(t) < 12 else (t or None) for t in row])
    wb.save(path)
    return path
