"""The 情况说明 checker's work grows linearly with the text (issue 29).

Two measures, neither an absolute timing: the Python lines the checker executes (deterministic, counted with a
trace function) for a real text and the same text ten times over; and, for the shapes that made the regular
expressions backtrack (a 10,000-digit number, "-" and spaces, a long run of Chinese characters, digit groups,
an unclosed bookmark), the ratio of the best of a few CPU timings at 10× the length — quadratic work made
these 100× slower, linear work stays near 10×.
"""

from __future__ import annotations

import gc
import sys
import time

import pytest

from budgetdesk.core.narrative.check import check_narrative
from budgetdesk.core.narrative.extract import TOKEN, PLACEHOLDER
from budgetdesk.core.narrative.model import Block, Narrative
from budgetdesk.core.narrative.parse import parse_text
from tests.core.narrative.conftest import LESHAN


def _leshan_paragraphs() -> list[str]:
    return [b.text for b in parse_text(LESHAN.read_text(encoding="utf-8")).blocks]


def _lines_executed(fn) -> int:
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return tracer

    old = sys.gettrace()
    sys.settrace(tracer)
    try:
        fn()
    finally:
        sys.settrace(old)
    return count


def _cpu(fn, runs: int = 3, at_least: float = 0.05) -> float:
    """CPU seconds per call, best of ``runs``; each run repeats ``fn`` until ``at_least`` seconds have passed,
    so a clock that ticks in 15.6 ms steps (Windows, Wine) does not read a short call as 0."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            calls, t = 0, time.process_time()
            while True:
                fn()
                calls += 1
                spent = time.process_time() - t
                if spent >= at_least or runs == 1:
                    break
            best = min(best, spent / calls)
    finally:
        gc.enable()
    return best


def test_work_per_paragraph_does_not_grow_with_the_text(vocabulary, rules):
    """Ten times the paragraphs (each a real one, in different places) is about ten times the Python work:
    no pass rescans the text per claim or per paragraph (it was 40× at 1,900 paragraphs)."""
    paragraphs = _leshan_paragraphs()

    def narrative(copies: int) -> Narrative:
        return Narrative(tuple(Block(p) for _ in range(copies) for p in paragraphs))

    small, large = narrative(2), narrative(20)
    check_narrative(small, vocabulary, rules, year=2024)  # warm the caches (catalogue index, compiled patterns)
    a = _lines_executed(lambda: check_narrative(small, vocabulary, rules, year=2024))
    b = _lines_executed(lambda: check_narrative(large, vocabulary, rules, year=2024))
    assert b <= 11 * a, (a, b)


def test_one_long_paragraph_is_linear(vocabulary, rules):
    """One paragraph of real sentences, 10× longer: about 10× the work (a 100,000-character paragraph took 16–22 s)."""
    body = "".join(_leshan_paragraphs())
    short = Narrative((Block((body * 10)[:5_000]),))
    long = Narrative((Block((body * 100)[:50_000]),))
    check_narrative(short, vocabulary, rules, year=2024)
    a = _lines_executed(lambda: check_narrative(short, vocabulary, rules, year=2024))
    b = _lines_executed(lambda: check_narrative(long, vocabulary, rules, year=2024))
    assert b <= 11 * a, (a, b)


HOSTILE = {
    "a long number": lambda n: "1" * n,
    "a sign and spaces": lambda n: "-" + " " * (n - 3) + "万元",
    "digit groups": lambda n: "1" + ",111" * (n // 4),
    "Chinese characters": lambda n: "中" * n,
    "a subject name without its 款": lambda n: ("农林水支出（类）" * (n // 8)),
    "decimals": lambda n: "0." + "1" * n,
    "percent signs": lambda n: "1" * (n // 2) + " " * 8 + "%" * (n // 2),
}


@pytest.mark.parametrize("shape", sorted(HOSTILE))
def test_token_scan_is_linear_on_hostile_shapes(shape):
    make = HOSTILE[shape]
    short, long = make(20_000), make(200_000)

    def scan(text):
        return lambda: sum(1 for _ in TOKEN.finditer(text))

    a, b = _cpu(scan(short)), _cpu(scan(long))
    assert b <= 30 * max(a, 1e-3), (shape, a, b)  # 10× the text: linear is ~10×, quadratic ~100×


def test_placeholder_pattern_is_linear():
    """"主要原因是" followed by spaces and a letter: two adjacent repeats over spaces backtracked quadratically."""
    short, long = " " * 20_000 + "x", " " * 200_000 + "x"
    a = _cpu(lambda: PLACEHOLDER.match(short))
    b = _cpu(lambda: PLACEHOLDER.match(long))
    assert b <= 30 * max(a, 1e-3), (a, b)  # linear ~10×, quadratic ~100×


def test_hostile_paragraphs_check_quickly(vocabulary, rules):
    """The issue's inputs, each checked whole (text-only): 20 paragraphs of a 10,000-digit number or of "-" and
    9,990 spaces never finished; now each is a fraction of a second of CPU."""
    for text in ("1" * 10_000, "-" + " " * 9_990, "[bookmark:" * 1_000, "为" * 10_000 + "1万元"):
        narrative = Narrative(tuple(Block(text) for _ in range(20)))
        assert _cpu(lambda: check_narrative(narrative, vocabulary, rules, year=2024), runs=1) < 5


def test_joined_lines_are_linear():
    """A text whose lines never end a sentence is joined into one paragraph; joining piece by piece copied the
    growing paragraph for every line."""
    line = "这是一行没有句号的很长的文字，它接着写下去，写到第四十个字以上还没有写完，页面就断开了的"
    a = _lines_executed(lambda: parse_text("\n".join([line] * 500)))
    b = _lines_executed(lambda: parse_text("\n".join([line] * 5_000)))
    assert b <= 11 * a, (a, b)
    joined = parse_text("\n".join([line] * 3))
    assert [blk.text for blk in joined.blocks] == [line * 3]


def test_nested_lists_without_a_sentence_end_are_linear(vocabulary, rules):
    """“（其中：人员经费1万元（其中：人员经费1万元……” with no “。”: every head's list used to be scanned to the
    paragraph's end (the fuzz run's narrtext #3: 20 s for 46,000 characters); now each list costs its own length."""
    def narrative(heads: int) -> Narrative:
        return Narrative((Block("收入预算情况说明：其中：" + "（其中：人员经费1万元" * heads),))

    check_narrative(narrative(50), vocabulary, rules, year=2024)
    a = _lines_executed(lambda: check_narrative(narrative(80), vocabulary, rules, year=2024))
    b = _lines_executed(lambda: check_narrative(narrative(800), vocabulary, rules, year=2024))
    assert b <= 12 * a, (a, b)
