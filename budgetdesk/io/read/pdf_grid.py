"""A printed table's lines (over one or more pages) → rows of ``GridCell``, for the shared placement.

Columns come from the table's vertical rulings where it has them, else from the white gaps that run
through every line carrying figures. A text standing in a ruled cell that spans several columns (a
merged header) goes to the first of them, as a workbook's merged cell does. Lines of one ruled row (a
name wrapped onto two lines, a figure centred beside it) are joined into one row; in an unruled table
a short wrapped tail (“出”) joins the line above. Each cell is named by page, line and column.
"""

from __future__ import annotations

import re
from dataclasses import replace

from budgetdesk.io.read.header_match import is_amount_text
from budgetdesk.io.read.import_report import GridCell
from budgetdesk.io.read.pdf_layout import Line, Page, Segment

_SNAP = 2.5  # rulings closer than this (points) are one column border


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= _SNAP:
            continue
        out.append(v)
    return out


def _is_figure(text: str) -> bool:
    t = text.strip()
    return bool(t) and any(ch.isdigit() for ch in t) and is_amount_text(t) and not (t.isdigit() and len(t) in (3, 5, 7))


_CUT_FIGURE = re.compile(r"-?[\d,]*\d\.\d")  # “24995.9”: a figure cut after its first decimal
_TWO_DECIMALS = re.compile(r"-?[\d,]*\d\.\d\d")
_CENTS = re.compile(r"\.\d\d")  # “.38” under “1,264,602” (深圳发改委): a figure cut before its decimal point
_CUT_BEFORE_CENTS = re.compile(r"-?\d{1,3}(?:,\d{3})+|-?\d+")


def _copied(lines: list[Line]) -> list[Line]:
    """The lines with segment lists of their own, for the joins below to change."""
    return [Line(l.page, l.top, l.bottom, list(l.segments), l.number) for l in lines]


def rejoin_wrapped_figures(lines: list[Line]) -> list[Line]:
    """福州: a figure too wide for its cell wraps — “24995.9” on one line, “4” on a line of its own below, the
    row's label between them. Where the table's figures have two decimals, a lone digit standing right under
    a figure with one decimal is that figure's last digit: joined to it, not a figure of its own (无锡: the
    digit beside the last piece of a wrapped name); so is “.38” right under a figure without decimals."""
    if not any(_TWO_DECIMALS.fullmatch(s.text) for line in lines for s in line.segments):
        return lines
    out = _copied(lines)
    for i, line in enumerate(out):
        height = line.bottom - line.top
        for tail in _wrapped_tails(line):
            for above in reversed(out[max(0, i - 3):i]):
                if line.top - above.bottom > 2.5 * height:
                    break
                cut = _cut_over(tail, above)
                if cut is not None:
                    joined = replace(cut, text=cut.text + tail.text)
                    above.segments.remove(cut)
                    line.segments.remove(tail)
                    _figure_line_between(out, above, line, joined).segments.append(joined)
                    break
    for line in out:
        line.segments.sort(key=lambda seg: seg.x0)
    return [l for l in out if l.segments]


def _wrapped_tails(line: Line) -> list[Segment]:
    """The pieces of wrapped figures a line holds: lone digits and “.38”s, beside which only the wrapped end of
    the row's name may stand (无锡 “）  0  0”); none when the line prints a figure of its own."""
    tails = [s for s in line.segments if len(s.text) == 1 and s.text.isdigit() or _CENTS.fullmatch(s.text)]
    if any(s not in tails and any(ch.isdigit() for ch in s.text) for s in line.segments):
        return []
    return tails


def _cut_over(tail: Segment, line: Line) -> Segment | None:
    """The figure of ``line`` that ``tail`` stands right under and ends: one decimal over a digit, none over “.38”."""
    whole = _CUT_BEFORE_CENTS if tail.text.startswith(".") else _CUT_FIGURE
    return next((s for s in line.segments if whole.fullmatch(s.text) and s.x0 - 2 <= tail.x0 and tail.x1 <= s.x1 + 2),
                None)


