"""Workbook import benchmark: budgetdesk's import of the exported sample vs openpyxl's own load of it.

Run with ``benchmarks/run``. Target: import ≤ 1.3 × openpyxl's ``load_workbook`` of the same file.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl

from benchmarks.core_bench import median_ms
from budgetdesk.io.files import open_document
from budgetdesk.io.write.pdf_export import export_pdf
from budgetdesk.io.write.xlsx_export import export_xlsx
from budgetdesk.resources import sample_path


def main() -> None:
    doc, _ = open_document(sample_path())
    book = export_xlsx(doc, Path(tempfile.mkdtemp()) / "sample.xlsx")
    ours = median_ms(lambda: open_document(book), 15)
    plain = median_ms(lambda: openpyxl.load_workbook(book).close(), 15)
    read_only = median_ms(lambda: openpyxl.load_workbook(book, read_only=True, data_only=True).close(), 15)
    print()
    print("| Excel benchmark (exported Yongchuan sample, 9 sheets) | median |")
    print("|---|---|")
    print(f"| openpyxl `load_workbook` (default mode) | {plain:.1f} ms |")
    print(f"| openpyxl `load_workbook(read_only=True)` (opens only; cells not yet read) | {read_only:.1f} ms |")
    print(f"| budgetdesk import: read every cell, recognise tables, place figures | {ours:.1f} ms |")
    print(f"| ratio budgetdesk / openpyxl default load (target ≤ 1.3×) | {ours / plain:.2f}× |")
    folder = Path(tempfile.mkdtemp())
    pdf = median_ms(lambda: export_pdf(doc, folder / "sample.pdf"), 7)
    print()
    print("| PDF benchmark (whole sample package) | median |")
    print("|---|---|")
    print(f"| budgetdesk `export_pdf` | {pdf:.0f} ms |")
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        print("| LibreOffice: not installed on this machine (apt-get install libreoffice-calc-nogui) | — |")
        return

    def convert() -> None:
        subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(book)],
                       check=True, capture_output=True, timeout=300)

    convert()  # first run creates LibreOffice's profile; not counted
    lo = median_ms(convert, 3)
    print(f"| `libreoffice --headless --convert-to pdf` of the exported xlsx | {lo:.0f} ms |")
    print(f"| ratio LibreOffice / budgetdesk (target ≥ 5×) | {lo / pdf:.1f}× |")


if __name__ == "__main__":
    main()
