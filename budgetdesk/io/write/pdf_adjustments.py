"""PDF page after a 部门汇总 package: the 调整表 (internal flows eliminated, amounts without a counterpart).

Like the 预算执行 appendix, the page is for the officer and the reviewer, not a published form, and says
so in its title. Rows come from ``core.eliminate.adjustment_table``; ``export_pdf`` appends the page when
the document has a 调整表.
"""

from __future__ import annotations

from decimal import Decimal

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, NextPageTemplate, PageBreak, Paragraph, Spacer, TableStyle

from budgetdesk.core.document import Document
from budgetdesk.core.eliminate import ADJUSTMENT_HEADERS, adjustment_table
from budgetdesk.core.money import format_amount
from budgetdesk.io.write.pdf_style import escape

WIDTHS = (0.04, 0.06, 0.1, 0.12, 0.12, 0.09, 0.18, 0.18, 0.05, 0.06)  # shares of the page width


def adjustment_flowables(doc: Document, width: float, font: str, style) -> list:
    """The 调整表 page, or nothing for a document without one (``style`` is the package's style maker)."""
    if not doc.adjustments:
        return []
    body = style("adj-body", 7.5)
    data: list[list] = [[Paragraph(escape(h), body) for h in ADJUSTMENT_HEADERS]]
    for row in adjustment_table(doc):
        data.append([format_amount(v) if isinstance(v, Decimal) else Paragraph(escape(str(v), "调整表"), body) for v in row])
    grid = LongTable(data, colWidths=[width * w for w in WIDTHS], repeatRows=1, splitByRow=1)
    grid.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), font, 7.5),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (5, 1), (5, -1), "RIGHT"),
    ]))
    title = f"附：{doc.meta.unit_name}部门汇总调整表（不属公开表；金额单位：{doc.meta.money_unit}）"
    return [NextPageTemplate("portrait"), PageBreak(), Paragraph(escape(title, "调整表"), style("adj-title", 13, TA_CENTER, 18)),
            Spacer(1, 3 * mm), grid]