def _rejoin_across_pages(parts: list[tuple[Page, list[Line]]]) -> list[tuple[Page, list[Line]]]:
    """A figure wrapped over a page break (杭州市公安局 收入预算总表: “12,437.3” last on page 21, “6” first on page 22
    beside the rest of the unit's name): the piece under it ends it, as within a page."""
    if len(parts) < 2 or not any(_TWO_DECIMALS.fullmatch(s.text) for _p, ls in parts for l in ls for s in l.segments):
        return parts
    out = [(page, _copied(lines)) for page, lines in parts]
    for (_p, before), (_q, after) in zip(out, out[1:]):
        last = next((l for l in reversed(before) if any(_is_figure(s.text) for s in l.segments)), None)
        if last is None or not after:
            continue
        first = after[0]
        for tail in _wrapped_tails(first):
            cut = _cut_over(tail, last)
            if cut is not None:
                last.segments[last.segments.index(cut)] = replace(cut, text=cut.text + tail.text)
                first.segments.remove(tail)
    return [(page, [l for l in lines if l.segments]) for page, lines in out]


def _figure_line_between(lines: list[Line], above: Line, below: Line, figure: Segment) -> Line:
    """Where a wrapped figure belongs: the line of figures its two pieces enclose, when there is one with that
    column free (深圳: “411,130.6” / the row's other figures / “7”, the unit's name wrapped beside them) — else the
    line of its first piece."""
    middle = lines[lines.index(above) + 1:lines.index(below)]
    return next((m for m in middle if any(_is_figure(s.text) for s in m.segments)
                 and not any(s.x0 < figure.x1 and figure.x0 < s.x1 for s in m.segments)), above)


def rejoin_split_labels(lines: list[Line], borders: list[float]) -> list[Line]:
    """Without row rulings: a name wrapped over the line of its figures, the figure line printing none of it
    (广州: “广州市政府政务信息系统管” / 70.30 … / “理中心”) — the part above is that line's name (the part below
    joins as a short tail). Only a lone text left of the figures, right above them, is taken."""
    out = _copied(lines)
    for i in range(1, len(out)):
        line, above = out[i], out[i - 1]
        figures = [_column_of(s.x0, borders) for s in line.segments if _is_figure(s.text)]
        if not figures or any(_is_figure(s.text) for s in above.segments):
            continue
        first = min(figures)
        # (left of the first figure on the page, not by column: a long name reaches past the border the short
        # names beside their figures gave — 深圳 项目支出总表 “深圳市住房和建设局（本” / 23,703.92 … / “级）”)
        leftmost = min(s.x0 for s in line.segments if _is_figure(s.text))
        name = [s for s in above.segments if _column_of(s.x1, borders) < first or s.x1 < leftmost - 2]
        # (what else the line above holds stands right of the figures: a long 绩效目标 wrapped beside them)
        # (the figure line may print a 科目 code left of the name's place — 深圳 “2080505” between “机关事业单位基本养老”
        # and “保险缴费支出” — but nothing where the name stands)
        if len(name) != 1 or any(_column_of(s.x0, borders) < first and s.x0 < name[0].x1 and name[0].x0 < s.x1
                                 for s in line.segments) or \
                any(first <= _column_of(s.x0, borders) <= max(figures) for s in above.segments) or \
                line.top - above.bottom > 0.8 * (line.bottom - line.top):
            continue
        below = out[i + 1] if i + 1 < len(out) else None
        tail = below.segments[0] if below is not None and len(below.segments) == 1 else None
        if tail is not None and not _is_figure(tail.text) and tail.x0 < name[0].x1 and name[0].x0 < tail.x1 + 2 \
                and below.top - line.bottom <= 0.8 * (line.bottom - line.top) and not _above_figures(out, i + 1):
            # the rest of the name, right under the figure line (“保险缴费支出”) — unless it stands right above
            # figures of its own: then it is the next line's name, printed above it
            below.segments.clear()
        else:
            tail = None
        above.segments.remove(name[0])
        line.segments.insert(0, name[0] if tail is None else
                             replace(name[0], text=name[0].text + tail.text, x1=max(name[0].x1, tail.x1)))
        line.top = min(line.top, above.top)
    return [l for l in out if l.segments]


