"""Word export sanitises like every other export (issue 29): NUL and control characters in a unit name, the notes
or the 情况说明 stopped the .docx ("All strings must be XML compatible"); now they become U+FFFD with a notice."""

from __future__ import annotations

import dataclasses

from budgetdesk.cli import main
from budgetdesk.core.narrative.model import Block, Narrative
from budgetdesk.io.files import open_document, save_document
from budgetdesk.io.read.narrative import read_docx
from budgetdesk.io.write.docx import write_docx
from budgetdesk.resources import sample_path

HOSTILE = "单位\x00名\x01称\x1f\ud800\ufffe"


def test_write_docx_replaces_what_xml_cannot_hold_and_says_so(tmp_path):
    narrative = Narrative((Block("一、收入\x00说明", heading=True), Block("收入预算1.00万元\x0b。\udfff")))
    notices: list[str] = []
    out = write_docx(narrative, tmp_path / "n.docx", title=HOSTILE, notices=notices)
    back = read_docx(out)
    texts = [b.text for b in back.blocks]
    assert texts == ["一、收入\ufffd说明", "收入预算1.00万元\ufffd。\ufffd"]
    assert any("情况说明第 2 段" in n and "U+000B" in n for n in notices)
    assert any("Word 文档标题" in n for n in notices)


def test_a_document_with_control_characters_exports_to_word(tmp_path):
    doc, _ = open_document(sample_path())
    doc.set_meta(dataclasses.replace(doc.meta, unit_name=HOSTILE))
    doc.set_note(None, "说明\x00\x02")
    doc.narrative = Narrative((Block("概况", heading=True), Block(f"{HOSTILE}收入预算1.00万元。")))
    notices: list[str] = []
    out = save_document(doc, tmp_path / "x.docx", notices=notices)
    assert notices and all("\x00" not in n for n in notices)
    assert "\ufffd" in "".join(b.text for b in read_docx(out).blocks)


def test_cli_narrative_to_word_with_a_hostile_unit_name(tmp_path, capsys):
    doc, _ = open_document(sample_path())
    doc.set_meta(dataclasses.replace(doc.meta, unit_name="永川\x00区\x07"))
    source = save_document(doc, tmp_path / "unit.bdesk")
    assert main(["narrative", str(source), "-o", str(tmp_path / "n.docx")]) in (0, 1)
    err = capsys.readouterr().err
    assert "提示：" in err and "Word 文档标题" in err and "Traceback" not in err
    assert (tmp_path / "n.docx").is_file()
