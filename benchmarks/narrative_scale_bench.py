"""How the 情况说明 checker's time grows with the text (issue 29): Leshan's real text (135 paragraphs, 6,540
characters) at 1×, 10× and 100× its length — as more paragraphs, and as one long paragraph — checked on its
own (text-only, what ``check 情况说明.txt`` does) and against the 决算 sample's tables; and the shapes that used
to backtrack (a long number, "-" and spaces, digit groups, Chinese characters) at 1×, 10×, 100× of 10,000
characters. Linear work shows as 10× and 100× the time.

Run with ``benchmarks/run`` (or ``.venv/bin/python -m benchmarks.narrative_scale_bench``). Best of 3, seconds.
"""

from __future__ import annotations

import platform
import time
from pathlib import Path

from budgetdesk.core.narrative.check import check_narrative
from budgetdesk.core.narrative.model import Block, Narrative
from budgetdesk.io.files import open_document
from budgetdesk.io.read.narrative import read_narrative
from budgetdesk.resources import narrative_rules, narrative_vocabulary, sample_path

SEEDS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "seeds"


def best_s(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    leshan = read_narrative(SEEDS / "sichuan_leshan_2024_final_accounts.txt")
    final, _ = open_document(sample_path("leshan-2024-final.json"))
    vocabulary, rules = narrative_vocabulary(2024), narrative_rules()
    body = "".join(b.text for b in leshan.blocks if not b.heading)

    def copies(n: int) -> Narrative:
        return Narrative(leshan.blocks * n)

    def one_paragraph(n: int) -> Narrative:
        return Narrative((Block(body * n),))

    hostile = {
        "10,000 位的数": lambda n: "1" * (10_000 * n),
        "“-”后接空格": lambda n: "-" + " " * (10_000 * n),
        "数字组“,111”": lambda n: "1" + ",111" * (2_500 * n),
        "连续汉字": lambda n: "中" * (10_000 * n),
    }
    rows = []
    for label, make, doc in (("乐山情况说明，段落倍增，纯文字检查", copies, None),
                             ("乐山情况说明，段落倍增，对决算表检查", copies, final),
                             ("乐山正文连成一段，纯文字检查", one_paragraph, None)):
        times = [best_s(lambda: check_narrative(make(n), vocabulary, rules, doc, year=2024)) for n in (1, 10, 100)]
        chars = sum(len(b.text) for b in make(1).blocks)
        rows.append((f"{label}（1× = {chars:,} 字）", times))
    for label, make in hostile.items():
        times = [best_s(lambda: check_narrative(Narrative((Block(make(n)),)), vocabulary, rules, year=2024))
                 for n in (1, 10, 100)]
        rows.append((f"{label}（1× = 10,000 字，一段）", times))
    print(f"\n情况说明检查的规模（{platform.python_version()}，{platform.machine()}）\n")
    print("| 文本 | 1× | 10× | 100× | 100× ÷ 1× |\n|---|---|---|---|---|")
    for label, (a, b, c) in rows:
        print(f"| {label} | {a:.3f} 秒 | {b:.3f} 秒 | {c:.2f} 秒 | {c / a:.0f} |")


if __name__ == "__main__":
    main()
