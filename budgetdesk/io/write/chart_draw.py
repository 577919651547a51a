"""Drawing the 情况说明 charts with reportlab.graphics: vector in the PDF, the same drawing as PNG for Word.

Official look, legible in black-and-white print: slices and bars in grey shades with black outlines,
every other slice also dotted (so is its legend swatch), each slice named in a legend with its amount and share, shares printed on the pie (outside on a
leader line for a slice under 5%), amounts above the bars, the bundled CJK font. The caption is not
part of the drawing: the PDF and the Word file set it under the chart as text.
"""

from __future__ import annotations

import io
import math
from decimal import Decimal

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from budgetdesk.core.charts import ChartData, charts_for
from budgetdesk.core.document import Document
from budgetdesk.core.money import format_amount
from budgetdesk.io.write.pdf_style import FONT, escape, paragraph_style, register_font

WIDTH = 160 * mm
HEIGHT = 66 * mm
GREYS = (0.88, 0.55, 0.72, 0.40, 0.80, 0.63, 0.47, 0.93, 0.35, 0.68)  # neighbours differ clearly in print
TEXT = 8.5


def grey(i: int) -> colors.Color:
    g = GREYS[i % len(GREYS)]
    return colors.Color(g, g, g)


def dotted(i: int) -> bool:
    """Every other slice is dotted too, so neighbours differ by pattern as well as by shade in black-and-white print."""
    return i % 2 == 1


DOT_STEP = 4.5


def _wedge_dots(d: Drawing, cx: float, cy: float, radius: float, start: float, sweep: float) -> None:
    """Small dots on a polar grid inside the wedge from ``start`` clockwise over ``sweep`` degrees."""
    r = DOT_STEP
    while r < radius - 2:
        step = math.degrees(DOT_STEP / r)
        a = start - step / 2
        while a > start - sweep + step / 4:
            d.add(Circle(cx + r * math.cos(math.radians(a)), cy + r * math.sin(math.radians(a)), 0.55,
                         fillColor=colors.black, strokeColor=None))
            a -= step
        r += DOT_STEP


def _swatch(d: Drawing, x: float, y: float, size: float, i: int) -> None:
    d.add(Rect(x, y, size, size, fillColor=grey(i), strokeColor=colors.black, strokeWidth=0.5))
    if dotted(i):
        for dx in (0.3, 0.7):
            for dy in (0.3, 0.7):
                d.add(Circle(x + dx * size, y + dy * size, 0.55, fillColor=colors.black, strokeColor=None))


def document_charts(doc: Document) -> list[ChartData]:
    from budgetdesk.resources import chart_specs

    return charts_for(doc, chart_specs(doc.template_set.id))


def share_text(share: Decimal) -> str:
    return f"{share:.2f}%"


def draw_chart(chart: ChartData, width: float = WIDTH, height: float = HEIGHT) -> Drawing:
    register_font()
    d = Drawing(width, height)
    d.initialFontName = FONT  # the renderer's initial font: no reference to an unembedded Helvetica
    if not chart.drawable:
        d.add(Rect(0.5, 0.5, width - 1, height - 1, strokeColor=colors.black, fillColor=None, strokeDashArray=(3, 2)))
        d.add(String(width / 2, height / 2, f"本图未画：{chart.refused}", fontName=FONT, fontSize=TEXT,
                     textAnchor="middle"))
        return d
    (_pie if chart.kind == "pie" else _bar)(d, chart, width, height)
    return d


