"""Bring the year's 预算 and last year's document into a 决算 from files (shared by the CLI and batch)."""

from __future__ import annotations

from pathlib import Path

from budgetdesk.core.budget_link import load_budget
from budgetdesk.core.document import Document
from budgetdesk.core.prior import load_prior
from budgetdesk.io.files import open_document


def link_years(doc: Document, *, budget: Path | None = None, prior: Path | None = None,
               fill_prior_columns: bool = True, name: str = "") -> list[str]:
    """Load what is given; returns Chinese report lines. Raises OpenError / BudgetLinkError (a ValueError).

    ``fill_prior_columns`` False keeps this year's printed 上年数 as they are (to check them against last
    year's); ``name`` is this document's file, named with last year's by the year-to-year checks.
    """
    if name:
        doc.source_name = name
    lines: list[str] = []
    if budget is not None:
        source, _ = open_document(budget)
        report = load_budget(doc, source)
        lines.append(f"本年预算：导入 {report.placed} 个数（{budget.name}）")
        lines += [f"  提示：{n}" for n in report.notices]
        lines += [f"  决算中没有对应位置：{u}" for u in report.unmatched]
    if prior is not None:
        source, _ = open_document(prior)
        report = load_prior(doc, source, fill_prior_columns=fill_prior_columns, source=prior.name)
        lines.append(f"上年数：导入 {report.placed} 个数（{prior.name}）")
        lines += [f"  没有对应位置：{u}" for u in report.unmatched]
    return lines
