"""Finding a printed table's header band and mapping its columns to the template's, by their labels.

Units reword, merge and split headers (“一般公共预算拨款收入” / “一般公共预算” / “财政拨款 | 一般公共预算”);
a column is matched by the meaning of its header path, never by position. Split 类/款/项 code columns
are recognised so their parts can be joined into one subject code.
"""

from __future__ import annotations

import re

from budgetdesk.core.codes import normalize_code
from budgetdesk.core.labels import canonical, concept, tier_of
from budgetdesk.core.money import AmountError, parse_amount
from budgetdesk.core.template import Column, TableTemplate
from budgetdesk.core.text import fold, fold_label
from budgetdesk.io.read.import_report import Grid, GridCell

_YEAR = re.compile(r"20\d\d")


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


_MISGROUPED = re.compile(r"-?\d{4,}(?:,\d{3})+(?:\.\d+)?")


def regrouped(text: str) -> str:
    """“19349,057” (上海市职业能力考试院 2026: the first thousands comma left out) is 19349057 — every group after
    the first has its three digits, so no other reading is possible; any other misplaced comma stays an error."""
    t = text.strip()
    return t.replace(",", "") if _MISGROUPED.fullmatch(t) else text


def is_amount_text(text: str) -> bool:
    if not text.strip():
        return False
    try:
        parse_amount(regrouped(text))
        return True
    except AmountError:
        return False


def row_texts(row: list[GridCell]) -> list[str]:
    return [c.text.strip() for c in row]


_STARS = re.compile(r"\*+")


