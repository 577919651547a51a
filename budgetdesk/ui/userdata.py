"""Where the app writes: settings, autosave/recovery files, logs — the user's data folder, never the install folder."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from PySide6.QtCore import QLockFile, QStandardPaths

from budgetdesk.core.document import Document
from budgetdesk.io.store.project import ProjectError, save_project
from budgetdesk.io.store.tempfiles import is_stale, sweep_in_background, write_text_atomically


def user_dir() -> Path:
    override = os.environ.get("BUDGETDESK_USER_DIR")
    base = Path(override) if override else Path(
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    base.mkdir(parents=True, exist_ok=True)
    return base


def recovery_dir() -> Path:
    d = user_dir() / "recovery"
    d.mkdir(parents=True, exist_ok=True)
    return d


class Recovery:
    """Autosave of one open document into the recovery folder, with the path it belongs to.

    While the document is open its recovery file is locked (``<name>.lock``, a QLockFile naming this
    process), so a second running instance never offers it as "left over after a crash". A lock whose
    process has died is stale and no longer counts.
    """

    def __init__(self, session: str):
        self.session = session
        self.original: Path | None = None
        self.lock = _lock_file(self.path)
        if not self.lock.tryLock(0):  # the same document open in another running instance
            self.session = f"{session}#{os.getpid()}"
            self.lock = _lock_file(self.path)
            self.lock.tryLock(0)

    @property
    def path(self) -> Path:
        digest = hashlib.sha1(self.session.encode("utf-8")).hexdigest()[:16]
        return recovery_dir() / f"{digest}.bdesk"

    def save(self, doc: Document, original: Path | None) -> Path:
        self.original = original
        path = save_project(doc, self.path)
        info = {"original": str(original) if original else "", "saved_at": time.strftime("%Y-%m-%d %H:%M:%S"),
                "unit_name": doc.meta.unit_name, "year": doc.meta.year}
        try:
            write_text_atomically(path.with_suffix(".json"), json.dumps(info, ensure_ascii=False))
        except OSError as exc:
            raise ProjectError(f"自动保存的说明无法写入“{path.with_suffix('.json')}”：{exc.strerror or exc}") from exc
        return path

    def discard(self) -> None:
        """The work is saved, undone to the saved state, or thrown away: no autosave is left for it."""
        discard_recovery(self.path)

    def release(self) -> None:
        """The document is closed: drop the lock (after ``discard`` when the work needs no recovery)."""
        if self.lock.isLocked():
            self.lock.unlock()


def _lock_file(path: Path) -> QLockFile:
    lock = QLockFile(str(path.with_suffix(".lock")))
    lock.setStaleLockTime(0)  # stale only when its process is gone, however long the document stays open
    return lock


def is_held(path: Path) -> bool:
    """True if a running instance holds ``path``'s lock (its document is open there)."""
    probe = _lock_file(path)
    if probe.tryLock(0):
        probe.unlock()
        return False
    return probe.error() == QLockFile.LockError.LockFailedError


def pending_recoveries(include_held: bool = False) -> list[tuple[Path, dict]]:
    """Recovery files left by a session that did not end cleanly (crash, kill, power cut), newest first.

    Files held by a running instance are its live work and are listed only with ``include_held``.
    """
    out = []
    for p in recovery_dir().glob("*.bdesk"):
        if not include_held and is_held(p):
            continue
        info_path = p.with_suffix(".json")
        try:
            info = json.loads(info_path.read_text(encoding="utf-8")) if info_path.exists() else {}
        except (OSError, ValueError):
            info = {}
        try:
            mtime = p.stat().st_mtime
        except OSError:
            continue
        out.append((p, info, mtime))
    out.sort(key=lambda e: (str(e[1].get("saved_at", "")), e[2]), reverse=True)
    return [(p, info) for p, info, _ in out]


def discard_recovery(path: Path) -> None:
    """Delete a recovery file and its description."""
    for p in (path, path.with_suffix(".json")):
        try:
            p.unlink()
        except FileNotFoundError:
            pass


def set_aside(path: Path) -> Path:
    """A recovery file that cannot be loaded is renamed ``….bad`` (kept for support, never offered again)."""
    bad = path.with_name(path.name + ".bad")
    path.replace(bad)
    info = path.with_suffix(".json")
    if info.exists():
        info.replace(info.with_name(info.name + ".bad"))
    return bad


def clean_stale_temp_files(max_age_s: float = 60.0) -> int:
    """Remove half-written temporary files a killed save left in the recovery folder; returns how many.

    Named with their process (``.X.bdesk.<pid>.tmp``): stale once that process is gone (``tempfiles``);
    without a pid (written by earlier versions): once older than ``max_age_s``.
    """
    removed = 0
    now = time.time()
    for p in recovery_dir().glob("*.tmp"):
        try:
            mtime = p.stat().st_mtime
            if is_stale(p.name, mtime) or (p.name.endswith(".json.tmp") and now - mtime > max_age_s):
                p.unlink()
                removed += 1
        except OSError:
            pass
    return removed


def sweep_at_start(recent_files: list[str]):
    """At start-up, in the background: stale save temporaries in the recovery folder and beside the recent files.

    The thread is returned (started) so a test can wait for it; nothing waits for it otherwise.
    """
    folders = [recovery_dir()] + [Path(p).parent for p in recent_files]
    return sweep_in_background(folders)
