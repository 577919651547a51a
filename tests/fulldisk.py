"""A disk that fills up in the middle of a save, simulated at the OS calls the real save code makes.

Writes to a save's temporary file (``….tmp``) through ``open``/``io.open`` or ``os.open``/``os.write`` fail with ``ENOSPC`` once
``room`` bytes are written; SQLite (which writes in C) gets a page limit, so it fails as on a full disk
("database or disk is full"). Everything else — the rename, the cleanup, the message — is the real code.
"""

from __future__ import annotations

import builtins
import errno
import io
import os
import sqlite3

ENOSPC = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class _FillingFile:
    def __init__(self, f, room: list[int]):
        self._f = f
        self._room = room

    def write(self, data):
        if len(data) > self._room[0]:
            self._f.write(data[: self._room[0]])
            self._room[0] = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._room[0] -= len(data)
        return self._f.write(data)

    def __getattr__(self, name):
        return getattr(self._f, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._f.close()

    def __iter__(self):
        return iter(self._f)


def fill_disk(monkeypatch, room: int = 2000) -> None:
    """From now on, saves find ``room`` bytes free."""
    real_open, real_connect = io.open, sqlite3.connect
    left = [room]

    def opening(file, mode="r", *args, **kwargs):
        f = real_open(file, mode, *args, **kwargs)
        if isinstance(file, (str, os.PathLike)) and ".tmp" in os.fspath(file) and any(m in mode for m in "wax+"):
            return _FillingFile(f, left)
        return f

    def connecting(database, *args, **kwargs):
        con = real_connect(database, *args, **kwargs)
        if isinstance(database, (str, os.PathLike)) and os.fspath(database).endswith(".tmp"):
            con.execute("PRAGMA max_page_count = 2")  # the schema alone needs more: full in the first write
        return con

    # the temp-and-rename writers (tempfiles.write_bytes_atomically) write through os.open/os.write
    real_os_open, real_os_write, real_os_close = os.open, os.write, os.close
    filling: set[int] = set()

    def os_opening(path, flags, *args, **kwargs):
        fd = real_os_open(path, flags, *args, **kwargs)
        if ".tmp" in os.fspath(path) and flags & (os.O_WRONLY | os.O_RDWR):
            filling.add(fd)
        return fd

    def os_writing(fd, data):
        if fd in filling and len(data) > left[0]:
            if left[0]:
                real_os_write(fd, bytes(data[: left[0]]))
            left[0] = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        if fd in filling:
            left[0] -= len(data)
        return real_os_write(fd, data)

    def os_closing(fd):
        filling.discard(fd)
        return real_os_close(fd)

    monkeypatch.setattr(os, "open", os_opening)
    monkeypatch.setattr(os, "write", os_writing)
    monkeypatch.setattr(os, "close", os_closing)
    monkeypatch.setattr(io, "open", opening)
    monkeypatch.setattr(builtins, "open", opening)
    monkeypatch.setattr(sqlite3, "connect", connecting)
