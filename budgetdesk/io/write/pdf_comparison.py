"""PDF pages after a 决算 package: each table's 决算 against its 预算 (完成预算 %) and against last year.

These pages are an appendix for the officer and the reviewer, not one of the published forms, and say
so in their title. Lines come from ``core.budget_link.comparison``; only lines with a 预算 or 上年 figure
are printed, for the tables a 预算 covers (``budget_links`` and 预算数 columns). ``export_pdf`` appends them
when the document has something to compare with.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.platypus import LongTable, NextPageTemplate, PageBreak, Paragraph, Spacer, TableStyle
from reportlab.lib.units import mm

from budgetdesk.core.budget_link import comparison, has_comparison
from budgetdesk.core.document import Document
from budgetdesk.core.money import format_amount

HEADERS = ["项目", "预算数", "决算数", "完成预算%", "上年数", "增减", "增减%"]


def _pct(value: Decimal | None) -> str:
    return "" if value is None else f"{format_amount(value)}%"


def comparison_flowables(doc: Document, width: float, font: str, style) -> list:
    """The appendix pages, or nothing when there is no 预算 or 上年 figure to compare with.

    ``style(name, size, align, leading)`` is the package's paragraph-style maker, so fonts match.
    """
    if not has_comparison(doc):
        return []
    out: list = []
    body = style("cmp-body", 8.5)
    linked = {link["table"] for link in doc.template_set.budget_links}
    for template in doc.template_set.tables:
        if template.id not in linked and not any(c.budget_of for c in template.columns):
            continue  # tables no 预算 covers (the economic 明细表) would only repeat 上年 figures
        lines = [x for x in comparison(doc, template.id) if x.budget is not None or x.prior is not None]
        if not lines:
            continue
        data = [HEADERS] + [[Paragraph(escape(x.label), body), format_amount(x.budget), format_amount(x.final), _pct(x.completion),
                             format_amount(x.prior), format_amount(x.change), _pct(x.change_percent)] for x in lines]
        numbers = (width * 0.58) / 6
        grid = LongTable(data, colWidths=[width * 0.42] + [numbers] * 6, repeatRows=1, splitByRow=1)
        grid.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), font, 8.5),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (0, 0), (-1, 0), "CENTER"),
            ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ]))
        title = f"附：{template.title}——预算执行与上年对比（不属公开表）"
        out += [NextPageTemplate("portrait"), PageBreak(),
                Paragraph(title, style("cmp-title", 13, TA_CENTER, 18)), Spacer(1, 3 * mm), grid]
    return out
