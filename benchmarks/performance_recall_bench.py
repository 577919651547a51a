"""Recall of 绩效目标表 in other units' layouts: the seeds' 74 forms rewritten ≥ 500 ways (``tests/io/performance_variants``).

Run with ``benchmarks/run`` (or ``python -m benchmarks.performance_recall_bench [variants]``). Every tenth variant
printed as sheets goes through a real .xlsx opened like any unit's workbook (with the seed's budget tables); the
others are read as a disclosure's pages or as sheets in memory. Reports the share of forms read whole (kind,
name, code, amounts in the printed unit, funding, goal), of indicators read whole (levels, name, nature, value,
unit, weight, description, basis), and the false findings (绩效 findings the targets as printed do not have).
Target: 100 % of forms, ≥ 99.5 % of indicators, 0 false findings.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from tests.io.performance_variants import make_variant, measure, seed_truth


def main(variants: int = 510) -> None:
    started = time.perf_counter()
    truth = seed_truth()
    forms = forms_read = indicators = indicators_read = false_findings = failed = through_xlsx = 0
    failing: Counter[str] = Counter()
    examples: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        for n in range(variants):
            v = make_variant(truth, n)
            real = v.as_sheets and n % 10 == 1
            through_xlsx += real
            outcome = measure(v, Path(folder) if real else None)
            forms += outcome.forms
            forms_read += outcome.forms_read
            indicators += outcome.indicators
            indicators_read += outcome.indicators_read
            false_findings += len(outcome.false_findings)
            if outcome.misses or outcome.false_findings:
                failed += 1
                failing.update(v.kinds)
                if len(examples) < 5:
                    examples.append(f"#{n} {v.template}: {(outcome.misses + outcome.false_findings)[:2]}")
    seconds = time.perf_counter() - started
    print()
    print(f"| 绩效目标表 recall ({variants} rewritten variants of the seeds' forms, {through_xlsx} through real .xlsx) "
          f"| result |")
    print("|---|---|")
    print(f"| forms read whole | {forms_read} / {forms} = {100 * forms_read / forms:.2f} % (target 100 %) |")
    print(f"| indicators read whole | {indicators_read} / {indicators} = {100 * indicators_read / indicators:.2f} % "
          f"(target ≥ 99.5 %) |")
    print(f"| false findings | {false_findings} (target 0) |")
    print(f"| variants with any miss or false finding | {failed} |")
    print(f"| time | {seconds:.0f} s |")
    for line in examples:
        print(f"  {line}")
    if failing:
        print(f"  rewrites among failing variants: {dict(failing)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 510)
