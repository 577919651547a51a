"""Every rule of the 决算 set (sc-final-accounts): the Leshan sample passes it, and a seeded change breaks it.

The sample is a clean 决算 (its only findings are the source's own 0.01 rounding tails), so each rule is
checked both ways: no finding on the sample, then a finding after one cell the rule reads is changed.
"""

from decimal import Decimal

import pytest

from budgetdesk.core.findings import CellRef, Severity
from budgetdesk.core.checks import Context, SumCheck
from budgetdesk.core.rules import RULE_KINDS
from budgetdesk.io.store.interchange import loads
from budgetdesk.resources import catalogue_provider, load_template, sample_path
from tests.conftest import engine_for

SET = load_template("sc-final-accounts")


def leshan():
    return loads(sample_path("leshan-2024-final.json").read_text(encoding="utf-8"), load_template)


def serious(doc, rule=None):
    return [f for f in engine_for(doc).findings()
            if f.severity is not Severity.ROUNDING and (rule is None or f.rule == rule)]


def break_rule(doc, rule_id: str) -> None:
    """Change one cell a relation of ``rule_id`` reads so that the relation no longer holds."""
    rule = SET.rule(rule_id)
    checks = RULE_KINDS[rule.kind](rule, doc, Context(catalogue_provider(SET)))
    sums = [c for c in checks if isinstance(c, SumCheck)]
    assert sums, rule_id
    # prefer a relation over figures that are actually filled in
    check = next((c for c in sums if doc.amount(c.target.table, c.target.row, c.target.column)), sums[0])
    current = doc.amount(check.target.table, check.target.row, check.target.column) or Decimal(0)
    step = Decimal("100.00") if check.op == "le" else Decimal("-100.00")
    doc.set(check.target.table, check.target.row, check.target.column, current + step)


RELATION_RULES = [r.id for r in SET.rules if r.kind in ("hierarchy", "column_sum", "row_sum", "equal", "match_codes")]


def test_sample_is_clean():
    assert serious(leshan()) == []


@pytest.mark.parametrize("rule_id", RELATION_RULES)
def test_relation_rule_passes_on_sample_and_fails_when_a_cell_changes(rule_id):
    doc = leshan()
    assert serious(doc, rule_id) == []
    break_rule(doc, rule_id)
    found = serious(doc, rule_id)
    assert found, f"{rule_id} did not notice the change"
    assert all(f.severity is Severity(SET.rule(rule_id).severity) for f in found)


def test_carry_forward_per_fund_names_the_year_end_cell():
    doc = leshan()
    doc.set("fiscal_summary", "out.carry_end", "out_gpb", "12.00")
    [f] = serious(doc, "BD-FA-CARRY-FISCAL-GPB")
    assert (f.table, f.row, f.column) == ("fiscal_summary", "out.carry_end", "out_gpb")
    assert f.expected == Decimal("0.00") and f.actual == Decimal("12.00")
    assert "年初结转和结余 + 本年收入 − 本年支出" in f.message


def test_fund_table_year_end_equals_begin_plus_income_minus_expenditure():
    doc = leshan()
    doc.add_code_row("gf_inout", "2120803", "城市基础设施配套费安排的支出")
    for col, v in (("begin", "10.00"), ("income", "20.00"), ("exp_total", "25.00"), ("exp_basic", "5.00"),
                   ("exp_project", "20.00"), ("end", "5.00")):
        doc.set("gf_inout", "2120803", col, v)
    assert serious(doc, "BD-FA-CARRY-GF") == [] and serious(doc, "BD-FA-COL-GF-EXP") == []
    doc.set("gf_inout", "2120803", "end", "6.00")
    [f] = serious(doc, "BD-FA-CARRY-GF")
    assert (f.row, f.column, f.expected, f.difference) == ("2120803", "end", Decimal("5.00"), Decimal("1.00"))


