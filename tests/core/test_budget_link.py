"""预算 ↔ 决算: the year's 预算 fills a 决算's 预算 figures; 完成预算 % and the change on last year follow."""

from decimal import Decimal

import pytest

from budgetdesk.core.budget_link import BudgetLinkError, budget_for, comparison, has_comparison, load_budget, percent
from budgetdesk.core.document import Document, UnitMeta
from budgetdesk.core.prior import load_prior
from budgetdesk.io.files import open_document
from budgetdesk.resources import load_template, sample_path


def leshan():
    doc, _ = open_document(sample_path("leshan-2024-final.json"))
    return doc


def small_budget(year=2024):
    doc = Document(load_template("cq-budget"), UnitMeta(unit_name="乐山市市中区人力资源和社会保障局", year=year))
    doc.add_code_row("gpb_expenditure", "2080101", "行政运行", with_parents=True)
    for row in ("208", "20801", "2080101", "total"):
        doc.set("gpb_expenditure", row, "total", "320.00")
        doc.set("gpb_expenditure", row, "basic", "320.00")
    doc.add_code_row("gpb_expenditure", "2120803", "城市基础设施配套费安排的支出")
    doc.set("gpb_expenditure", "2120803", "total", "5.00")
    for col, v in (("total", "4.00"), ("abroad", "0"), ("car_total", "2.50"), ("car_purchase", "0"),
                   ("car_run", "2.50"), ("reception", "1.50")):
        doc.set("three_public", "amount", col, v)
    doc.set("summary", "in.carry", "in_amount", "12.00")
    return doc


def test_percent_is_rounded_half_up_and_needs_a_base():
    assert percent(Decimal("298.88"), Decimal("320.00")) == Decimal("93.40")
    assert percent(Decimal("1"), Decimal("3")) == Decimal("33.33")
    assert percent(Decimal("2"), Decimal("3")) == Decimal("66.67")
    assert percent(Decimal("1"), Decimal("0")) is None and percent(None, Decimal("1")) is None


def test_budget_fills_budget_columns_and_linked_figures():
    doc = leshan()
    report = load_budget(doc, small_budget())
    assert doc.amount("three_public", "amount", "b_reception") == Decimal("1.50")  # a printed 预算数 cell
    assert doc.budget_amount("gpb_expenditure", "2080101", "total") == Decimal("320.00")
    assert doc.budget_amount("summary", "in.carry", "in_amount") == Decimal("12.00")  # 上年结转 → 年初结转和结余
    assert report.into_cells == 6 and report.placed > 6
    assert any("2120803" in u for u in report.unmatched)  # a 预算 科目 the 决算 does not have is reported
    lines = {(x.row, x.column): x for x in comparison(doc, "gpb_expenditure")}
    assert lines[("2080101", "total")].completion == Decimal("93.40")
    assert budget_for(doc, "three_public", "amount", "reception") == Decimal("1.50")
    [reception] = [x for x in comparison(doc, "three_public") if x.column == "reception"]
    assert reception.completion == Decimal("76.67") and reception.label == "公务接待费"
    assert has_comparison(doc)


def test_over_budget_three_public_after_linking_is_a_warning():
    from tests.conftest import engine_for
    doc = leshan()
    budget = small_budget()
    budget.set("three_public", "amount", "reception", "1.00")
    budget.set("three_public", "amount", "total", "3.50")
    load_budget(doc, budget)
    rules = {f.rule for f in engine_for(doc).findings() if f.table == "three_public"}
    assert "BD-FA-3GONG-OVER-RECEPTION" in rules and "BD-FA-3GONG-OVER-TOTAL" not in rules


def test_a_real_budget_document_links_by_code():
    doc = leshan()
    yongchuan, _ = open_document(sample_path())
    report = load_budget(doc, yongchuan)
    assert report.placed > 20 and report.unmatched  # Yongchuan's own 科目 are listed, not lost
    assert doc.budget_amount("gpb_expenditure", "2080101", "total") == yongchuan.amount("gpb_expenditure", "2080101", "total")


def test_prior_year_final_accounts_give_the_change():
    doc, last = leshan(), leshan()
    last.set("three_public", "amount", "reception", "2.11")
    load_prior(doc, last)
    [reception] = [x for x in comparison(doc, "three_public") if x.column == "reception"]
    assert reception.change == Decimal("-0.96") and reception.change_percent == Decimal("-45.50")


def test_only_a_budget_links_to_a_final_accounts_document():
    with pytest.raises(BudgetLinkError, match="不是预算"):
        load_budget(leshan(), leshan())
    with pytest.raises(BudgetLinkError, match="决算文档"):
        load_budget(small_budget(), small_budget())


def test_budget_figures_survive_every_file_format(tmp_path):
    from budgetdesk.io.files import save_document
    doc = leshan()
    load_budget(doc, small_budget())
    for name in ("l.bdesk", "l.json", "l.xlsx"):
        again, _ = open_document(save_document(doc, tmp_path / name))
        assert again.budget == doc.budget, name


def test_budget_from_a_disclosure_text_file():
    from tests.conftest import SEED_FILES
    doc = leshan()
    path, _ = SEED_FILES["yongchuan"]
    budget, _ = open_document(path)
    report = load_budget(doc, budget)
    assert report.placed > 20
    assert doc.budget_amount("gpb_expenditure", "total", "total") == budget.amount("gpb_expenditure", "total", "total")
