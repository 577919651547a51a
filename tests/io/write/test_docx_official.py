"""The Word 情况说明 looks like an official document (GB/T 9704) and carries the charts, from the GUI and the CLI."""

from __future__ import annotations

import subprocess
import sys

import docx
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from budgetdesk.io.files import open_document, save_document
from budgetdesk.resources import sample_path


def _east_asian(style) -> str:
    return style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_styles_fonts_sizes_and_no_blue_headings(tmp_path):
    from budgetdesk.io.read.narrative import read_narrative
    from tests.conftest import FIXTURES

    doc, _ = open_document(sample_path("leshan-2024-final.json"))
    doc.set_narrative(read_narrative(FIXTURES / "seeds" / "sichuan_leshan_2024_final_accounts.txt"))
    d = docx.Document(str(save_document(doc, tmp_path / "情况说明.docx")))  # as 导出 Word does
    styles = d.styles
    expected = {"Title": ("方正小标宋简体", 22), "Heading 1": ("黑体", 16), "Heading 2": ("楷体_GB2312", 16),
                "Normal": ("仿宋_GB2312", 16)}
    for name, (font, size) in expected.items():
        assert _east_asian(styles[name]) == font, name
        assert styles[name].font.size == Pt(size), name
        assert styles[name].font.color.rgb is None or str(styles[name].font.color.rgb) == "000000", name
        assert not styles[name].font.bold
        assert styles[name].element.rPr.find(qn("w:color")).get(qn("w:themeColor")) is None, name  # no theme blue
    assert styles["Normal"].paragraph_format.first_line_indent == Pt(32)  # two characters of 三号
    section = d.sections[0]
    assert abs(section.top_margin - Cm(3.7)) < 1000 and abs(section.left_margin - Cm(2.8)) < 1000  # EMU rounding
    assert "PAGE" in section.footer.paragraphs[0]._p.xml
    kinds = {p.style.name for p in d.paragraphs if p.text.strip()}
    assert {"Title", "Heading 1", "Normal"} <= kinds
    pictures = d.inline_shapes
    assert len(pictures) == 7  # the seven charts of the 乐山 情况说明


def test_the_narrative_command_writes_the_charts_into_word(tmp_path):
    out = tmp_path / "生成.docx"
    done = subprocess.run([sys.executable, "-m", "budgetdesk", "narrative", str(sample_path("leshan-2024-final.json")),
                           "-o", str(out)], capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 1), done.stderr
    d = docx.Document(str(out))
    assert len(d.inline_shapes) >= 5
    assert _east_asian(d.styles["Normal"]) == "仿宋_GB2312"
