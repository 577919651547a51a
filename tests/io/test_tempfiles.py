"""Temporary files of interrupted saves do not pile up: removed on failure, stale ones swept."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from budgetdesk.io import project
from budgetdesk.io.files import open_document
from budgetdesk.io.project import save_project


def dead_pid() -> int:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(proc.stdout)


def test_stale_temporaries_are_removed_when_a_project_there_is_saved_or_opened(tmp_path, sample_doc):
    stale = tmp_path / f".a.bdesk.{dead_pid()}.tmp"
    stale.write_bytes(b"half a save")
    live = tmp_path / f".b.bdesk.{os.getppid()}.tmp"  # a save of a running process, begun after we started
    live.write_bytes(b"in progress")
    other = tmp_path / "notes.tmp"
    other.write_bytes(b"not ours")
    save_project(sample_doc, tmp_path / "c.bdesk")
    assert not stale.exists() and live.exists() and other.exists()
    stale.write_bytes(b"half a save")
    open_document(tmp_path / "c.bdesk")
    assert not stale.exists() and live.exists()


def test_a_temporary_older_than_this_process_is_stale_even_if_its_pid_was_reused(tmp_path, sample_doc):
    old = tmp_path / f".a.bdesk.{os.getppid()}.tmp"
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
