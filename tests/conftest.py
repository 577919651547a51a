"""Shared fixtures: real documents read from the bundled sample and the public seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetdesk.core.engine import Engine
from budgetdesk.io.files import open_document
from budgetdesk.resources import catalogue_provider, load_template, sample_path

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = FIXTURES / "seeds"
SEED_FILES = {
    "yongchuan": (SEEDS / "chongqing_yongchuan_2024_budget.txt", "cq-budget"),
    "beibei": (SEEDS / "chongqing_beibei_2024_budget.txt", "cq-budget-beibei"),
    "haigang": (SEEDS / "hebei_haigang_2024_budget.txt", "hebei-budget"),
}


@pytest.fixture
def sample_doc():
    doc, _ = open_document(sample_path())
    return doc


def engine_for(doc) -> Engine:
    return Engine(doc, catalogue_provider(doc.template_set))


@pytest.fixture
def cq():
    return load_template("cq-budget")


@pytest.fixture(autouse=True)
def windows_fsync_rule(monkeypatch):
    """Every test runs under Windows' rule: FlushFileBuffers needs a handle opened for writing.

    On Linux ``fsync`` of a read-only descriptor succeeds, so a writer that opens its file read-only to
    flush it passes here and fails at every officer's first Ctrl+S on Windows (issue 22). Imitated for
    the whole suite, that pattern cannot come back unnoticed. Folders are exempt: on Windows they are
    never opened for fsync at all (``tempfiles.sync_folder``).
    """
    import errno
    import os
    import stat

    if os.name == "nt":
        return  # the real rule holds there
    import fcntl

    real_fsync = os.fsync

    def fsync(fd):
        number = fd if isinstance(fd, int) else fd.fileno()
        if not stat.S_ISDIR(os.fstat(number).st_mode) and fcntl.fcntl(number, fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY:
            raise PermissionError(errno.EACCES, "fsync of a read-only handle (refused on Windows)")
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)


@pytest.fixture
def running_pid():
    """The pid of another process that runs for the test's duration (a save "under way" elsewhere).

    Not ``os.getppid()``: on Windows Python asks PssCaptureSnapshot for it, which Wine does not implement
    (the whole test run aborts there under scripts/windows-check).
    """
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
    try:
        yield proc.pid
    finally:
        proc.kill()
        proc.wait()
