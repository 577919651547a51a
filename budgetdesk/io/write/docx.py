"""The 情况说明 written as a Word file, with real heading styles and the document's charts."""

from __future__ import annotations

from pathlib import Path

from budgetdesk.core.charts import UNPLACED, chart_places, is_placeholder
from budgetdesk.core.narrative.model import Narrative
from budgetdesk.io.store.tempfiles import write_bytes_atomically

def write_docx(narrative: Narrative, path: Path | str, *, title: str = "", charts: list | None = None) -> Path:
    """A Word file of the narrative: a title, headings as Heading 1/2, body paragraphs indented two characters.

    ``charts`` (``ChartData`` of the document) are placed as pictures with their caption under them at
    their section (``core.charts.chart_places``); a placeholder line “（图N：…）” is replaced by its chart.
    """
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    path = Path(path)
    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.name = "仿宋"
    normal.font.size = Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    for name in ("Heading 1", "Heading 2", "Title"):
        st = d.styles[name]
        st.font.name = "黑体"
        st.element.rPr.rFonts.set(qn("w:eastAsia"), "黑体")
    if title:
        head = d.add_heading(title, level=0)
        head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    places = chart_places(narrative, charts or [])
    for i, b in enumerate(narrative.blocks):
        here = places.get(i, [])
        if b.heading:
            level = 2 if b.text.startswith(("（", "(")) else 1
            d.add_heading(b.text, level=level)
        elif not any(is_placeholder(b.text, c) for c in here):
            para = d.add_paragraph(b.text)
            para.paragraph_format.first_line_indent = Pt(28)
        _add_charts(d, here)
    if places.get(UNPLACED):
        d.add_heading("附图", level=1)
        _add_charts(d, places[UNPLACED])
    import io

    package = io.BytesIO()
    d.save(package)
    return write_bytes_atomically(path, package.getvalue())


def _add_charts(d, charts: list) -> None:
    """Each chart as a centred picture (PNG of the same drawing the PDF carries) with its caption under it."""
    if not charts:
        return
    import io

    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    from budgetdesk.io.write.chart_draw import chart_png

    for chart in charts:
        picture = d.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.add_run().add_picture(io.BytesIO(chart_png(chart)), width=Cm(15))
        caption = d.add_paragraph(chart.caption)
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        caption.runs[0].font.size = Pt(12)