def test_three_public_over_budget_is_a_warning_that_an_explanation_settles():
    doc = leshan()
    assert serious(doc, "BD-FA-3GONG-OVER-RECEPTION") == []
    doc.set("three_public", "amount", "reception", "1.50")
    doc.set("three_public", "amount", "total", "3.59")
    [f] = serious(doc, "BD-FA-3GONG-OVER-RECEPTION")
    assert f.severity is Severity.WARNING and f.column == "reception" and "超出 0.35" in f.message
    doc.set_explanation(f.key, "下半年增加省厅调研接待。")
    [f] = serious(doc, "BD-FA-3GONG-OVER-RECEPTION")
    assert f.explained


def test_part_of_a_whole_may_be_smaller_but_not_larger():
    doc = leshan()
    doc.set("expenditure", "2080101", "total", "300.00")  # all funds larger than the 财政拨款 part: fine
    assert serious(doc, "BD-FA-X-DETAIL-EXPEND") == []
    doc.set("expenditure", "2080101", "total", "290.00")
    [f] = serious(doc, "BD-FA-X-DETAIL-EXPEND")
    assert (f.table, f.row, f.column) == ("fiscal_detail", "2080101", "total") and "应不大于" in f.message


def test_empty_note_precision_and_catalogue_rules():
    doc = leshan()
    doc.set_note("gf_inout", "")
    assert [f.table for f in serious(doc, "BD-FA-EMPTY-NOTE")] == ["gf_inout"]
    doc.set("gpb_basic", "30201", "total", "18.205")
    [p] = serious(doc, "BD-FA-PRECISION")
    assert (p.table, p.row, p.column) == ("gpb_basic", "30201", "total")
    doc.add_code_row("gpb_project", "30999", "自编科目")
    assert {f.rule for f in serious(doc) if f.row == "30999"} >= {"BD-FA-CAT-CODE", "BD-FA-CAT-PARENT"}
    doc.add_code_row("expenditure", "2101199", "其他行政事业单位医疗支出", position=1)
    assert [f.row for f in serious(doc, "BD-FA-CAT-ORDER")] == ["208"]  # 208 now follows 2101199
    doc.set("expenditure", "2080101", "name", "行政运转")
    assert "BD-FA-CAT-NAME" in {f.rule for f in serious(doc) if f.row == "2080101"}


# One seeded error in each of the 13 tables: found, and the finding points at the very cell.
SEEDED = [
    ("summary", "in.total", "in_amount"),
    ("income", "2080101", "fiscal"),
    ("expenditure", "2080109", "basic"),
    ("fiscal_summary", "out.subtotal", "out_gpb"),
    ("fiscal_detail", "2080101", "e302"),
    ("gpb_expenditure", "2101101", "total"),
    ("gpb_detail", "2210201", "e301"),
    ("gpb_basic", "30217", "public"),
    ("gpb_project", "30216", "total"),
    ("gf_inout", "total", "end"),
    ("soe_inout", "total", "income"),
    ("soe_expenditure", "total", "basic"),
    ("three_public", "amount", "car_run"),
]


def test_seeded_cases_cover_all_thirteen_tables():
    assert {t for t, _, _ in SEEDED} == {t.id for t in SET.tables}


@pytest.mark.parametrize("table,row,column", SEEDED, ids=[s[0] for s in SEEDED])
def test_seeded_error_is_located_to_its_cell(table, row, column):
    doc = leshan()
    before = doc.amount(table, row, column) or Decimal(0)
    doc.set(table, row, column, before + Decimal("7.00"))
    found = serious(doc)
    assert found, f"no finding after changing {table}:{row}:{column}"
    seeded = CellRef(table, row, column)
    assert all(seeded in f.suspects for f in found), [(f.rule, f.suspects) for f in found]
    if len(found) > 1:  # several relations cross-check the cell: it is the one suspect they share
        assert {c for f in found for c in f.suspects} == {seeded}
