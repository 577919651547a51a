"""The real packages' 绩效 pages (tests/fixtures/real_performance, from /work/shared/real): no form is invented
from them, and the status is honest — “没有读到绩效目标表” where the text says targets exist, nothing where it
says there are none. Each expected sentence was checked by hand against the PDF page."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from budgetdesk.core.document import Document, UnitMeta
from budgetdesk.core.engine import check_document
from budgetdesk.core.narrative.parse import parse_text
from budgetdesk.io.read.import_report import ImportReport
from budgetdesk.io.read.performance.text import read_performance_grids, text_page_rows
from budgetdesk.resources import load_template

FOLDER = Path(__file__).resolve().parents[2] / "fixtures" / "real_performance"
PAGES = list(csv.DictReader((FOLDER / "sources.tsv").read_text(encoding="utf-8").splitlines(), delimiter="\t"))
PDFS = sorted({p["pdf"] for p in PAGES})

# the sentence BD-PF-PRESENT quotes, read off each PDF by hand; None: the text says there are no targets
SAID = {
    "js_gaoyuan_2019_dept_budget.pdf": "2019 年本部门实行整体支出绩效目标管理，涉及财政性资金合",
    "js_swbgt_2019_text.pdf": None,  # “2019年本部门共0个项目实行绩效目标管理，涉及财政性资金合计0万元。”
    "sh_putuo_swj_2025_dept_budget.pdf": "2025年度，本部门编报绩效目标的项目共25个，涉及项目预算资金11381.60万元",
    "sh_putuo_zfb_2025_dept_budget.pdf": "编报绩效目标的项目11个",
    "sh_putuo_zfb_2025_unit_budget.pdf": "2025年度，本单位编报绩效目标的项目共11个，涉及项目预算资金6626万元",
}


def _text(pdf: str) -> str:
    return "\n".join((FOLDER / p["text"]).read_text(encoding="utf-8") for p in PAGES if p["pdf"] == pdf)


def test_provenance_of_every_page():
    assert PDFS == sorted(SAID)
    for p in PAGES:
        assert (FOLDER / p["text"]).is_file() and p["repo"] and len(p["commit"]) == 40


@pytest.mark.parametrize("page", PAGES, ids=[p["text"] for p in PAGES])
def test_no_form_is_read_from_a_page_that_has_none(page):
    doc = Document(load_template("cq-budget"), UnitMeta(unit_name=page["unit"], year=int(page["year"])))
    report = ImportReport(source=page["pdf"])
    text = (FOLDER / page["text"]).read_text(encoding="utf-8")
    assert read_performance_grids(doc, [(f"第{page['page']}页", text_page_rows(text))], report) == []
    assert report.performance_read == [] and report.performance_unread == []


@pytest.mark.parametrize("pdf", PDFS)
def test_status_says_none_were_read_where_targets_exist(pdf):
    doc = Document(load_template("cq-budget"), UnitMeta(unit_name="", year=2025))
    doc.set_narrative(parse_text(_text(pdf)))
    present = [f for f in check_document(doc) if f.rule == "BD-PF-PRESENT"]
    if SAID[pdf] is None:
        assert present == []
    else:
        (f,) = present
        assert f.message.startswith("没有读到绩效目标表") and SAID[pdf] in f.message