def _pie(d: Drawing, chart: ChartData, width: float, height: float) -> None:
    radius = min(height * 0.36, width * 0.2)
    cx, cy = width * 0.27, height / 2
    pie = Pie()
    pie.x, pie.y, pie.width, pie.height = cx - radius, cy - radius, 2 * radius, 2 * radius
    pie.data = [float(s.value) for s in chart.slices]  # geometry only; every printed figure comes from Decimal
    pie.labels = None
    pie.startAngle, pie.direction = 90, "clockwise"
    pie.strokeColor = None  # no frame round the widget; slices have their own outlines
    for i in range(len(chart.slices)):
        pie.slices[i].fillColor = grey(i)
        pie.slices[i].strokeColor = colors.black
        pie.slices[i].strokeWidth = 0.6
    d.add(pie)
    total = sum(s.value for s in chart.slices)
    angle = 90.0
    outside: list[tuple[float, float, float, str]] = []  # (edge x, edge y, mid angle, text)
    inside: list[tuple[float, float, str]] = []
    for i, s in enumerate(chart.slices):
        sweep = float(s.value / total) * 360
        if dotted(i):
            _wedge_dots(d, cx, cy, radius, angle, sweep)
        mid = math.radians(angle - sweep / 2)
        angle -= sweep
        if s.small:
            outside.append((cx + radius * math.cos(mid), cy + radius * math.sin(mid), mid, share_text(s.share)))
        else:
            r = radius * (0 if len(chart.slices) == 1 else 0.62)
            inside.append((cx + r * math.cos(mid), cy + r * math.sin(mid), share_text(s.share)))
    for x, y, text in inside:  # on a white label so the share reads on any shade or pattern
        w = stringWidth(text, FONT, TEXT) + 4
        d.add(Rect(x - w / 2, y - TEXT / 2 - 1.5, w, TEXT + 2, fillColor=colors.white, strokeColor=None))
        d.add(String(x, y - TEXT / 3, text, fontName=FONT, fontSize=TEXT, textAnchor="middle"))
    _leader_labels(d, outside, cx, cy, radius)
    _legend(d, chart, width * 0.52, height)


def _leader_labels(d: Drawing, labels: list, cx: float, cy: float, radius: float) -> None:
    """Small slices: the share outside the pie on a line from the slice, labels on a side kept apart."""
    gap = TEXT + 2
    for side in (1, -1):
        mine = sorted((lab for lab in labels if (math.cos(lab[2]) >= 0) == (side == 1)), key=lambda lab: -lab[1])
        last_y = None
        for ex, ey, mid, text in mine:
            y = cy + (radius + 8) * math.sin(mid)
            if last_y is not None and y > last_y - gap:
                y = last_y - gap
            y = min(y, cy + radius + 4)  # stay inside the drawing
            last_y = y
            x = cx + side * (radius + 14)
            d.add(Line(ex, ey, x, y + TEXT / 3, strokeColor=colors.black, strokeWidth=0.5))
            d.add(Line(x, y + TEXT / 3, x + side * 4, y + TEXT / 3, strokeColor=colors.black, strokeWidth=0.5))
            d.add(String(x + side * 6, y, text, fontName=FONT, fontSize=TEXT, textAnchor="start" if side == 1 else "end"))


def _legend(d: Drawing, chart: ChartData, x: float, height: float) -> None:
    row = min(TEXT + 6, (height - 4) / max(len(chart.slices), 1))  # many 类: rows and text shrink to fit
    size = min(TEXT, row - 2)
    top = height / 2 + row * len(chart.slices) / 2
    for i, s in enumerate(chart.slices):
        y = top - (i + 1) * row
        _swatch(d, x, y - 1, size, i)
        d.add(String(x + size + 4, y, f"{s.label}　{chart.amount(s.value)}　{share_text(s.share)}", fontName=FONT,
                     fontSize=size))


