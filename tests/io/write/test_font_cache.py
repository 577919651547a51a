"""The parsed PDF font is cached per machine: same metrics as a fresh parse, and a bad cache is ignored."""

from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.ttfonts import TTFontFace

from budgetdesk.io.files import open_document
from budgetdesk.io.write.font_cache import cache_dir, cached_ttfont, load_face
from budgetdesk.io.write.pdf_style import choose_font
from budgetdesk.resources import sample_path


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("BUDGETDESK_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_cached_face_has_the_metrics_of_a_fresh_parse(cache):
    font = choose_font()
    fresh = TTFontFace(str(font.path), subfontIndex=font.subfont)
    first = load_face(font.path, font.subfont)
    assert cache_dir() == cache and len(list(cache.glob("font-*.pickle"))) == 1
    again = load_face(font.path, font.subfont)
    assert again is not first
    for face in (first, again):
        assert face.charWidths == fresh.charWidths and face.charToGlyph == fresh.charToGlyph
        assert face.name == fresh.name and face._ttf_data == fresh._ttf_data
        assert face._pdfScale(500) == fresh._pdfScale(500)
        assert face.makeSubset([0x8D22, 0x653F]) == fresh.makeSubset([0x8D22, 0x653F])  # 财政
    # kept compactly: per-glyph metrics and positions as arrays, glyph → characters unpickled when asked for
    assert len(again.hmetrics) == len(fresh.hmetrics)
    assert all(tuple(map(int, again.hmetrics[g])) == tuple(map(int, m)) for g, m in enumerate(fresh.hmetrics))
    assert list(again.glyphPos) == fresh.glyphPos
    assert "glyphToChar" not in vars(again) and again.glyphToChar == fresh.glyphToChar


def test_a_damaged_cache_file_means_parsing_again(cache):
    font = choose_font()
    load_face(font.path, font.subfont)
    (cached,) = cache.glob("font-*.pickle")
    cached.write_bytes(b"not a pickle")
    face = load_face(font.path, font.subfont)
    assert face.charWidths and cached.read_bytes() != b"not a pickle"  # rewritten


def test_pdf_made_with_the_cached_font_embeds_it_and_reads_back(cache, tmp_path):
    from budgetdesk.io.write.pdf_export import export_pdf

    font = choose_font()
    cached_ttfont("CacheProbe", font.path, font.subfont)  # fills the cache
    doc, _ = open_document(sample_path())
    pdf = export_pdf(doc, tmp_path / "out.pdf")
    reader = PdfReader(pdf)
    assert "收支总表" in reader.pages[0].extract_text()
    fonts = {f["/BaseFont"] for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    assert fonts and all("+" in name for name in fonts)  # subset-embedded (ABCDEF+Name)
