"""Hostile and damaged Word 情况说明 files (found by the docx fuzz family): refused fast, with their reason."""

from __future__ import annotations

import re
import time
import zipfile

import pytest

from budgetdesk.cli import main
from budgetdesk.io.read.narrative import MAX_DOCX_PARAGRAPHS, NarrativeReadError, read_docx
from budgetdesk.io.write.docx import write_docx
from tests.conftest import SEED_FILES
from tests.fuzz.docx_cases import BOMB, _paragraph, _with_body


@pytest.fixture(scope="module")
def word_file(tmp_path_factory):
    from budgetdesk.io.read.disclosure_text import read_disclosure
    from budgetdesk.resources import load_template

    path, template = SEED_FILES["beibei"]
    doc, _ = read_disclosure(path, load_template(template))
    return write_docx(doc.narrative, tmp_path_factory.mktemp("word") / "北碚.docx", title="北碚情况说明")


def changed(source, target, member: str, change) -> object:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item.filename, change(data) if item.filename == member else data)
    return target


@pytest.mark.parametrize("how", ["after a long comment", "in UTF-16", "after a long processing instruction"])
def test_a_dtd_is_refused_wherever_it_hides(word_file, tmp_path, how):
    def hide(xml: bytes) -> bytes:
        at = re.search(rb"<[A-Za-z]", xml[5:]).start() + 5  # the root element
        if how == "after a long comment":
            return xml[:at] + b"<!--" + b" " * 70_000 + b"-->" + BOMB + xml[at:]
        if how == "after a long processing instruction":
            return xml[:at] + b"<?x " + b"y" * 9_000 + b"?>" + BOMB + xml[at:]
        return (xml[:at] + BOMB + xml[at:]).replace(b"encoding='UTF-8'", b"encoding='UTF-16'").decode().encode("utf-16")

    member = "word/styles.xml" if how == "in UTF-16" else "word/document.xml"
    with pytest.raises(NarrativeReadError, match="DTD"):
        read_docx(changed(word_file, tmp_path / "bomb.docx", member, hide))


def test_a_flood_of_paragraphs_is_refused_before_parsing(word_file, tmp_path):
    flood = changed(word_file, tmp_path / "flood.docx", "word/document.xml",
                    lambda xml: _with_body(xml, _paragraph("收入预算1.00万元。") * (MAX_DOCX_PARAGRAPHS + 1)))
    started = time.monotonic()
    with pytest.raises(NarrativeReadError, match="段落"):
        read_docx(flood)
    assert time.monotonic() - started < 5


def test_an_enormous_paragraph_is_refused_not_checked_for_minutes(word_file, tmp_path):
    long = changed(word_file, tmp_path / "long.docx", "word/document.xml",
                   lambda xml: _with_body(xml, _paragraph("收入预算1,234.56万元，比上年增长12.5%。" * 5_000)))
    with pytest.raises(NarrativeReadError, match="第 1 段"):
        read_docx(long)


def test_check_names_what_is_wrong_with_a_word_file(word_file, tmp_path, capsys):
    cases = {
        "bomb.docx": (changed(word_file, tmp_path / "bomb.docx", "word/document.xml",
                              lambda xml: xml.replace(b"<w:document", BOMB + b"<w:document", 1)), "DTD"),
        "book.docx": (tmp_path / "book.docx", "没有 word/document.xml"),
        "empty.docx": (changed(word_file, tmp_path / "empty.docx", "word/document.xml",
                               lambda xml: xml[:xml.index(b"<w:body>") + 8] + xml[xml.index(b"<w:sectPr"):]), "没有文字"),
    }
    with zipfile.ZipFile(tmp_path / "book.docx", "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    for name, (path, reason) in cases.items():
        assert main(["check", str(path)]) == 2
        err = capsys.readouterr().err
        assert name in err and reason in err and "不支持的文件类型" not in err and "Traceback" not in err


def test_a_sound_word_file_is_still_read_quickly(word_file):
    started = time.monotonic()
    narrative = read_docx(word_file)
    assert len(narrative.blocks) == 36 and time.monotonic() - started < 2
