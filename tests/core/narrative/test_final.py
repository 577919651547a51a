"""决算 情况说明: generated from the Leshan sample's tables, and Leshan's own text checked against them."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from budgetdesk.core.narrative.check import check_narrative
from budgetdesk.core.narrative.generate import BLANK_REASON, generate
from budgetdesk.io.files import open_document
from budgetdesk.resources import narrative_sections, sample_path
from tests.conftest import FIXTURES

EXPECTED = json.loads((FIXTURES / "narrative" / "leshan_expected.json").read_text(encoding="utf-8"))
LESHAN_SAMPLE = sample_path("leshan-2024-final.json")

# Leshan's text against the sample's tables: two item figures the text-only check cannot see are wrong
# (the 决算表 has 死亡抚恤 22.16 and no 其他残疾人事业支出 line; the text's items add to 32.51 too much).
TABLE_ERRORS = [("NARR-AMOUNT", "43.15万元", Decimal("22.16")), ("NARR-AMOUNT", "22.16万元", Decimal("0"))]
# Statements the sample's tables confirm (beyond the text-only list): not to be flagged.
TABLE_CORRECT = ["6,088.89万元", "56.98万元", "131.90万元", "107.44万元", "298.88万元", "1,423.25万元", "3.24万元",
                 "2.09万元", "1.15万元", "155.94万元", "142.3万元", "100%"]


@pytest.fixture
def leshan_doc():
    doc, _ = open_document(LESHAN_SAMPLE)
    return doc


def _check(narrative, doc, vocabulary, rules):
    return check_narrative(narrative, vocabulary, rules, doc)


def _blanks(narrative) -> int:
    return sum(b.text.count(BLANK_REASON) for b in narrative.blocks)


def test_final_documents_get_the_final_section_order(leshan_doc):
    spec = narrative_sections(leshan_doc.template_set)
    assert spec["id"] == "final"
    assert [s["heading"] for s in spec["sections"]][1:3] == ["一、收入支出决算总体情况说明", "二、收入决算情况说明"]


def test_generated_final_text_checks_clean_and_carries_every_figure(leshan_doc, vocabulary, rules):
    spec = narrative_sections(leshan_doc.template_set)
    narrative = generate(leshan_doc, vocabulary, spec)
    assert [b.text for b in narrative.blocks if b.heading] == [s["heading"] for s in spec["sections"]]
    findings = _check(narrative, leshan_doc, vocabulary, rules)
    assert {f.rule for f in findings} <= {"NARR-REASON-EMPTY"} and len(findings) == _blanks(narrative)
    text = narrative.to_text()
    assert "本年支出合计6,385.21万元，其中：基本支出1,727.15万元，占27.05%；项目支出4,658.06万元，占72.95%。" in text
    assert "一般公共预算财政拨款收入6,385.21万元，占100.00%" in text
    assert "社会保障和就业支出6,088.89万元，占95.36%；卫生健康支出56.98万元，占0.89%" in text
    assert "25.住房保障支出（类）住房改革支出（款）住房公积金（项）：支出决算为107.44万元。" in text
    assert "人员经费1,571.21万元，主要包括基本工资、津贴补贴" in text
    # 三公: 决算 against the 预算数 columns of the same table
    assert "“三公”经费财政拨款支出决算为3.24万元，完成预算3.24万元，完成100.00%，决算数等于预算数。" in text
    assert "公务用车购置及运行维护费2.09万元，占64.51%；公务接待费1.15万元，占35.49%" in text
    assert "因公出国（境）费支出0.00万元，年初未安排预算。" in text
    # figures the 决算 tables do not hold are left for the officer
    assert "机关运行经费支出____万元" in text and "政府采购支出总额____万元" in text
    assert "没有使用政府性基金预算财政拨款安排的支出" in text


def test_budget_and_last_year_give_completion_and_change_with_reason_blanks(leshan_doc, vocabulary, rules):
    doc = leshan_doc
    doc.set_budget("gpb_expenditure", "total", "total", Decimal("6400.00"))
    doc.set_budget("gpb_expenditure", "2080101", "total", Decimal("300.00"))
    doc.set_budget("gpb_expenditure", "2080104", "total", Decimal("144.22"))
    doc.set_prior("summary", "in.total", "in_amount", Decimal("6034.90"))
    doc.set_prior("three_public", "amount", "total", Decimal("4.85"))
    narrative = generate(doc, vocabulary, narrative_sections(doc.template_set))
    text = narrative.to_text()
    assert "决算数为6,385.21万元，完成预算6,400.00万元，完成99.77%，决算数小于预算数，主要原因是____。" in text
    assert "行政运行（项）：支出决算为298.88万元，完成预算300.00万元，完成99.63%，决算数小于预算数，主要原因是____" in text
    assert "综合业务管理（项）：支出决算为144.22万元，完成预算144.22万元，完成100.00%，决算数等于预算数。" in text
    assert "收入总计6,385.21万元，比2023年增加350.31万元，增长5.80%，主要原因是____" in text
    assert "完成100.00%，决算数等于预算数，比2023年减少1.61万元，下降33.20%，主要原因是____" in text
    findings = _check(narrative, doc, vocabulary, rules)
    assert {f.rule for f in findings} <= {"NARR-REASON-EMPTY"} and len(findings) == _blanks(narrative)


def test_a_wrong_completion_rate_is_found_against_the_budget_columns(leshan_doc, vocabulary, rules):
    narrative = generate(leshan_doc, vocabulary, narrative_sections(leshan_doc.template_set))
    i = next(i for i, b in enumerate(narrative.blocks) if b.text.startswith("3.公务接待费支出"))
    wrong = narrative.replace_block(i, "3.公务接待费支出1.15万元，完成预算90%。")
    [f] = [f for f in _check(wrong, leshan_doc, vocabulary, rules) if f.rule != "NARR-REASON-EMPTY"]
    assert (f.rule, f.stated, f.expected) == ("NARR-EXECUTION", "90%", Decimal("100"))


def test_leshan_text_against_the_sample_tables(leshan, leshan_doc, vocabulary, rules):
    findings = _check(leshan, leshan_doc, vocabulary, rules)
    for want in EXPECTED["errors"]:  # every error the text shows on its own is still found
        assert [f for f in findings if f.rule == want["rule"] and want["stated"] in (f.stated or "")
                and want["quote"] in f.quote], want
    for rule, stated, expected in TABLE_ERRORS:  # and the tables add what the text alone cannot show
        assert [f for f in findings if (f.rule, f.stated, f.expected) == (rule, stated, expected)], stated
    listed = {(w["rule"], w["quote"]) for w in EXPECTED["errors"]}
    unlisted = [f for f in findings if not any(r == f.rule and q in f.quote for r, q in listed)]
    assert sorted((f.rule, f.stated) for f in unlisted) == sorted((r, s) for r, s, _ in TABLE_ERRORS)
    flagged = {f.stated for f in findings if f.rule != "NARR-PARTS-SUM"}
    for ok in [c["stated"] for c in EXPECTED["correct"]] + TABLE_CORRECT:
        assert ok not in flagged, ok


def test_a_linked_budget_reaches_the_generated_and_the_checked_text(leshan, leshan_doc, vocabulary, rules):
    from budgetdesk.core.budget_link import load_budget
    from tests.core.test_budget_link import small_budget

    load_budget(leshan_doc, small_budget())  # 行政运行 320.00, 公务接待费 1.50 … as the year's 预算
    narrative = generate(leshan_doc, vocabulary, narrative_sections(leshan_doc.template_set))
    text = narrative.to_text()
    assert "行政运行（项）：支出决算为298.88万元，完成预算320.00万元，完成93.40%，决算数小于预算数，主要原因是____" in text
    assert "3.公务接待费支出1.15万元，完成预算1.50万元，完成76.67%，决算数小于预算数，主要原因是____" in text
    findings = _check(narrative, leshan_doc, vocabulary, rules)
    assert {f.rule for f in findings} <= {"NARR-REASON-EMPTY"} and len(findings) == _blanks(narrative)
    # Leshan's own "公务接待费支出1.15万元，完成预算100%" no longer agrees with the 预算 now known
    found = [(f.stated, f.expected) for f in _check(leshan, leshan_doc, vocabulary, rules) if f.rule == "NARR-EXECUTION"]
    assert ("100%", Decimal("76.67")) in found and ("100%", Decimal("93.40")) in found
