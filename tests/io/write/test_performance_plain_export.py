"""Forms no template describes, exported in the plain official layout and read back (issue 26).

The Yongchuan seed (cq-budget: wide 预算项目绩效目标表) with its 整体 target replaced by the plain 整体 form of
another unit (元, money matrix) and one plain 财政资金项目支出绩效目标表 added: the workbook keeps the wide table
and prints the plain forms on their own sheets with every field and funding line; read back with or without the
hidden sheet they are the same targets; the PDF prints each plain form on its own page; .bdesk and JSON keep them.
"""

from __future__ import annotations

import openpyxl
import pytest
from pypdf import PdfReader

from budgetdesk.core.narrative.model import Narrative
from budgetdesk.core.performance import TargetKind
from budgetdesk.io.files import open_document
from budgetdesk.io.read.disclosure_text import read_disclosure
from budgetdesk.io.read.import_report import ImportReport
from budgetdesk.io.read.performance.text import read_performance_text
from budgetdesk.io.store import interchange
from budgetdesk.io.store.project import load_project, save_project
from budgetdesk.io.write.pdf_export import export_pdf
from budgetdesk.io.write.xlsx_export import export_xlsx
from budgetdesk.resources import load_template
from tests.conftest import SEED_FILES
from tests.io.read.test_performance_meaning import OVERALL, PROJECT, _rows

PRINTED = ("kind", "form", "code", "name", "department", "unit", "total", "basic", "project", "money_unit", "attribute",
           "period", "overview", "goal", "indicators", "extra")


@pytest.fixture(scope="module")
def doc():
    path, template = SEED_FILES["yongchuan"]
    doc = read_disclosure(path, load_template(template))[0]
    doc.performance.remove(doc.performance.overall().key)
    read_performance_text(doc, _rows(OVERALL + "\n" + PROJECT), ImportReport(source="x"), ends=lambda row: False)
    assert [t.form for t in doc.performance.of_kind(TargetKind.OVERALL)] == ["plain"]
    return doc


def _plain(doc):
    return [t for t in doc.performance if t.form == "plain"]


@pytest.fixture(scope="module")
def book(doc, tmp_path_factory):
    return export_xlsx(doc, tmp_path_factory.mktemp("plain") / "plain.xlsx")


def test_plain_forms_have_their_own_sheets_next_to_the_wide_table(book):
    wb = openpyxl.load_workbook(book)
    texts = {ws.title: [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
             for ws in wb.worksheets}
    assert "预算项目绩效目标表" in texts  # the 44 wide projects stay in the template's form
    project = texts["项目支出绩效目标表"]
    for words in ("实施单位", "[401001]重庆市某某区就业中心", "起止时间", "2024-01-01至2024-12-31",
                  "50011821T000000012345X-就业见习补贴", "项目起始时间", "见习留用率", "单位：万元"):
        assert words in project, words
    overall = texts["部门（单位）整体支出绩效目标表"]
    assert "单位：元" in overall and "基本支出：财政拨款" in overall and "项目支出：专户资金" in overall
    ws = wb["部门（单位）整体支出绩效目标表"]
    numbers = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, (int, float))]
    assert 4118682.55 in numbers and 4800 in numbers  # amounts are numbers


def test_read_back_with_the_hidden_sheet_exactly(doc, book):
    again, _ = open_document(book, "cq-budget")
    assert list(again.performance) == list(doc.performance)


def test_read_back_from_the_visible_sheets(doc, book, tmp_path):
    wb = openpyxl.load_workbook(book)
    del wb["budgetdesk"]
    wb.save(tmp_path / "foreign.xlsx")
    again, report = open_document(tmp_path / "foreign.xlsx", "cq-budget")
    got = _plain(again)
    assert len(got) == 2
    for was, read in zip(_plain(doc), got):
        for f in PRINTED:
            assert getattr(read, f) == getattr(was, f), (was.title, f)
        assert {(f.part, f.source, f.amount) for f in read.funding} == {(f.part, f.source, f.amount) for f in was.funding}
    assert len(again.performance.of_kind(TargetKind.PROJECT)) == len(doc.performance.of_kind(TargetKind.PROJECT))


def test_pdf_prints_each_plain_form_on_its_page(doc, tmp_path):
    doc.set_narrative(Narrative())
    reader = PdfReader(export_pdf(doc, tmp_path / "p.pdf"))
    pages = ["".join(p.extract_text().split()) for p in reader.pages]
    plain_project = [p for p in pages if "财政资金" not in p and "50011821T000000012345X" in p]
    assert len(plain_project) == 1 and "见习留用率" in plain_project[0] and "实施单位" in plain_project[0]
    assert any("部门（单位）整体支出绩效目标表" in p and "4,118,682.55" in p for p in pages)


def test_bdesk_and_json_keep_the_plain_form(doc, tmp_path):
    again = load_project(save_project(doc, tmp_path / "x.bdesk"), load_template)
    assert list(again.performance) == list(doc.performance)
    assert _plain(interchange.loads(interchange.dumps(doc), load_template)) == _plain(doc)
