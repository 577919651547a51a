"""The 情况说明 through every file: .bdesk (and old v1 files), JSON, .docx, disclosure text, the CLI."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from contextlib import closing

import pytest

from budgetdesk.cli import main
from budgetdesk.core.narrative.model import Narrative
from budgetdesk.io.store import interchange
from budgetdesk.io.files import open_document
from budgetdesk.io.read.narrative import NarrativeReadError, read_docx, read_narrative
from budgetdesk.io.write.docx import write_docx
from budgetdesk.io.store.project import load_project, save_project
from budgetdesk.resources import load_template
from tests.conftest import SEED_FILES, SEEDS

LESHAN = SEEDS / "sichuan_leshan_2024_final_accounts.txt"


@pytest.fixture
def beibei():
    path, tid = SEED_FILES["beibei"]
    doc, _ = open_document(path, tid)
    return doc


def test_disclosure_text_brings_its_narrative(beibei):
    texts = [b.text for b in beibei.narrative.blocks]
    assert "二、部门收支总体情况" in texts
    assert any(t.startswith("2024年“三公”经费预算11.79万元") for t in texts)
    assert not any("财政拨款收支总表" in t for t in texts)  # the tables are not narrative


def test_bdesk_keeps_the_narrative_and_reads_version_1_files(beibei, tmp_path):
    path = save_project(beibei, tmp_path / "北碚.bdesk")
    again = load_project(path, load_template)
    assert again.narrative == beibei.narrative
    with closing(sqlite3.connect(path)) as con:  # make it a file written before version 2
        con.execute("DROP TABLE narrative")
        con.execute("PRAGMA user_version=1")
        con.commit()
    old = load_project(path, load_template)
    assert old.narrative == Narrative() and old.amount("summary", "in.total", "in_amount") == beibei.amount(
        "summary", "in.total", "in_amount")


def test_json_keeps_the_narrative_and_reads_version_1(beibei):
    data = interchange.document_to_dict(beibei)
    assert data["format_version"] == 2 and data["narrative"][0] == {"text": "重庆市北碚区人力资源和社会保障局", "heading": True}
    assert interchange.document_from_dict(data, load_template).narrative == beibei.narrative
    data.pop("narrative")
    data["format_version"] = 1
    assert interchange.document_from_dict(data, load_template).narrative == Narrative()
    data["narrative"] = "not a list"
    with pytest.raises(interchange.InterchangeError, match="narrative"):
        interchange.document_from_dict(data, load_template)


def test_docx_round_trip_and_hostile_files(beibei, tmp_path):
    path = write_docx(beibei.narrative, tmp_path / "情况说明.docx", title="北碚区人社局2024年部门预算情况说明")
    assert read_docx(path) == beibei.narrative
    assert read_narrative(path) == beibei.narrative
    fake = tmp_path / "fake.docx"
    fake.write_text("not a zip")
    with pytest.raises(NarrativeReadError, match="不是 Word 文档"):
        read_docx(fake)
    dtd = tmp_path / "dtd.docx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(dtd, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:document", b'<!DOCTYPE d [<!ENTITY a "aaaa">]><w:document', 1)
            dst.writestr(item, data)
    with pytest.raises(NarrativeReadError, match="DTD"):
        read_docx(dtd)


def test_check_text_only_lists_narrative_errors_with_positions(capsys):
    assert main(["check", str(LESHAN)]) == 1
    out = capsys.readouterr().out
    assert "只检查情况说明的文字" in out and "NARR-NEGATIVE" in out and "原文：" in out
    assert main(["check", "--json", str(LESHAN)]) == 1
    records = json.loads(capsys.readouterr().out)
    pct = next(r for r in records if r["rule"] == "NARR-CHANGE-PCT" and r["stated"] == "49.69%")
    assert pct["table"] == "narrative" and pct["expected"] == "33.20"
    assert "增长49.69%" in pct["quote"] and set(pct["position"]) == {"section", "paragraph", "start", "end"}


def test_check_tables_and_narrative_together(beibei, tmp_path, capsys):
    beibei.set_narrative(beibei.narrative.replace_block(27, beibei.narrative.blocks[27].text.replace("3,032.55", "3,023.55")))
    path = tmp_path / "北碚.json"
    path.write_text(interchange.dumps(beibei), encoding="utf-8")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "NARR-AMOUNT" in out and "原文：" in out and "BD-SUM-HIER" in out


def test_convert_writes_the_narrative_as_word(tmp_path, capsys):
    path, _ = SEED_FILES["beibei"]
    target = tmp_path / "北碚情况说明.docx"
    assert main(["convert", str(path), str(target)]) == 0
    assert read_docx(target).blocks[3].text == "（一）职能职责" or read_docx(target).blocks[3].text.endswith("职能职责")


def test_narrative_command_writes_word(tmp_path, capsys):
    path, _ = SEED_FILES["haigang"]
    out = tmp_path / "海港情况说明.docx"
    assert main(["narrative", str(path), "-o", str(out)]) == 0
    text = read_docx(out).to_text()
    assert "2024年“三公”经费预算7.85万元" in text and "国有资本经营预算拨款支出1,516.00万元" in text
    assert "已生成情况说明" in capsys.readouterr().err


def test_narrative_command_writes_the_final_accounts_text_for_a_final_document(tmp_path):
    from budgetdesk.resources import sample_path

    out = tmp_path / "乐山决算情况说明.docx"
    assert main(["narrative", str(sample_path("leshan-2024-final.json")), "-o", str(out)]) == 0
    text = read_docx(out).to_text()
    assert "一、收入支出决算总体情况说明" in text and "部门预算情况" not in text
    assert "“三公”经费财政拨款支出决算为3.24万元，完成预算3.24万元，完成100.00%" in text


def test_pdf_package_prints_the_narrative_before_the_tables(beibei, tmp_path):
    from pypdf import PdfReader

    from budgetdesk.io.files import save_document

    pdf = PdfReader(str(save_document(beibei, tmp_path / "北碚.pdf")))
    first = pdf.pages[0].extract_text()
    assert "2024年部门预算情况说明" in first and "一、单位基本情况" in first
    pages = [p.extract_text() for p in pdf.pages]
    narrative_end = max(i for i, t in enumerate(pages) if "“三公”经费预算11.79万元" in t)
    table_start = min(i for i, t in enumerate(pages) if "部门收支总表" in t)
    assert narrative_end < table_start
    only_tables = PdfReader(str(save_document(beibei, tmp_path / "表.pdf", {"tables": ["summary"]})))
    assert "情况说明" not in only_tables.pages[0].extract_text()


def test_section_order_is_chosen_by_the_kind_of_package():
    from types import SimpleNamespace

    from budgetdesk.resources import narrative_sections

    budget = narrative_sections(load_template("cq-budget"))
    assert budget["id"] == "budget" and budget["sections"][0]["id"] == "profile"
    final = narrative_sections(SimpleNamespace(kind="final_accounts"))  # templates/narrative/final-sections.json
    assert final is not None and final["id"] != budget["id"] and final["sections"]
