"""情况说明 chart benchmark: chart data, PNG drawing (preview and Word) and the package PDF with and without chart pages.

Run with ``benchmarks/run``. The preview redraws after every edit, so data plus one changed chart's PNG
should stay well under the 400 ms redraw pause.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from benchmarks.core_bench import median_ms
from budgetdesk.io.write.chart_draw import chart_png, document_charts
from budgetdesk.io.files import open_document
from budgetdesk.io.read.narrative import read_narrative
from budgetdesk.io.write.docx import write_docx
from budgetdesk.io.write.pdf_export import export_pdf
from budgetdesk.resources import data_root, sample_path


def main() -> None:
    doc, _ = open_document(sample_path("leshan-2024-final.json"))
    charts = document_charts(doc)
    folder = Path(tempfile.mkdtemp())
    data = median_ms(lambda: document_charts(doc), 50)
    one = median_ms(lambda: chart_png(charts[5], dpi=96), 15)
    plain = median_ms(lambda: export_pdf(doc, folder / "plain.pdf", cover=True, charts=False), 5)
    drawn = median_ms(lambda: export_pdf(doc, folder / "charts.pdf", cover=True, charts=True), 5)
    seed = data_root() / "tests" / "fixtures" / "seeds" / "sichuan_leshan_2024_final_accounts.txt"
    print()
    print(f"| 情况说明 charts (Leshan 决算 sample, {len(charts)} charts) | median |")
    print("|---|---|")
    print(f"| chart data from the live figures (all charts) | {data:.2f} ms |")
    print(f"| one chart as PNG at 96 dpi (preview redraw of a changed chart) | {one:.0f} ms |")
    print(f"| package PDF with cover, no chart pages | {plain:.0f} ms |")
    print(f"| package PDF with cover and the chart pages (vector) | {drawn:.0f} ms |")
    if seed.is_file():
        narrative = read_narrative(seed)
        docx = median_ms(lambda: write_docx(narrative, folder / "n.docx", charts=charts), 5)
        print(f"| 情况说明 .docx with one picture per chart (200 dpi) | {docx:.0f} ms |")


if __name__ == "__main__":
    main()
