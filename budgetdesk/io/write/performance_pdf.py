"""绩效目标表 pages of the PDF package: each form as printed, merged cells, fitted to the page width.

Stacked forms (整体, 重点专项, each project) get a portrait page each; the wide 预算项目绩效目标表 a
landscape table whose four header rows repeat on every page. Cells come from
``core.performance.layout`` like the Excel sheets, so both show the same table.
"""

from __future__ import annotations

from dataclasses import replace

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, NextPageTemplate, PageBreak, Paragraph, Spacer, Table, TableStyle

from budgetdesk.core.document import Document
from budgetdesk.core.performance.layout import FormLayout, stacked_layout, wide_layout
from budgetdesk.core.performance.model import TargetKind
from budgetdesk.io.write.pdf_style import FONT, MARGIN, escape  # one escaper: sanitised, cut, glyphs checked
from budgetdesk.io.write.performance_xlsx import form_for
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
    for kind in TargetKind:
        targets = doc.performance.of_kind(kind)
        if not targets:
            continue
        form = form_for(forms, kind)
        if form.layout == "wide":
            pages = [(targets[0].money_unit, doc.meta.unit_name, wide_layout(targets, forms), "landscape", 4)]
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
            layout, prose = _move_out_long_text(layout)
            story += [title, Spacer(1, 3 * mm), meta, Spacer(1, 1.5 * mm),
                      _grid(layout, width, 6.5 if orient == "landscape" else 9, repeat)]
            for label, text in prose:  # longer than a page cell: printed below the table, in full
                story.append(Spacer(1, 3 * mm))
                story.append(Paragraph(escape(label, f"《{form.title}》", cell=False), paragraph_style("plabel", 10)))
                story += [Paragraph(escape(line, f"《{form.title}》“{label}”", cell=False), paragraph_style("pprose", 9))
                          for line in text.split("\n") if line.strip()]
    return story


def _move_out_long_text(layout: FormLayout) -> tuple[FormLayout, list[tuple[str, str]]]:
    """Cells too long for one page (河北 分项绩效目标 runs to pages) say “见表后” and follow the table."""
    labels = {(c.row, c.col + c.colspan): c.text for c in layout.cells if c.role == "label"}
    cells, prose = [], []
    for c in layout.cells:
        if c.role == "value" and len(c.text) > LONG_TEXT:
            label = labels.get((c.row, c.col), "")
            prose.append((label, c.text))
            c = replace(c, text=f"（{len(c.text)} 字，见表后“{label}”）")
        cells.append(c)
    return replace(layout, cells=tuple(cells)), prose


def _widths(layout: FormLayout, available: float, wide: bool) -> list[float]:
    if wide:
        weights = [1.6, 2.2, 1.3, 3.2] + [1.5 if (c - 4) % 2 == 0 else 1.1 for c in range(4, layout.cols)]
    else:
        weights = [1.4] + [1.0] * (layout.cols - 1)
    total = sum(weights)
    return [available * w / total for w in weights]


def _grid(layout: FormLayout, width: float, size: float, repeat: int):
    label, body, amount = paragraph_style("plab", size, TA_CENTER), paragraph_style("pbody", size), paragraph_style("pamt", size, TA_RIGHT)
    data: list[list] = [["" for _ in range(layout.cols)] for _ in range(layout.rows)]
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("FONT", (0, 0), (-1, -1), FONT, size)] + \
        [(k, (0, 0), (-1, -1), 2) for k in ("TOPPADDING", "BOTTOMPADDING", "LEFTPADDING", "RIGHTPADDING")]
    for cell in layout.cells:
        st = label if cell.role in ("label", "header") else amount if cell.role == "amount" else body
        where = f"绩效目标表第 {cell.row + 1} 行"  # a value ≤ LONG_TEXT is printed whole; labels are cut like table cells
        data[cell.row][cell.col] = Paragraph(escape(cell.text, where, cell=cell.role != "value"), st) if cell.text else ""
        if cell.rowspan > 1 or cell.colspan > 1:
            style.append(("SPAN", (cell.col, cell.row), (cell.col + cell.colspan - 1, cell.row + cell.rowspan - 1)))
        if cell.role in ("label", "header"):
            style.append(("BACKGROUND", (cell.col, cell.row), (cell.col + cell.colspan - 1, cell.row + cell.rowspan - 1),
                          colors.Color(0.95, 0.95, 0.95)))
    cls = LongTable if repeat else Table
    grid = cls(data, colWidths=_widths(layout, width, bool(repeat)), repeatRows=repeat, hAlign="CENTER")
    grid.setStyle(TableStyle(style))
    return grid
