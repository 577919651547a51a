"""Shared fixtures: real documents read from the bundled sample and the public seeds."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Nothing a test does may reach the officer's own folders (log, recovery files, settings, imported 科目表):
# the platform's data and settings folders point into a sandbox for the whole run, before Qt reads them,
# and every test gets its own user folder (``user_dir`` below). The parsed-font cache is shared by the run.
SANDBOX = Path(tempfile.mkdtemp(prefix="budgetdesk-tests-"))
for _var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "APPDATA", "LOCALAPPDATA"):
    os.environ[_var] = str(SANDBOX / _var.lower())
os.environ["BUDGETDESK_CACHE_DIR"] = str(SANDBOX / "cache")

from budgetdesk.core.engine import Engine
from budgetdesk.io.files import open_document, save_document
from budgetdesk.resources import catalogue_provider, load_template, sample_path

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = FIXTURES / "seeds"
SEED_FILES = {
    "yongchuan": (SEEDS / "chongqing_yongchuan_2024_budget.txt", "cq-budget"),
    "beibei": (SEEDS / "chongqing_beibei_2024_budget.txt", "cq-budget-beibei"),
    "haigang": (SEEDS / "hebei_haigang_2024_budget.txt", "hebei-budget"),
}


@pytest.fixture(autouse=True)
def user_dir(tmp_path, monkeypatch):
    """Every test, not only the GUI's, has its own user data folder: logs and recovery files land there."""
    d = tmp_path / "user"
    monkeypatch.setenv("BUDGETDESK_USER_DIR", str(d))
    return d


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


def another_unit(tmp_path: Path, name: str = "重庆市永川区就业服务管理局", code: str = "500118002") -> Path:
    """The sample's figures saved as a second, different unit (its own name and code): what 部门汇总 sums."""
    from budgetdesk.core.document import UnitMeta

    doc, _ = open_document(sample_path())
    doc.set_meta(UnitMeta(name, code, doc.meta.year, doc.meta.money_unit))
    return save_document(doc, tmp_path / f"{name}.bdesk")


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
