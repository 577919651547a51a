"""The 情况说明 written as a Word file, with real heading styles and the document's charts."""

from __future__ import annotations

from pathlib import Path

from budgetdesk.core.charts import UNPLACED, chart_places, is_placeholder
from budgetdesk.core.narrative.model import Narrative
from budgetdesk.io.sanitize import Sanitizer
from budgetdesk.io.store.tempfiles import write_bytes_atomically

MAX_DOCX_TEXT = 1_000_000  # one paragraph; Word holds far more, the 情况说明 reader takes 50,000


def write_docx(narrative: Narrative, path: Path | str, *, title: str = "", charts: list | None = None,
               notices: list[str] | None = None) -> Path:
    """A Word file of the narrative: a title, headings as Heading 1/2, body paragraphs indented two characters.

    ``charts`` (``ChartData`` of the document) are placed as pictures with their caption under them at
    their section (``core.charts.chart_places``); a placeholder line “（图N：…）” is replaced by its chart.
    Every text goes through the writers' one sanitiser (NUL and other control characters, lone surrogates
    become U+FFFD instead of stopping the export); what it changed is added to ``notices``.
    """
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    path = Path(path)
    sanitizer = Sanitizer(MAX_DOCX_TEXT)
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
        head = d.add_heading(sanitizer.text(title, "Word 文档标题"), level=0)
        head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    places = chart_places(narrative, charts or [])
    for i, b in enumerate(narrative.blocks):
        here = places.get(i, [])
        if b.heading:
            level = 2 if b.text.startswith(("（", "(")) else 1
            d.add_heading(sanitizer.text(b.text, f"情况说明第 {i + 1} 段（标题）"), level=level)
        elif not any(is_placeholder(b.text, c) for c in here):
            para = d.add_paragraph(sanitizer.text(b.text, f"情况说明第 {i + 1} 段"))
            para.paragraph_format.first_line_indent = Pt(28)
        _add_charts(d, here, sanitizer)
    if places.get(UNPLACED):
        d.add_heading("附图", level=1)
        _add_charts(d, places[UNPLACED], sanitizer)
    import io

    package = io.BytesIO()
    d.save(package)
    written = write_bytes_atomically(path, package.getvalue())
    if notices is not None:
        notices.extend(sanitizer.notices)
    return written


def _add_charts(d, charts: list, sanitizer: Sanitizer) -> None:
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
        caption = d.add_paragraph(sanitizer.text(chart.caption, "图的标题"))
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        caption.runs[0].font.size = Pt(12)
