"""Where the app writes: settings, autosave/recovery files, logs — the user's data folder, never the install folder."""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from PySide6.QtCore import QStandardPaths

from budgetdesk.core.document import Document
from budgetdesk.io.project import save_project


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
    """Autosave of one open document into the recovery folder, with the path it belongs to."""

    def __init__(self, session: str):
        self.session = session
        self.original: Path | None = None

    @property
    def path(self) -> Path:
        digest = hashlib.sha1(self.session.encode("utf-8")).hexdigest()[:16]
        return recovery_dir() / f"{digest}.bdesk"

    def save(self, doc: Document, original: Path | None) -> Path:
        self.original = original
        path = save_project(doc, self.path)
        info = {"original": str(original) if original else "", "saved_at": time.strftime("%Y-%m-%d %H:%M:%S"),
                "unit_name": doc.meta.unit_name, "year": doc.meta.year}
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path.with_suffix(".json"))
        return path

    def discard(self) -> None:
        discard_recovery(self.path)


def pending_recoveries() -> list[tuple[Path, dict]]:
    """Recovery files left by a session that did not end cleanly (crash, kill, power cut)."""
    out = []
    for p in sorted(recovery_dir().glob("*.bdesk")):
        info_path = p.with_suffix(".json")
        try:
            info = json.loads(info_path.read_text(encoding="utf-8")) if info_path.exists() else {}
        except (OSError, ValueError):
            info = {}
        out.append((p, info))
    return out


def discard_recovery(path: Path) -> None:
    """Delete a recovery file and its description."""
    for p in (path, path.with_suffix(".json")):
        try:
            p.unlink()
        except FileNotFoundError:
            pass
