"""情况说明 benchmarks: checking Beibei's text against its tables (what the editor does after each pause
in typing), Leshan's long text on its own and against the 决算 sample's tables, and generating a complete
预算 and 决算 text for the bundled samples.

Run with ``benchmarks/run`` (or ``.venv/bin/python -m benchmarks.narrative_bench``). Medians, in ms.
"""

from __future__ import annotations

import platform
from pathlib import Path

from benchmarks.core_bench import median_ms
from budgetdesk.core.narrative.check import check_narrative
from budgetdesk.core.narrative.generate import generate
from budgetdesk.io.files import open_document
from budgetdesk.io.read.narrative import read_narrative
from budgetdesk.resources import narrative_data, narrative_rules, narrative_sections, narrative_vocabulary, sample_path

SEEDS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "seeds"


def main() -> None:
    beibei, _ = open_document(SEEDS / "chongqing_beibei_2024_budget.txt")
    leshan = read_narrative(SEEDS / "sichuan_leshan_2024_final_accounts.txt")
    sample, _ = open_document(sample_path())
    vocabulary, rules, spec = narrative_vocabulary(2024), narrative_rules(), narrative_data("budget-sections")
    generated = generate(sample, vocabulary, spec)
    final, _ = open_document(sample_path("leshan-2024-final.json"))
    final_spec = narrative_sections(final.template_set)
    final_text = generate(final, vocabulary, final_spec)
    rows = [
        ("北碚情况说明对表检查（%d 段）" % len(beibei.narrative.blocks),
         median_ms(lambda: check_narrative(beibei.narrative, vocabulary, rules, beibei), 30)),
        ("乐山情况说明纯文字检查（%d 段）" % len(leshan.blocks), median_ms(lambda: check_narrative(leshan, vocabulary, rules), 30)),
        ("永川样例生成情况说明（%d 段）" % len(generated.blocks), median_ms(lambda: generate(sample, vocabulary, spec), 30)),
        ("永川生成稿对表检查", median_ms(lambda: check_narrative(generated, vocabulary, rules, sample), 30)),
        ("乐山决算样例生成情况说明（%d 段）" % len(final_text.blocks), median_ms(lambda: generate(final, vocabulary, final_spec), 30)),
        ("乐山决算生成稿对表检查", median_ms(lambda: check_narrative(final_text, vocabulary, rules, final), 30)),
        ("乐山原文对决算表检查", median_ms(lambda: check_narrative(leshan, vocabulary, rules, final), 30)),
    ]
    print(f"\n情况说明（{platform.python_version()}，{platform.machine()}）\n")
    print("| 操作 | 中位数（毫秒） |\n|---|---|")
    for label, ms in rows:
        print(f"| {label} | {ms:.1f} |")


if __name__ == "__main__":
    main()
