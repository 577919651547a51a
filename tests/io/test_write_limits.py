"""Every read limit holds on writing too, and the scale limits are refused with a message naming the file
(issue 29): a 200,000-row document written as a .json the reader refused; a merge claiming 100,001 units written,
then refused; a lone surrogate that made a .json no one could reopen; 20,000 绩效 targets, 70,000 科目 rows."""

from __future__ import annotations

import dataclasses
import json
import time

import pytest

from budgetdesk.cli import main
from budgetdesk.core.performance.model import MAX_TARGETS, PerformanceTarget, TargetKind, TooManyTargets
from budgetdesk.io.files import OpenError, SaveError, open_document, save_document
from budgetdesk.io.limits import MAX_CELLS, MAX_CODE_ROWS, MAX_CONSOLIDATED
from budgetdesk.resources import sample_path
from tests.conftest import SEED_FILES


@pytest.fixture
def doc():
    d, _ = open_document(sample_path())
    return d


def _code_rows(d, n):
    tid = "expenditure"
    for k in range(n):
        d.add_code_row(tid, f"2{k // 10000 % 100:02d}{k // 100 % 100:02d}{k % 100:02d}", f"科目{k}",
                       position=len(d.table(tid).rows))


@pytest.mark.parametrize("suffix", [".json", ".bdesk", ".xlsx"])
def test_a_document_beyond_the_read_limits_is_not_written(doc, tmp_path, suffix):
    _code_rows(doc, MAX_CODE_ROWS + 1)
    target = tmp_path / f"big{suffix}"
    with pytest.raises(SaveError, match=f"big{suffix}.*科目行.*无法再打开"):
        save_document(doc, target)
    assert not target.exists() and not list(tmp_path.iterdir())


def test_the_cell_limit_is_the_same_for_json_and_bdesk(doc, tmp_path):
    from decimal import Decimal

    from budgetdesk.io.limits import document_cells

    for k in range(MAX_CELLS - document_cells(doc) + 1):  # last year's figures: just over the limit
        doc.set_prior("expenditure", f"r{k}", "total", Decimal(1))
    for suffix in (".json", ".bdesk"):
        with pytest.raises(SaveError, match="单元格.*无法再打开"):
            save_document(doc, tmp_path / f"x{suffix}")
    # a hand-made .json over the limit is refused on reading, as a .bdesk is
    data = json.loads(save_document(open_document(sample_path())[0], tmp_path / "ok.json").read_text(encoding="utf-8"))
    data["prior"] += [{"table": "expenditure", "row": f"r{k}", "column": "total", "value": "1"} for k in range(MAX_CELLS)]
    (tmp_path / "many.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(OpenError, match="many.json.*单元格"):
        open_document(tmp_path / "many.json")


def test_a_merge_of_too_many_units_is_not_written(doc, tmp_path, capsys):
    doc.consolidated_from = MAX_CONSOLIDATED + 1
    with pytest.raises(SaveError, match="汇总单位数 100,001"):
        save_document(doc, tmp_path / "merged.json")


def test_a_lone_surrogate_is_sanitised_alike_in_every_format(doc, tmp_path):
    doc.set_meta(dataclasses.replace(doc.meta, unit_name="单位\ud800名"))
    doc.set_note(None, "说明\udfff")
    for suffix in (".json", ".bdesk", ".xlsx"):
        notices: list[str] = []
        out = save_document(doc, tmp_path / f"s{suffix}", notices=notices)
        assert any("U+D800" in n for n in notices), (suffix, notices)
        again, _ = open_document(out)
        assert again.meta.unit_name == "单位\ufffd名", suffix
    for command in (["check", str(tmp_path / "s.json")], ["batch", str(tmp_path / "s.json"), "--jobs", "1"],
                    ["narrative", str(tmp_path / "s.json")]):
        assert main(command) in (0, 1)


def test_too_many_performance_targets_are_refused_naming_the_file(tmp_path):
    from budgetdesk.io.read.disclosure_text import read_disclosure
    from budgetdesk.resources import load_template

    path, template = SEED_FILES["yongchuan"]
    doc, _ = read_disclosure(path, load_template(template))
    base = list(doc.performance)
    started = time.monotonic()
    with pytest.raises(TooManyTargets):
        for i in range(MAX_TARGETS + 1):
            t = base[i % len(base)]
            doc.performance.add(dataclasses.replace(t, key=doc.performance.new_key(t.key)))
    assert len(doc.performance) == MAX_TARGETS
    assert time.monotonic() - started < 5  # adding was cubic in the targets
    out = save_document(doc, tmp_path / "p.json")
    data = json.loads(out.read_text(encoding="utf-8"))
    data["performance"].append({**data["performance"][0], "key": "one-too-many"})
    (tmp_path / "p.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(OpenError, match="p.json.*绩效目标表的项目超过 1,000"):
        open_document(tmp_path / "p.json")
    assert isinstance(PerformanceTarget("x", TargetKind.PROJECT), PerformanceTarget)


def test_the_largest_performance_book_exports_and_reads_back_in_time(tmp_path):
    from budgetdesk.core.engine import Engine
    from budgetdesk.io.read.disclosure_text import read_disclosure
    from budgetdesk.resources import load_template

    path, template = SEED_FILES["yongchuan"]
    doc, _ = read_disclosure(path, load_template(template))
    base = list(doc.performance)
    while len(doc.performance) < MAX_TARGETS:
        t = base[len(doc.performance) % len(base)]
        doc.performance.add(dataclasses.replace(t, key=doc.performance.new_key(t.key)))
    started = time.process_time()
    Engine(doc).findings()
    out = save_document(doc, tmp_path / "p.xlsx")
    again, _ = open_document(out)
    assert len(again.performance) == MAX_TARGETS
    assert time.process_time() - started < 30  # the export of 2,000 targets never finished (the limit is now 1,000)


def test_a_narrative_past_the_limits_is_neither_written_nor_read(doc, tmp_path):
    from budgetdesk.core.narrative.model import Block, Narrative
    from budgetdesk.io.limits import MAX_PARAGRAPH_CHARS

    doc.set_narrative(Narrative((Block("收入1万元。" + "说" * MAX_PARAGRAPH_CHARS),)))
    for suffix in (".json", ".bdesk", ".docx"):
        with pytest.raises(SaveError, match=f"x{suffix}.*第 1 段.*无法再打开"):
            save_document(doc, tmp_path / f"x{suffix}")
    data = json.loads(save_document(open_document(sample_path())[0], tmp_path / "ok.json").read_text(encoding="utf-8"))
    data["narrative"] = [{"text": "说" * (MAX_PARAGRAPH_CHARS + 1)}]
    (tmp_path / "long.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(OpenError, match="long.json.*第 1 段"):
        open_document(tmp_path / "long.json")


def test_a_workbook_the_reader_would_refuse_is_not_written(tmp_path, monkeypatch):
    """A stacked 绩效 form has some 17 rows a target: the sheet limit of the workbook reader is checked as written."""
    from budgetdesk.io.read.disclosure_text import read_disclosure
    from budgetdesk.io.write import xlsx_export
    from budgetdesk.resources import load_template

    path, template = SEED_FILES["haigang"]
    doc, _ = read_disclosure(path, load_template(template))
    monkeypatch.setattr(xlsx_export, "MAX_ROWS", 100)
    with pytest.raises(SaveError, match="h.xlsx.*行，超过工作簿读取上限 100 行"):
        save_document(doc, tmp_path / "h.xlsx")
    assert not (tmp_path / "h.xlsx").exists()
