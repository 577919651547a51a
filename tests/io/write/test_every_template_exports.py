"""Every shipped template set exports to Excel and PDF: a region added as data must not break the writers
(福建's one-sided header line, ["单位：{money_unit}"], made every export of a 福建 document fail)."""

import pytest
from openpyxl import load_workbook

from budgetdesk.core.document import Document, UnitMeta
from budgetdesk.io.write.pdf_export import export_pdf
from budgetdesk.io.write.xlsx_export import export_xlsx
from budgetdesk.resources import load_template, template_ids


@pytest.mark.parametrize("set_id", template_ids())
def test_a_blank_document_of_each_set_exports(set_id, tmp_path):
    ts = load_template(set_id)
    doc = Document(ts, UnitMeta(unit_name="某某局", unit_code="", year=2026, money_unit=ts.money_unit))
    export_xlsx(doc, tmp_path / "a.xlsx")
    titles = load_workbook(tmp_path / "a.xlsx", read_only=True).sheetnames
    assert len([t for t in titles if not t.startswith("_")]) >= len(doc.published_tables())
    export_pdf(doc, tmp_path / "a.pdf")
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")


def test_a_table_only_some_units_print_is_exported_only_when_it_has_figures(tmp_path):
    """上海 2026 单位预算05 财政拨款支出预算表 (``optional``): no blank sheet for a unit that does not print it."""
    ts = load_template("sh-unit-budget")
    doc = Document(ts, UnitMeta(unit_name="某某中心", year=2026, money_unit=ts.money_unit))
    export_xlsx(doc, tmp_path / "a.xlsx")
    assert not any("财政拨款支出预算表" in t for t in load_workbook(tmp_path / "a.xlsx", read_only=True).sheetnames)
    doc.set("fiscal_expenditure", "total", "total", "100")
    export_xlsx(doc, tmp_path / "b.xlsx")
    assert any("财政拨款支出预算表" in t for t in load_workbook(tmp_path / "b.xlsx", read_only=True).sheetnames)
