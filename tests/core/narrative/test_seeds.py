"""The done-when cases: Beibei's narrative against its own tables, Leshan's text on its own."""

from __future__ import annotations

import json
from decimal import Decimal

from budgetdesk.core.findings import Severity
from budgetdesk.core.narrative.check import check_narrative
from tests.conftest import FIXTURES

EXPECTED = json.loads((FIXTURES / "narrative" / "leshan_expected.json").read_text(encoding="utf-8"))


def test_beibei_narrative_agrees_with_its_tables(beibei, vocabulary, rules):
    doc, narrative = beibei
    findings = check_narrative(narrative, vocabulary, rules, doc)
    assert [f for f in findings if f.severity in (Severity.ERROR, Severity.WARNING)] == []


def _edit(narrative, old: str, new: str):
    for i, b in enumerate(narrative.blocks):
        if old in b.text:
            return narrative.replace_block(i, b.text.replace(old, new, 1)), i
    raise AssertionError(old)


def test_beibei_wrong_figure_is_found_with_cell_and_position(beibei, vocabulary, rules):
    doc, narrative = beibei
    edited, block = _edit(narrative, "基本支出3,032.55万元", "基本支出3,023.55万元")
    [f] = check_narrative(edited, vocabulary, rules, doc)
    assert f.rule == "NARR-AMOUNT" and f.severity is Severity.ERROR
    assert f.stated == "3,023.55万元" and f.expected == Decimal("3032.55")
    assert f.position.paragraph == block
    assert edited.blocks[block].text[f.position.start:f.position.end] == "3,023.55万元"
    assert "基本支出3,023.55万元" in f.quote
    assert f.suspects[0].table == "gpb_expenditure" and f.suspects[0].column == "basic"
    assert f.to_dict()["position"]["paragraph"] == block


def test_beibei_change_and_direction_against_last_year(beibei, vocabulary, rules):
    doc, narrative = beibei
    edited, _ = _edit(narrative, "比2023年减少4万元。", "比2023年增加4万元。")
    rules_hit = {f.rule for f in check_narrative(edited, vocabulary, rules, doc)}
    assert "NARR-DIRECTION" in rules_hit
    edited, _ = _edit(narrative, "与上年持平；公务接待费", "与上年持平；公务接待费")
    edited, _ = _edit(edited, "公务接待费4.79万元，与上年持平", "公务接待费4.79万元，比2023年减少1万元")
    assert {f.rule for f in check_narrative(edited, vocabulary, rules, doc)} >= {"NARR-CHANGE", "NARR-CHANGE-SUM"}


def test_beibei_table_edit_reaches_the_text(beibei, vocabulary, rules):
    doc, narrative = beibei
    doc.set("three_public", "amount", "reception", "5.79")
    doc.set("three_public", "amount", "total", "12.79")
    found = {(f.rule, f.stated) for f in check_narrative(narrative, vocabulary, rules, doc)}
    assert ("NARR-AMOUNT", "4.79万元") in found and ("NARR-AMOUNT", "11.79万元") in found


def test_leshan_every_listed_error_is_found(leshan, vocabulary, rules):
    findings = check_narrative(leshan, vocabulary, rules)
    for want in EXPECTED["errors"]:
        hits = [f for f in findings if f.rule == want["rule"] and want["stated"] in (f.stated or "")
                and want["quote"] in f.quote]
        assert hits, want
    listed = {(w["rule"], w["quote"]) for w in EXPECTED["errors"]}
    unlisted = [f for f in findings if not any(r == f.rule and q in f.quote for r, q in listed)]
    assert unlisted == []


def test_leshan_correct_statements_are_not_flagged(leshan, vocabulary, rules):
    findings = check_narrative(leshan, vocabulary, rules)
    flagged = {f.stated for f in findings if f.rule not in ("NARR-PARTS-SUM",)}
    for ok in EXPECTED["correct"]:
        assert ok["stated"] not in flagged, ok
    assert all(f.position is not None and f.quote for f in findings)


def test_leshan_year_is_guessed_from_the_text(leshan, vocabulary, rules):
    findings = check_narrative(leshan, vocabulary, rules)
    assert any(f.rule == "NARR-YEAR-COMPARE" for f in findings)
    assert not any(f.rule == "NARR-YEAR" and "2025" in (f.stated or "") for f in findings)
    later = check_narrative(leshan, vocabulary, rules, year=2025)
    assert any(f.rule == "NARR-YEAR-COMPARE" and f.stated.startswith("2023") for f in later)


def test_an_explained_warning_stays_explained_when_other_text_changes(beibei, vocabulary, rules):
    doc, narrative = beibei
    edited, block = _edit(narrative, "主要原因是厉行节约", "主要原因是……")
    [f] = check_narrative(edited, vocabulary, rules, doc)
    assert f.rule == "NARR-REASON-EMPTY" and f.severity is Severity.WARNING and not f.explained
    doc.set_explanation(f.key, "原因待财务科提供")
    edited = edited.replace_block(block - 1, "2024年无使用政府性基金预算拨款安排的支出，特此说明。")
    [again] = check_narrative(edited, vocabulary, rules, doc)
    assert again.explained and again.explanation == "原因待财务科提供"
