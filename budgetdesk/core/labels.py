"""Matching printed labels by meaning: numbering, spacing and the usual word variants folded away.

Units word the same row or column differently: "（一）一般公共预算资金" and "一般公共预算拨款收入",
"总数" and "合计", "上年结转结余" and "上年结余结转". ``canonical`` removes what never carries meaning
(numbering, spaces, line breaks, full-width forms, quotes, a trailing colon); ``concept`` also folds
the variant words (funding suffixes 预算/资金/财政/拨款/收入, total words 合计/总计/总数/小计, the
order of 结转/结余). ``match_label`` scores a label against candidates tier by tier — exact, canonical,
concept, then close spelling — and answers only when one candidate is best, so a wrong guess is
rarer than a miss (a miss is reported; a wrong guess would move a figure silently).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Iterable, Sequence, TypeVar

from budgetdesk.core.text import fold

T = TypeVar("T")

TOTAL = "∑"  # a total word in a concept key: 合计/总计/总数/小计 …
TOTAL_WORDS = ("合计", "总计", "总数", "小计", "共计", "总额")
FUNDING_SUFFIXES = ("预算", "资金", "财政", "拨款", "收入")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_NUMBERING = re.compile(
    r"^(?:"
    r"[一二三四五六七八九十]+[、.,，]"  # 一、
    r"|\([一二三四五六七八九十\d]+\)[、.,，]?"  # (一) (1)
    r"|\d(?=\([一二三四五六七八九十]+\))"  # a stray digit before (一) (重庆规划和自然资源局 2026: “1（二）政府性基金…”)
    r"|[" + _CIRCLED + r"][、.,，]?"  # ①
    r"|\d+(?:\.\d+)*[、.,，](?!\d)"  # 1.  1、  1.2.
    r"|第[一二三四五六七八九十\d]+[项部分类款]?[、:：]?"  # 第一部分
    r"|其中[:：,，]?"  # 其中：
    r"|[-—·•*]+"  # bullets
    r")"
)
_BRACKETS = str.maketrans({"[": "(", "]": ")", "{": "(", "}": ")", "<": "(", ">": ")", "《": "", "》": ""})
_DROP = re.compile(r"['\"`]")
_CARRY = re.compile(r"结转(?:和|及|与|、)?结余|结余(?:和|及|与|、)?结转")
_YEAR_WORD = re.compile(r"^(?:20\d\d|\{(?:prior_)?year\})年度?|^年(?=预算|决算)")


@lru_cache(maxsize=8192)
def canonical(text: str | None) -> str:
    """What a label says once numbering, spaces, widths, quotes and a trailing colon are gone."""
    s = (text or "").strip()
    if s[:1] and s[0] in _CIRCLED:  # NFKC would turn ① into a bare 1
        s = s[1:]
    s = fold(s).translate(_BRACKETS)
    s = _DROP.sub("", s)
    while True:
        stripped = _NUMBERING.sub("", s, count=1)
        if stripped == s or not stripped:
            break
        s = stripped
    return s.rstrip(":：、,，.。")


@lru_cache(maxsize=8192)
def concept(text: str | None) -> str:
    """``canonical`` plus the usual variant words made one: the key two differently worded labels share."""
    s = canonical(text)
    s = _CARRY.sub("结转结余", s)
    s = s.replace("数额", "数").replace("金额", "数")
    total = False
    for word in TOTAL_WORDS:
        if s.endswith(word):
            s, total = s[: -len(word)], True
            break
    while True:
        for suffix in FUNDING_SUFFIXES:
            if s.endswith(suffix) and len(s) - len(suffix) >= 2:
                s = s[: -len(suffix)]
                break
        else:
            break
    return s + TOTAL if total else s


def is_total_word(text: str | None) -> bool:
    """合计 / 总 计 / 总数 / 小计 alone: a total whose position says which total it is."""
    return concept(text) == TOTAL


def without_year(text: str) -> str:
    """"2024年预算数" → "预算数": year prefixes of column groups carry no meaning for matching."""
    return _YEAR_WORD.sub("", text)


@dataclass(frozen=True)
class LabelMatch:
    tier: int  # 4 exact, 3 canonical, 2 concept, 1 close spelling
    how: str  # in Chinese, for the import report


TIER_NAMES = {4: "名称一致", 3: "去掉编号、空格后一致", 2: "按含义一致", 1: "写法相近"}


def tier_of(label: str, names: Iterable[str], fuzzy: bool = True) -> int:
    """The best tier at which ``label`` matches any of ``names`` (0: no match)."""
    return _tier(label, tuple(names), fuzzy)


@lru_cache(maxsize=16384)
def _tier(label: str, names: tuple[str, ...], fuzzy: bool) -> int:
    f, c, k = fold(label), canonical(label), concept(label)
    if not f:
        return 0
    best = 0
    bare_total = k == TOTAL
    for name in names:
        if bare_total and concept(name) == TOTAL:
            best = max(best, 2)  # 合计 / 小计 alone: which total is said by position (group, order), not the word
            continue
        if fold(name) == f:
            return 4
        nc = canonical(name)
        if nc and nc == c:
            best = max(best, 3)
        elif k and (concept(name) == k or concept(without_year(nc)) == concept(without_year(c))):
            best = max(best, 2)
        elif fuzzy and best < 1 and _close(k, concept(name)):
            best = 1
    return best


def _close(a: str, b: str) -> bool:
    """Same meaning spelled a little differently (a word added or dropped), never for short labels."""
    if min(len(a), len(b)) < 4 or a.endswith(TOTAL) != b.endswith(TOTAL):
        return False
    if a in b or b in a:
        return abs(len(a) - len(b)) <= max(2, min(len(a), len(b)) // 2)
    return SequenceMatcher(None, a, b).ratio() >= 0.8


def match_label(label: str, candidates: Sequence[T], names_of, fuzzy: bool = True) -> tuple[T, int] | None:
    """The one candidate ``label`` means, with its tier; ties at the best tier go to the first listed.

    ``candidates`` come in the caller's preferred order (for rows: from the reading cursor onwards),
    so that two rows with the same words (一般公共预算拨款 under 本年收入 and under 上年结转) are
    taken in printed order.
    """
    best: tuple[T, int] | None = None
    for cand in candidates:
        tier = tier_of(label, names_of(cand), fuzzy)
        if tier and (best is None or tier > best[1]):
            best = (cand, tier)
            if tier == 4:
                break
    if best is not None and best[1] == 1:
        # a close spelling is accepted only when no other candidate is as close
        others = [c for c in candidates if c is not best[0] and tier_of(label, names_of(c), fuzzy) == 1]
        if others:
            return None
    return best
