"""The 情况说明 is read as Word displays it, invisible format characters do not hide a figure, and a text whose
encoding cannot be told for certain is refused, not misread (issue 29)."""

from __future__ import annotations

import zipfile

import pytest

from budgetdesk.cli import main
from budgetdesk.core.narrative.model import Block, Narrative
from budgetdesk.io.narrative_check import narrative_findings
from budgetdesk.io.read.narrative import read_docx, read_narrative
from budgetdesk.io.write.docx import write_docx
from tests.conftest import SEEDS
from tests.fuzz.word_view import SHAPES, WRONG, with_shape


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return write_docx(Narrative((Block("概况", heading=True), Block("本部门2024年收入预算。"))),
                      tmp_path_factory.mktemp("word") / "base.docx")


def _shaped(base, target, name):
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item.filename, with_shape(data, name) if item.filename == "word/document.xml" else data)
    return target


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_what_word_displays_is_what_is_checked(base, tmp_path, name):
    narrative = read_docx(_shaped(base, tmp_path / "shaped.docx", name))
    rules = [f.rule for f in narrative_findings(narrative)]
    displayed = SHAPES[name][1]
    assert ("NARR-CHANGE-PCT" in rules) is displayed, (name, rules, [b.text for b in narrative.blocks])
    if displayed:
        assert any(WRONG in b.text for b in narrative.blocks)


def test_a_table_of_figures_is_not_read_as_prose(base, tmp_path):
    """Cells that are labels and figures stay a table row (never narrative), as in a text disclosure."""
    def table(xml: bytes) -> bytes:
        row = "".join(f'<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>' for t in ("基本支出", "1,234.56", "12.5%"))
        at = xml.index(b"<w:body>") + len(b"<w:body>")
        return xml[:at] + f"<w:tbl><w:tr>{row}</w:tr></w:tbl>".encode() + xml[at:]

    with zipfile.ZipFile(base) as src, zipfile.ZipFile(tmp_path / "t.docx", "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item.filename, table(data) if item.filename == "word/document.xml" else data)
    assert [b.text for b in read_docx(tmp_path / "t.docx").blocks] == ["概况", "本部门2024年收入预算。"]


def test_format_characters_in_a_text_file_do_not_hide_a_figure(tmp_path):
    path = tmp_path / "说明.txt"
    path.write_text("收入预算110.00万元，比2023年增加10.00万元，增长5\u202e0.0\u200b0%。\n", encoding="utf-8")
    narrative = read_narrative(path)
    assert narrative.blocks[0].text == WRONG
    assert "NARR-CHANGE-PCT" in [f.rule for f in narrative_findings(narrative)]


@pytest.mark.parametrize("seed", ["chongqing_beibei_2024_budget.txt", "sichuan_leshan_2024_final_accounts.txt"])
def test_a_big5_text_is_refused_not_misread(seed, tmp_path, capsys):
    """Big5 bytes decode as GB18030 without an error, into nonsense that checked as 0 errors."""
    text = (SEEDS / seed).read_text(encoding="utf-8")
    big5 = tmp_path / "big5.txt"
    big5.write_bytes(text.encode("big5", errors="replace"))
    assert main(["check", str(big5)]) == 2
    err = capsys.readouterr().err
    assert "big5.txt" in err and "编码" in err and "UTF-8" in err
    gb = tmp_path / "gb.txt"
    gb.write_bytes(text.encode("gb18030"))
    assert main(["check", str(gb)]) in (0, 1)
