"""An unexpected error: logged with its traceback, unsaved work autosaved, a dialog naming the log; quitting
keeps the autosave for the next start."""

import faulthandler
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QMessageBox

from budgetdesk.ui.flows import crash
from budgetdesk.ui.app import offer_recovery
from budgetdesk.ui.flows.crash import CrashHandler, setup_logging
from budgetdesk.ui.main_window import MainWindow
from budgetdesk.ui.userdata import pending_recoveries

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def log_path(monkeypatch, user_dir):
    monkeypatch.setattr(faulthandler, "enable", lambda *a, **k: None)  # pytest keeps its own fault handler
    path = setup_logging()
    yield path
    for h in list(crash.log.handlers):
        crash.log.removeHandler(h)
        h.close()


def edit(window, value="999.00"):
    p = window.pages["expenditure"]
    p.model.setData(p.model.index_of("2080102", "total"), value)


def _boom():
    raise ZeroDivisionError("整除出错了")


def _raise_and_hand_to(handler):
    try:
        _boom()
    except ZeroDivisionError:
        handler(*sys.exc_info())


def test_crash_logs_the_traceback_keeps_the_work_and_names_the_log(window, log_path, user_dir):
    edit(window)
    shown = []
    handler = CrashHandler(lambda: window, log_path, show=lambda msg, details: shown.append((msg, details)) or True)
    _raise_and_hand_to(handler)
    message, details = shown[0]
    assert "ZeroDivisionError: 整除出错了" in message
    assert str(log_path) in message and "下次启动时会提示恢复" in message
    assert "_boom" in details
    log_text = log_path.read_text(encoding="utf-8")
    assert "未处理的异常" in log_text and "in _boom" in log_text and "ZeroDivisionError" in log_text
    assert log_path.is_relative_to(user_dir)
    (recovery, info), = pending_recoveries(include_held=True)  # still this running instance's work
    assert str(recovery) in message
    assert window.isVisible()  # the user chose to go on


def test_quitting_after_a_crash_keeps_the_autosave_for_the_next_start(window, qtbot, log_path, tmp_path):
    edit(window, "777.00")
    exits = []
    handler = CrashHandler(lambda: window, log_path, show=lambda msg, details: False, quit=exits.append)
    _raise_and_hand_to(handler)
    assert exits == [crash.EXIT_CRASH]
    assert window.close()  # no "save changes?" question after a crash
    assert len(pending_recoveries()) == 1
    fresh = MainWindow(QSettings(str(tmp_path / "next.ini"), QSettings.Format.IniFormat))
    fresh.ask_unsaved = lambda: QMessageBox.StandardButton.Discard  # a modal question would hang the test
    qtbot.addWidget(fresh)
    assert offer_recovery(fresh, ask=lambda q: True)
    assert fresh.doc.amount("expenditure", "2080102", "total") == Decimal("777.00")


def test_crash_without_unsaved_work_says_so(window, log_path):
    shown = []
    _raise_and_hand_to(CrashHandler(lambda: window, log_path, show=lambda m, d: shown.append(m) or True))
    assert "当前没有未保存的修改" in shown[0]
    assert pending_recoveries() == []


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_reaches_the_dialog(window, qtbot, log_path, monkeypatch):
    """PySide6 passes errors raised in slots to sys.excepthook: the installed handler sees them."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    edit(window)
    shown = []
    handler = CrashHandler(lambda: window, log_path, show=lambda m, d: shown.append(m) or True).install()
    loop = QEventLoop()  # like app.exec(); QTest.qWait would re-raise the error to its Python caller instead
    QTimer.singleShot(0, _boom)
    QTimer.singleShot(100, loop.quit)
    loop.exec()
    assert handler.crashes == 1
    assert "整除出错了" in shown[0]
    assert len(pending_recoveries(include_held=True)) == 1


def test_the_dialog_has_the_message_details_and_two_choices(window, log_path, monkeypatch):
    seen = {}

    def fake_exec(box):
        seen["text"] = box.text()
        seen["details"] = box.detailedText()
        seen["buttons"] = [b.text() for b in box.buttons()]
        box.buttons()[0].click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    handler = CrashHandler(lambda: window, log_path)
    _raise_and_hand_to(handler)
    assert "整除出错了" in seen["text"] and str(log_path) in seen["text"]
    assert "Traceback" in seen["details"]
    assert "继续工作" in seen["buttons"] and "退出程序" in seen["buttons"]


def test_self_test_starts_the_app_and_logs_to_the_user_folder(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BUDGETDESK_USER_DIR": str(tmp_path / "user")}
    proc = subprocess.run([sys.executable, "-m", "budgetdesk.cli", "gui", "--self-test"], env=env, cwd=tmp_path,
                          capture_output=True, timeout=60)
    out = proc.stdout.decode("utf-8")
    assert proc.returncode == 0, proc.stderr.decode("utf-8")
    assert "自检通过" in out and "自带样例" in out and "9 张表，0 个错误" in out
    from pypdf import PdfReader

    printed = tmp_path / "user" / "print"
    source_pages = len(PdfReader(printed / "当前文档.pdf").pages)
    assert f"打印管线输出 {source_pages} 页" in out  # the print path sent every page of the publication PDF
    assert len(PdfReader(printed / "自检打印.pdf").pages) == source_pages
    log = (tmp_path / "user" / "logs" / "budgetdesk.log").read_text(encoding="utf-8")
    assert "启动" in log and "退出，代码 0" in log


def test_a_hard_crash_leaves_its_stack_in_the_log_folder(tmp_path):
    """A fault inside Qt kills the process before any Python handler runs: faulthandler writes fatal.log,
    and the next start keeps it as fatal-previous.log and says so in the log."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BUDGETDESK_USER_DIR": str(tmp_path / "user")}
    script = ("import faulthandler\nfrom budgetdesk.ui.app import ensure_app\nfrom budgetdesk.ui.flows.crash import "
              "setup_logging\nensure_app()\nsetup_logging()\nfaulthandler._sigsegv()\n")
    proc = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, timeout=60)
    assert proc.returncode != 0
    logs = tmp_path / "user" / "logs"
    assert "Fatal Python error" in (logs / "fatal.log").read_text(encoding="utf-8")
    again = ("from budgetdesk.ui.app import ensure_app\nfrom budgetdesk.ui.flows.crash import setup_logging\n"
             "app = ensure_app()\nsetup_logging()\napp.shutdown()\n")
    subprocess.run([sys.executable, "-c", again], env=env, check=True, timeout=60)
    assert "Fatal Python error" in (logs / "fatal-previous.log").read_text(encoding="utf-8")
    assert "上次运行因严重错误" in (logs / "budgetdesk.log").read_text(encoding="utf-8")
