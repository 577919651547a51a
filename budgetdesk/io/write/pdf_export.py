"""Publication-ready PDF of a disclosure package (reportlab platypus).

Each table as printed: centred title, 编制单位 left and 单位 right, the template's merged header, grid
lines, right-aligned amounts with thousands separators, names that wrap, 备注 lines below. Every
table fits the page width (columns shrink, font steps down, names wrap — a column never continues on
another page); A4 in the table's orientation; header rows repeat on each page; rows are never split;
"第 N 页 共 M 页" on every page; optional cover and contents pages. The font is embedded (subset):
SimSun when Windows has it, else the bundled WenQuanYi Micro Hei; text stays selectable.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

from budgetdesk.io.fast_imports import import_platypus_quickly

import_platypus_quickly()  # before reportlab.platypus below: start-up costs the export does not need

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import (BaseDocTemplate, Frame, LongTable, NextPageTemplate, PageBreak, PageTemplate,
                                Paragraph, Spacer, Table, TableStyle)
from reportlab.platypus.doctemplate import LayoutError
from reportlab.platypus.tableofcontents import TableOfContents

from budgetdesk.core.codes import code_level
from budgetdesk.core.document import Document
from budgetdesk.core.layout import printed_rows
from budgetdesk.core.money import format_amount
from budgetdesk.core.template import TableTemplate
from budgetdesk.core.text import fill
from budgetdesk.io.write.pdf_style import (BASE_SIZE, CELL_PADDING, FONT, MARGIN, MIN_SIZE, FontChoice, current_text,
                                          escape, paragraph_style, register_font)
from budgetdesk.io.write.pdf_text import PdfText
from budgetdesk.io.write.pdf_adjustments import adjustment_flowables
from budgetdesk.io.write.pdf_comparison import comparison_flowables
from budgetdesk.io.store import interchange
from budgetdesk.io.store.tempfiles import write_bytes_atomically
from budgetdesk.io.write.pdf_attachment import embed


class NumberedCanvas(pdfcanvas.Canvas):
    """Knows the total page count when pages are written, for “第 N 页 共 M 页”."""

    def __init__(self, *args, attachment: bytes | None = None, **kwargs):
        kwargs.setdefault("initialFontName", FONT)  # no reference to a non-embedded default font
        kwargs.setdefault("initialFontSize", 9)
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self._attachment = attachment  # the document's .json, embedded so the PDF reads back exactly

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            width, _height = self._pagesize
            self.setFont(FONT, 9)
            self.drawCentredString(width / 2, 8 * mm, f"第 {self._pageNumber} 页 共 {total} 页")
            super().showPage()
        if self._attachment is not None:
            embed(self._doc, self._attachment)
        super().save()


def _cell(text: str, where: str, style: ParagraphStyle, width: float, indent: int = 0):
    """A table cell's text: a plain string when it fits one line of its column (``indent`` ideographic
    spaces, one em each, stand for the paragraph indent), else a wrapping paragraph."""
    current = current_text.get()
    if current is not None and "\n" not in text:
        room = width - 2 * CELL_PADDING - indent * style.fontSize - 0.5
        line = current.one_line(text, where, room, style.fontSize)
        if line is not None:
            return "\u3000" * indent + line
    return Paragraph(escape(text, where), style)


def _narrative_flowables(doc: Document, places: dict | None = None) -> list:
    """The 情况说明 as printed: a centred title, bold headings, body paragraphs indented two characters.

    ``places`` (``core.charts.chart_places``): the charts drawn after a block, or in place of its “（图N：…）” line."""
    from budgetdesk.core.charts import is_placeholder

    kind = doc.package_name()
    title = Paragraph(escape(f"{doc.meta.unit_name}{doc.meta.year or ''}年{kind}情况说明", "情况说明标题", cell=False),
                      paragraph_style("nt", 16, TA_CENTER, 24))
    title.toc_title = "情况说明"
    heading, body = paragraph_style("nh", 12, TA_LEFT, 20), ParagraphStyle("nb", parent=paragraph_style("nb0", 11, TA_LEFT, 19), firstLineIndent=22)
    out: list = [title, Spacer(1, 4 * mm)]
    for i, b in enumerate(doc.narrative.blocks):
        here = (places or {}).get(i, [])
        if b.text.strip() and (b.heading or not any(is_placeholder(b.text, c) for c in here)):
            text = escape(b.text, f"情况说明第 {i + 1} 段", cell=False)  # a paragraph, not a table cell: not cut at 200
            out.append(Paragraph(f"<b>{text}</b>" if b.heading else text, heading if b.heading else body))
            out.append(Spacer(1, 1.5 * mm))
        if here:
            from budgetdesk.io.write.chart_draw import chart_flowable

            out += [chart_flowable(c) for c in here]
    return out


class _PdfBuffer(io.BytesIO):
    """Where the PDF is built: each pass of ``multiBuild`` saves the whole file in one write, replacing the last.

    Built in memory and written by ``write_bytes_atomically``, a full disk fails one plain write whose
    file is closed at once (reportlab's own file is left open when its write fails).
    """

    def write(self, data) -> int:
        self.seek(0)
        self.truncate()
        return super().write(data)


class _Doc(BaseDocTemplate):
    def afterFlowable(self, flowable):
        title = getattr(flowable, "toc_title", None)
        if title:
            self.notify("TOCEntry", (0, title, self.page))


WRAPPING_KINDS = ("name", "label", "text")  # columns of words: they wrap, and absorb the squeeze and the spare room


def _column_widths(template: TableTemplate, available: float, size: float, places: int = 2) -> list[float]:
    """Natural widths at ``size`` points; labels absorb the squeeze first, then everything scales."""
    char = size  # CJK glyphs are about one em wide
    widths = []
    if template.serial_column:
        widths.append(3 * char)
    for c in template.columns:
        if c.kind == "code":
            widths.append(7.5 * char * 0.6 + 6)
        elif c.kind == "line":
            widths.append(2.5 * char)
        elif c.kind in WRAPPING_KINDS:  # (text: a 明细表's other 科目 columns, 北京 支出总表)
            widths.append((c.width or 3) * 4.5 * char)
        else:  # “123,456.78”, and for each further decimal one more digit (北京 prints 6)
            widths.append(max((8.5 + max(places - 2, 0)) * char * 0.6 + 6, 5 * char))
    return widths


def _fit(template: TableTemplate, available: float, places: int = 2) -> tuple[list[float], float]:
    """Column widths that fit ``available`` and the font size to use: step the font down, then squeeze labels."""
    size = BASE_SIZE
    while True:
        widths = _column_widths(template, available, size, places)
        total = sum(widths)
        if total <= available or size <= MIN_SIZE:
            break
        size -= 0.5
    total = sum(widths)
    if total > available:  # still too wide at the smallest size: shrink label columns (they wrap), then all
        label_idx = [i for i, c in enumerate(template.columns, 1 if template.serial_column else 0)
                     if c.kind in WRAPPING_KINDS]
        excess = total - available
        label_total = sum(widths[i] for i in label_idx)
        for i in label_idx:
            widths[i] -= min(excess * widths[i] / label_total, widths[i] * 0.5)
        total = sum(widths)
    if total > available:
        widths = [w * available / total for w in widths]
    elif total < available:  # use the page width: give the room to label columns
        label_idx = [i for i, c in enumerate(template.columns, 1 if template.serial_column else 0)
                     if c.kind in WRAPPING_KINDS] or list(range(len(widths)))
        extra = (available - total) / len(label_idx)
        for i in label_idx:
            widths[i] += extra
    return widths, size


def _table_flowables(doc: Document, template: TableTemplate, available: float, values: dict) -> list:
    table = doc.table(template.id)
    widths, size = _fit(template, available, doc.template_set.amount_places)
    head = paragraph_style("head", size, TA_CENTER)
    body = paragraph_style("body", size)
    indented = [paragraph_style(f"body{i}", size, indent=i * size) for i in range(4)]
    total_style = paragraph_style("total", size, TA_CENTER)
    offset = 1 if template.serial_column else 0
    ncols = len(template.columns) + offset
    header_rows = template.header_rows + (1 if template.column_numbers_row else 0)
    data: list[list] = [["" for _ in range(ncols)] for _ in range(header_rows)]
    style = [
        ("FONT", (0, 0), (-1, -1), FONT, size, size * 1.3),  # the leading of the paragraph styles
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, header_rows - 1), "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
    ]
    for cell in template.header:
        span = sum(widths[offset + cell.col:offset + cell.col + cell.colspan])
        data[cell.row][offset + cell.col] = _cell(fill(cell.label, values), "表头", head, span)
        if cell.rowspan > 1 or cell.colspan > 1:
            style.append(("SPAN", (offset + cell.col, cell.row),
                          (offset + cell.col + cell.colspan - 1, cell.row + cell.rowspan - 1)))
    if template.serial_column:
        data[0][0] = _cell("序号", "表头", head, widths[0])
        if template.header_rows > 1:
            style.append(("SPAN", (0, 0), (0, template.header_rows - 1)))
    if template.column_numbers_row:
        data[header_rows - 1] = (["栏次"] if template.serial_column else []) + [str(j + 1) for j in range(len(template.columns))]
    centred: list[tuple[int, int]] = []  # plain-string cells of centred labels (totals)
    for n, printed in enumerate(printed_rows(table, hide_optional_empty=True), 1):
        line: list = [str(n)] if template.serial_column else []
        for j, col in enumerate(template.columns):
            logical = printed.row_for(col.side)
            if logical is None:
                line.append("")
                continue
            where = f"《{template.title}》第 {n} 行"
            width = widths[offset + j]
            if col.kind == "code":
                line.append(logical.code or "")
            elif col.kind in ("name", "label"):
                is_total = not logical.is_code_row and logical.spec and logical.spec.band == "total"
                if logical.is_code_row:
                    level = min(max(code_level(logical.code or "") - 1, 0), 3)
                    line.append(_cell(logical.label, where, indented[level], width, level))
                elif col.kind == "name" or is_total:
                    line.append(_cell(logical.label, where, total_style, width))
                    centred.append((offset + j, len(data)))
                else:
                    level = min(logical.spec.indent if logical.spec else 0, 3)
                    line.append(_cell(table.printed_label(logical), where, indented[level], width, level))
            elif col.kind == "line":
                line.append(logical.spec.line if logical.spec else "")
            elif col.is_amount:
                line.append(format_amount(table.amount(logical.key, col.key), doc.template_set.amount_places))
            else:
                v = table.get(logical.key, col.key)
                line.append(_cell(str(v), where, body, width) if v else "")
        data.append(line)
    for j, col in enumerate(template.columns):
        if col.is_amount:
            style.append(("ALIGN", (offset + j, header_rows), (offset + j, -1), "RIGHT"))
        elif col.kind == "line":
            style.append(("ALIGN", (offset + j, header_rows), (offset + j, -1), "CENTER"))
    style.extend(("ALIGN", cell, cell, "CENTER") for cell in centred)
    if template.serial_column:
        style.append(("ALIGN", (0, header_rows), (0, -1), "CENTER"))
    grid = LongTable(data, colWidths=widths, repeatRows=header_rows, splitByRow=1, hAlign="CENTER")
    grid.setStyle(TableStyle(style))
    title = Paragraph(escape(template.printed_title(values), f"《{template.title}》标题", cell=False),
                      paragraph_style("title", 16, TA_CENTER, 22))
    title.toc_title = escape(template.printed_title(values), f"《{template.title}》标题")
    meta_lines = []
    for left, right in doc.template_set.header_lines:
        meta = Table([[Paragraph(escape(fill(left, values)), paragraph_style("l", 9)),
                       Paragraph(escape(fill(right, values)), paragraph_style("r", 9, 2))]],
                     colWidths=[available * 0.7, available * 0.3])
        meta.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 9),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                  ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
        meta_lines.append(meta)
    notes = [fill(n, values) for n in template.notes] + [line for line in doc.note(template.id).splitlines() if line]
    out = [title, Spacer(1, 3 * mm), *meta_lines, Spacer(1, 1.5 * mm), grid]
    if notes:
        out.append(Spacer(1, 2 * mm))
        out.extend(Paragraph(escape(n, f"《{template.title}》表下说明", cell=False), paragraph_style("note", 8.5)) for n in notes)
    return out


def export_pdf(doc: Document, path: Path | str, *, tables: list[str] | None = None,
               cover: bool = False, contents: bool = False, notices: list[str] | None = None,
               charts: bool | None = None) -> Path:
    """Write the package (or the ``tables`` given, in official order) to ``path``.

    ``charts``: the 情况说明 charts on pages before the tables; by default with the whole package (``cover``)."""
    path = Path(path)
    font = register_font()
    text = PdfText(FONT)
    token = current_text.set(text)
    chart_notices: list[str] = []
    try:
        _build_pdf(doc, path, font, text, tables, cover, contents, charts, chart_notices)
    finally:
        current_text.reset(token)
    if notices is not None:
        notices.extend(([font.notice] if font.notice else []) + text.notices() + chart_notices)
    return path


def _build_pdf(doc: Document, path: Path, font: FontChoice, text: PdfText, tables: list[str] | None,
               cover: bool, contents: bool, charts: bool | None, notices: list[str]) -> None:
    values = doc.meta.format_values()
    chosen = doc.published_tables() if tables is None else [t for t in doc.template_set.tables if t.id in tables]
    if not chosen:
        raise ValueError("没有选中任何表")
    title = f"{doc.meta.unit_name}{doc.meta.year or ''}年{doc.package_name()}公开表"
    built = _PdfBuffer()
    pdf = _Doc(built, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN + 4 * mm,
               title=text.plain(title, "PDF 标题"), author=text.plain(doc.meta.unit_name or "budgetdesk", "PDF 作者"), subject=doc.template_set.name,
               creator=f"budgetdesk（字体：{font.name}）", initialFontName=FONT, initialFontSize=9)
    templates = []
    for orient, size in (("portrait", A4), ("landscape", landscape(A4))):
        frame = Frame(MARGIN, MARGIN + 4 * mm, size[0] - 2 * MARGIN, size[1] - 2 * MARGIN - 4 * mm, id=orient,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        templates.append(PageTemplate(id=orient, frames=[frame], pagesize=size))
    pdf.addPageTemplates(templates)
    story: list = []
    if cover:
        story += [Spacer(1, 70 * mm), Paragraph(escape(doc.meta.unit_name, "封面"), paragraph_style("c1", 22, TA_CENTER, 30)),
                  Spacer(1, 10 * mm), Paragraph(f"{doc.meta.year or ''}年{doc.package_name()}公开",
                                                paragraph_style("c2", 20, TA_CENTER, 28))]
    if contents:
        if story:
            story.append(PageBreak())
        toc = TableOfContents()
        toc.levelStyles = [paragraph_style("toc", 11, TA_LEFT, 18)]
        toc.tableStyle = TableStyle([("FONT", (0, 0), (-1, -1), FONT, 11), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                     ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
        story += [Paragraph("目　录", paragraph_style("toctitle", 16, TA_CENTER, 24)), Spacer(1, 6 * mm), toc]
    narrative = tables is None and bool(doc.narrative)  # the whole package opens with the 情况说明
    drawn, places = [], {}
    if cover if charts is None else charts:  # its charts: in the text at their places, else on 附图 pages
        from budgetdesk.core.charts import UNPLACED, chart_places
        from budgetdesk.io.write.chart_draw import chart_notices, document_charts

        drawn = document_charts(doc)
        notices.extend(chart_notices(drawn))
        places = chart_places(doc.narrative, drawn) if narrative else {UNPLACED: drawn}
    if narrative:
        if story:
            story.append(PageBreak())
        story += _narrative_flowables(doc, places)
    chart_pages = []
    if drawn and places.get(UNPLACED):
        from budgetdesk.io.write.chart_draw import chart_story

        story += (chart_pages := chart_story(places[UNPLACED], first=not story))
    for i, template in enumerate(chosen):
        orient = "landscape" if template.orientation == "landscape" else "portrait"
        story.append(NextPageTemplate(orient))
        if story and (i > 0 or cover or contents or narrative or chart_pages):
            story.append(PageBreak())
        elif i == 0 and orient == "landscape":
            pdf.pageTemplates.insert(0, pdf.pageTemplates.pop(1))  # the first page already landscape
        width = (landscape(A4)[0] if orient == "landscape" else A4[0]) - 2 * MARGIN
        story += _table_flowables(doc, template, width, values)
    if (tables is None or "performance" in tables) and len(doc.performance) and doc.template_set.performance:
        from budgetdesk.io.write.performance_pdf import performance_story  # 绩效目标表: imported only when there are some

        story += performance_story(doc, first=not chosen)
    if tables is None:  # the whole package: 决算 also gets its 完成预算 % / 上年 appendix
        story += comparison_flowables(doc, A4[0] - 2 * MARGIN, FONT, paragraph_style)
        story += adjustment_flowables(doc, A4[0] - 2 * MARGIN, FONT, paragraph_style)  # 部门汇总's 调整表
    data = interchange.dumps(doc).encode("utf-8", "backslashreplace")
    canvas = functools.partial(NumberedCanvas, attachment=data)
    try:
        if contents:
            pdf.multiBuild(story, canvasmaker=canvas)
        else:
            pdf.build(story, canvasmaker=canvas)
    except LayoutError as exc:  # cut cells make this unlikely; still a message, not a traceback
        raise ValueError(f"{path.name}：有一行内容过多，排不进一页（{str(exc)[:80]}），请缩短该行文字") from None
    write_bytes_atomically(path, built.getvalue())
