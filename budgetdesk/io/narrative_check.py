"""The check of a 情况说明, against its document's tables or on its own: the rules and wording as data."""

from __future__ import annotations

from budgetdesk.core.document import Document
from budgetdesk.core.findings import Finding
from budgetdesk.core.narrative.model import Narrative, NarrativeReport


def narrative_check(narrative: Narrative, document: Document | None = None, *, year: int = 0) -> NarrativeReport:
    """Check a narrative against ``document``'s tables, or on its own (text-only) when there is none:
    the findings (with what could not be checked, 未核对) and the counts of figures checked and not."""
    if not narrative:
        return NarrativeReport([])  # (and the checks are not even imported: convert of a package without text stays quick)
    from budgetdesk.core.narrative.check import narrative_report
    from budgetdesk.resources import narrative_policy, narrative_rules, narrative_vocabulary

    if not year and document is not None:
        year = document.meta.year
    if not year:
        from budgetdesk.core.narrative.extract import extract
        from budgetdesk.core.narrative.year import document_year

        year = document_year(narrative, extract(narrative, narrative_vocabulary(0)))
    if document is not None and document.meta.money_unit == "元":
        document = in_wan_yuan(document)  # the text states 万元: compare with the tables in 万元
    return narrative_report(narrative, narrative_vocabulary(year), narrative_rules(), document, year=year,
                            policy=narrative_policy())


def narrative_findings(narrative: Narrative, document: Document | None = None, *, year: int = 0) -> list[Finding]:
    """The findings of ``narrative_check``."""
    return narrative_check(narrative, document, year=year).findings


def in_wan_yuan(document: Document) -> Document:
    """A copy of a document kept in 元, in 万元: the 情况说明 states 万元 rounded to 0.01, and is compared so.

    (A 9,101.68万元 in the text against 91,016,775.35 元 in a table is a rounding of 24.65 元, not an error.)"""
    from dataclasses import replace
    from decimal import ROUND_HALF_UP, Decimal

    copy = Document(document.template_set, replace(document.meta, money_unit="万元"))
    for table_id, table in document.tables.items():
        target = copy.table(table_id)
        for row in table.rows:
            if row.is_code_row and not target.has_row(row.key):
                copy.add_code_row(table_id, row.key, str(table.get(row.key, "name") or ""))
            elif row.is_extra and not target.has_row(row.key):
                continue
        for _t, row_key, column, value in [c for c in document.iter_cells() if c[0] == table_id]:
            if not target.has_row(row_key) or target.template.has_column(column) and \
                    target.template.column(column).kind in ("code", "line"):
                continue
            if isinstance(value, Decimal):
                value = (value / 10000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            copy.set(table_id, row_key, column, value)
    copy.unread = dict(document.unread)  # what was not read stays unread in 万元 too
    return copy


def document_findings(document: Document, report=None, narrative: NarrativeReport | None = None) -> list[Finding]:
    """Every problem of ``document``: its tables' (named by their source cells when imported) and its 情况说明's.

    The one count of problems: ``check``, ``batch``, the GUI's export and print question all use it, so the
    same file has the same number of errors everywhere. ``narrative``: its 情况说明 already checked.
    """
    from budgetdesk.core.engine import Engine
    from budgetdesk.io.files import with_sources
    from budgetdesk.resources import catalogue_provider

    tables = Engine(document, catalogue_provider(document.template_set)).findings()
    if narrative is None:
        narrative = narrative_check(document.narrative, document)
    return with_sources(tables, report) + narrative.findings
