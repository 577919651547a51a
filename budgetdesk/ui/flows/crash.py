"""What happens when the app meets an error it did not expect: log it, keep the work, tell the user where to look.

The log lives in the user's data folder (``logs/budgetdesk.log``), never in the install folder, so a finance
officer can send it to support. Hard crashes (a fault inside Qt) are written by faulthandler to
``logs/fatal.log``; the autosave left in ``recovery/`` is offered at the next start.
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from budgetdesk import __version__
from budgetdesk.resources import data_root
from budgetdesk.ui.userdata import user_dir

log = logging.getLogger("budgetdesk")

LOG_NAME = "budgetdesk.log"
FATAL_NAME = "fatal.log"
EXIT_CRASH = 3

_fatal_stream = None  # faulthandler writes through this file object; it must stay open


def log_dir() -> Path:
    d = user_dir() / "logs"
    d.mkdir(parents=True, exist_ok=True)
    return d


def setup_logging() -> Path:
    """Send the app's log to a rotating file in the user's data folder; return its path."""
    global _fatal_stream
    path = log_dir() / LOG_NAME
    if not any(isinstance(h, logging.FileHandler) and Path(h.baseFilename) == path for h in log.handlers):
        for h in [h for h in log.handlers if isinstance(h, logging.FileHandler)]:
            log.removeHandler(h)  # a previous user folder (tests switch folders)
            h.close()
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
    if _fatal_stream is not None:
        _fatal_stream.close()
    fatal = log_dir() / FATAL_NAME
    previous = None
    if fatal.exists() and fatal.stat().st_size:
        previous = fatal.replace(fatal.with_name("fatal-previous.log"))  # the last hard crash, kept for support
    _fatal_stream = open(fatal, "w", encoding="utf-8")  # noqa: SIM115 - held open for faulthandler
    faulthandler.enable(_fatal_stream)
    log.info("budgetdesk %s 启动；Python %s；%s；%s；数据目录 %s", __version__, platform.python_version(),
             platform.platform(), "已打包" if getattr(sys, "frozen", False) else "源码运行", data_root())
    if previous is not None:
        log.warning("上次运行因严重错误（程序崩溃）终止，当时的调用栈见 %s", previous)
    return path


def crash_message(exc: BaseException, log_path: Path, kept: Path | None) -> str:
    """The short text of the crash dialog: what happened, where the work is, where the log is."""
    what = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    if len(what) > 200:
        what = what[:200] + "…"
    if kept is not None:
        work = f"未保存的工作已自动保存到：\n{kept}\n下次启动时会提示恢复。"
    else:
        work = "当前没有未保存的修改。"
    return (f"budgetdesk 遇到了一个意外错误：\n{what}\n\n{work}\n\n错误详情已写入日志文件：\n{log_path}\n"
            "如需技术支持，请把这个日志文件发给维护人员。\n\n可以继续工作（建议先另存一份），也可以退出程序。")


class CrashHandler:
    """``sys.excepthook`` for the GUI: log, autosave, show a dialog; the user may go on or quit.

    PySide6 hands exceptions raised in slots and event handlers to ``sys.excepthook`` and then carries on,
    so without this hook an error would only print to a console that Windows users do not have.
    """

    def __init__(self, window: Callable[[], QWidget | None], log_path: Path,
                 show: Callable[[str, str], bool] | None = None, quit: Callable[[int], None] | None = None):
        self.window = window
        self.log_path = log_path
        self.show = show or self._show_dialog
        self.quit = quit or QApplication.exit
        self.busy = False
        self.crashes = 0

    def install(self) -> CrashHandler:
        sys.excepthook = self
        threading.excepthook = self._thread_hook
        return self

    def _thread_hook(self, args) -> None:
        log.critical("后台线程 %s 出错", args.thread.name if args.thread else "?",
                     exc_info=(args.exc_type, args.exc_value, args.exc_traceback))

    def __call__(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        self.crashes += 1
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        log.critical("未处理的异常\n%s", details)
        if self.busy:  # an error while the dialog is up: logged, not shown twice
            return
        self.busy = True
        try:
            kept = self.keep_work()
            go_on = self.show(crash_message(exc, self.log_path, kept), details)
            if not go_on:
                log.info("用户在出错后退出；自动保存保留在 %s", kept)
                window = self.window()
                if window is not None and hasattr(window, "abandon"):
                    window.abandon()
                self.quit(EXIT_CRASH)
        finally:
            self.busy = False

    def keep_work(self) -> Path | None:
        """Write the autosave now; it is what the next start offers to restore."""
        window = self.window()
        if window is None or not hasattr(window, "write_recovery"):
            return None
        try:
            return window.write_recovery()
        except Exception:  # the crash may have left the document half-changed; the log says why
            log.exception("出错后自动保存失败")
            return None

    def _show_dialog(self, message: str, details: str) -> bool:
        box = QMessageBox(self.window())
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("budgetdesk 出错了")
        box.setText(message)
        box.setDetailedText(details)
        go_on = box.addButton("继续工作", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("退出程序", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(go_on)
        box.exec()
        return box.clickedButton() is go_on
