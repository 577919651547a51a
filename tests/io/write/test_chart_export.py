"""The 情况说明 charts in the PDF (vector, before the tables) and in Word (one picture per chart at its section)."""

from __future__ import annotations

from decimal import Decimal

import docx
import pytest
from pypdf import PdfReader

from budgetdesk.core.narrative.model import Narrative
from budgetdesk.io.write.chart_draw import chart_png, document_charts
from budgetdesk.io.files import open_document, save_document
from budgetdesk.io.read.narrative import read_narrative
from budgetdesk.io.write.docx import write_docx
from budgetdesk.io.write.pdf_export import export_pdf
from budgetdesk.resources import sample_path
from tests.conftest import FIXTURES

LESHAN_SEED = FIXTURES / "seeds" / "sichuan_leshan_2024_final_accounts.txt"


@pytest.fixture
def leshan():
    doc, _ = open_document(sample_path("leshan-2024-final.json"))
    return doc


def _images(page) -> list:
    xobjects = (page["/Resources"].get("/XObject") or {})
    found = []
    for _name, ref in xobjects.items():
        obj = ref.get_object()
        if obj.get("/Subtype") == "/Image":
            found.append(obj)
        elif obj.get("/Subtype") == "/Form":
            found += _images(obj) if "/Resources" in obj else []
    return found


def test_pdf_chart_pages_are_vector_with_captions_before_the_tables(leshan, tmp_path):
    leshan.set_prior("summary", "in.total", "in_amount", Decimal("6034.90"))
    notices: list[str] = []
    reader = PdfReader(export_pdf(leshan, tmp_path / "l.pdf", cover=True, notices=notices))
    texts = ["".join(p.extract_text().split()) for p in reader.pages]
    first_table = next(i for i, t in enumerate(texts) if "收入支出决算总表" in t and "编制单位" in t)
    assert "情况说明附图" in texts[1] and first_table > 1  # after the cover, before the tables
    whole = "".join(texts[:first_table])
    for n, caption in enumerate(["图1：收、支决算总计变动情况图", "图2：收入决算结构图", "图3：支出决算结构图",
                                 "图4：财政拨款收、支决算总计变动情况", "图5：一般公共预算财政拨款支出决算变动情况",
                                 "图6：一般公共预算财政拨款支出决算结构", "图7：“三公”经费财政拨款支出结构"], 1):
        assert caption in whole, caption
    for label in ("6,034.90", "6,385.21", "27.05%", "72.95%", "95.36%", "0.89%", "64.51%", "35.49%", "2023年", "2024年"):
        assert label in whole, label  # amounts and shares are text in the page, not pixels
    for i in range(first_table):
        assert _images(reader.pages[i]) == [], f"page {i + 1} carries a raster image"
    assert any("因公出国（境）费为0" in n for n in notices)


def test_pdf_without_cover_has_no_chart_pages_unless_asked(leshan, tmp_path):
    plain = PdfReader(export_pdf(leshan, tmp_path / "p.pdf", tables=["summary"]))
    assert "情况说明附图" not in plain.pages[0].extract_text()
    asked = PdfReader(export_pdf(leshan, tmp_path / "c.pdf", tables=["summary"], charts=True))
    assert "情况说明附图" in asked.pages[0].extract_text() and len(asked.pages) > len(plain.pages)


def test_refused_chart_is_named_in_its_place(leshan, tmp_path):
    leshan.set("three_public", "amount", "reception", Decimal("-1.15"))
    notices: list[str] = []
    reader = PdfReader(export_pdf(leshan, tmp_path / "r.pdf", tables=["three_public"], charts=True, notices=notices))
    whole = "".join("".join(p.extract_text().split()) for p in reader.pages)
    assert "本图未画" in whole and "负数" in whole
    assert any("图7" in n and "负数" in n for n in notices)


def test_docx_has_one_picture_per_chart_in_place_of_the_placeholders(leshan, tmp_path):
    narrative = read_narrative(LESHAN_SEED)
    path = write_docx(narrative, tmp_path / "l.docx", title="情况说明", charts=document_charts(leshan))
    d = docx.Document(str(path))
    assert len(d.inline_shapes) == 7
    texts = [p.text for p in d.paragraphs]
    assert not any(t.startswith("（图") for t in texts)  # the placeholder lines became the charts
    caption = texts.index("图3：支出决算结构图")
    assert "基本支出1,727.15万元" in texts[caption - 2] and texts[caption - 1] == ""  # text, picture, caption
    assert texts.index("图1：收、支决算总计变动情况图") < texts.index("图7：“三公”经费财政拨款支出结构")


