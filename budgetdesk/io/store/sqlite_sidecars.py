"""The files SQLite keeps beside a database (``-wal``, ``-shm``, ``-journal``), which another tool may leave.

budgetdesk writes its projects with no journal at all (the rename is the journal), so a sidecar beside
a ``.bdesk`` was left by another SQLite program. SQLite replays a ``-wal`` onto whatever database is
opened under its name: saved over as it stands, the new project would be overwritten by the old log on
the next open — old and new content both lost. So a save moves the sidecars aside first (renamed, not
deleted: the other tool's log stays recoverable), and a read of such a file is made on a private copy,
so that a read-only ``check`` never creates or changes anything beside its input.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

SIDECARS = ("-wal", "-shm", "-journal")
_WAL_HEADER_OFFSET = 18  # file format write/read version bytes: 2 means WAL mode


def sidecars(path: Path) -> list[Path]:
    """The sidecar files that exist beside ``path``."""
    return [p for p in (path.with_name(path.name + s) for s in SIDECARS) if os.path.lexists(p)]


def retire_sidecars(path: Path) -> list[Path]:
    """Rename the sidecars beside ``path`` to ``NAME-wal.<time>.old`` before a new file replaces it."""
    moved = []
    stamp = time.strftime("%Y%m%d%H%M%S")
    for side in sidecars(path):
        aside = side.with_name(f"{side.name}.{stamp}.old")
        os.replace(side, aside)
        moved.append(aside)
    return moved


def in_wal_mode(path: Path) -> bool:
    with open(path, "rb") as fh:
        fh.seek(_WAL_HEADER_OFFSET)
        return 2 in fh.read(2)


@contextmanager
def readable_copy(path: Path) -> Iterator[Path]:
    """``path`` itself when SQLite can read it read-only without touching its folder; else a private copy
    of it and its sidecars (so the other tool's log is applied to the copy, never to the user's file)."""
    if not sidecars(path) and not in_wal_mode(path):
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="budgetdesk-read-") as folder:
        copy = Path(folder) / "project.bdesk"
        shutil.copyfile(path, copy)
        for side in sidecars(path):
            if side.name.endswith("-shm"):
                continue  # shared memory of a live connection: rebuilt from the log
            shutil.copyfile(side, copy.with_name(copy.name + side.name[len(path.name):]))
        yield copy
