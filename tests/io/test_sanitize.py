"""Every writer sanitises user text: no formulas, no invalid XML, no lost file — and says what it changed."""

from __future__ import annotations

import dataclasses
import re
import zipfile
from decimal import Decimal

import defusedxml.ElementTree as ET
import openpyxl
import pytest

from budgetdesk.io.files import open_document, save_document
from budgetdesk.io.store.project import load_project
from budgetdesk.io.sanitize import Sanitizer
from budgetdesk.resources import load_template
from tests.fuzz.seeds import seed_document


def xml_parts(book):
    with zipfile.ZipFile(book) as z:
        return {n: z.read(n) for n in z.namelist() if n.endswith(".xml")}


def assert_inert_and_valid(book):
    parts = xml_parts(book)
    for name, data in parts.items():
        ET.fromstring(data)  # well-formed XML: Excel opens it
        assert b"<f>" not in data and b"<f " not in data, name
    openpyxl.load_workbook(book).close()


def with_unit(doc, name):
    doc.set_meta(dataclasses.replace(doc.meta, unit_name=name))
    return doc


def test_beibei_unit_name_beginning_with_equals_is_text_in_the_title(tmp_path):
    """The 北碚 titles carry the unit name: `=…` landed in the title cell as a formula (Err:509)."""
    doc = with_unit(seed_document("beibei"), "=1+1单位")
    notices: list[str] = []
    book = save_document(doc, tmp_path / "b.xlsx", notices=notices)
    assert_inert_and_valid(book)
    wb = openpyxl.load_workbook(book)
    ws = wb.worksheets[0]
    assert ws["A1"].value.startswith("=1+1单位") and ws["A1"].data_type == "s" and ws["A1"].quotePrefix
    assert wb["budgetdesk"]["B5"].value == "=1+1单位" and wb["budgetdesk"]["B5"].data_type == "s"
    again, _ = open_document(book)
    assert again.meta.unit_name == "=1+1单位"


@pytest.mark.parametrize("bad", ["\x01", "\x1f", "\ufffe", "\uffff", "\ud800"])
def test_characters_xml_forbids_are_replaced_and_reported(tmp_path, bad):
    doc = with_unit(seed_document("beibei"), f"单位{bad}名称")
    doc.set("expenditure", "2080101", "name", f"行政运行{bad}")
    doc.set_note("gf_expenditure", f"说明{bad}")
    notices: list[str] = []
    book = save_document(doc, tmp_path / "c.xlsx", notices=notices)
    assert_inert_and_valid(book)
    assert any(f"U+{ord(bad):04X}" in n for n in notices)
    again, _ = open_document(book)
    assert again.note("gf_expenditure") == f"说明{bad}"  # the hidden sheet keeps notes exactly (JSON escapes)
    assert again.get("expenditure", "2080101", "name") == "行政运行\ufffd"


@pytest.mark.parametrize("unit", ["'单位", "单位[1]:*?/\\", "单" * 40, "History", "budgetdesk"])
def test_sheet_names_are_made_valid_for_excel(tmp_path, unit):
    doc = with_unit(seed_document("beibei"), unit)
    book = save_document(doc, tmp_path / "s.xlsx")
    names = openpyxl.load_workbook(book).sheetnames
    assert len(names) == len({n.casefold() for n in names}) >= len(doc.template_set.tables) + 1  # + 绩效 sheets
    for n in names:
        assert len(n) <= 31 and not n.startswith("'") and not n.endswith("'") and not re.search(r"[\[\]:*?/\\]", n)
        assert n.casefold() != "history"


def test_sheet_name_helper_keeps_names_unique_regardless_of_case():
    s = Sanitizer()
    used: set[str] = set()
    assert [s.sheet_name(t, used) for t in ("Abc", "ABC", "'x'", "")] == ["Abc", "ABC(2)", "x", "表"]


def test_very_long_labels_are_cut_with_a_notice(tmp_path, sample_doc):
    sample_doc.set("expenditure", "2080101", "name", "长" * 40_000)
    notices: list[str] = []
    book = save_document(sample_doc, tmp_path / "l.xlsx", notices=notices)
    assert_inert_and_valid(book)
    assert any("已截断" in n for n in notices)


def test_a_lone_surrogate_neither_crashes_a_project_save_nor_leaves_its_temp_file(tmp_path, sample_doc):
    sample_doc.set("expenditure", "2080101", "name", "行政\ud800运行")
    sample_doc.set_note(None, "总说明\udfff")
    notices: list[str] = []
    path = save_document(sample_doc, tmp_path / "p.bdesk", notices=notices)
    assert [p.name for p in tmp_path.iterdir()] == ["p.bdesk"]
    assert any("U+D800" in n for n in notices) and any("U+DFFF" in n for n in notices)
    again = load_project(path, load_template)
    assert again.get("expenditure", "2080101", "name") == "行政\ufffd运行"


def test_a_lone_surrogate_round_trips_through_json(tmp_path, sample_doc):
    sample_doc.set_note(None, "总说明\ud800")
    path = save_document(sample_doc, tmp_path / "p.json")
    again, _ = open_document(path)
    assert again.note(None) == "总说明\ud800"


@pytest.mark.parametrize("value", ["9999999999999.99", "1234567.123456", "0.000001", "-4500000000000.5"])
def test_xlsx_export_keeps_every_amount_exactly(tmp_path, sample_doc, value):
    sample_doc.set("expenditure", "2080101", "total", value)
    again, _ = open_document(save_document(sample_doc, tmp_path / "a.xlsx"))
    assert again.amount("expenditure", "2080101", "total") == Decimal(value)


def test_minus_zero_is_written_as_zero(tmp_path, sample_doc):
    sample_doc.set("expenditure", "2080101", "total", "-0")
    book = save_document(sample_doc, tmp_path / "z.xlsx")
    assert not any(b"<v>-0" in data for data in xml_parts(book).values())
