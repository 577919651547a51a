"""Temporary files of interrupted saves do not pile up: removed on failure, stale ones swept."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from budgetdesk.io.store import project

from budgetdesk.io.store import tempfiles
from budgetdesk.io.files import open_document
from budgetdesk.io.store.project import save_project


def dead_pid() -> int:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(proc.stdout)
    deadline = time.monotonic() + 10
    while tempfiles.pid_alive(pid) and time.monotonic() < deadline:  # Wine frees an ended process a moment later
        time.sleep(0.05)
    return pid


def test_stale_temporaries_are_removed_when_a_project_there_is_saved_or_opened(tmp_path, sample_doc, running_pid):
    stale = tmp_path / f".a.bdesk.{dead_pid()}.tmp"
    stale.write_bytes(b"half a save")
    live = tmp_path / f".b.bdesk.{running_pid}.tmp"  # a save of a running process, begun after we started
    live.write_bytes(b"in progress")
    other = tmp_path / "notes.tmp"
    other.write_bytes(b"not ours")
    save_project(sample_doc, tmp_path / "c.bdesk")
    assert not stale.exists() and live.exists() and other.exists()
    stale.write_bytes(b"half a save")
    open_document(tmp_path / "c.bdesk")
    assert not stale.exists() and live.exists()


def test_a_temporary_older_than_this_process_is_stale_even_if_its_pid_was_reused(tmp_path, sample_doc, running_pid):
    old = tmp_path / f".a.bdesk.{running_pid}.tmp"
    old.write_bytes(b"from a previous session")
    os.utime(old, (1_000_000, 1_000_000))
    save_project(sample_doc, tmp_path / "c.bdesk")
    assert not old.exists()


def test_a_failed_save_removes_its_temporary_and_keeps_the_old_file(tmp_path, sample_doc, monkeypatch):
    path = save_project(sample_doc, tmp_path / "c.bdesk")
    before = path.read_bytes()

    def broken(*args):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(project, "_write", broken)
    with pytest.raises(RuntimeError):
        save_project(sample_doc, path)
    assert [p.name for p in tmp_path.iterdir()] == ["c.bdesk"] and path.read_bytes() == before


def test_convert_sweeps_the_folder_it_writes_to(tmp_path, capsys, running_pid):
    from budgetdesk import cli
    from budgetdesk.resources import sample_path

    stale = [tmp_path / f".old.xlsx.{dead_pid()}.tmp", tmp_path / f".old.pdf.{dead_pid()}.tmp"]
    for p in stale:
        p.write_bytes(b"half an export")
    keep = tmp_path / f".other.xlsx.{running_pid}.tmp"
    keep.write_bytes(b"an export under way in a running process")
    assert cli.main(["convert", str(sample_path()), str(tmp_path / "out.xlsx")]) == 0
    assert not any(p.exists() for p in stale) and keep.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["out.xlsx", keep.name])


def test_every_writer_names_its_temporary_with_its_process(tmp_path, sample_doc, monkeypatch):
    """So a sweep can tell a running save from a killed one: seen by stopping each save at its rename."""
    from budgetdesk.core.narrative.parse import parse_text
    from budgetdesk.io.files import save_document

    sample_doc.set_narrative(parse_text("一、部门职责\n本部门负责就业工作。\n"))

    seen = []

    def stop(src, dst):
        if not os.path.basename(dst).startswith("a."):  # the PDF font's cache, written on a machine's first PDF
            return real_replace(src, dst)
        seen.append(os.path.basename(src))
        raise OSError(28, "No space left on device")

    real_replace = os.replace

    monkeypatch.setattr(os, "replace", stop)
    monkeypatch.setattr(type(tmp_path), "replace", lambda self, target: stop(self, target))
    for name in ("a.bdesk", "a.json", "a.xlsx", "a.pdf", "a.docx"):
        with pytest.raises(Exception):
            save_document(sample_doc, tmp_path / name)
    import re

    names = [re.fullmatch(rf"\.a\.(\w+)\.{os.getpid()}\.[0-9a-f]{{8}}\.tmp", name) for name in seen]
    assert [m and m.group(1) for m in names] == ["bdesk", "json", "xlsx", "pdf", "docx"]  # pid, then a random token
    assert all(tempfiles.is_stale(name, 0) is False for name in seen)  # ours, recognised, not stale while we run
    assert list(tmp_path.iterdir()) == []


def test_the_start_up_sweep_visits_a_bounded_number_of_folders(tmp_path):
    from budgetdesk.io.store.tempfiles import MAX_START_FOLDERS, sweep_folders

    folders = []
    for i in range(MAX_START_FOLDERS + 5):
        folder = tmp_path / f"f{i}"
        folder.mkdir()
        (folder / f".p.bdesk.{dead_pid() if i == 0 else 999_999_999}.tmp").write_bytes(b"x")
        folders.append(folder)
    removed = sweep_folders(folders + folders)
    assert len(removed) == MAX_START_FOLDERS
    assert (folders[-1] / ".p.bdesk.999999999.tmp").exists()
