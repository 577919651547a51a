"""Tests never touch the officer's data folder: every test has its own, whatever part of the program it runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SANDBOX


def test_every_user_folder_of_a_test_is_its_own(tmp_path, user_dir):
    from budgetdesk.io.applog import user_data_dir
    from budgetdesk.io.write.font_cache import cache_dir
    from budgetdesk.resources import user_catalogue_dir

    assert user_data_dir() == user_dir and user_dir.parent == tmp_path
    assert user_catalogue_dir().is_relative_to(tmp_path)
    assert cache_dir().is_relative_to(SANDBOX)


def test_an_internal_error_in_a_cli_process_is_logged_in_the_tests_folder(user_dir):
    real = Path.home() / ".local" / "share" / "budgetdesk"
    before = sorted(p.stat().st_mtime_ns for p in real.rglob("*")) if real.exists() else []
    code = ("import sys; from budgetdesk.cli import internal_error; "
            "sys.exit(internal_error('测试', RuntimeError('故意的错误')))")
    subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    logged = "".join(p.read_text(encoding="utf-8") for p in user_dir.rglob("*.log"))
    assert "故意的错误" in logged
    after = sorted(p.stat().st_mtime_ns for p in real.rglob("*")) if real.exists() else []
    assert after == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG folders: Windows keeps QSettings in the registry")
def test_the_gui_settings_and_qt_data_folders_are_in_the_sandbox(qapp):
    from PySide6.QtCore import QSettings, QStandardPaths

    assert Path(QSettings("budgetdesk", "budgetdesk").fileName()).is_relative_to(SANDBOX)
    data = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    assert Path(data).is_relative_to(SANDBOX)
