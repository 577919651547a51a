"""The year a 情况说明 is about, when no document says it.

A published text names its year in its titles: "2025年部门预算编制说明", "江苏省高级人民法院 2019 年度部门
预算情况说明", "2024年度部门决算情况说明". Counting every year mentioned (the old guess) is misled by
texts that quote last year more often than this year ("比2024年预算增加…", "截至2024年8月31日"),
and then every correct comparison with last year reads as a year error. So the titles decide; only
when no title names a year is the most frequent year taken, and when that is a tie there is no year.
"""

from __future__ import annotations

import re
from collections import Counter

from budgetdesk.core.narrative.claims import Extraction
from budgetdesk.core.narrative.model import Narrative

_TITLE_YEAR = re.compile(r"(20\d\d)\s?年度?\s?(?:部门|单位)?\s?(?:财务)?\s?(?:预算|决算)\s?(?:情况|编制|公开)?\s?说明")


def title_year(narrative: Narrative) -> int:
    """The year the headings (or, failing them, the first paragraphs) give the text, 0 if none."""
    years: Counter[int] = Counter()
    for b in narrative.blocks:
        for m in _TITLE_YEAR.finditer(b.text):
            years[int(m.group(1))] += 3 if b.heading else 1
    if not years:
        return 0
    best = max(years.values())
    top = [y for y, n in years.items() if n == best]
    return top[0] if len(top) == 1 else 0


def document_year(narrative: Narrative, extraction: Extraction) -> int:
    year = title_year(narrative)
    if year:
        return year
    counts = Counter(int(c.value) for c in extraction.claims if c.kind == "year" and not c.word)
    if not counts:
        return 0
    best = max(counts.values())
    top = [y for y, n in counts.items() if n == best]
    return top[0] if len(top) == 1 else 0