def _above_figures(lines: list[Line], i: int) -> bool:
    """Whether line ``i`` stands right above a line of figures (less than a line's height between them)."""
    if i + 1 >= len(lines):
        return False
    line, below = lines[i], lines[i + 1]
    return any(_is_figure(s.text) for s in below.segments) and \
        below.top - line.bottom <= 0.8 * (below.bottom - below.top)


def column_borders(parts: list[tuple[Page, list[Line]]]) -> list[float]:
    """x positions separating the columns of a table printed over ``parts`` (page, its lines)."""
    walls: list[float] = []
    for page, lines in parts:
        if not lines:
            continue
        top, bottom = min(l.top for l in lines), max(l.bottom for l in lines)
        walls += [r.at for r in page.vrules if r.end >= top and r.start <= bottom and r.end - r.start > 4]
    walls = _cluster(walls)
    if len(walls) >= 3:
        return walls
    # no rulings: the gaps that no figure line's text crosses
    spans = sorted((s.x0, s.x1) for _p, lines in parts for l in lines
                   if sum(1 for s in l.segments if _is_figure(s.text)) >= 1 and len(l.segments) >= 2
                   for s in l.segments)
    if not spans:
        spans = sorted((s.x0, s.x1) for _p, lines in parts for l in lines for s in l.segments)
    borders: list[float] = []
    end = None
    for x0, x1 in spans:
        if end is not None and x0 > end + 1.0:
            borders.append((end + x0) / 2)
        end = x1 if end is None else max(end, x1)
    if spans:
        borders = [spans[0][0] - 1.0, *borders, end + 1.0]
    if borders and sum(1 for _p, lines in parts for l in lines if any(_is_figure(s.text) for s in l.segments)) <= 2:
        return _borders_of_headings(parts, borders)  # a line or two of figures say little about the columns
    return borders


def _borders_of_headings(parts: list[tuple[Page, list[Line]]], borders: list[float]) -> list[float]:
    """Over one or two lines of figures, the columns the headings name: 深圳's empty 政府性基金预算支出表 prints
    “预算单位 科目编码 科目名称 支出总计 基本支出 项目支出” over the unit's line of three 0.00 — six columns, where
    the figures alone give four and put two headings in each. Taken from the header line with the most words,
    split half-way between them, when it names more columns than the figures give and keeps every figure of a
    line in a column of its own; else ``borders``."""
    lines = [l for _p, ls in parts for l in ls]
    first = next((i for i, l in enumerate(lines) if any(_is_figure(s.text) for s in l.segments)), len(lines))
    heading = max(lines[:first], key=lambda l: len(l.segments), default=None)
    if heading is None or len(heading.segments) < 3 or len(heading.segments) <= len(borders) - 1:
        return borders
    words = sorted(heading.segments, key=lambda seg: seg.x0)
    left = min(borders[0], words[0].x0 - 1.0)
    right = max(borders[-1], words[-1].x1 + 1.0)
    mine = [left, *((a.x1 + b.x0) / 2 for a, b in zip(words, words[1:])), right]
    for line in lines[first:]:
        columns = [_column_of(seg.centre, mine) for seg in line.segments if _is_figure(seg.text)]
        if len(columns) != len(set(columns)):
            return borders
    return mine


def _page_borders(parts: list[tuple[Page, list[Line]]], borders: list[float]) -> dict[int, list[float]]:
    """Each page's own column borders, when the pages of a table are set at different offsets: the borders of
    all pages together then split every column in two (广州民政局's 项目 table over ten pages), while each page
    alone gives the same, smaller number of columns. Empty when one set of borders serves every page."""
    if len(parts) < 2:
        return {}
    own = {page.number: column_borders([(page, lines)]) for page, lines in parts if lines}
    counts = {len(b) for b in own.values()}
    if len(counts) != 1 or counts.pop() >= len(borders):
        return {}
    return own


