"""A save that meets a full disk keeps the old file byte for byte, leaves no temporary, and says so in Chinese."""

from __future__ import annotations

import errno
import os

import pytest

from budgetdesk import cli
from budgetdesk.core.narrative.parse import parse_text
from budgetdesk.io.store import project
from budgetdesk.io.files import SaveError, save_document
from budgetdesk.resources import sample_path
from tests.fulldisk import fill_disk

NARRATIVE = "一、部门职责\n本部门负责就业和社会保障工作。\n二、收支预算总体情况\n收入预算 100.00 万元。\n"


@pytest.fixture
def doc(sample_doc):
    sample_doc.set_narrative(parse_text(NARRATIVE))
    return sample_doc


@pytest.mark.parametrize("suffix", [".bdesk", ".json", ".xlsx", ".pdf", ".docx"])
def test_a_save_that_fills_the_disk_keeps_the_old_file(doc, tmp_path, monkeypatch, suffix):
    path = save_document(doc, tmp_path / f"预算{suffix}")
    before = path.read_bytes()
    doc.set_note(None, "改过的说明" * 200)
    fill_disk(monkeypatch)
    with pytest.raises(SaveError) as caught:
        save_document(doc, path)
    assert "磁盘空间不足" in str(caught.value) and "原文件未被改动" in str(caught.value) and path.name in str(caught.value)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_a_full_disk_found_when_the_project_is_flushed_keeps_the_old_file(doc, tmp_path, monkeypatch):
    path = save_document(doc, tmp_path / "预算.bdesk")
    before = path.read_bytes()

    def no_room(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", no_room)
    with pytest.raises(SaveError, match="磁盘空间不足"):
        save_document(doc, path)
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == [path.name]


def test_a_new_file_on_a_full_disk_is_not_left_half_written(doc, tmp_path, monkeypatch):
    fill_disk(monkeypatch)
    for name in ("新.bdesk", "新.xlsx", "新.pdf"):
        with pytest.raises(SaveError, match="磁盘空间不足"):
            save_document(doc, tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def test_convert_onto_a_full_disk_exits_2_with_a_chinese_line(tmp_path, monkeypatch, capsys):
    target = tmp_path / "公开表.xlsx"
    assert cli.main(["convert", str(sample_path()), str(target)]) == 0
    before = target.read_bytes()
    capsys.readouterr()
    fill_disk(monkeypatch)
    for name in ("公开表.xlsx", "公开表.pdf", "公开表.bdesk"):
        assert cli.main(["convert", str(sample_path()), str(tmp_path / name)]) == cli.EXIT_UNREADABLE
        out = capsys.readouterr()
        assert "磁盘空间不足" in out.err and "Traceback" not in out.err + out.out
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["公开表.xlsx"]


@pytest.mark.parametrize("suffix", [".docx", ".txt"])
def test_narrative_onto_a_full_disk_exits_2(tmp_path, monkeypatch, capsys, suffix):
    out_path = tmp_path / f"情况说明{suffix}"
    out_path.write_bytes(b"the officer's earlier text")
    fill_disk(monkeypatch, room=200)
    assert cli.main(["narrative", str(sample_path()), "-o", str(out_path)]) == cli.EXIT_UNREADABLE
    out = capsys.readouterr()
    assert "磁盘空间不足" in out.err and "原文件未被改动" in out.err and "Traceback" not in out.err
    assert out_path.read_bytes() == b"the officer's earlier text"
    assert [p.name for p in tmp_path.iterdir()] == [out_path.name]


def test_sqlite_reporting_a_full_disk_is_named_as_such(doc, tmp_path, monkeypatch):
    fill_disk(monkeypatch)
    with pytest.raises(project.ProjectError, match="磁盘空间不足"):
        project.save_project(doc, tmp_path / "p.bdesk")
