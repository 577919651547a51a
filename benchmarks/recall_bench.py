"""Recall of workbook import: the three seed workbooks rewritten ≥ 500 ways (``tests/io/workbook_variants``).

Run with ``benchmarks/run`` (or ``python -m benchmarks.recall_bench [variants per seed]``). Reports the share
of amounts placed in the right cell and the false errors (errors a variant has that the original does not).
Target: ≥ 99.5 % placed, 0 false errors.
"""

from __future__ import annotations

import sys
import time
from collections import Counter

from budgetdesk.resources import load_template, template_ids
from tests.io.workbook_variants import make_variant, measure, seed_books


def main(per_seed: int = 170) -> None:
    started = time.perf_counter()
    seeds = seed_books()
    candidates = [load_template(t) for t in template_ids()]
    amounts = placed = false_errors = variants = failed = 0
    failing: Counter[str] = Counter()
    examples: list[str] = []
    for seed in seeds:
        for n in range(per_seed):
            sheets, kinds = make_variant(seed, n)
            outcome = measure(seed, sheets, candidates)
            variants += 1
            amounts += outcome.amounts
            placed += outcome.placed
            false_errors += len(outcome.false_errors)
            if outcome.misses or outcome.false_errors:
                failing.update(kinds)
                failed += 1
                if len(examples) < 5:
                    examples.append(f"{seed.name} #{n} {kinds}: {(outcome.misses + outcome.false_errors)[:2]}")
    seconds = time.perf_counter() - started
    print()
    print(f"| Import recall ({variants} rewritten seed workbooks) | result |")
    print("|---|---|")
    print(f"| amounts placed in the right cell | {placed} / {amounts} = {100 * placed / amounts:.2f} % (target ≥ 99.5 %) |")
    print(f"| false errors (errors the unchanged workbook does not have) | {false_errors} (target 0) |")
    print(f"| variants with any miss or false error | {failed} |")
    print(f"| time | {seconds:.0f} s |")
    for line in examples:
        print(f"  {line}")
    if failing:
        print(f"  rewrites among failing variants: {dict(failing)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 170)
