"""Where tracebacks go when there is no window: the log file in the user's data folder (Qt-free).

The GUI (``ui/crash.py``) writes ``logs/budgetdesk.log`` under Qt's AppDataLocation; the command line
and the readers' error boundary write to the same file, found here without Qt, so a finance officer has
one log to send to support and the console shows one Chinese line instead of a traceback.
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

LOG_NAME = "budgetdesk.log"
ORGANIZATION = APPLICATION = "budgetdesk"

def user_data_dir() -> Path:
    """The folder Qt's ``AppDataLocation`` names for budgetdesk, or ``BUDGETDESK_USER_DIR``."""
    override = os.environ.get("BUDGETDESK_USER_DIR")
    if override:
        return Path(override)
    if os.name == "nt":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / ORGANIZATION / APPLICATION


def log_path() -> Path:
    return user_data_dir() / "logs" / LOG_NAME


def log_exception(context: str, exc: BaseException) -> Path | None:
    """Append ``context`` and the traceback of ``exc`` to the log; the path written, or None if it cannot be."""
    path = log_path()
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8", errors="backslashreplace") as fh:
            import time

            fh.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} ERROR {context}\n{text}\n")
        return path
    except OSError:
        return None
