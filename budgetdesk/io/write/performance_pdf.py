"""绩效目标表 pages of the PDF package: each form as printed, merged cells, fitted to the page width.

Stacked forms (整体, 重点专项, each project) get a portrait page each; the wide 预算项目绩效目标表 a
landscape table whose four header rows repeat on every page. Cells come from
``core.performance.layout`` like the Excel sheets, so both show the same table.
"""

from __future__ import annotations

import re
from dataclasses import replace

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import LongTable, NextPageTemplate, PageBreak, Paragraph, Spacer, Table, TableStyle

from budgetdesk.core.document import Document
from budgetdesk.core.performance.layout import FormLayout, printed_groups, stacked_layout, wide_layout
from budgetdesk.io.write.pdf_style import FONT, MARGIN, escape  # one escaper: sanitised, cut, glyphs checked
from budgetdesk.resources import load_performance

LONG_TEXT = 900  # characters a form cell holds before it would outgrow a page
PORTRAIT_WIDTH = A4[0] - 2 * MARGIN
LANDSCAPE_WIDTH = landscape(A4)[0] - 2 * MARGIN


def paragraph_style(name: str, size: float, align=TA_LEFT) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=FONT, fontSize=size, leading=size * 1.3, alignment=align, wordWrap="CJK")


def performance_story(doc: Document, *, first: bool) -> list:
    """Flowables for every target of ``doc`` (empty when it has none); ``first``: nothing printed before."""
    if not len(doc.performance) or not doc.template_set.performance:
        return []
    forms = load_performance(doc.template_set.performance)
    year = f"{doc.meta.year}年" if doc.meta.year else ""
    story: list = []
    for group_forms, form, targets in printed_groups(list(doc.performance), forms):
        if form.layout == "wide":
            pages = [(targets[0].money_unit, doc.meta.unit_name, wide_layout(targets, group_forms), "landscape", 4)]
        else:
            pages = [(t.money_unit, t.unit or doc.meta.unit_name, stacked_layout(t, form), "portrait", 0)
                     for t in targets]
        for money_unit, made_by, layout, orient, repeat in pages:
            story.append(NextPageTemplate(orient))
            if story or not first:
                story.append(PageBreak())
            width = LANDSCAPE_WIDTH if orient == "landscape" else PORTRAIT_WIDTH
            title = Paragraph(escape(f"{year}{form.title}", "绩效目标表标题", cell=False), ParagraphStyle(
                "ptitle", fontName=FONT, fontSize=16, leading=22, alignment=TA_CENTER))
            title.toc_title = f"{year}{form.title}"
            meta = Table([[Paragraph(escape(f"编制单位：{made_by}", f"《{form.title}》编制单位"), paragraph_style("pl", 9)),
                           Paragraph(escape(f"单位：{money_unit}", f"《{form.title}》金额单位"), paragraph_style("pr", 9, TA_RIGHT))]],
                         colWidths=[width * 0.7, width * 0.3])
            meta.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
            size, widths = 6.5 if orient == "landscape" else 9, _widths(layout, width, bool(repeat))
            layout, prose = _move_out_long_text(layout, widths, size)
            story += [title, Spacer(1, 3 * mm), meta, Spacer(1, 1.5 * mm), _grid(layout, widths, size, repeat)]
            for label, text in prose:  # longer than a page cell: printed below the table, in full
                story.append(Spacer(1, 3 * mm))
                story.append(Paragraph(escape(label, f"《{form.title}》", cell=False), paragraph_style("plabel", 10)))
                story += [Paragraph(escape(line, f"《{form.title}》“{label}”", cell=False), paragraph_style("pprose", 9))
                          for line in text.split("\n") if line.strip()]
    return story


