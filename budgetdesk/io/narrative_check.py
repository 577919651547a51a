"""The check of a 情况说明, against its document's tables or on its own: the rules and wording as data."""

from __future__ import annotations

from budgetdesk.core.document import Document
from budgetdesk.core.findings import Finding
from budgetdesk.core.narrative.check import NarrativeReport, narrative_report
from budgetdesk.core.narrative.model import Narrative
from budgetdesk.resources import narrative_policy, narrative_rules, narrative_vocabulary


def narrative_check(narrative: Narrative, document: Document | None = None, *, year: int = 0) -> NarrativeReport:
    """Check a narrative against ``document``'s tables, or on its own (text-only) when there is none:
    the findings (with what could not be checked, 未核对) and the counts of figures checked and not."""
    if not narrative:
        return NarrativeReport([])
    if not year and document is not None:
        year = document.meta.year
    if not year:
        from budgetdesk.core.narrative.extract import extract
        from budgetdesk.core.narrative.year import document_year

        year = document_year(narrative, extract(narrative, narrative_vocabulary(0)))
    return narrative_report(narrative, narrative_vocabulary(year), narrative_rules(), document, year=year,
                            policy=narrative_policy())


def narrative_findings(narrative: Narrative, document: Document | None = None, *, year: int = 0) -> list[Finding]:
    """The findings of ``narrative_check``."""
    return narrative_check(narrative, document, year=year).findings
