"""Tooltips as lines a screen can hold: Qt shows a plain-text tooltip as one line however long it is.

A finding's message is often a hundred characters (“《支出总表》“2080101 行政运行”行“合计”列…”), wider than
a laptop screen. Each line is wrapped at about ``WIDTH`` half-width units (a Chinese character counts two),
never inside a number or a word in Latin letters (“1,734.08”, “BD-COL-EXPEND”).
"""

from __future__ import annotations

import unicodedata

WIDTH = 72  # half-width units: 36 Chinese characters, about 500 pixels at the usual font size


def _units(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _unbreakable(a: str, b: str) -> bool:
    """No break between ``a`` and ``b``: inside a number, a Latin word, or before closing punctuation."""
    keep = lambda c: c.isascii() and (c.isalnum() or c in ".,%-_:/")  # noqa: E731
    return (keep(a) and keep(b)) or b in "，。；：、）》”’！？%" or a in "（《“‘"


def wrap_line(line: str, width: int = WIDTH) -> list[str]:
    out: list[str] = []
    while sum(_units(c) for c in line) > width:
        used, cut = 0, 0
        for i, ch in enumerate(line):
            used += _units(ch)
            if used > width:
                break
            if i + 1 < len(line) and not _unbreakable(ch, line[i + 1]):
                cut = i + 1
        if cut == 0:  # one unbreakable run longer than a line: break after it instead
            cut = next((i + 1 for i in range(len(line) - 1) if not _unbreakable(line[i], line[i + 1])), len(line))
        out.append(line[:cut].rstrip())
        line = line[cut:].lstrip()
    out.append(line)
    return out


def wrapped(text: str | None, width: int = WIDTH) -> str | None:
    """``text`` with every line wrapped to ``width``; None stays None (no tooltip)."""
    if text is None:
        return None
    return "\n".join(part for line in text.split("\n") for part in wrap_line(line, width))
