"""``budgetdesk convert BOOK.xlsx OUT.pdf`` against LibreOffice converting the same workbook, side by side.

A user who has a workbook and wants the publication PDF waits for a whole process either way, so both
are timed as whole processes, started fresh each run, with every baseline warm: LibreOffice's profile
exists, our bytecode is compiled and the font is cached, as on a machine that has run each once. Runs
are **interleaved** (ours, LibreOffice, ours, LibreOffice …) so a machine that speeds up or slows down
touches both alike; the ratio is taken pair by pair and its median reported, with the medians of each.

Two workbooks: our own export (the hidden sheet names its template) and a **foreign** one — the same
tables with the hidden sheet removed and saved by another program, so every table is recognised by
its title and header as a unit's own workbook would be.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from benchmarks.batch_bench import budgetdesk_command, environment, measure
from budgetdesk.io.files import open_document
from budgetdesk.io.write.xlsx_export import export_xlsx
from budgetdesk.resources import sample_path

PAIRS = 7


def foreign_copy(book: Path, out: Path) -> Path:
    import openpyxl

    wb = openpyxl.load_workbook(book)
    del wb["budgetdesk"]
    wb.save(out)
    return out


def interleaved(ours: list[str], theirs: list[str], env: dict[str, str], pairs: int = PAIRS) -> dict:
    measure(ours, env)  # warm: bytecode, font cache
    measure(theirs, env)  # warm: LibreOffice's profile
    a, b = [], []
    for _ in range(pairs):
        a.append(measure(ours, env))
        b.append(measure(theirs, env))
    med = lambda rows, k: statistics.median(r[k] for r in rows)  # noqa: E731
    return {"ours_wall": med(a, "wall"), "ours_cpu": med(a, "cpu"), "theirs_wall": med(b, "wall"),
            "theirs_cpu": med(b, "cpu"),
            "ratio_wall": statistics.median(y["wall"] / x["wall"] for x, y in zip(a, b)),
            "ratio_cpu": statistics.median(y["cpu"] / x["cpu"] for x, y in zip(a, b)),
            "rc": (a[-1]["rc"], b[-1]["rc"])}


def main() -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        print("convert vs LibreOffice: LibreOffice not installed (apt-get install libreoffice-calc-nogui)")
        return
    work = Path(tempfile.mkdtemp(prefix="bd-convert-"))
    env = environment(work)
    bd = budgetdesk_command()
    own = export_xlsx(open_document(sample_path())[0], work / "own.xlsx")
    foreign = foreign_copy(own, work / "foreign.xlsx")
    print()
    print(f"| convert to PDF, whole process, {PAIRS} interleaved pairs, baselines warm | budgetdesk wall / CPU "
          "| LibreOffice wall / CPU | ratio wall (median of pairs) | ratio CPU |")
    print("|---|---|---|---|---|")
    for label, book in (("our own export (hidden sheet names the template)", own),
                        ("foreign workbook (no hidden sheet: tables recognised by title and header)", foreign)):
        r = interleaved([*bd, "convert", str(book), str(work / f"{book.stem}.pdf")],
                        [office, "--headless", "--convert-to", "pdf", "--outdir", str(work / "lo"), str(book)], env)
        if r["rc"] != (0, 0):
            print(f"| {label}: exit codes {r['rc']} | | | | |", file=sys.stderr)
        print(f"| {label} | {r['ours_wall'] * 1000:.0f} / {r['ours_cpu'] * 1000:.0f} ms | "
              f"{r['theirs_wall'] * 1000:.0f} / {r['theirs_cpu'] * 1000:.0f} ms | {r['ratio_wall']:.1f}× | "
              f"{r['ratio_cpu']:.1f}× |")


if __name__ == "__main__":
    main()