def _move_out_long_text(layout: FormLayout, widths: list[float],
                        size: float) -> tuple[FormLayout, list[tuple[str, str]]]:
    """Cells too long for one page (河北 分项绩效目标 runs to pages) say “见表后” and follow the table — by length, and
    by the height their column gives them (北京 12表's 386-character 绩效目标 in the wide table's narrow column stood
    452 points tall over its project's rows, more than a landscape page holds below the header)."""
    labels = {(c.row, c.col + c.colspan): c.text for c in layout.cells if c.role == "label"}
    headers = {c.col: c.text for c in layout.cells if c.role == "header"}
    cells, prose = [], []
    for c in layout.cells:
        if c.role == "value" and (len(c.text) > LONG_TEXT or _text_height(c.text, size, _room(c, widths)) > SPAN_ROOM):
            label = labels.get((c.row, c.col), "") or headers.get(c.col, "")
            prose.append((label, c.text))
            c = replace(c, text=f"（{len(c.text)} 字，见表后“{label}”）")
        cells.append(c)
    return replace(layout, cells=tuple(cells)), prose


_EVALUATION_WIDTHS = {"weight": 0.6, "score": 0.8, "level3": 1.3, "actual": 1.5, "deviation": 1.5}


def _widths(layout: FormLayout, available: float, wide: bool) -> list[float]:
    if wide:
        weights = [1.6, 2.2, 1.3, 3.2] + [1.35 if (c - 4) % 2 == 0 else 1.25 for c in range(4, layout.cols)]
    else:
        weights = [1.4] + [1.0] * (layout.cols - 1)
        columns = {c.col: c.field.split(":")[2] for c in layout.cells
                   if c.row == layout.indicator_row and c.colspan == 1 and c.field.startswith("indicator:")}
        if "score" in columns.values():  # a 自评表: its words (实际完成值, 偏差原因) wide, its 分值 and 得分 narrow
            for col, key in columns.items():
                weights[col] = _EVALUATION_WIDTHS.get(key, 1.0)
    total = sum(weights)
    return [available * w / total for w in weights]


# a figure with what belongs to it: “3,300.00”, “=347.736万元”, “≥5000人次”, “≤0.1%”, “1200元/人”
FIGURE = re.compile(r"[≥≤=<>＝＜＞]?\d[\d,.．]* ?(?:%|％|[^\x00-\x7f，。；、：（）()\s“”‘’]{1,3}(?:/[^\x00-\x7f，。；、\s]{1,2})?)?")
NUMBER = re.compile(r"[≥≤=<>＝＜＞]?\d[\d,.．]*%?")
SMALLEST = 4.5  # points: a figure is set this small rather than broken over two lines


def figure_size(text: str, size: float, room: float) -> float:
    """The font size at which every figure of ``text`` fits on one line of ``room`` points (at most ``size``):
    reportlab breaks a run wider than its cell anywhere (“3,300.\n00”, “≥500\n0人”), so such a cell is set
    smaller instead — with its unit when that fits at a readable size, else the number alone (the unit may then
    start the next line, the number never breaks)."""
    for pattern in (FIGURE, NUMBER):
        widest = max((stringWidth(f, FONT, size) for f in pattern.findall(text)), default=0.0)
        if widest <= room:
            return size
        if size * room / widest >= SMALLEST or pattern is NUMBER:
            return max(SMALLEST, size * room / widest)
    return size


CANNOT_START = set("，。；：、）》”’！？%％")
CANNOT_END = set("（《“‘")


def break_lines(text: str, size: float, room: float) -> list[str]:
    """``text`` in lines of at most ``room`` points, broken between characters as Chinese is — but never inside
    a figure (``FIGURE``) and never before closing punctuation. reportlab's own CJK wrapping breaks an ASCII run
    that starts in the first half of a line anywhere (“提前下达202\n3年度”)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        units: list[str] = []
        at = 0
        for m in FIGURE.finditer(paragraph):
            units += list(paragraph[at:m.start()]) + [m.group()]
            at = m.end()
        units += list(paragraph[at:])
        line, used = "", 0.0
        for unit in units:
            w = stringWidth(unit, FONT, size)
            if line and used + w > room and unit not in CANNOT_START:
                carried = ""
                while line and line[-1] in CANNOT_END and len(line) > 1:  # “ ( 《 begin the next line
                    carried, line = line[-1] + carried, line[:-1]
                lines.append(line)
                line, used = carried, stringWidth(carried, FONT, size)
                if unit.isspace():
                    continue
            line += unit
            used += w
        lines.append(line)
    return lines


def _cell_markup(text: str, where: str, whole: bool, size: float, room: float) -> str:
    """The cell's text broken into lines by ``break_lines``, escaped once (sanitised, glyphs checked)."""
    return escape("\n".join(break_lines(text, size, room)), where, cell=whole).replace("\n", "<br/>")


