"""The check of a 情况说明, against its document's tables or on its own: the rules and wording as data."""

from __future__ import annotations

from budgetdesk.core.document import Document
from budgetdesk.core.findings import Finding
from budgetdesk.core.narrative.check import check_narrative
from budgetdesk.core.narrative.model import Narrative
from budgetdesk.resources import narrative_rules, narrative_vocabulary


def narrative_findings(narrative: Narrative, document: Document | None = None, *, year: int = 0) -> list[Finding]:
    """Check a narrative against ``document``'s tables, or on its own (text-only) when there is none."""
    if not narrative:
        return []
    if not year and document is not None:
        year = document.meta.year
    if not year:
        from budgetdesk.core.narrative.context import NarrativeContext
        from budgetdesk.core.narrative.extract import extract

        year = NarrativeContext.guess_year(extract(narrative, narrative_vocabulary(0)))
    return check_narrative(narrative, narrative_vocabulary(year), narrative_rules(), document, year=year)
