"""A 决算 published as text (extracted from its PDF) reads back into all 13 tables, every figure in its cell.

The Leshan seed states its figures in prose only, so the sample is rendered as the seeds' layout by
tests/io/disclosure_render.py: titles with the form number, one 编制单位/金额单位 line, header rows as
printed (行次 on both sides of the 总表, the wide 明细表 with 301…399 columns, 三公 预算数/决算数), a
栏次 row, subject codes in one column or over 类/款/项 columns, and page footers also inside long
tables, where the next page repeats the header rows.
"""

import pytest

from budgetdesk.cli import main
from budgetdesk.io.files import open_document
from budgetdesk.resources import sample_path
from tests.conftest import engine_for
from tests.io.disclosure_render import render_disclosure

LESHAN = sample_path("leshan-2024-final.json")


def same_tables(a, b):
    assert a.meta == b.meta
    for tid, ta in a.tables.items():
        tb = b.tables[tid]
        assert [(r.key, r.code, r.label) for r in ta.rows] == [(r.key, r.code, r.label) for r in tb.rows], tid
        assert {k: v for k, v in ta.cells.items() if v is not None} == \
            {k: v for k, v in tb.cells.items() if v is not None}, tid
        assert a.note(tid) == b.note(tid), tid


@pytest.fixture(scope="module")
def sample():
    doc, _ = open_document(LESHAN)
    return doc


@pytest.mark.parametrize("rows_per_page, split_codes", [(28, False), (6, False), (28, True)])
def test_leshan_as_disclosure_text_reads_back_into_every_cell(sample, tmp_path, rows_per_page, split_codes):
    path = tmp_path / "乐山市市中区人社局2024年度部门决算.txt"
    path.write_text(render_disclosure(sample, rows_per_page, split_codes), encoding="utf-8")
    doc, report = open_document(path)  # no template named: chosen by fit
    assert doc.template_set.id == "sc-final-accounts"
    assert report.unplaced == [] and report.notices == []
    assert len(report.tables) == 13
    assert all("标题完全一致" in t.reason for t in report.tables)
    same_tables(sample, doc)
    summary = engine_for(doc).summary()
    assert (summary.errors, summary.warnings) == (0, 0)


def test_the_rendered_text_has_the_printed_layout(sample):
    text = render_disclosure(sample, 6)
    lines = text.splitlines()
    assert "项目\t行次\t决算数\t项目\t行次\t决算数" in lines
    assert any(line.startswith("科目编码\t科目名称\t\t301 工资福利支出\t302 商品和服务支出") for line in lines)
    assert any(line.startswith("预算数\t") and "\t决算数\t" in line for line in lines)
    assert "编制单位：乐山市市中区人力资源和社会保障局\t\t\t\t\t金额单位：万元" in lines
    footers = [line for line in lines if line.startswith("第 ") and line.endswith(" 页")]
    assert len(footers) > 13  # long tables break over pages, repeating their header rows
    assert lines.count("项目\t行次\t决算数\t项目\t行次\t决算数") > 1


def test_cli_check_of_the_text_passes(sample, tmp_path, capsys):
    path = tmp_path / "leshan.txt"
    path.write_text(render_disclosure(sample), encoding="utf-8")
    assert main(["check", "--quiet", str(path)]) == 0
    out = capsys.readouterr().out
    assert "sc-final-accounts" in out and "通过" in out


def test_a_figure_changed_in_the_text_is_reported(sample, tmp_path):
    text = render_disclosure(sample).replace("\t1,571.21\t", "\t1,517.21\t", 1)
    path = tmp_path / "leshan.txt"
    path.write_text(text, encoding="utf-8")
    doc, _ = open_document(path)
    assert engine_for(doc).summary().errors > 0