def _bar(d: Drawing, chart: ChartData, width: float, height: float) -> None:
    two = chart.has_last_year
    series = ([[b.last_year for b in chart.bars]] if two else []) + [[b.this_year for b in chart.bars]]
    years = ([f"{chart.this_year - 1}年" if chart.this_year else "上年"] if two else []) + \
            [f"{chart.this_year}年" if chart.this_year else "本年"]
    bc = VerticalBarChart()
    bc.x, bc.y = 42, 28
    bc.width, bc.height = width - 42 - (70 if two else 20), height - 48
    bc.data = [[float(v) if v is not None else None for v in s] for s in series]
    bc.categoryAxis.categoryNames = [b.label for b in chart.bars]
    bc.categoryAxis.labels.fontName = FONT
    bc.categoryAxis.labels.fontSize = TEXT
    bc.valueAxis.labels.fontName = FONT
    bc.valueAxis.labels.fontSize = TEXT - 1
    values = [v for s in series for v in s if v is not None]
    bc.valueAxis.valueMin = min(0.0, float(min(values)) * 1.15)
    bc.valueAxis.valueMax = max(1.0, float(max(values)) * 1.15)
    bc.valueAxis.labelTextFormat = lambda v: f"{v:,.0f}"
    bc.barLabelFormat = "values"  # the Decimal figures as printed, not the floats drawn
    bc.barLabelArray = [[format_amount(v) if v is not None else "" for v in s] for s in series]
    bc.barLabels.fontName = FONT
    bc.barLabels.fontSize = TEXT - 0.5
    bc.barLabels.nudge = 6
    bc.barWidth, bc.groupSpacing, bc.barSpacing = 10, 14, 3
    for i in range(len(series)):
        bc.bars[i].fillColor = grey(3 if (two and i == 1) or not two else 0)
        bc.bars[i].strokeColor = colors.black
        bc.bars[i].strokeWidth = 0.6
    d.add(bc)
    d.add(String(4, height - 10, f"单位：{chart.unit}", fontName=FONT, fontSize=TEXT))
    if two:
        for i, year in enumerate(years):
            y = height / 2 + 8 - i * (TEXT + 6)
            d.add(Rect(width - 60, y - 1, 9, 9, fillColor=grey(3 if i == 1 else 0), strokeColor=colors.black,
                       strokeWidth=0.5))
            d.add(String(width - 47, y, year, fontName=FONT, fontSize=TEXT))
    else:
        d.add(String(width - 4, height - 10, years[0], fontName=FONT, fontSize=TEXT, textAnchor="end"))


def chart_png(chart: ChartData, dpi: int = 200) -> bytes:
    """The chart as PNG: the vector drawing as a one-page PDF, rasterised by PDFium (pypdfium2)."""
    import pypdfium2 as pdfium
    from reportlab.graphics import renderPDF

    pdf_bytes = renderPDF.drawToString(draw_chart(chart))
    document = pdfium.PdfDocument(pdf_bytes)
    try:
        image = document[0].render(scale=dpi / 72).to_pil()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(dpi, dpi))
    return out.getvalue()


def chart_flowable(chart: ChartData):
    """One chart for a platypus story: the vector drawing with its caption under it, kept on one page.

    Used for the 情况说明附图 pages and, where the 情况说明 text is printed, at each chart's place in it
    (``core.charts.chart_places``)."""
    from reportlab.lib.enums import TA_CENTER
    from reportlab.platypus import KeepTogether, Paragraph, Spacer


    return KeepTogether([draw_chart(chart), Spacer(1, 2 * mm),
                         Paragraph(escape(chart.caption), paragraph_style("caption", 10.5, TA_CENTER, 15)), Spacer(1, 8 * mm)])


def chart_notices(charts: list[ChartData]) -> list[str]:
    """What each chart left out or could not draw, for the export's notices."""
    out = []
    for chart in charts:
        out += [f"{chart.caption}：{n}" for n in chart.notes]
        if chart.refused:
            out.append(f"{chart.caption}：{chart.refused}")
    return out


def chart_story(charts: list[ChartData], *, first: bool) -> list:
    """Portrait pages “情况说明附图” for charts with no place in a printed 情况说明: each with its caption under it,
    kept on one page (empty when none)."""
    from reportlab.lib.enums import TA_CENTER
    from reportlab.platypus import PageBreak, Paragraph, Spacer


    if not charts:
        return []
    story: list = [] if first else [PageBreak()]
    story += [Paragraph("情况说明附图", paragraph_style("charts_title", 16, TA_CENTER, 24)), Spacer(1, 6 * mm)]
    story += [chart_flowable(chart) for chart in charts]
    return story
