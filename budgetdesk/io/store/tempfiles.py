"""Temporary files of interrupted saves: removed on failure, and stale ones swept at start and where a save goes.

Every writer saves to ``.NAME.<pid>.<token>.tmp`` (``create_temporary``, created exclusively) beside the target and renames it over the
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
import secrets
import stat
import threading
import time
from pathlib import Path
from typing import Iterable

STARTED = time.time()  # about when this process started: older temporaries of other processes are stale
GRACE_SECONDS = 120.0  # a live process's temporary written this long before our start is not a save under way
MAX_START_FOLDERS = 12  # the recovery folder and the recent files' folders: bounded, never recursive
SAVED_SUFFIXES = ("bdesk", "json", "xlsx", "pdf", "docx")
_TMP = re.compile(r"^\..+\.(?:" + "|".join(SAVED_SUFFIXES) + r")(?:\.(\d+)(?:\.[0-9a-f]{8})?)?\.tmp(?:\.xlsx)?$")

log = logging.getLogger("budgetdesk.io")


def temp_path(path: Path, token: str = "") -> Path:
    """Where a save of ``path`` is written before the rename: hidden, beside it, naming this process."""
    return path.with_name(f".{path.name}.{os.getpid()}{'.' + token if token else ''}.tmp")


_EXCLUSIVE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)


def create_temporary(path: Path) -> tuple[int, Path]:
    """A new, empty temporary beside ``path``, created exclusively: (its open descriptor, its path).

    The name is predictable up to a random token, so a link or file planted there by someone else makes
    ``O_EXCL`` fail and another name is tried; the temporary is never a file that existed before, and
    writing to it can never reach the file a planted link points to.
    """
    for _ in range(16):
        tmp = temp_path(path, secrets.token_hex(4))
        try:
            return os.open(tmp, _EXCLUSIVE, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "无法在目标文件夹中建立临时文件", str(path.parent))


class NotARegularFile(OSError):
    """The save target exists but is a folder, a device, a pipe or a socket: never replaced by a file."""


def save_target(path: Path | str) -> Path:
    """The file a save of ``path`` replaces: a link is followed (the link stays, its file is updated), and
    anything standing there that is not a regular file is refused before a byte is written."""
    path = Path(path)
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return path
    if not stat.S_ISREG(mode):
        what = "文件夹" if stat.S_ISDIR(mode) else "设备或管道等特殊文件"
        raise NotARegularFile(errno.EEXIST, f"“{path}”是{what}，不是普通文件，不能用保存的文件替换它", str(path))
    return path


def sync_path(path: Path) -> None:
    """Flush ``path``'s data to disk, opened for writing: Windows' FlushFileBuffers refuses a read-only handle."""
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX); on Windows a folder cannot be opened for fsync and
    MoveFileEx is durable enough."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_file(tmp: Path, target: Path) -> None:
    """Rename the complete temporary over ``target`` and make the rename durable."""
    os.replace(tmp, target)
    sync_folder(target.parent)


def discard(tmp: Path) -> None:
    try:
        tmp.unlink()
    except OSError:
        pass


def write_bytes_atomically(path: Path, data: bytes) -> Path:
    """``data`` to ``path`` through an exclusive temporary beside it: the old file stays whole if this fails.

    Packages (xlsx, docx) are built in memory and written here in one piece, so a full disk fails one
    plain ``write`` whose file is closed at once (a zip writer failing half-way keeps its handle open,
    and on Windows an open temporary cannot be deleted). The data is flushed through the descriptor it
    was written with (writable, as Windows requires) before the rename.
    """
    target = save_target(path)
    fd, tmp = create_temporary(target)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        replace_file(tmp, target)
    except BaseException:
        discard(tmp)
        raise
    return path


def write_text_atomically(path: Path, text: str, errors: str = "strict") -> Path:
    """``text`` to ``path`` (UTF-8) the same way."""
    return write_bytes_atomically(path, text.encode("utf-8", errors))


LOCKED_WINERRORS = (32, 33)  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION: open in Excel/WPS
_REASONS = {errno.ENOSPC: "磁盘空间不足", errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限",
            errno.EROFS: "该位置只读", errno.ENOENT: "文件夹不存在", errno.EFBIG: "文件超过该磁盘允许的大小"}
if hasattr(errno, "EDQUOT"):
    _REASONS[errno.EDQUOT] = "超出磁盘配额"


WINDOWS_MAX_PATH = 260  # MAX_PATH: longer paths fail in many Windows programs and folders (long paths off)
# file/path not found, bad name, ERROR_FILENAME_EXCED_RANGE, ERROR_MORE_DATA (Wine: resolving a path over 260)
LONG_PATH_WINERRORS = (2, 3, 123, 206, 234)


def held_open_by_another_program(path: str | os.PathLike | None) -> bool:
    """Windows: whether another program holds ``path`` open without sharing delete, as Excel/WPS hold an open
    workbook — replacing such a file fails with winerror 5 (access denied) as a read-only folder does, and
    only asking for delete access (sharing everything) tells the two apart (ERROR_SHARING_VIOLATION)."""
    if os.name != "nt" or not path:
        return False
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateFileW.restype = wintypes.HANDLE
    kernel32.CreateFileW.argtypes = [wintypes.LPCWSTR, wintypes.DWORD, wintypes.DWORD, wintypes.LPVOID,
                                     wintypes.DWORD, wintypes.DWORD, wintypes.HANDLE]
    kernel32.CloseHandle.argtypes = [wintypes.HANDLE]
    # DELETE, FILE_SHARE_READ|WRITE|DELETE, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS (a folder opens too)
    handle = kernel32.CreateFileW(os.fspath(path), 0x00010000, 7, None, 3, 0x02000000, None)
    if handle is None or handle == wintypes.HANDLE(-1).value:
        return ctypes.get_last_error() in LOCKED_WINERRORS
    kernel32.CloseHandle(handle)
    return False


def failure_reason(exc: BaseException) -> str:
    """Why a save failed, in words an officer understands (a full disk also when SQLite reports it)."""
    if getattr(exc, "winerror", None) in LOCKED_WINERRORS or (
            getattr(exc, "winerror", None) == 5
            and any(held_open_by_another_program(getattr(exc, n, None)) for n in ("filename2", "filename"))):
        return f"文件正被其他程序（如 Excel）打开，请关闭后重试（{exc.strerror or exc}）"
    if isinstance(exc, OSError) and (getattr(exc, "winerror", None) in LONG_PATH_WINERRORS or exc.errno == errno.ENOENT):
        longest = max((str(getattr(exc, n, None) or "") for n in ("filename", "filename2")), key=len)
        if len(longest) >= WINDOWS_MAX_PATH:
            return (f"路径太长（{len(longest)} 个字符，Windows 一般只允许 {WINDOWS_MAX_PATH - 1} 个），"
                    f"请换一个层级较浅的文件夹或较短的文件名（{exc.strerror or exc}）")
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
