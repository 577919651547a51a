"""Workbook import benchmark: budgetdesk's import of the exported sample vs openpyxl's own load of it.

Run with ``benchmarks/run``. Target: import ≤ 1.3 × openpyxl's ``load_workbook`` of the same file.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import openpyxl

from budgetdesk.io.files import open_document
from budgetdesk.io.xlsx_export import export_xlsx
from budgetdesk.resources import sample_path


def median_ms(fn, repeat: int = 15) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    doc, _ = open_document(sample_path())
    book = export_xlsx(doc, Path(tempfile.mkdtemp()) / "sample.xlsx")
    ours = median_ms(lambda: open_document(book))
    plain = median_ms(lambda: openpyxl.load_workbook(book).close())
    read_only = median_ms(lambda: openpyxl.load_workbook(book, read_only=True, data_only=True).close())
    print()
    print("| Excel benchmark (exported Yongchuan sample, 9 sheets) | median |")
    print("|---|---|")
    print(f"| openpyxl `load_workbook` (default mode) | {plain:.1f} ms |")
    print(f"| openpyxl `load_workbook(read_only=True)` (opens only; cells not yet read) | {read_only:.1f} ms |")
    print(f"| budgetdesk import: read every cell, recognise tables, place figures | {ours:.1f} ms |")
    print(f"| ratio budgetdesk / openpyxl default load (target ≤ 1.3×) | {ours / plain:.2f}× |")


if __name__ == "__main__":
    main()
