"""Temporary files of interrupted saves: removed on failure, and stale ones swept when their folder is used.

Every writer saves to ``.NAME.<pid>.tmp`` (or ``.NAME.tmp``) beside the target and renames it over the
target when complete. A kill or power cut between the two leaves the temporary file; nothing else
would ever remove it. When a project in a folder is opened or saved, temporaries of ``.bdesk`` saves
in that folder whose process is gone (or which are older than this process) are deleted.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

STARTED = time.time()  # about when this process started: older temporaries of other processes are stale
_PROJECT_TMP = re.compile(r"^\..+\.bdesk\.(\d+)\.tmp$")


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
    return True


def stale_temporaries(folder: Path) -> list[Path]:
    out = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return out
    for p in entries:
        m = _PROJECT_TMP.match(p.name)
        if not m:
            continue
        pid = int(m.group(1))
        if pid == os.getpid():
            continue  # a save of ours may be under way (autosave)
        try:
            older = p.stat().st_mtime < STARTED
        except OSError:
            continue
        if not pid_alive(pid) or older:
            out.append(p)
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
