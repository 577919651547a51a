"""What stands at or beside a save target is never destroyed or followed (issues 22 and 29).

Windows' flush rule (imitated for the whole suite in tests/conftest.py), exclusive temporaries that a
planted link cannot redirect, targets that are not regular files, and SQLite sidecars another tool left.
"""

from __future__ import annotations

import os
import sqlite3
import time
from contextlib import closing
from dataclasses import replace

import pytest

from budgetdesk.io.store import tempfiles
from budgetdesk.io.files import SaveError, open_document, save_document
from budgetdesk.io.store.project import ProjectError, load_project, save_project
from budgetdesk.resources import load_template


def test_the_suite_refuses_fsync_of_a_read_only_handle_as_windows_does(tmp_path):
    """The imitation itself: the pattern that broke every save on Windows fails here too."""
    path = tmp_path / "f.bin"
    path.write_bytes(b"x")
    fd = os.open(path, os.O_RDONLY)
    try:
        with pytest.raises(PermissionError):
            os.fsync(fd)
    finally:
        os.close(fd)
    tempfiles.sync_path(path)  # ours opens for writing


@pytest.mark.parametrize("suffix", [".bdesk", ".json", ".xlsx", ".pdf"])
def test_every_format_saves_under_the_windows_flush_rule(sample_doc, tmp_path, suffix):
    path = save_document(sample_doc, tmp_path / f"out{suffix}")
    assert path.stat().st_size > 0
    assert [p.name for p in tmp_path.iterdir()] == [f"out{suffix}"]  # no temporary left


@pytest.mark.skipif(os.name == "nt", reason="symbolic links: creating one needs a privilege officers lack on Windows, and Wine 8 does not report the links it makes")
@pytest.mark.parametrize("suffix", [".bdesk", ".json"])
def test_a_link_planted_at_the_temporary_name_is_never_written_through(sample_doc, tmp_path, monkeypatch, suffix):
    victim = tmp_path / "victim.txt"
    victim.write_text("do not touch", encoding="utf-8")
    target = tmp_path / f"out{suffix}"
    tokens = iter(["deadbeef", "deadbeef", "0badf00d"])
    monkeypatch.setattr(tempfiles.secrets, "token_hex", lambda n: next(tokens))
    planted = tempfiles.temp_path(target, "deadbeef")
    planted.symlink_to(victim)
    save_document(sample_doc, target)
    assert victim.read_text(encoding="utf-8") == "do not touch"
    assert planted.is_symlink() and os.readlink(planted) == str(victim)
    assert open_document(target)[0].meta.unit_name == sample_doc.meta.unit_name


@pytest.mark.parametrize("suffix", [".bdesk", ".json", ".xlsx"])
def test_a_folder_or_a_pipe_at_the_target_is_refused_and_stays(sample_doc, tmp_path, suffix):
    folder = tmp_path / f"folder{suffix}"
    folder.mkdir()
    pipe = tmp_path / f"pipe{suffix}"
    standing = [(folder, "文件夹")]
    if hasattr(os, "mkfifo"):  # no named pipes in a Windows folder: the folder case runs there
        os.mkfifo(pipe)
        standing.append((pipe, "特殊文件"))
    for target, kind in standing:
        with pytest.raises(SaveError) as info:
            save_document(sample_doc, target)
        assert kind in str(info.value) and "不是普通文件" in str(info.value)
    assert folder.is_dir() and not any(folder.iterdir())
    assert os.path.exists(pipe) and not pipe.is_file() or not hasattr(os, "mkfifo")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(t.name for t, _ in standing)


@pytest.mark.skipif(os.name == "nt", reason="symbolic links: creating one needs a privilege officers lack on Windows, and Wine 8 does not report the links it makes")
def test_a_link_to_a_project_updates_the_file_it_points_to_and_stays_a_link(sample_doc, tmp_path):
    real = save_project(sample_doc, tmp_path / "real.bdesk")
    link = tmp_path / "link.bdesk"
    link.symlink_to(real)
    sample_doc.set_meta(replace(sample_doc.meta, unit_name="改名后的单位"))
    save_document(sample_doc, link)
    assert link.is_symlink()
    assert load_project(real, load_template).meta.unit_name == "改名后的单位"