def is_column_number_row(texts: list[str]) -> bool:
    """The 栏次 line under a header: “栏次 1 2 3”, or “** ** ** ** 1 2 3 …” (长沙: a star under each
    code and name column, a number under each amount column) — column numbers, not figures of a row."""
    non_empty = [fold(t) for t in texts if t.strip()]
    if not non_empty:
        return False
    if non_empty[0].startswith("栏次"):
        return True
    stars = [t for t in non_empty if _STARS.fullmatch(t)]
    numbers = [t for t in non_empty if not _STARS.fullmatch(t)]
    return bool(stars) and all(t.isdigit() for t in numbers) and \
        [int(t) for t in numbers] == list(range(1, len(numbers) + 1))


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
        texts = row_texts(row)
        non_empty = [t for t in texts if t]
        if not non_empty:
            continue
        if fold(non_empty[0]) == "序号" or is_column_number_row(texts):
            continue
        known = _known_words(non_empty, vocabulary, concepts)
        figures = any(is_amount_text(t) for t in non_empty)
        if known >= max(1, (len(non_empty) + 1) // 2) and not figures:
            above = texts
            continue  # header words: 科目编码 / 合计 / 基本支出 …
        # a header cell broken over two rows ("一般公共预算" above "拨款收入"): either half joins the other
        below = next((row_texts(r) for r in grid.rows[i + 1:] if any(c.text.strip() for c in r)), [])

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
        if any(is_amount_text(t) and not _YEAR.fullmatch(fold(t)) for t in non_empty):
            return i
        if i > 0 and known == 0 and not _header_follows(grid.rows[i + 1:], vocabulary, concepts):
            return i
    return len(grid.rows)


def _known_words(texts: list[str], vocabulary: set[str], concepts: set[str]) -> int:
    """How many of a line's texts are the template's header words (by spelling or meaning)."""
    return sum(1 for t in texts if fold(t) in vocabulary or concept(t) in concepts)


def _header_follows(rows, vocabulary: set[str], concepts: set[str]) -> bool:
    """Whether a line of two or more header words comes before the first line of figures: the words-only line above
    it is a piece of a tall header (深圳 支出总表: “其中：” / “2026 年” over “预算单位 科目编码 科目名称 支出总计…”)."""
    for row in rows:
        non_empty = [t for t in row_texts(row) if t]
        if any(is_amount_text(t) for t in non_empty) or any(t.isdigit() and len(t) >= 3 for t in non_empty):
            return False
        known = _known_words(non_empty, vocabulary, concepts)
        if known >= 2 and known >= (len(non_empty) + 1) // 2:
            return True
    return False


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
    i = 0
    while i < len(row):
        cell = row[i]
        out.append(cell)
        span = spans.get(fold(cell.text), 1) if cell.text.strip() else 1
        following = row[i + 1:i + span]
        if span > 1 and len(following) == span - 1 and not any(c.text.strip() for c in following):
            out.extend(following)  # the merged cell's span is there already (a workbook row cut after its last text)
            i += span
            continue
        out.extend(GridCell("", cell.location) for _ in range(span - 1))
        i += 1
    return out if len(out) == width else row


def centred_groups_spread(template: TableTemplate, header: list[list[str]]) -> list[list[str]]:
    """A group heading printed once, centred over its columns without rulings (深圳 “三公”经费表: “总计”,
    “因公出国(境)费”, “公务接待费” each over three columns, “公务用车购置及运行维护费” over nine): spread over
    as many free columns as the template gives it leaves, the span centred on where it stands. Only a heading
    the template names with one number of leaves, with blanks on both sides, and free columns enough."""
    from collections import Counter

    leaves = Counter(tuple(fold(x) for x in c.path[:d]) for c in template.columns for d in range(1, len(c.path)))
    sizes: dict[str, set[int]] = {}
    for prefix, n in leaves.items():
        sizes.setdefault(prefix[-1], set()).add(n)
    width = max((len(r) for r in header), default=0)
    out = [list(r) + [""] * (width - len(r)) for r in header]
    for row in out:
        j = 0
        while j < width:
            text = row[j].strip()
            k = j
            while text and k + 1 < width and row[k + 1].strip() == text:
                k += 1
            size = sizes.get(fold(text), set())
            if text and len(size) == 1 and (n := next(iter(size))) > k - j + 1 and \
                    (j == 0 or not row[j - 1].strip()) and (k + 1 == width or not row[k + 1].strip()):
                spans = [s for s in range(max(0, k + 1 - n), j + 1) if s + n <= width
                         and all(not row[x].strip() or j <= x <= k for x in range(s, s + n))]
                if spans:
                    s = min(spans, key=lambda s: abs((s + s + n - 1) - (j + k)))
                    for x in range(s, s + n):
                        row[x] = text
                    k = s + n - 1
            j = k + 1
    return out


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
    paths = _group_labels_apart(template, paths)

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


def _group_labels_apart(template: TableTemplate, paths: list[list[str]]) -> list[list[str]]:
    """“本年收入国有资” / “本经营预算” (无锡 收入总表): a group label that took the first line of a wrapped
    column label beside it gives that line back to the label under it; two group labels read as one line
    (“本年支出预算数”, 上海民政局) are two."""
    groups = sorted({fold(g) for c in template.columns for g in c.path[:-1] if g}, key=len, reverse=True)
    out = []
    for path in paths:
        path = list(path)
        i = 0
        while i < len(path) - 1:
            folded = fold(path[i])
            group = next((g for g in groups if folded.startswith(g) and len(folded) > len(g)), None)
            if group is not None and folded[len(group):] in groups:
                path[i:i + 1] = [group, folded[len(group):]]  # “本年支出预算数”: two group labels on one line (上海)
            elif group is not None:
                path[i], path[i + 1] = group, folded[len(group):] + path[i + 1]
            i += 1
        out.append(path)
    return out


SPLIT_CODE_PARTS = {"类": 0, "款": 1, "项": 2}


def split_code_columns(paths: list[list[str]]) -> dict[int, int]:
    """Grid columns headed 类 / 款 / 项 (a code written over three columns): column → part index."""
    out = {}
    for j, path in enumerate(paths):
        if path and fold(path[-1]) in SPLIT_CODE_PARTS:
            out[j] = SPLIT_CODE_PARTS[fold(path[-1])]
    return out if 0 in out.values() else {}
