"""Lists in a 情况说明, read as lists with their level: "其中：A，B，C" inside a sentence, and
"（一）…（二）…（三）…" or "1．…2．…" items in the paragraphs after a "其中：" that ends its paragraph.

The sentence reader (``extract``) groups a whole and its parts as it meets them; it cannot see that
the third "（三）公务接待费" after a nested "其中：" still belongs to the "三公" list, that "3．公务接待费"
is a sibling of "2．公务用车…" rather than its sub-item, or that a part whose words the vocabulary does
not know ("单位预留机动经费", "财政拨款收入") is a part all the same. Here the list is read from its
markers: an item is a paragraph (or a "；"-separated segment) at the level of the first item's marker;
deeper markers stay inside their item; a marker at the head's own level, a shallower one or a heading
ends the list. Each item's part is the first figure written in it.

A list whose items cannot be told apart (an item without a figure, a segment with two figures and no
"其中" to say which is the sub-item) is *unreadable*: its sums are not checked but listed as 未核对.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from itertools import accumulate

from budgetdesk.core.narrative.claims import Extraction, Group
from budgetdesk.core.narrative.model import Narrative

# list markers, shallowest first: "一、" > "（一）" > "1．" > "（1）" > "①"
_MARKERS = (
    ("cn", re.compile(r"[一二三四五六七八九十]{1,3}、")),
    ("cn_paren", re.compile(r"[（(][一二三四五六七八九十]{1,3}[)）]")),
    ("num", re.compile(r"\d{1,2}\s?[.．、](?!\d)")),
    ("num_paren", re.compile(r"[（(]\d{1,2}[)）]")),
    ("circled", re.compile(r"[①②③④⑤⑥⑦⑧⑨⑩]")),
)
_RANK = {kind: i for i, (kind, _) in enumerate(_MARKERS)}
OPENERS = ("其中：", "其中:", "包括：", "包括:", "如下：", "如下:", "以下方面：", "以下方面:")


def marker(text: str) -> str | None:
    """The kind of list marker a paragraph starts with, or None."""
    t = text.lstrip()
    for kind, pattern in _MARKERS:
        if pattern.match(t):
            return kind
    return None


_CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九", 1)}


def marker_number(text: str) -> int | None:
    """The number a list marker gives its item (“3.” → 3, “（二）” → 2, “⑤” → 5), or None."""
    t = text.lstrip()
    m = re.match(r"[（(]?(\d{1,2})", t)
    if m:
        return int(m.group(1))
    if t[:1] in "①②③④⑤⑥⑦⑧⑨⑩":
        return "①②③④⑤⑥⑦⑧⑨⑩".index(t[0]) + 1
    m = re.match(r"[（(]?([一二三四五六七八九十]{1,3})", t)
    if not m:
        return None
    word = m.group(1)
    if word == "十":
        return 10
    tens, _, ones = word.partition("十") if "十" in word else ("", "", word)
    return (_CN_DIGITS.get(tens, 1) * 10 if "十" in word else 0) + _CN_DIGITS.get(ones, 0)


@dataclass(frozen=True)
class ListReading:
    """The lists of a narrative: groups re-read from their markers, and the heads of unreadable ones."""

    extraction: Extraction
    unreadable: frozenset[int]  # statement indices of wholes whose list could not be read
    regrouped: frozenset[int]  # heads whose parts were read here (not by the sentence reader)


def _amount_statements(extraction: Extraction) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for i, st in enumerate(extraction.statements):
        if st.amount is not None:
            out.setdefault(st.amount.paragraph, []).append(i)
    for ix in out.values():
        ix.sort(key=lambda i: extraction.statements[i].amount.start)
    return out


def _opener_after(text: str, start: int) -> int | None:
    """Where the list opener that follows a head figure ends (within the head's sentence), or None."""
    stop = len(text)
    for mark in "。！？":
        at = text.find(mark, start)
        if at >= 0:
            stop = min(stop, at)
    best = None
    for op in OPENERS:
        at = text.find(op, start, stop + 1 + len(op))
        if at >= 0 and (best is None or at < best[0]):
            best = (at, at + len(op))
    # "…与上年持平。其中：" — the opener right after the head's sentence ends opens its list too
    if best is None and stop < len(text):
        tail = text[stop + 1:].lstrip()
        for op in OPENERS:
            if tail.startswith(op):
                return len(text) - len(tail) + len(op)
    return None if best is None else best[1]


def _bracket_depths(text: str) -> list[int]:
    """The bracket depth before each position of ``text`` (one pass; ``depths[i]`` for ``text[:i]``)."""
    return [0, *accumulate(1 if ch in "（(" else -1 if ch in "）)" else 0 for ch in text)]


class _ParagraphIndex:
    """What ``_segments`` asks of one paragraph, found once so that each of its lists costs only its own length
    (a paragraph of 800 nested “（其中：” heads with no sentence end scanned to the end for each: 20 s)."""

    def __init__(self, text: str):
        self.text = text
        n = len(text)
        self.depths = _bracket_depths(text)
        self.sentence_end = [n] * (n + 1)  # the first sentence mark at or after each position
        nxt = n
        for i in range(n - 1, -1, -1):
            if text[i] in "。！？":
                nxt = i
            self.sentence_end[i] = nxt
        self.next_lower = [n + 1] * (n + 1)  # the first k > i with depths[k] < depths[i] (a bracket closing)
        stack: list[int] = []
        for k, d in enumerate(self.depths):
            while stack and self.depths[stack[-1]] > d:
                self.next_lower[stack.pop()] = k
            stack.append(k)
        self.semicolons = [i for i, ch in enumerate(text) if ch in "；;"]
        self.by_depth: dict[tuple[bool, int], list[int]] = {}  # (semicolon?, depth) → separator positions
        for i, ch in enumerate(text):
            if ch in "；;，,、":
                self.by_depth.setdefault((ch in "；;", self.depths[i]), []).append(i)

    def segments(self, start: int) -> tuple[list[tuple[int, int]], bool] | None:
        """``_segments`` in time proportional to the list's separators; None where a stray closing bracket
        would make the scan's clamped depth differ from the paragraph's (then the plain scan decides)."""
        text, depth = self.text, self.depths[start]
        end = self.sentence_end[start]
        lower = self.next_lower[start]  # k: depths[k] < depth, i.e. the character at k - 1 closes a bracket
        if lower - 1 < end:
            if depth <= 0:
                return None
            end = lower - 1  # "（其中：A，B）": a list opened inside brackets ends where they close
        has_semicolon = bisect_left(self.semicolons, start) < bisect_left(self.semicolons, end)
        seps = self.by_depth.get((has_semicolon, depth), [])
        out, s = [], start
        for i in seps[bisect_left(seps, start):bisect_left(seps, end)]:
            out.append((s, i))
            s = i + 1
        if s < end:
            out.append((s, end))
        return [(a, b) for a, b in out if text[a:b].strip()], end < len(text)


def _segments(text: str, start: int, depths: "list[int] | _ParagraphIndex | None" = None) -> tuple[list[tuple[int, int]], bool]:
    """The top-level segments of an inline list from ``start``: split at "；" (or at "，、" when the
    list has no "；"), up to the end of its sentence. Also whether the sentence ends in this paragraph.
    ``depths``: the paragraph's ``_ParagraphIndex`` (or ``_bracket_depths``), computed once for all its lists."""
    if isinstance(depths, _ParagraphIndex):
        found = depths.segments(start)
        if found is not None:
            return found
        depths = depths.depths
    end = len(text)
    for mark in "。！？":
        at = text.find(mark, start)
        if at >= 0:
            end = min(end, at)
    # "（其中：A，B）": a list opened inside brackets ends where they close
    depth = (depths if depths is not None else _bracket_depths(text))[start]
    if depth > 0:
        level = depth
        for i in range(start, end):
            if text[i] in "（(":
                level += 1
            elif text[i] in "）)":
                level -= 1
                if level < depth:
                    end = i
                    break
    span = text[start:end]
    seps = "；;" if ("；" in span or ";" in span) else "，,、"
    out, s = [], start
    depth = 0
    for i in range(start, end):
        ch = text[i]
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        elif ch in seps and depth == 0:
            out.append((s, i))
            s = i + 1
    if s < end:
        out.append((s, end))
    return [(a, b) for a, b in out if text[a:b].strip()], end < len(text)


def regroup(narrative: Narrative, extraction: Extraction) -> ListReading:
    sts = extraction.statements
    amounts = _amount_statements(extraction)
    blocks = narrative.blocks
    groups = list(extraction.groups)
    heads = {g.head: i for i, g in enumerate(groups) if g.head is not None}
    unreadable: set[int] = set()
    regrouped: set[int] = set()

    starts = {para: [sts[i].amount.start for i in ixs] for para, ixs in amounts.items()}  # sorted, as ixs

    def first_in(para: int, lo: int, hi: int) -> list[int]:
        """The first two figures of the paragraph in [lo, hi) (all that is asked of a segment), by bisection."""
        at, ixs, where = bisect_left(starts.get(para, []), lo), amounts.get(para, []), starts.get(para, [])
        return [ixs[k] for k in range(at, min(at + 2, len(ixs))) if where[k] < hi]

    for para, ixs in amounts.items():
        text = blocks[para].text
        depths: _ParagraphIndex | None = None
        for h in ixs:
            head = sts[h]
            opened = _opener_after(text, head.amount.end)
            if opened is None:
                continue
            # the figure right before the opener is the head; a later figure before it is not
            later = bisect_left(starts[para], head.amount.end)
            if later < len(ixs) and starts[para][later] < opened - 3:
                continue
            parts: list[int] = []
            readable = True
            if text[opened:].strip():  # inline: "…X万元，其中：A a万元；B b万元。"
                depths = depths or _ParagraphIndex(text)
                segments, ended = _segments(text, opened, depths)
                for a, b in segments:
                    found = first_in(para, a, b)
                    nested = any(op in text[a:b] for op in OPENERS)
                    if not found:
                        readable = False
                        continue
                    if len(found) > 1 and not nested and sts[found[1]].amount.start < b:
                        # two figures in one segment and no "其中" to say which is the part
                        if "，" not in text[a:b] and "," not in text[a:b]:
                            readable = False
                    parts.append(found[0])
                j = para + 1
                while not ended and j < len(blocks) and not blocks[j].heading and marker(blocks[j].text) is None:
                    # the sentence goes on past the paragraph (a line or page break): its segments too
                    more, ended = _segments(blocks[j].text, 0)
                    for a, b in more:
                        found = first_in(j, a, b)
                        if found:
                            parts.append(found[0])
                        else:
                            readable = False
                    j += 1
            else:  # the items are the paragraphs that follow
                own = marker(text)
                parts, readable = _block_items(narrative, para + 1, own, amounts, sts)
            if not parts:
                continue
            regrouped.add(h)
            if not readable or _last_of_a_series(text, head.amount.start, opened):
                unreadable.add(h)
            group = Group(h, tuple(parts))
            if h in heads:
                groups[heads[h]] = group
            else:
                heads[h] = len(groups)
                groups.append(group)
    # the sentence reader's guess of a share set (parts without a whole) gives way to the list read here
    taken = {p for g in groups if g.head in regrouped for p in g.parts}
    groups = [g for g in groups if not (g.head is None and taken.intersection(g.parts))]
    return ListReading(replace(extraction, groups=tuple(g for g in groups if g.parts)), frozenset(unreadable),
                       frozenset(regrouped))


def _last_of_a_series(text: str, head: int, opened: int) -> bool:
    """“具体为：人员经费…；公用经费…；专项业务经费 0.00 万元，较上年无变化。其中：①行政单位医疗…” (西安民政局 2021):
    after the sentence ends, “其中” lists the paragraph's 科目, not the last figure of the “；” series before it —
    whose list it is cannot be told."""
    if not any(mark in text[head:opened] for mark in "。！？"):
        return False
    begun = max(text.rfind(mark, 0, head) for mark in "。！？")
    return any(mark in text[begun + 1:head] for mark in "；;")


def _block_items(narrative: Narrative, start: int, head_marker: str | None, amounts: dict[int, list[int]],
                 sts, *, plain_only: bool = False) -> tuple[list[int], bool]:
    """Parts of a list whose items are the paragraphs from ``start``: (first figure of each item, readable)."""
    blocks = narrative.blocks
    level: str | None = None
    first = True
    parts: list[int] = []
    readable = True
    item_has_figure = True
    number: int | None = None  # the last item's number: a list numbered again from 1 inside an item is not new items
    j = start
    while j < len(blocks):
        b = blocks[j]
        if b.heading:
            break
        m = marker(b.text)
        if plain_only and m is not None:
            break
        if head_marker is not None and m is not None and \
                (m == head_marker or _RANK[m] < _RANK[head_marker] and not (first or m == level)):
            break  # a sibling of the head (or a shallower item): the list is over — but a list may be marked
            # “1.” under a “（1）” head (西安民政局 2021): the kind its first item takes is the list's
        if first:
            level = m
        elif level is not None and m is not None and _RANK[m] < _RANK[level]:
            break
        new_item = first or (m == level if level is not None else True)
        if level is None and not first and m is not None:
            new_item = False  # a deeper marker under a plain line: inside it
        if new_item and not first and m is not None and number is not None and \
                (marker_number(b.text) or 0) <= number:
            new_item = False  # “3.编外人员” after “4.专项统计业务……1.……2.……”: the fourth item's own list (深圳统计局)
        if new_item and m is not None:
            number = marker_number(b.text)
        if new_item:
            if not item_has_figure:
                readable = False
            found = amounts.get(j, [])
            item_has_figure = bool(found)
            if found:
                parts.append(found[0])
        first = False
        text = b.text.rstrip()
        if level is None and not text.endswith(("；", ";", "，", ",")):
            break  # plain lines: the list ends with the line that ends its sentence
        j += 1
    if not item_has_figure:
        readable = False
    return parts, readable
