"""Core benchmarks: full audit of the bundled sample; one-cell live re-check on a 300-row table.

Run with ``benchmarks/run`` (or ``.venv/bin/python -m benchmarks.core_bench``). Prints a Markdown
table for README. Times are medians of repeated runs, in milliseconds.
"""

from __future__ import annotations

import platform
import statistics
import time
from decimal import Decimal

from budgetdesk.core.document import Document, UnitMeta
from budgetdesk.core.engine import Engine
from budgetdesk.io.files import open_document
from budgetdesk.resources import catalogue_provider, load_template, sample_path


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def synthetic_document(rows_wanted: int = 300) -> Document:
    """A 支出总表 with 10 类 × 5 款 × 5 项 (310 code rows) whose totals all balance."""
    ts = load_template("cq-budget")
    doc = Document(ts, UnitMeta(unit_name="基准单位", year=2024))
    grand = Decimal(0)
    for c in range(201, 211):
        lei = str(c)
        doc.add_code_row("expenditure", lei, f"类{lei}")
        lei_total = Decimal(0)
        for k in range(1, 6):
            kuan = f"{lei}{k:02d}"
            doc.add_code_row("expenditure", kuan, f"款{kuan}")
            kuan_total = Decimal(0)
            for x in range(1, 6):
                xiang = f"{kuan}{x:02d}"
                doc.add_code_row("expenditure", xiang, f"项{xiang}")
                basic = Decimal(c * 7 + k * 3 + x) + Decimal("0.25")
                project = Decimal(k * 11 + x) + Decimal("0.50")
                doc.set("expenditure", xiang, "basic", basic)
                doc.set("expenditure", xiang, "project", project)
                doc.set("expenditure", xiang, "total", basic + project)
                kuan_total += basic + project
            doc.set("expenditure", kuan, "total", kuan_total)
            lei_total += kuan_total
        doc.set("expenditure", lei, "total", lei_total)
        grand += lei_total
    doc.set("expenditure", "total", "total", grand)
    assert len(doc.table("expenditure").code_rows()) >= rows_wanted
    return doc


def main() -> None:
    sample, _ = open_document(sample_path())
    provide = catalogue_provider(sample.template_set)
    engine = Engine(sample, provide)
    full_sample = median_ms(lambda: Engine(sample, provide), 20)

    doc = synthetic_document()
    provide = catalogue_provider(doc.template_set)
    engine = Engine(doc, provide)
    full_synth = median_ms(lambda: Engine(doc, provide), 10)
    engine.watch()
    values = iter(Decimal(n) / 100 for n in range(10_000, 20_000))

    def one_edit():
        doc.set("expenditure", "2050303", "basic", next(values))

    incremental = median_ms(one_edit, 500)
    print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print(f"sample checks: {Engine(sample, catalogue_provider(sample.template_set)).check_count}; "
          f"synthetic rows: {len(doc.table('expenditure').rows)}, checks: {engine.check_count}")
    print()
    print("| benchmark | median |")
    print("|---|---|")
    print(f"| full audit of the Yongchuan sample (9 tables) | {full_sample:.1f} ms |")
    print(f"| full audit, synthetic 310-row 支出总表 document | {full_synth:.1f} ms |")
    print(f"| one-cell edit → findings delta, same document | {incremental:.3f} ms |")
    print(f"| ratio full / incremental | {full_synth / incremental:.0f}× |")


if __name__ == "__main__":
    main()