def _column_of(x: float, borders: list[float]) -> int:
    """Index of the column holding x: 0 left of the first border … len(borders) right of the last."""
    k = 0
    while k < len(borders) and x > borders[k]:
        k += 1
    return k


def _cell_span(seg: Segment, line: Line, page: Page, borders: list[float]) -> tuple[int, int]:
    """The first and last column of the (possibly merged) cell holding ``seg``."""
    mid = line.middle
    crossing = [r.at for r in page.vrules if r.start - 1 <= mid <= r.end + 1]
    left = [x for x in crossing if x <= seg.x0 + 1.0]
    right = [x for x in crossing if x >= seg.x1 - 1.0]
    if left and right and borders:
        first = _column_of(max(left) + _SNAP, borders)  # the column just right of the cell's left border
        last = _column_of(min(right) - _SNAP, borders)
        return first, max(first, last)
    first = _column_of(seg.x0 + 0.5, borders)
    last = _column_of(seg.x1 - 0.5, borders)
    centre = _column_of(seg.centre, borders)
    if first == last or _is_figure(seg.text):
        return centre, centre
    # a header text across columns without rulings: the columns it covers substantially
    width = seg.x1 - seg.x0
    if first < len(borders) and borders[first] - seg.x0 < 0.3 * width and last > first:
        first += 1
    if last > 0 and seg.x1 - borders[last - 1] < 0.3 * width and last > first:
        last -= 1
    return first, last


def _ceiling(page: Page, seg: Segment, line: Line, floor: float) -> float | None:
    """The ruling just above ``seg`` (the top of its ruled cell), if one lies below ``floor``."""
    above = [r.at for r in page.hrules if floor - 1 <= r.at < line.top + 1 and r.start - 1 <= seg.centre <= r.end + 1]
    return max(above) if above else None


def build_rows(parts: list[tuple[Page, list[Line]]], borders: list[float]) -> list[list[GridCell]]:
    """Rows of cells. In a table ruled row by row each text goes to the row where its ruled cell begins,
    so a cell's wrapped lines, a figure centred beside a two-line name and a header cell spanning
    several rows are each one cell; without row rulings each line is a row (a short wrapped tail joins)."""
    parts = _rejoin_across_pages(parts)
    per_page = _page_borders(parts, borders)
    width = len(next(iter(per_page.values()))) + 1 if per_page else len(borders) + 1
    out: list[list[GridCell]] = []
    headers: list[dict] | None = None  # the header rows, from the table's first page
    for page, lines in parts:
        lines = rejoin_wrapped_figures(lines)
        if not lines:
            continue
        borders = per_page.get(page.number, borders)
        top, bottom = lines[0].top, lines[-1].bottom
        levels = _cluster([r.at for r in page.hrules if top - 30 <= r.at <= bottom + 2])
        figure_lines = sum(1 for l in lines if any(_is_figure(s.text) for s in l.segments))
        ruled = len(levels) >= max(3, 0.6 * figure_lines)
        if not ruled:
            lines = rejoin_split_labels(lines, borders)
        floor = min(levels) if levels else top
        rows: list[dict] = []  # per row: start (y), texts, figures, prefix
        header = headers if headers is not None else rows
        for line in lines:
            placed: list[tuple[dict, int, int, str, bool]] = []
            fresh = None
            centres = [_column_of(s.centre, borders) for s in line.segments]
            for n, seg in enumerate(line.segments):
                first, last = _cell_span(seg, line, page, borders)
                k, last = min(first, width - 1), min(last, width - 1)
                # a header word reaching into a column that has its own word on this line stays out of it (深圳:
                # “政府性基金预算” leaning over “一般公共预算”'s narrow column of figures)
                others = {c for m, c in enumerate(centres) if m != n}
                while k < last and k in others:
                    k += 1
                while last > k and last in others:
                    last -= 1
                fig = _is_figure(seg.text)
                if not fig and last > k and any(_is_figure(s.text) for s in line.segments) and \
                        not _one_heading(header, k, last):
                    k = last  # a label merged over columns headed apart labels the figure after it (江苏 收支总表)
                target = None
                if ruled:
                    ceiling = _ceiling(page, seg, line, floor)
                    if ceiling is not None:
                        target = next((r for r in rows if r["start"] > ceiling), None)
                        if target is not None and fig and target["figures"][k]:
                            target = None
                elif rows and _tail(rows[-1], line, seg, k, fig):
                    target = rows[-1]
                if target is None:
                    if fresh is None:
                        fresh = {"start": line.top, "texts": [[] for _ in range(width)], "figures": [False] * width,
                                 "prefix": f"第{page.number}页第{line.number}行", "bottom": line.bottom}
                        rows.append(fresh)
                    target = fresh
                placed.append((target, k, last, seg.text, fig))
            for target, k, last, text, fig in placed:
                target["texts"][k].append(text)
                target["figures"][k] = target["figures"][k] or fig
                target["bottom"] = max(target["bottom"], line.bottom)
            for target, k, last, text, fig in placed:
                if not any(target["figures"]):  # a merged header cell stands over each column it spans
                    for j in range(k + 1, last + 1):
                        if not target["texts"][j]:
                            target["texts"][j].append(text)
        if not ruled:
            rows = _join_header_lines(rows)
        if headers is None:
            headers = [r for r in rows[:next((i for i, r in enumerate(rows) if any(r["figures"])), len(rows))]]
        out.extend(_cells(r["texts"], r["prefix"]) for r in rows)
    return out


