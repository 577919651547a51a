"""绩效目标表 benchmark: reading the seeds' forms, a full check, and one live edit of a target.

Run with ``benchmarks/run``. A live edit re-expands every ``perf_*`` rule (targets decide the checks),
so its cost grows with the number of targets: Yongchuan has 45, Hebei 25.
"""

from __future__ import annotations

from decimal import Decimal

from benchmarks.core_bench import median_ms
from budgetdesk.core.engine import Engine
from budgetdesk.core.performance.edit import set_field
from budgetdesk.io.read.disclosure_text import read_disclosure
from budgetdesk.resources import load_template
from tests.conftest import SEED_FILES


def main() -> None:
    print()
    print("| 绩效目标表 benchmark | targets | indicators | read seed (tables + 绩效) | full check | one live edit |")
    print("|---|---|---|---|---|---|")
    for name in ("beibei", "yongchuan", "haigang"):
        path, template = SEED_FILES[name]
        ts = load_template(template)
        read = median_ms(lambda: read_disclosure(path, ts), 7)
        doc, _ = read_disclosure(path, ts)
        check = median_ms(lambda: Engine(doc).findings(), 7)
        engine = Engine(doc)
        engine.watch()
        target = doc.performance.targets[-1]
        values = iter(range(1, 10_000))

        def edit() -> None:
            doc.performance.replace(set_field(doc.performance.get(target.key), "total", str(Decimal(next(values)))))

        live = median_ms(edit, 15)
        n = sum(len(t.indicators) for t in doc.performance)
        print(f"| {name} | {len(doc.performance)} | {n} | {read:.1f} ms | {check:.1f} ms | {live:.2f} ms |")


if __name__ == "__main__":
    main()
