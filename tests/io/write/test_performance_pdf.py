"""绩效目标表 pages of the PDF package: one page per stacked form, the wide table in landscape, text selectable."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from budgetdesk.core.narrative.model import Narrative
from budgetdesk.io.read.disclosure_text import read_disclosure
from budgetdesk.io.write.pdf_export import export_pdf
from budgetdesk.resources import load_template
from tests.conftest import SEED_FILES


def flat(text: str) -> str:
    return "".join(text.split())


def _doc(name):
    path, template = SEED_FILES[name]
    return read_disclosure(path, load_template(template))[0]


@pytest.fixture(scope="module")
def beibei_pdf(tmp_path_factory):
    doc = _doc("beibei")
    doc.set_narrative(Narrative())  # the 情况说明 pages come first; these tests count the tables' and forms' pages
    return PdfReader(export_pdf(doc, tmp_path_factory.mktemp("pdf") / "b.pdf"))


def test_each_stacked_form_gets_its_page(beibei_pdf):
    pages = [p.extract_text() for p in beibei_pdf.pages]
    perf = [flat(t) for t in pages if "绩效目标表" in t.split("\n")[0]]
    assert len(perf) == 4 and len(pages) == 7 + 4  # the 7 Beibei tables, then 整体, 重点专项, 2 projects
    assert "部门（单位）整体支出绩效目标表" in perf[0] and "实施人事考试场次" in perf[0] and "5,738.89" in perf[0]
    assert "50010922T000000086715-监察办案经费" in perf[2]
    assert "处置化解欠薪矛盾纠纷数量" in perf[2] and "编制单位：401001" in perf[2]


def test_wide_table_in_landscape_fits_the_page(tmp_path):
    reader = PdfReader(export_pdf(_doc("yongchuan"), tmp_path / "y.pdf"))
    start = next(i for i, p in enumerate(reader.pages) if "预算项目绩效目标表" in p.extract_text().split("\n")[0])
    wide = [p for p in reader.pages[start:] if p.mediabox.width > p.mediabox.height]
    assert len(wide) >= 3
    assert all("绩效指标成本指标产出指标" in flat(p.extract_text()) for p in wide)  # header rows repeat
    whole = "".join(flat(p.extract_text()) for p in wide)
    assert "房屋租金" in whole and "技能鉴定评价专项业务费" in whole


def test_a_chosen_subset_of_tables_leaves_them_out(tmp_path):
    reader = PdfReader(export_pdf(_doc("beibei"), tmp_path / "s.pdf", tables=["summary"]))
    assert len(reader.pages) == 1
    reader = PdfReader(export_pdf(_doc("beibei"), tmp_path / "p.pdf", tables=["summary", "performance"]))
    assert len(reader.pages) == 5
