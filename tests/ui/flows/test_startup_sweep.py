"""At start-up the window sweeps stale save temporaries beside the recent files and in the recovery folder."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from budgetdesk.io.files import save_document
from budgetdesk.ui.main_window import MainWindow
from budgetdesk.ui.userdata import recovery_dir


def dead_pid() -> int:
    from budgetdesk.io.store.tempfiles import pid_alive

    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(proc.stdout)
    deadline = time.monotonic() + 10
    while pid_alive(pid) and time.monotonic() < deadline:  # Wine frees an ended process a moment later
        time.sleep(0.05)
    return pid


@pytest.fixture
def sleeper():
    """Another running process (as a second budgetdesk instance would be)."""
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    yield proc.pid
    proc.kill()
    proc.wait()


def start_window(qtbot, tmp_path, recent: list[str]) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("files/recent", recent)
    settings.sync()
    w = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    w.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    qtbot.addWidget(w)
    w.temp_sweep.join(10)
    assert not w.temp_sweep.is_alive()
    return w


def test_a_stale_temporary_beside_a_recent_file_is_gone_once_the_window_starts(qtbot, tmp_path, sample_doc, sleeper):
    folder = tmp_path / "单位文件"
    folder.mkdir()
    project = save_document(sample_doc, folder / "预算.bdesk")
    dead = dead_pid()
    stale = [folder / f".预算.bdesk.{dead}.tmp", folder / f".公开表.xlsx.{dead}.tmp", folder / f".公开表.pdf.{dead}.tmp",
             folder / f".情况说明.docx.{dead}.tmp"]
    live = [folder / f".预算.bdesk.{sleeper}.tmp",  # another running instance saving right now
            folder / f".预算.bdesk.{os.getpid()}.tmp",  # this process's own save under way
            folder / ".公开表.xlsx.tmp"]  # written by an earlier version just now: maybe still being written
    unrelated = [folder / "notes.tmp", folder / ".~lock.预算.xlsx#", folder / f"预算.bdesk.{dead}.tmp",
                 folder / f".预算.txt.{dead}.tmp", folder / "公开表.xlsx"]
    for p in stale + live + unrelated:
        p.write_bytes(b"x")
    start_window(qtbot, tmp_path, [str(project)])
    assert [p.name for p in stale if p.exists()] == []
    assert [p.name for p in live + unrelated if not p.exists()] == []
    assert project.exists()


def test_old_temporaries_are_stale_whatever_process_now_has_their_pid(qtbot, tmp_path, sleeper):
    folder = tmp_path / "docs"
    folder.mkdir()
    old = [folder / f".a.bdesk.{sleeper}.tmp", folder / ".b.xlsx.tmp", folder / f".c.json.{sleeper}.tmp"]
    for p in old:
        p.write_bytes(b"from a session that ended an hour ago")
        os.utime(p, (time.time() - 3600, time.time() - 3600))
    start_window(qtbot, tmp_path, [str(folder / "gone.bdesk")])  # the recent file itself may be gone
    assert [p.name for p in old if p.exists()] == []


def test_the_recovery_folder_is_swept_too(qtbot, tmp_path, sleeper):
    stale = recovery_dir() / f".0123456789abcdef.bdesk.{dead_pid()}.tmp"
    live = recovery_dir() / f".fedcba9876543210.bdesk.{sleeper}.tmp"
    for p in (stale, live):
        p.write_bytes(b"autosave")
    start_window(qtbot, tmp_path, [])
    assert not stale.exists() and live.exists()


def test_an_unreadable_or_odd_recent_entry_does_not_stop_the_start(qtbot, tmp_path, caplog):
    a_file = tmp_path / "plain.txt"
    a_file.write_text("x")
    stale = tmp_path / "ok" / f".p.bdesk.{dead_pid()}.tmp"
    stale.parent.mkdir()
    stale.write_bytes(b"x")
    recent = [str(tmp_path / "missing" / "x.bdesk"), str(a_file / "inside.bdesk"), "", str(stale.parent / "p.bdesk")]
    with caplog.at_level("INFO", logger="budgetdesk.io"):
        w = start_window(qtbot, tmp_path, recent)
    assert w.isVisible() is False and not stale.exists()
    assert "跳过无法读取的文件夹" in caplog.text
