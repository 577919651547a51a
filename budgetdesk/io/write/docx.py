"""The 情况说明 written as a Word file, with real heading styles and the document's charts.

Set as an official document (党政机关公文格式 GB/T 9704): title in 方正小标宋简体 二号, first-level headings in
黑体 三号, second-level in 楷体_GB2312 三号, body in 仿宋_GB2312 三号 with a fixed 28 pt line and two characters'
indent, black throughout (not Word's blue headings), margins 3.7/3.5/2.8/2.6 cm, page numbers “— 1 —”.
The styles keep Word's names (Title, Heading 1/2), so the file reads back as a 情况说明 with its headings.
"""

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

    path = Path(path)
    sanitizer = Sanitizer(MAX_DOCX_TEXT)
    d = docx.Document()
    _official_styles(d)
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
            d.add_paragraph(sanitizer.text(b.text, f"情况说明第 {i + 1} 段"))  # Normal: 仿宋_GB2312 三号, two characters' indent
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


BODY_PT = 16  # 三号
TITLE_PT = 22  # 二号
FONTS = {"Normal": "仿宋_GB2312", "Title": "方正小标宋简体", "Heading 1": "黑体", "Heading 2": "楷体_GB2312"}


def _official_styles(d) -> None:
    """Normal, Title and Heading 1/2 as GB/T 9704 sets them; the page's margins and page numbers."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    for name, font in FONTS.items():
        st = d.styles[name]
        st.font.name = font
        rpr = st.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), font)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)  # a theme font would win over the named one
        st.font.size = Pt(TITLE_PT if name == "Title" else BODY_PT)
        st.font.bold = False
        st.font.italic = False
        st.font.color.rgb = RGBColor(0, 0, 0)  # not Word's blue headings
        fmt = st.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(28 if name != "Title" else 36)
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        fmt.first_line_indent = None if name == "Title" else Pt(2 * BODY_PT)  # two characters
        if name == "Title":
            fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
            fmt.space_after = Pt(BODY_PT)
            ppr = st.element.get_or_add_pPr()
            for border in ppr.findall(qn("w:pBdr")):  # the default Title's blue rule under it
                ppr.remove(border)
    for section in d.sections:
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
        _page_number(section.footer.paragraphs[0])


def _page_number(paragraph) -> None:
    """“— 1 —” in 宋体 四号, centred (GB/T 9704 puts it outside; centred reads the same on both sides)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Pt(0)

    def run(text: str = ""):
        r = paragraph.add_run(text)
        r.font.size = Pt(14)
        r.font.name = "宋体"
        r.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
        return r

    run("— ")
    field = run()
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        field.element.append(el)
    run(" —")


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
        picture.paragraph_format.first_line_indent = Pt(0)
        picture.paragraph_format.line_spacing = 1.0  # not the body's fixed 28 pt, which would crop the picture
        picture.add_run().add_picture(io.BytesIO(chart_png(chart)), width=Cm(15))
        caption = d.add_paragraph(sanitizer.text(chart.caption, "图的标题"))
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        caption.paragraph_format.first_line_indent = Pt(0)
        caption.runs[0].font.size = Pt(14)  # 四号