SPAN_ROOM = 280.0  # points: a merged cell taller than this is printed in pieces (a page is never less than ~450)


def _room(cell, widths: list[float]) -> float:
    """The width a cell's text has: its columns less the paddings."""
    return sum(widths[cell.col:cell.col + cell.colspan]) - 5


def _text_height(text: str, size: float, room: float) -> float:
    """How tall ``text`` stands in a cell ``room`` wide, broken as ``break_lines`` breaks it."""
    return len(break_lines(text, size, room)) * size * 1.3 if text else 0.0


def _span_pieces(cell, heights: list[float]) -> list[tuple[int, int]]:
    """(first row, rows) of the pieces a merged cell is printed in. A table cannot break inside a merged cell, so
    one spanning more rows than a page holds (an 一级指标 over 60 indicators of 北京's 13表, 烟台's 产出指标) stopped
    the whole PDF export; it is cut where its rows fill ``SPAN_ROOM``, each piece with the label again."""
    if cell.rowspan <= 1 or cell.role not in ("label", "header"):  # (a value is never printed twice)
        return [(cell.row, cell.rowspan)]
    pieces, top, used = [], cell.row, 0.0
    for r in range(cell.row, cell.row + cell.rowspan):
        if r > top and used + heights[r] > SPAN_ROOM:
            pieces.append((top, r - top))
            top, used = r, 0.0
        used += heights[r]
    pieces.append((top, cell.row + cell.rowspan - top))
    return pieces


def _grid(layout: FormLayout, widths: list[float], size: float, repeat: int):
    label, body, amount = paragraph_style("plab", size, TA_CENTER), paragraph_style("pbody", size), paragraph_style("pamt", size, TA_RIGHT)
    data: list[list] = [["" for _ in range(layout.cols)] for _ in range(layout.rows)]
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("FONT", (0, 0), (-1, -1), FONT, size)] + \
        [(k, (0, 0), (-1, -1), 2) for k in ("TOPPADDING", "BOTTOMPADDING", "LEFTPADDING", "RIGHTPADDING")]
    heights = [0.0] * layout.rows  # each row's height as its one-row cells need it: where a long span may break
    for cell in layout.cells:
        if cell.rowspan == 1 and cell.text:
            heights[cell.row] = max(heights[cell.row], _text_height(cell.text, size, _room(cell, widths)) + 4)
    for cell in layout.cells:
        st = label if cell.role in ("label", "header") else amount if cell.role == "amount" else body
        room = _room(cell, widths)
        fitted = figure_size(cell.text, size, room) if cell.text else size
        if fitted < size:
            st = ParagraphStyle(f"{st.name}{fitted:.2f}", parent=st, fontSize=fitted, leading=fitted * 1.3)
        where = f"绩效目标表第 {cell.row + 1} 行"  # a value ≤ LONG_TEXT is printed whole; labels are cut like table cells
        markup = _cell_markup(cell.text, where, cell.role != "value", fitted, room) if cell.text else ""
        for top, rows in _span_pieces(cell, heights):
            data[top][cell.col] = Paragraph(markup, st) if markup else ""
            if rows > 1 or cell.colspan > 1:
                style.append(("SPAN", (cell.col, top), (cell.col + cell.colspan - 1, top + rows - 1)))
            if cell.role in ("label", "header"):
                style.append(("BACKGROUND", (cell.col, top), (cell.col + cell.colspan - 1, top + rows - 1),
                              colors.Color(0.95, 0.95, 0.95)))
    cls = LongTable if repeat else Table
    grid = cls(data, colWidths=widths, repeatRows=repeat, hAlign="CENTER")
    grid.setStyle(TableStyle(style))
    return grid
