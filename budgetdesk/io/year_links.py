"""Bring the year's 预算 and last year's document into a 决算 from files (shared by the CLI and batch)."""

from __future__ import annotations

from pathlib import Path

from budgetdesk.core.budget_link import load_budget
from budgetdesk.core.document import Document
from budgetdesk.core.prior import load_prior
from budgetdesk.io.files import open_document


def link_years(doc: Document, *, budget: Path | None = None, prior: Path | None = None) -> list[str]:
    """Load what is given; returns Chinese report lines. Raises OpenError / BudgetLinkError (a ValueError)."""
    lines: list[str] = []
    if budget is not None:
        source, _ = open_document(budget)
        report = load_budget(doc, source)
        lines.append(f"本年预算：导入 {report.placed} 个数（{budget.name}）")
        lines += [f"  提示：{n}" for n in report.notices]
        lines += [f"  决算中没有对应位置：{u}" for u in report.unmatched]
    if prior is not None:
        source, _ = open_document(prior)
        report = load_prior(doc, source)
        lines.append(f"上年数：导入 {report.placed} 个数（{prior.name}）")
        lines += [f"  没有对应位置：{u}" for u in report.unmatched]
    return lines