# -- SQLite sidecars another tool left beside a project --------------------------------------------

def wal_left_behind(tmp_path, sample_doc):
    """A project another SQLite tool opened in WAL mode and changed, its log not yet folded in (killed)."""
    path = save_project(sample_doc, tmp_path / "p.bdesk")
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA wal_autocheckpoint=0")
    with con:
        con.execute("UPDATE meta SET value = '其他工具改过的名称' WHERE key = 'unit_name'")
    copy = tmp_path / "left.bdesk"
    copy.write_bytes(path.read_bytes())  # as a kill -9 of that tool leaves them: database and log
    (tmp_path / "left.bdesk-wal").write_bytes((tmp_path / "p.bdesk-wal").read_bytes())
    con.close()
    return copy


def test_a_project_with_a_log_beside_it_reads_with_the_log_and_nothing_is_created(tmp_path, sample_doc):
    path = wal_left_behind(tmp_path, sample_doc)
    before = sorted(p.name for p in tmp_path.iterdir())
    stamps = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    doc = load_project(path, load_template)
    assert doc.meta.unit_name == "其他工具改过的名称"  # the other tool's committed change is read
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no -shm created beside the input
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == stamps


def test_saving_over_a_project_with_a_stale_log_keeps_the_new_content(tmp_path, sample_doc):
    path = wal_left_behind(tmp_path, sample_doc)
    sample_doc.set_meta(replace(sample_doc.meta, unit_name="新保存的名称"))
    save_project(sample_doc, path)
    assert load_project(path, load_template).meta.unit_name == "新保存的名称"
    assert not (tmp_path / "left.bdesk-wal").exists()
    kept = [p.name for p in tmp_path.iterdir() if p.name.startswith("left.bdesk-wal.")]
    assert len(kept) == 1 and kept[0].endswith(".old")  # the other tool's log is set aside, not deleted
    assert load_project(path, load_template).meta.unit_name == "新保存的名称"  # and stays so on reopening


# -- a project file is data, never a program -------------------------------------------------------

def rewritten(tmp_path, sample_doc, *statements):
    path = save_project(sample_doc, tmp_path / "p.bdesk")
    with closing(sqlite3.connect(path)) as con:
        for sql in statements:
            con.execute(sql)
        con.commit()
    return path


@pytest.mark.parametrize("statements, said", [
    (["DROP TABLE cells", "CREATE VIEW cells AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
      "SELECT 'income', 'x', 'y', n, 1 FROM r"], "视图“cells”"),
    (["DROP TABLE notes", "CREATE VIEW notes AS SELECT a.name AS scope, b.name AS text FROM sqlite_master a, "
      "sqlite_master b, sqlite_master c, sqlite_master d"], "视图“notes”"),
    (["CREATE TRIGGER t AFTER INSERT ON notes BEGIN DELETE FROM cells; END"], "触发器“t”"),
    (["CREATE TABLE extra (x)"], "表“extra”"),
    (["INSERT INTO notes VALUES ('x', X'00ff')"], "notes 的 text 列（第 2 条记录）是 blob"),
    (["DROP TABLE notes", "CREATE TABLE notes (scope TEXT PRIMARY KEY, text INTEGER NOT NULL)",
      "INSERT INTO notes VALUES ('x', 12345)"], "notes 的列"),
    (["ALTER TABLE meta ADD COLUMN more TEXT"], "meta 的列"),
])
def test_a_project_file_that_is_not_our_schema_is_refused_before_a_row_is_read(tmp_path, sample_doc, statements, said):
    path = rewritten(tmp_path, sample_doc, *statements)
    started = time.monotonic()
    with pytest.raises(ProjectError) as info:
        load_project(path, load_template)
    assert said in str(info.value) and "p.bdesk" in str(info.value)
    assert time.monotonic() - started < 5


def test_an_enormous_string_in_a_project_is_refused_without_reading_it_into_memory(tmp_path, sample_doc):
    path = rewritten(tmp_path, sample_doc, "INSERT INTO notes VALUES ('x', zeroblob(1) || printf('%.*c', 20000000, 'a'))")
    with pytest.raises(ProjectError) as info:
        load_project(path, load_template)
    assert "p.bdesk" in str(info.value)
