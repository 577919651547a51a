"""The check of a 情况说明, against its document's tables or on its own: the rules and wording as data."""

from __future__ import annotations

from budgetdesk.core.document import Document
from budgetdesk.core.findings import Finding
from budgetdesk.core.narrative.model import Narrative


def narrative_findings(narrative: Narrative, document: Document | None = None, *, year: int = 0) -> list[Finding]:
    """Check a narrative against ``document``'s tables, or on its own (text-only) when there is none."""
    if not narrative:
        return []  # (and the checks are not even imported: convert of a package without text stays quick)
    from budgetdesk.core.narrative.check import check_narrative
    from budgetdesk.resources import narrative_rules, narrative_vocabulary

    if not year and document is not None:
        year = document.meta.year
    if not year:
        from budgetdesk.core.narrative.context import NarrativeContext
        from budgetdesk.core.narrative.extract import extract

        year = NarrativeContext.guess_year(extract(narrative, narrative_vocabulary(0)))
    return check_narrative(narrative, narrative_vocabulary(year), narrative_rules(), document, year=year)


def document_findings(document: Document, report=None, *, engine=None) -> list[Finding]:
    """Every problem of ``document``: its tables' (named by their source cells when imported) and its 情况说明's.

    The one count of problems: ``check``, ``batch``, the GUI's export and print question all use it, so the
    same file has the same number of errors everywhere.
    """
    from budgetdesk.io.files import with_sources
    from budgetdesk.resources import catalogue_provider

    if engine is None:  # (the command line passes its own, so a test can make it fail)
        from budgetdesk.core.engine import Engine as engine
    tables = engine(document, catalogue_provider(document.template_set)).findings()
    return with_sources(tables, report) + narrative_findings(document.narrative, document)
