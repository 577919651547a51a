"""Recall of 绩效自评表 in other units' layouts: the corpus's 92 real forms rewritten many ways
(``tests/io/evaluation_variants``).

Run with ``benchmarks/run`` (or ``python -m benchmarks.evaluation_recall_bench [variants]``). Each variant prints
every form again (titles and headings reworded, funding and indicator columns in any order, 元 or 万元, merged
一级/二级指标 cells, 总分 under 分值/得分) and reads it back with the reader every path uses. Reports the share of
forms read whole (every field: amounts in the printed unit, funding lines, 执行率, 总分, 预期/实际) and of indicators
read whole (levels, 指标值, 实际完成值, 分值, 得分, 偏差原因), and the false findings (自评表 findings the forms as
printed do not have). Target: 100 % of forms, ≥ 99.5 % of indicators, 0 false findings.
"""

from __future__ import annotations

import sys
import time

from tests.io.evaluation_variants import measure, truth


def main(variants: int = 20) -> None:
    started = time.perf_counter()
    forms = truth()
    total = None
    for n in range(variants):
        outcome = measure(n * 1000 + n % 2, forms)  # every other one: all forms on one sheet
        if total is None:
            total = outcome
        else:
            total.add(outcome)
    seconds = time.perf_counter() - started
    print()
    print(f"| 绩效自评表 recall ({variants} rewritten variants of the corpus's {len(forms)} real forms) | result |")
    print("|---|---|")
    print(f"| forms read whole | {total.forms_read} / {total.forms} = {100 * total.forms_read / total.forms:.2f} % "
          f"(target 100 %) |")
    print(f"| indicators read whole | {total.indicators_read} / {total.indicators} = "
          f"{100 * total.indicators_read / total.indicators:.2f} % (target ≥ 99.5 %) |")
    print(f"| false findings | {total.false_findings} (target 0) |")
    print(f"| time | {seconds:.0f} s |")
    for line in total.misses[:5]:
        print(f"  {line}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
