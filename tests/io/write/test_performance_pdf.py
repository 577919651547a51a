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


def test_figures_are_never_broken_across_lines_in_the_wide_table(tmp_path):
    """“3,300.\\n00”, “≥500\\n0人”, “提前下达202\\n3年度”: a figure stays on one line (set smaller if need be)."""
    import re

    import pypdfium2 as pdfium

    from budgetdesk.io.files import open_document, save_document
    from tests.conftest import SEED_FILES

    doc, _ = open_document(SEED_FILES["yongchuan"][0])
    pdf = pdfium.PdfDocument(str(save_document(doc, tmp_path / "永川.pdf", {"tables": None})))
    pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    wide = [t for t in pages if "成本指标" in t]
    assert wide
    split = r"\d[\d,]*\.\r?\n\d|[≥≤=]\d+\r?\n\d|(?<!\d)\d{1,3}\r?\n\d{1,3}年"  # 3,300.|00  ≥500|0  202|3年
    broken = [m.group() for t in wide for m in re.finditer(split, t)]
    assert broken == []
    assert any("1,612.37" in t for t in wide) and any("≥8000" in t for t in wide)


def test_break_lines_keeps_figures_and_punctuation_in_place():
    from budgetdesk.io.write.pdf_export import register_font
    from budgetdesk.io.write.performance_pdf import break_lines

    register_font()
    lines = break_lines("提前下达2023年度高校毕业生“三支一扶”计划补助资金≥5000人次，合格率100%", 6.5, 40)
    assert "".join(lines) == "提前下达2023年度高校毕业生“三支一扶”计划补助资金≥5000人次，合格率100%"
    assert any("2023" in line for line in lines) and any("≥5000人次" in line for line in lines)
    assert not any(line.startswith(("，", "”")) or line.endswith("“") for line in lines)


def test_a_merged_level_taller_than_a_page_is_printed_in_pieces(tmp_path):
    """北京市财政局's 13表 lists some 60 indicators under one 一级指标 and 烟台's forms long 产出指标 groups: a table
    cannot break inside a merged cell, so the whole PDF export stopped (“有一行内容过多，排不进一页”). The merged
    cell is now cut where its rows fill a safe height, each piece labelled again."""
    from pathlib import Path

    from budgetdesk.core.performance.layout import FormCell
    from budgetdesk.io.files import open_document, save_document
    from budgetdesk.io.write.performance_pdf import SPAN_ROOM, _span_pieces

    cell = FormCell(2, 0, "产出指标", "label", rowspan=30)
    pieces = _span_pieces(cell, [20.0] * 40)
    assert sum(rows for _, rows in pieces) == 30 and pieces[0][0] == 2 and len(pieces) == 3
    assert all(rows * 20.0 <= SPAN_ROOM for _, rows in pieces)
    assert _span_pieces(FormCell(0, 0, "x", "label", rowspan=3), [20.0] * 3) == [(0, 3)]
    real = Path(__file__).resolve().parents[2] / "fixtures" / "real"
    for name in ("bj_czj_2026_budget_tables.pdf", "sd_yt_czj_2026_budget.pdf"):
        doc, _ = open_document(real / name)
        assert save_document(doc, tmp_path / f"{name}.pdf").stat().st_size > 0
