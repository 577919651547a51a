from decimal import Decimal

from budgetdesk.core.fill import compute_totals
from budgetdesk.core.document import Document, UnitMeta
from budgetdesk.resources import load_template
from tests.conftest import engine_for


def test_totals_from_leaves_pass_every_check_of_the_table():
    doc = Document(load_template("cq-budget"), UnitMeta(unit_name="测试", year=2024))
    for code, name in (("208", "社会保障和就业支出"), ("20801", "人力资源和社会保障管理事务"), ("2080101", "行政运行"),
                       ("2080102", "一般行政管理事务"), ("210", "卫生健康支出"), ("21011", "行政事业单位医疗"),
                       ("2101101", "行政单位医疗")):
        doc.add_code_row("gpb_expenditure", code, name)
    for code, basic, project in (("2080101", "10.10", None), ("2080102", None, "5.05"), ("2101101", "1.11", "2.22")):
        if basic:
            doc.set("gpb_expenditure", code, "basic", basic)
        if project:
            doc.set("gpb_expenditure", code, "project", project)
    for row, col, _old, new in compute_totals(doc, "gpb_expenditure"):
        doc.set("gpb_expenditure", row, col, new)
    assert doc.amount("gpb_expenditure", "total", "total") == Decimal("18.48")
    assert doc.amount("gpb_expenditure", "208", "basic") == Decimal("10.10")
    assert doc.amount("gpb_expenditure", "2101101", "total") == Decimal("3.33")
    table_findings = [f for f in engine_for(doc).findings() if f.rule in ("BD-SUM-HIER", "BD-COL-GPB")]
    assert table_findings == []
    assert compute_totals(doc, "gpb_expenditure") == []  # idempotent


def test_fixed_row_tables_fill_in_dependency_order():
    doc = Document(load_template("cq-budget"), UnitMeta(year=2024))
    doc.set("three_public", "amount", "car_run", "16.00")
    doc.set("three_public", "amount", "reception", "10.94")
    changes = {(r, c): new for r, c, _o, new in compute_totals(doc, "three_public")}
    assert changes[("amount", "car_total")] == Decimal("16.00")
    assert changes[("amount", "total")] == Decimal("26.94")


def test_filling_every_total_of_the_correctly_rounded_sample_creates_no_error(sample_doc):
    before = [(f.key, f.severity) for f in engine_for(sample_doc).findings()]
    for t in sample_doc.template_set.tables:
        for row, col, _old, new in compute_totals(sample_doc, t.id):
            sample_doc.set(t.id, row, col, new)
    after = engine_for(sample_doc).findings()
    assert [f for f in after if f.severity.value == "error"] == []
    assert [(f.key, f.severity) for f in after] == before  # published totals within rounding stay as published


def test_a_blank_total_takes_the_figure_another_table_publishes_when_within_rounding(sample_doc):
    doc = sample_doc
    doc.set("gpb_expenditure", "20801", "total", None)
    doc.set("gpb_expenditure", "208", "total", None)
    changes = {(r, c): new for r, c, _o, new in compute_totals(doc, "gpb_expenditure")}
    assert changes[("20801", "total")] == Decimal("5596.37")  # Σ of the 项 totals as published
    # 财政拨款收支总表 publishes 208 as 12,960.46; Σ of the 款 is within rounding of it, so that figure is taken
    assert changes[("208", "total")] == Decimal("12960.46")
    for (r, c), v in changes.items():
        doc.set("gpb_expenditure", r, c, v)
    assert [f for f in engine_for(doc).findings() if f.severity.value == "error"] == []


def test_live_recomputation_after_an_edit_is_exact_along_the_chain(sample_doc):
    doc = sample_doc
    doc.set("gpb_expenditure", "2080101", "basic", "1734.09")  # one cent more
    changes = {(r, c): new for r, c, _o, new in
               compute_totals(doc, "gpb_expenditure", changed={("2080101", "basic")})}
    assert changes[("2080101", "total")] == Decimal("1734.09")
    assert ("20802", "total") not in changes  # untouched totals are not recomputed
    assert ("20801", "basic") in changes and ("208", "basic") in changes and ("total", "basic") in changes
