"""The PDF as a reader gets it: pages, titles, figures, embedded fonts, repeated headers, orientation."""

import pytest
from pypdf import PdfReader

from benchmarks.core_bench import synthetic_document
from budgetdesk.io.write.pdf_export import export_pdf
from budgetdesk.io.read.disclosure_text import read_disclosure
from budgetdesk.resources import load_template
from tests.conftest import SEED_FILES

CQ_TITLES = ["收支总表", "收入总表", "支出总表", "财政拨款收支总表", "一般公共预算财政拨款支出预算表",
             "一般公共预算财政拨款基本支出预算表", "政府性基金预算支出表", "一般公共预算“三公”经费支出表", "政府采购预算明细表"]


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory):
    from budgetdesk.io.files import open_document
    from budgetdesk.resources import sample_path
    doc, _ = open_document(sample_path())
    path = export_pdf(doc, tmp_path_factory.mktemp("pdf") / "y.pdf", cover=True, contents=True)
    return PdfReader(path)


def text(reader, i):
    return reader.pages[i].extract_text()


def test_every_table_title_and_key_figures_are_in_the_text(sample_pdf):
    whole = "\n".join(p.extract_text() for p in sample_pdf.pages)
    for title in CQ_TITLES:
        assert title in whole
    for figure in ("14,236.27", "15,052.63", "12,968.46", "26.94", "78.06", "2,903.80"):
        assert figure in whole
    assert "本单位年初未安排政府性基金预算，故本表无数据。" in whole
    assert "编制单位：重庆市永川区人力资源和社会保障局" in whole and "单位：万元" in whole


def test_page_numbers_cover_contents_and_metadata(sample_pdf):
    n = len(sample_pdf.pages)
    assert 11 <= n <= 16
    assert f"第 1 页 共 {n} 页" in text(sample_pdf, 0) and "2024年部门预算公开" in text(sample_pdf, 0)
    assert "目" in text(sample_pdf, 1) and "政府采购预算明细表" in text(sample_pdf, 1)
    info = sample_pdf.metadata
    assert info.title == "重庆市永川区人力资源和社会保障局2024年部门预算公开表"
    assert info.author == "重庆市永川区人力资源和社会保障局" and info.get("/CreationDate")


def test_fonts_are_embedded_subsets(sample_pdf):
    fonts = {}
    for page in sample_pdf.pages:
        for _name, ref in (page["/Resources"].get("/Font") or {}).items():
            font = ref.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for base, font in fonts.items():
        descriptor = font.get("/FontDescriptor")
        assert descriptor is not None and "/FontFile2" in descriptor.get_object(), f"{base} not embedded"
        assert "+" in base  # subset prefix, e.g. AAAAAA+WenQuanYiMicroHei
        assert "/ToUnicode" in font  # copying text out of the PDF gives the same characters


def test_wide_tables_are_landscape_and_fit_the_width(sample_pdf):
    page = next(p for p in sample_pdf.pages if "收入总表" in p.extract_text() and "上年结转" in p.extract_text())
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert width > height
    assert "用事业基金弥补收支差额" in "".join(page.extract_text().split())  # the last column is on the page


def test_long_table_repeats_its_header_and_never_splits_a_row(tmp_path):
    doc = synthetic_document()
    reader = PdfReader(export_pdf(doc, tmp_path / "long.pdf", tables=["expenditure"]))
    assert len(reader.pages) >= 5
    for page in reader.pages:
        t = "".join(page.extract_text().split())
        assert "科目编码" in t and "对下级单位补助支出" in t
    codes = [line.split()[0] for p in reader.pages for line in p.extract_text().splitlines()
             if line.split() and line.split()[0].isdigit() and len(line.split()[0]) == 7]
    assert len(codes) == len(set(codes)) == 250  # each 项 row once: no row printed twice or split


def test_hebei_package_with_serial_numbers(tmp_path):
    path, template = SEED_FILES["haigang"]
    doc, _ = read_disclosure(path, load_template(template))
    reader = PdfReader(export_pdf(doc, tmp_path / "h.pdf"))
    assert "情况说明" in reader.pages[0].extract_text()  # the package opens with the 情况说明
    first = next(t for t in (p.extract_text() for p in reader.pages) if "部门预算收支总表" in t)
    assert "部门预算收支总表" in first and "323秦皇岛市海港区人力资源和社会保障局" in first and "栏次" in first


def test_selected_tables_only(sample_doc, tmp_path):
    reader = PdfReader(export_pdf(sample_doc, tmp_path / "s.pdf", tables=["three_public"]))
    assert len(reader.pages) == 1 and "公务接待费" in reader.pages[0].extract_text()
    with pytest.raises(ValueError):
        export_pdf(sample_doc, tmp_path / "none.pdf", tables=["nope"])
