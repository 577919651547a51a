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


def test_the_table_two_others_disagree_with_is_the_suspect():
    """收支总表 and 财政拨款收支总表 agree on 一般公共预算拨款; the 收入总表, copied wrong but adding up within
    itself, is the odd one out: its cell is suspect, not the 收支总表's the failing check is reported on."""
    doc = seed("yongchuan")
    for row in ("2080101", "20801", "208", "total"):
        for column in ("gpb", "total"):
            doc.set("income", row, column, doc.amount("income", row, column) + 100)
    found = errors(engine_for(doc))
    against_summary = next(f for f in found if f.rule == "BD-X-SUMMARY-INCOME" and f.row == "in.gpb")
    assert against_summary.table == "summary"  # the check is stated on the 收支总表 …
    assert against_summary.suspects == (CellRef("income", "total", "gpb"),)  # … the 收入总表 is to blame
    assert "请先查看《收入总表》" in against_summary.message
    assert not any(s.table in ("summary", "fiscal_summary") for f in found for s in f.suspects)


def test_when_the_odd_one_is_the_first_table_it_is_still_named():
    doc = seed("yongchuan")
    for row in ("in.gpb", "in.total"):
        doc.set("summary", row, "in_amount", doc.amount("summary", row, "in_amount") + 100)
    found = [f for f in errors(engine_for(doc)) if f.rule.startswith("BD-X-SUMMARY")]
    assert found and all(f.suspects and f.suspects[0].table == "summary" for f in found)