def test_docx_charts_found_by_heading_and_unplaced_ones_in_an_appendix(leshan, tmp_path):
    narrative = Narrative.of("# 三、支出决算情况说明", "2024年度本年支出合计6,385.21万元。", "# 十、其他重要事项的情况说明", "无。")
    d = docx.Document(str(write_docx(narrative, tmp_path / "s.docx", charts=document_charts(leshan))))
    texts = [p.text for p in d.paragraphs]
    assert len(d.inline_shapes) == 7
    assert texts.index("图3：支出决算结构图") < texts.index("十、其他重要事项的情况说明")
    assert texts.index("附图") < texts.index("图1：收、支决算总计变动情况图")


def test_docx_export_through_save_document_carries_the_charts(leshan, tmp_path):
    leshan.set_narrative(read_narrative(LESHAN_SEED))
    d = docx.Document(str(save_document(leshan, tmp_path / "via.docx")))
    assert len(d.inline_shapes) == 7


def test_png_is_the_same_drawing(leshan):
    png = chart_png(document_charts(leshan)[2], dpi=72)
    assert png.startswith(b"\x89PNG") and len(png) > 2000


def test_chart_pages_embed_only_the_cjk_font(leshan, tmp_path):
    reader = PdfReader(export_pdf(leshan, tmp_path / "f.pdf", tables=["summary"], charts=True))
    for page in reader.pages:
        for _name, ref in (page["/Resources"].get("/Font") or {}).items():
            font = ref.get_object()
            assert "/FontDescriptor" in font and "+" in font["/BaseFont"], font["/BaseFont"]


def test_docx_read_back_and_written_again_keeps_one_picture_per_chart(leshan, tmp_path):
    first = write_docx(read_narrative(LESHAN_SEED), tmp_path / "a.docx", charts=document_charts(leshan))
    again = write_docx(read_narrative(first), tmp_path / "b.docx", charts=document_charts(leshan))
    d = docx.Document(str(again))
    texts = [p.text for p in d.paragraphs]
    assert len(d.inline_shapes) == 7 and texts.count("图3：支出决算结构图") == 1  # the caption read back is the placeholder


def test_pdf_charts_stand_at_their_places_in_the_printed_narrative(tmp_path):
    """With the 情况说明 printed, each chart follows its section (or takes its “（图N：…）” line), not an appendix."""
    doc, _ = open_document(sample_path("leshan-2024-final.json"))
    doc.set_narrative(read_narrative(LESHAN_SEED))
    reader = PdfReader(export_pdf(doc, tmp_path / "n.pdf", cover=True))
    texts = ["".join(p.extract_text().split()) for p in reader.pages]
    first_table = next(i for i, t in enumerate(texts) if "收入支出决算总表" in t and "编制单位" in t)
    narrative = "".join(texts[:first_table])
    assert "情况说明附图" not in narrative
    at = [narrative.index(f"图{n}：") for n in range(1, 8)]
    assert at == sorted(at)  # in the order of the text's sections
    between = narrative[at[1]:at[2]]  # after the income structure, the text on expenditure, then its chart
    assert "支出决算" in between and "基本支出" in between
    for i in range(first_table):
        assert _images(reader.pages[i]) == [], f"page {i + 1} carries a raster image"


def test_long_narrative_paragraphs_are_printed_whole(tmp_path):
    doc, _ = open_document(sample_path("leshan-2024-final.json"))
    doc.set_narrative(read_narrative(LESHAN_SEED))
    longest = max((b.text for b in doc.narrative.blocks if not b.heading), key=len)
    assert len(longest) > 300
    notices: list[str] = []
    path = save_document(doc, tmp_path / "w.pdf", {"cover": True}, notices=notices)
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(path).pages)
    assert "".join(longest.split())[-40:] in text  # its end is printed, not cut off
    assert not any("已截断" in n for n in notices)
