"""PDF reading speed (issue 24): open + check of a published package, and table extraction against pdfplumber.

    .venv/bin/python -m benchmarks.pdf_bench [--tables-only ours|plumber FILE]

Whole-process timings are taken with ``farm-bench`` (interleaved runs, medians):
    farm-bench -n 7 -- .venv/bin/budgetdesk check tests/fixtures/real/sh_putuo_swj_2025_dept_budget.pdf
    farm-bench -n 7 -- .venv/bin/python -m benchmarks.pdf_bench --tables-only ours FILE \
        --vs ".venv/bin/python -m benchmarks.pdf_bench --tables-only plumber FILE"
pdfplumber is not a dependency: install it where PDFPLUMBER_PATH points (pip install --target DIR pdfplumber).
Without --tables-only this module prints in-process medians of both, and the amounts each finds.
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import time
from pathlib import Path

REAL = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "real"
_AMOUNT = re.compile(r"^-?\d{1,3}(?:,\d{3})*\.\d{2}$|^-?\d+\.\d{2}$")


def ours(path: Path) -> list[str]:
    """Every cell of every table region, as our reader's grids (before placement)."""
    from budgetdesk.io.read.import_report import ImportReport
    from budgetdesk.io.read.pdf import _grid, find_tables
    from budgetdesk.io.read.pdf_grid import build_rows, column_borders
    from budgetdesk.io.read.pdf_layout import read_layout
    from budgetdesk.resources import load_template

    layout = read_layout(path)
    pages = {p.number: p for p in layout.pages}
    found, _ = find_tables(layout, load_template("sh-budget"), ImportReport(path.name))
    cells = []
    for t in found:
        parts = [(pages[p], lines) for p, lines in _grid(t)]
        for row in build_rows(parts, column_borders(parts)):
            cells.extend(c.text for c in row)
    return cells


def plumber(path: Path) -> list[str]:
    sys.path.insert(0, os.environ.get("PDFPLUMBER_PATH", "/tmp/pdfw/plumber"))
    import pdfplumber

    cells = []
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                cells.extend((c or "").replace("\n", "") for row in table for c in row)
    return cells


def amounts(cells: list[str]) -> list[str]:
    return sorted(c.strip() for c in cells if _AMOUNT.match(c.strip()))


def main(argv: list[str]) -> int:
    if argv[:1] == ["--tables-only"]:
        fn = ours if argv[1] == "ours" else plumber
        print(len(amounts(fn(Path(argv[2])))))
        return 0
    for name in ("sh_putuo_swj_2025_dept_budget.pdf", "sh_putuo_zfb_2025_dept_budget.pdf"):
        path = REAL / name
        for label, fn in (("budgetdesk", ours), ("pdfplumber", plumber)):
            times = []
            for _ in range(5):
                t = time.perf_counter()
                found = fn(path)
                times.append(time.perf_counter() - t)
            print(f"{name} {label}: {len(amounts(found))} amounts, median {statistics.median(times):.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
