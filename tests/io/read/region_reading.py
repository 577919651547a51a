"""What every region's template must do with the published PDFs it was written from: each of the set's tables
found, every printed figure placed (the count per file is the golden number), the kind, year and unit read."""

from __future__ import annotations

from pathlib import Path

REAL = Path(__file__).resolve().parents[2] / "fixtures" / "real"


def assert_read_whole(doc, report, set_id: str, unit_prefix: str, figures: int, year: int = 2026) -> None:
    assert doc.template_set.id == set_id and doc.meta.year == year and doc.meta.unit_name.startswith(unit_prefix)
    assert {t.table for t in report.tables} == {t.id for t in doc.template_set.tables}
    assert report.unplaced == [] and report.placed == figures == sum(t.printed for t in report.tables)


def assert_figures_read(doc, report, set_id: str, unit: str, figures: int, year: int = 2026) -> None:
    """Kind, year and unit read; every table of the set found and every printed figure placed. What is left
    unplaced is text (a name or 绩效目标 wrapped at the top of a page), never a figure."""
    from budgetdesk.io.read.header_match import is_amount_text

    assert doc.template_set.id == set_id and doc.meta.year == year and doc.meta.unit_name == unit
    assert {t.table for t in report.tables} == {t.id for t in doc.template_set.tables}
    assert report.placed == figures == sum(t.printed for t in report.tables)
    assert not [u for u in report.unplaced if is_amount_text(u.text)]


def errors_of(doc, *, besides: tuple[str, ...] = ()) -> list:
    """The error findings of ``doc``; ``besides``: tables or rule prefixes whose errors are another test's
    (“performance” forms read from the PDF, “IMPORT-” reading errors of pages no template reads yet)."""
    from budgetdesk.core.findings import Severity
    from tests.conftest import engine_for

    return [f for f in engine_for(doc).findings() if f.severity is Severity.ERROR
            and f.table not in besides and not any(f.rule.startswith(b) for b in besides if b.endswith("-"))]


def narrative_errors_of(doc) -> list:
    """The error findings of the 情况说明 read with ``doc`` (checked against its tables), as ``check`` reports them."""
    from budgetdesk.core.findings import Severity
    from budgetdesk.io.narrative_check import narrative_findings

    return [f for f in narrative_findings(doc.narrative, doc) if f.severity is Severity.ERROR]


def package_readings(packages: dict[str, int]):
    """A module fixture reading each of ``packages`` once: (file name, document, import report)."""
    import pytest

    from budgetdesk.io.files import open_document

    @pytest.fixture(scope="module", params=sorted(packages))
    def reading(request):
        doc, report = open_document(REAL / request.param)
        return request.param, doc, report

    return reading
