"""PDF reading (issue 24): open + check of a published package, and table extraction against pdfplumber.

    .venv/bin/python -m benchmarks.pdf_bench                      # in-process medians and accuracy, four packages
    .venv/bin/python -m benchmarks.pdf_bench --tables-only ours|plumber FILE   # one extraction, for farm-bench

Whole-process timings come from ``farm-bench`` (interleaved runs, medians), e.g.
    farm-bench -n 7 -- .venv/bin/budgetdesk check tests/fixtures/real/sh_putuo_swj_2025_dept_budget.pdf
    farm-bench -n 5 -- .venv/bin/python -m benchmarks.pdf_bench --tables-only ours FILE \\
        --vs ".venv/bin/python -m benchmarks.pdf_bench --tables-only plumber FILE"
pdfplumber is not a dependency of budgetdesk: it is imported from PDFPLUMBER_PATH (``pip install --target DIR
pdfplumber``). Accuracy: the figures (amounts with two decimals) each tool puts in table cells, against
every such figure printed on the pages the tables are on (PDFium's text of those pages).
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REAL = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "real"
DOCUMENTS = {"sh_putuo_swj_2025_dept_budget.pdf": "sh-budget", "sh_putuo_zfb_2025_unit_budget.pdf": "sh-unit-budget",
             "js_gaoyuan_2019_dept_budget.pdf": "js-budget", "js_swbgt_2019_tables.pdf": "js-budget"}
_AMOUNT = re.compile(r"-?\d{1,3}(?:,\d{3})*\.\d{2}(?!\d)|-?\d+\.\d{2}(?!\d)")


def _template(path: Path) -> str:
    return DOCUMENTS.get(path.name) or ("js-budget" if path.name.startswith("js_") else "sh-budget")


def ours(path: Path) -> tuple[list[str], set[int]]:
    """Every cell of every table region as our reader's grids (before placement), and the pages they are on."""
    from budgetdesk.io.read.import_report import ImportReport
    from budgetdesk.io.read.pdf import _grid, find_tables
    from budgetdesk.io.read.pdf_grid import build_rows, column_borders
    from budgetdesk.io.read.pdf_layout import read_layout
    from budgetdesk.resources import load_template

    layout = read_layout(path)
    pages = {p.number: p for p in layout.pages}
    found, _ = find_tables(layout, load_template(_template(path)), ImportReport(path.name))
    cells, on = [], set()
    for t in found:
        parts = [(pages[p], lines) for p, lines in _grid(t)]
        on |= {p.number for p, _l in parts}
        for row in build_rows(parts, column_borders(parts)):
            cells.extend(c.text for c in row)
    return cells, on


def plumber(path: Path, only: set[int] | None = None) -> list[str]:
    sys.path.insert(0, os.environ.get("PDFPLUMBER_PATH", "/tmp/pdfw/plumber"))
    import pdfplumber

    cells = []
    with pdfplumber.open(str(path)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            if only is not None and number not in only:
                continue
            for table in page.extract_tables():
                cells.extend((c or "").replace("\n", "") for row in table for c in row)
    return cells


def figures(cells: list[str]) -> Counter:
    return Counter(c.strip() for c in cells if _AMOUNT.fullmatch(c.strip()))


def printed(path: Path, pages: set[int]) -> Counter:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    out: Counter = Counter()
    for number in pages:
        text = pdf[number - 1].get_textpage().get_text_range()
        out.update(m.group(0) for m in _AMOUNT.finditer(text))
    return out


def main(argv: list[str]) -> int:
    if argv[:1] == ["--tables-only"]:
        path = Path(argv[2])
        found = ours(path)[0] if argv[1] == "ours" else plumber(path)
        print(sum(figures(found).values()))
        return 0
    try:
        plumber(REAL / "js_swbgt_2019_tables.pdf", {1})
    except ImportError:
        print("pdfplumber 未安装（PDFPLUMBER_PATH 所指的目录）：只测 budgetdesk")
        for name in DOCUMENTS:
            times = []
            for _ in range(3):
                t = time.perf_counter()
                cells, pages = ours(REAL / name)
                times.append(time.perf_counter() - t)
            print(f"{name}: {sum(figures(cells).values())} 个数，{statistics.median(times):.2f} s")
        return 0
    print("| 文件 | 页 | budgetdesk：秒（中位数） | 找到的数 / 印出的数 | pdfplumber extract_tables：秒 | 找到的数 | 倍数 |")
    print("|---|---|---|---|---|---|---|")
    for name in DOCUMENTS:
        path = REAL / name
        ours_times, theirs_times = [], []
        for _ in range(3):  # interleaved
            t = time.perf_counter()
            cells, pages = ours(path)
            ours_times.append(time.perf_counter() - t)
            t = time.perf_counter()
            theirs = plumber(path, pages)
            theirs_times.append(time.perf_counter() - t)
        truth = printed(path, pages)
        mine, other = figures(cells) & truth, figures(theirs) & truth
        a, b = statistics.median(ours_times), statistics.median(theirs_times)
        print(f"| {name} | {len(pages)} | {a:.2f} | {sum(mine.values())} / {sum(truth.values())} | {b:.2f} | "
              f"{sum(other.values())} | {b / a:.1f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
