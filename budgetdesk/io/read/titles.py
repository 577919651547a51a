"""A table's title in a cell: which table of a template set it names (shared by the text, workbook and PDF readers).

Kept apart from the text reader so reading a workbook does not import it.
"""

from __future__ import annotations

import re

from budgetdesk.core.template import TableTemplate
from budgetdesk.core.text import fold

_BOOKMARK = re.compile(r"\[bookmark:[^\[\]]*\]")  # [^[]: an unclosed "[bookmark:" is scanned once
_SENTENCE = re.compile(r"[，。；、：:]")


def clean_title(text: str) -> str:
    return _BOOKMARK.sub("", text).lstrip("# ").strip()


def match_title(text: str, tables: tuple[TableTemplate, ...]) -> tuple[TableTemplate, str, bool] | None:
    """The table whose title this cell is (longest title wins); also the prefix (unit name) and exactness.

    Exactness is True only for the table's official title; a match with one of its aliases or with a
    prefixed title (unit name, year) is still a match, but ranks lower when template sets compete.
    """
    cleaned = clean_title(text)
    folded = title_key(text, cleaned)
    if not folded:
        return None
    best: tuple[int, TableTemplate, str, bool] | None = None
    for t, name, n, official in _folded_titles(tables):
        if folded == n:
            cand = (len(n) + 1000 + (500 if official else 0), t, "", official)
        elif folded.endswith(n) and not _SENTENCE.search(folded[: -len(n)]):
            cand = (len(n), t, cleaned[: len(cleaned) - len(name)].strip() if cleaned.endswith(name) else "", False)
        else:
            continue
        if best is None or cand[0] > best[0]:
            best = cand
    return None if best is None else (best[1], best[2], best[3])


_TITLES: dict[int, tuple] = {}


def _folded_titles(tables: tuple[TableTemplate, ...]) -> tuple[tuple[TableTemplate, str, str, bool], ...]:
    """(table, title or alias, folded, is official) — folded once per template set, not once per cell."""
    hit = _TITLES.get(id(tables))
    if hit is None or hit[0] is not tables:  # keyed by identity: hashing nested templates costs more than folding
        hit = _TITLES[id(tables)] = (tables, tuple((t, name, fold(name), name == t.title)
                                                   for t in tables for name in (t.title, *t.aliases)))
    return hit[1]


def title_key(text: str, cleaned: str | None = None) -> str:
    """The cell text as ``match_title`` compares it with the folded titles, or "" when it can be no title; a title
    ``n`` (folded) can match only a text whose key ends with ``n``."""
    cleaned = clean_title(text) if cleaned is None else cleaned
    return fold(cleaned) if cleaned and len(cleaned) <= 60 else ""
