"""PDF text: no silent blanks for characters the font lacks, no LayoutError for a very long name, no crash on bad text."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from pypdf import PdfReader

from budgetdesk.io.write import pdf_text
from budgetdesk.io.files import save_document

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.fixture
def only_fallbacks(monkeypatch):
    """Fallback fonts limited to what the test names (the machine's own fonts do not count)."""

    def use(*paths: Path):
        monkeypatch.setattr(pdf_text, "_FALLBACK_CANDIDATES", ())
        monkeypatch.setenv("BUDGETDESK_PDF_FALLBACK_FONTS", ":".join(str(p) for p in paths))
        pdf_text.reset_fallbacks()

    yield use
    pdf_text.reset_fallbacks()


def whole_text(path: Path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(path).pages)


def fonts(path: Path) -> set[str]:
    names = set()
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def test_characters_the_font_lacks_are_reported_not_left_blank(sample_doc, tmp_path, only_fallbacks):
    only_fallbacks()
    sample_doc.set("expenditure", "2080101", "name", "行政运行𠮷𪚥😀")
    notices: list[str] = []
    path = save_document(sample_doc, tmp_path / "g.pdf", {"tables": ["expenditure"]}, notices=notices)
    assert any("𠮷𪚥😀" in n and "字体缺少" in n and "支出总表" in n for n in notices)
    assert "行政运行□□□" in whole_text(path)


@pytest.mark.skipif(not DEJAVU.is_file(), reason="needs DejaVu Sans as a stand-in fallback font")
def test_a_character_the_main_font_lacks_is_printed_in_a_fallback_font(sample_doc, tmp_path, only_fallbacks):
    only_fallbacks(DEJAVU)
    sample_doc.set("expenditure", "2080101", "name", "行政运行☯")  # U+262F: in DejaVu Sans, not in WenQuanYi
    notices: list[str] = []
    path = save_document(sample_doc, tmp_path / "f.pdf", {"tables": ["expenditure"]}, notices=notices)
    assert not any("字体缺少" in n for n in notices)
    assert "行政运行☯" in whole_text(path)
    assert any("DejaVu" in f for f in fonts(path))


def test_a_thousand_character_subject_name_is_cut_with_a_notice(sample_doc, tmp_path):
    sample_doc.set("expenditure", "2080101", "name", "很长的科目名称" * 150)
    notices: list[str] = []
    path = save_document(sample_doc, tmp_path / "l.pdf", notices=notices)
    assert path.is_file() and any("已截断" in n for n in notices)


def test_control_characters_and_lone_surrogates_do_not_break_the_pdf(sample_doc, tmp_path):
    sample_doc.set_meta(dataclasses.replace(sample_doc.meta, unit_name="单位\ud800\x01名称"))
    sample_doc.set_note(None, "说明\udfff")
    notices: list[str] = []
    path = save_document(sample_doc, tmp_path / "s.pdf", {"cover": True}, notices=notices)
    assert path.is_file() and any("U+D800" in n for n in notices)
    assert [p.name for p in tmp_path.iterdir()] == ["s.pdf"]


HANAZONO = Path("/usr/share/fonts/truetype/hanazono")


@pytest.mark.skipif(not (HANAZONO / "HanaMinA.ttf").is_file(), reason="needs fonts-hanazono (apt-get install fonts-hanazono)")
def test_rare_cjk_and_emoji_fall_back_to_hanazono_when_installed(sample_doc, tmp_path, only_fallbacks):
    only_fallbacks(HANAZONO / "HanaMinA.ttf", HANAZONO / "HanaMinB.ttf")
    sample_doc.set("expenditure", "2080101", "name", "行政运行𠮷𪚥😀")
    notices: list[str] = []
    path = save_document(sample_doc, tmp_path / "h.pdf", {"tables": ["expenditure"]}, notices=notices)
    assert not any("字体缺少" in n for n in notices)
    assert any("HanaMin" in f for f in fonts(path))
