"""The likely wrong cell of a failed relation, found through the other relations its cells take part in."""

from decimal import Decimal

import pytest

from budgetdesk.core.findings import CellRef, Severity
from budgetdesk.io.read.disclosure_text import read_disclosure
from budgetdesk.io.files import open_document, with_sources
from budgetdesk.io.write.xlsx_export import export_xlsx
from budgetdesk.resources import load_template
from tests.conftest import SEED_FILES, engine_for


def seed(name):
    path, template = SEED_FILES[name]
    doc, _ = read_disclosure(path, load_template(template))
    return doc


def errors(engine):
    return [f for f in engine.findings() if f.severity is Severity.ERROR]


def test_a_changed_item_leaves_its_section_vouched_for_and_the_item_suspect():
    doc = seed("yongchuan")
    old = doc.amount("expenditure", "2080101", "total")
    doc.set("expenditure", "2080101", "total", old + 100)
    found = errors(engine_for(doc))
    on_section = next(f for f in found if f.row == "20801" and f.column == "total")
    assert on_section.suspects[0] == CellRef("expenditure", "2080101", "total")
    assert CellRef("expenditure", "20801", "total") not in on_section.suspects
    assert "请先查看" in on_section.message and "2080101" in on_section.message.split("请先查看")[1]
    for f in found:  # every failing relation this change caused points at the same cell
        if f.suspects:
            assert f.suspects[0] == CellRef("expenditure", "2080101", "total"), f.message


def test_a_leaf_changed_in_a_prior_year_column_is_located_to_its_row():
    doc = seed("beibei")
    table = doc.table("gpb_expenditure")
    leaf = next(r.key for r in table.code_rows() if len(r.key) == 7 and table.amount(r.key, "prior_total"))
    section = leaf[:5]
    doc.set("gpb_expenditure", leaf, "prior_total", table.amount(leaf, "prior_total") + Decimal("12.34"))
    found = [f for f in errors(engine_for(doc)) if f.column == "prior_total"]
    assert [f.row for f in found] == [section]  # only one relation reads the prior-year column
    suspects = found[0].suspects
    assert CellRef("gpb_expenditure", leaf, "prior_total") in suspects
    assert CellRef("gpb_expenditure", section, "prior_total") not in suspects
    assert all(s.row != section for s in suspects)


def test_suspects_follow_live_edits():
    doc = seed("yongchuan")
    engine = engine_for(doc)
    engine.watch()
    deltas = []
    engine.watch(deltas.append)
    doc.set("expenditure", "2080101", "basic", doc.amount("expenditure", "2080101", "basic") + 5)
    added = [f for d in deltas for f in d.added if f.severity is Severity.ERROR]
    assert added and all(f.suspects[:1] == (CellRef("expenditure", "2080101", "basic"),) for f in added if f.suspects)
    assert any(f.suspects for f in added)


def test_imported_suspects_name_the_sheet_cell(tmp_path):
    doc = seed("yongchuan")
    doc.set("expenditure", "2080101", "total", doc.amount("expenditure", "2080101", "total") + 100)
    again, report = open_document(export_xlsx(doc, tmp_path / "y.xlsx"))
    findings = with_sources(engine_for(again).findings(), report)
    on_section = next(f for f in findings if f.row == "20801" and f.column == "total" and f.severity is Severity.ERROR)
    source = on_section.suspects[0].source
    assert source and source.startswith("支出总表!C")
    assert source == report.locations[("expenditure", "2080101", "total")]
    assert on_section.message.endswith(f"（{source}）")


@pytest.mark.parametrize("name", sorted(SEED_FILES))
def test_correct_documents_have_no_suspects(name):
    assert all(not f.suspects for f in engine_for(seed(name)).findings())