def _one_heading(header: list[dict], first: int, last: int) -> bool:
    """Columns first..last headed alike in every header row (one merged column, e.g. Hebei's “项 目”)."""
    heads = [r for r in header if not any(r["figures"])]
    if not heads:
        return True
    return all(len({_join(r["texts"][j]) for j in range(first, last + 1)}) == 1 for r in heads)


def _join_header_lines(rows: list[dict]) -> list[dict]:
    """Without row rulings, the lines of one header row: a header cell printed over two lines (“单位预留机动经 / 费”)
    beside one-line cells centred between them. Lines above the first figures join while they fill different
    columns, or when the later one is a short tail of a cell above it."""
    first = next((i for i, r in enumerate(rows) if any(r["figures"])), len(rows))
    if first < 2:
        return rows
    out: list[dict] = [rows[0]]
    for row in rows[1:first]:
        last = out[-1]
        used = [bool(t) for t in last["texts"]]
        mine = [bool(t) for t in row["texts"]]
        disjoint = not any(a and b for a, b in zip(used, mine))
        tail = sum(mine) == 1 and all(len(t) <= 3 for ts in row["texts"] for t in ts)
        if disjoint or tail:
            for k, texts in enumerate(row["texts"]):
                last["texts"][k].extend(texts)
            last["bottom"] = max(last["bottom"], row["bottom"])
            continue
        out.append(row)
    return out + rows[first:]


def _tail(row: dict, line: Line, seg: Segment, k: int, fig: bool) -> bool:
    """Without row rulings: a short tail of a wrapped name right under it (“出”)."""
    if fig or len(line.segments) != 1 or len(seg.text) > 3 or seg.text[:1].isdigit():
        return False
    return bool(row["texts"][k]) and not row["figures"][k] and line.top - row["bottom"] < 0.6 * (line.bottom - line.top)


def _cells(texts: list[list[str]], prefix: str) -> list[GridCell]:
    return [GridCell(_join(t), f"{prefix}第{k + 1}格") for k, t in enumerate(texts)]


def _join(parts: list[str]) -> str:
    out = ""
    for p in parts:
        if out and out[-1].isascii() and out[-1].isalnum() and p[:1].isascii() and p[:1].isalnum():
            out += " "
        out += p
    return out
