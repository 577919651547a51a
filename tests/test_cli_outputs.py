"""No command writes over one of its inputs, or onto something that is not a file of the kind it names (issue 29).

Each case runs the command as a user would and looks at the input afterwards: byte for byte the same.
"""

from __future__ import annotations

import os

import pytest

from budgetdesk.cli import main
from budgetdesk.io.files import save_document
from tests.conftest import SEED_FILES, another_unit


@pytest.fixture
def foreign_book(tmp_path, sample_doc):
    """A unit's workbook: the tables plus a sheet of its own that we do not carry."""
    import openpyxl

    path = save_document(sample_doc, tmp_path / "单位.xlsx")
    book = openpyxl.load_workbook(path)
    book.create_sheet("本单位备注")["A1"] = "只在这个工作簿里的说明"
    book.save(path)
    return path


def unchanged(path, before: bytes) -> bool:
    return path.read_bytes() == before


def test_convert_onto_its_own_workbook_is_refused_and_the_workbook_kept(foreign_book, capsys):
    before = foreign_book.read_bytes()
    assert main(["convert", str(foreign_book), str(foreign_book)]) == 2
    err = capsys.readouterr().err
    assert "就是输入文件" in err and "单位.xlsx" in err
    assert unchanged(foreign_book, before)


def test_convert_through_another_spelling_of_the_same_path_is_refused(foreign_book, capsys, tmp_path):
    before = foreign_book.read_bytes()
    other = tmp_path / "sub" / ".." / foreign_book.name
    (tmp_path / "sub").mkdir()
    targets = [other]
    if os.name != "nt":  # symbolic links: a privilege officers lack on Windows; Wine 8 does not report them
        link = tmp_path / "link.xlsx"
        link.symlink_to(foreign_book)
        targets.append(link)
    for target in targets:
        assert main(["convert", str(foreign_book), str(target)]) == 2
    assert unchanged(foreign_book, before)


@pytest.mark.parametrize("suffix", [".bdesk", ".json"])
def test_a_project_converted_onto_itself_is_rewritten_exactly(sample_doc, tmp_path, suffix):
    path = save_document(sample_doc, tmp_path / f"p{suffix}")
    assert main(["convert", str(path), str(path)]) == 0
    assert main(["check", str(path)]) == 0


def test_convert_with_the_budget_or_prior_file_as_output_is_refused(sample_doc, tmp_path, capsys):
    prior = save_document(sample_doc, tmp_path / "上年.json")
    before = prior.read_bytes()
    assert main(["convert", str(SEED_FILES["yongchuan"][0]), str(prior), "--prior", str(prior)]) == 2
    assert unchanged(prior, before)


@pytest.mark.parametrize("name", ["x.json", "x.bdesk"])
def test_narrative_output_onto_the_project_is_refused(sample_doc, tmp_path, capsys, name):
    path = save_document(sample_doc, tmp_path / name)
    before = path.read_bytes()
    assert main(["narrative", str(path), "-o", str(path)]) == 2
    assert unchanged(path, before)
    assert main(["check", str(path)]) == 0  # still a project


def test_narrative_writes_only_word_or_text(sample_doc, tmp_path, capsys):
    path = save_document(sample_doc, tmp_path / "x.json")
    assert main(["narrative", str(path), "-o", str(tmp_path / "n.bdesk")]) == 2
    assert "应为 .docx、.txt" in capsys.readouterr().err
    assert not (tmp_path / "n.bdesk").exists()


def test_batch_report_onto_a_checked_file_is_refused_before_the_batch_runs(sample_doc, tmp_path, capsys):
    folder = tmp_path / "units"
    folder.mkdir()
    book = save_document(sample_doc, folder / "a.xlsx")
    before = book.read_bytes()
    assert main(["batch", str(folder), "--report", str(book), "--jobs", "1"]) == 2
    err = capsys.readouterr().err
    assert "就是输入文件" in err and "共 " not in err  # refused before any file was checked
    assert unchanged(book, before)


@pytest.mark.parametrize("report, said", [("r.csv", "应为 .xlsx"), ("missing/r.xlsx", "文件夹不存在"),
                                          ("afolder.xlsx", "是文件夹")])
def test_batch_report_that_cannot_be_written_is_said_before_the_batch(sample_doc, tmp_path, capsys, report, said):
    (tmp_path / "afolder.xlsx").mkdir()
    path = save_document(sample_doc, tmp_path / "a.json")
    assert main(["batch", str(path), "--report", str(tmp_path / report), "--jobs", "1"]) == 2
    assert said in capsys.readouterr().err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes in a folder (os.mkfifo) do not exist on Windows")
def test_batch_report_onto_a_device_is_refused(sample_doc, tmp_path, capsys):
    path = save_document(sample_doc, tmp_path / "a.json")
    pipe = tmp_path / "r.xlsx"
    os.mkfifo(pipe)
    assert main(["batch", str(path), "--report", str(pipe), "--jobs", "1"]) == 2
    assert "特殊文件" in capsys.readouterr().err and not pipe.is_file()


def test_merge_onto_one_of_the_units_is_refused(sample_doc, tmp_path, capsys):
    a = save_document(sample_doc, tmp_path / "a.bdesk")
    b = another_unit(tmp_path)  # two units that could be summed: the refusal is the output's
    before = a.read_bytes()
    assert main(["merge", str(a), str(b), "--out", str(a)]) == 2
    assert unchanged(a, before)
