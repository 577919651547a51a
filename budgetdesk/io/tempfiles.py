"""Temporary files of interrupted saves: removed on failure, and stale ones swept at start and where a save goes.

Every writer saves to ``.NAME.<pid>.tmp`` (``temp_path``) beside the target and renames it over the
target when complete. A kill or power cut between the two leaves the temporary file; nothing else
would ever remove it. Such a file is stale when the process named in it is gone, or when it was last
written well before this process started (its pid reused by another program). The sweep runs in the
folder of every save and project opened, and at start-up over the recovery folder and the folders of
the recent files (``sweep_folders``, in a background thread so a slow network folder cannot delay the
window). Only files named as our writers name them are touched; another running instance's save in
progress (its process alive, written since shortly before we started) is kept.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import threading
import time
from pathlib import Path
from typing import Iterable

STARTED = time.time()  # about when this process started: older temporaries of other processes are stale
GRACE_SECONDS = 120.0  # a live process's temporary written this long before our start is not a save under way
MAX_START_FOLDERS = 12  # the recovery folder and the recent files' folders: bounded, never recursive
SAVED_SUFFIXES = ("bdesk", "json", "xlsx", "pdf", "docx")
_TMP = re.compile(r"^\..+\.(?:" + "|".join(SAVED_SUFFIXES) + r")(?:\.(\d+))?\.tmp(?:\.xlsx)?$")

log = logging.getLogger("budgetdesk.io")


def temp_path(path: Path) -> Path:
    """Where a save of ``path`` is written before the rename: hidden, beside it, naming this process."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def write_bytes_atomically(path: Path, data: bytes) -> Path:
    """``data`` to ``path`` through a temporary beside it: the old file stays whole if this fails.

    Packages (xlsx, docx) are built in memory and written here in one piece, so a full disk fails one
    plain ``write`` whose file is closed at once (a zip writer failing half-way keeps its handle open,
    and on Windows an open temporary cannot be deleted).
    """
    tmp = temp_path(path)
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def write_text_atomically(path: Path, text: str, errors: str = "strict") -> Path:
    """``text`` to ``path`` (UTF-8) the same way."""
    return write_bytes_atomically(path, text.encode("utf-8", errors))


_REASONS = {errno.ENOSPC: "磁盘空间不足", errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限",
            errno.EROFS: "该位置只读", errno.ENOENT: "文件夹不存在", errno.EFBIG: "文件超过该磁盘允许的大小"}
if hasattr(errno, "EDQUOT"):
    _REASONS[errno.EDQUOT] = "超出磁盘配额"


def failure_reason(exc: BaseException) -> str:
    """Why a save failed, in words an officer understands (a full disk also when SQLite reports it)."""
    if isinstance(exc, OSError) and exc.errno in _REASONS:
        return f"{_REASONS[exc.errno]}（{exc.strerror or exc}）"
    if type(exc).__module__ == "sqlite3" and getattr(exc, "sqlite_errorcode", None) == 13:  # SQLITE_FULL
        return f"磁盘空间不足（{exc}）"
    return str(exc.strerror or exc) if isinstance(exc, OSError) else str(exc)


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (a pid reused by another program counts as alive: we err to keep)."""
    if pid <= 0:
        return False
    if os.name == "nt":
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OverflowError:
        return False
    return True


def is_stale(name: str, mtime: float) -> bool:
    """Whether the file ``name`` (last written at ``mtime``) is a temporary of ours that no save will finish."""
    m = _TMP.match(name)
    if not m:
        return False  # not named as our writers name temporaries: a user's file, never touched
    old = mtime < STARTED - GRACE_SECONDS
    if m.group(1) is None:  # written by a version without the pid in the name: only its age tells
        return old
    pid = int(m.group(1))
    if pid == os.getpid():
        return False  # a save of ours may be under way (autosave)
    return old or not pid_alive(pid)


def stale_temporaries(folder: Path) -> list[Path]:
    out = []
    try:
        with os.scandir(folder) as entries:  # one listing, no recursion
            for entry in entries:
                if not _TMP.match(entry.name):
                    continue
                try:
                    if entry.is_file(follow_symlinks=False) and is_stale(entry.name, entry.stat().st_mtime):
                        out.append(Path(entry.path))
                except OSError:
                    continue
    except OSError:
        return out
    return out


def sweep(folder: Path) -> list[Path]:
    """Delete the stale save temporaries in ``folder``; the ones removed."""
    removed = []
    for p in stale_temporaries(folder):
        try:
            p.unlink()
            removed.append(p)
        except OSError:
            pass
    return removed


def sweep_folders(folders: Iterable[Path | str]) -> list[Path]:
    """Sweep each distinct folder (at most ``MAX_START_FOLDERS``); a folder that cannot be read is skipped and logged."""
    removed: list[Path] = []
    seen: set[str] = set()
    for folder in folders:
        key = os.path.normcase(os.path.abspath(str(folder)))
        if key in seen:
            continue
        seen.add(key)
        if len(seen) > MAX_START_FOLDERS:
            break
        try:
            os.listdir(folder)  # unreadable or gone: say so in the log, go on
        except OSError as exc:
            log.info("启动时清理临时文件：跳过无法读取的文件夹 %s（%s）", folder, exc)
            continue
        try:
            gone = sweep(Path(folder))
        except Exception as exc:  # noqa: BLE001 - the sweep must never stop the start
            log.warning("启动时清理临时文件：%s 出错（%s）", folder, exc)
            continue
        for p in gone:
            log.info("已删除中断的保存留下的临时文件 %s", p)
        removed.extend(gone)
    return removed


def sweep_in_background(folders: Iterable[Path | str]) -> threading.Thread:
    """``sweep_folders`` in a daemon thread (started); join it to wait for the result (tests do)."""
    folders = list(folders)
    thread = threading.Thread(target=sweep_folders, args=(folders,), name="budgetdesk-temp-sweep", daemon=True)
    thread.start()
    return thread
