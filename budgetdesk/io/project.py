"""The ``.bdesk`` project file: one SQLite database per document, saved atomically.

SQLite is the application file format: one file, transactional, readable by standard tools. A
save writes a complete new database next to the target and then renames it over the old one
(``os.replace``, atomic on Windows and POSIX), so a crash or a kill during a save leaves the
previous file intact. ``PRAGMA user_version`` holds the schema version; every schema ever written
keeps a reader in ``_READERS`` so older files still open.
"""

from __future__ import annotations

import os
import sqlite3
import time
from contextlib import closing
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Callable

from budgetdesk import __version__
from budgetdesk.core.document import Document, DocumentError, UnitMeta
from budgetdesk.core.money import canonical
from budgetdesk.core.template import TemplateError, TemplateSet

APPLICATION_ID = 0x42444B31  # "BDK1"
SCHEMA_VERSION = 1
SUFFIX = ".bdesk"

_SCHEMA_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE rows (table_id TEXT NOT NULL, position INTEGER NOT NULL, row_key TEXT NOT NULL,
                   code TEXT, label TEXT NOT NULL, PRIMARY KEY (table_id, row_key));
CREATE TABLE cells (table_id TEXT NOT NULL, row_key TEXT NOT NULL, col_key TEXT NOT NULL,
                    value TEXT NOT NULL, is_amount INTEGER NOT NULL,
                    PRIMARY KEY (table_id, row_key, col_key));
CREATE TABLE prior_cells (table_id TEXT NOT NULL, row_key TEXT NOT NULL, col_key TEXT NOT NULL,
                          value TEXT NOT NULL, PRIMARY KEY (table_id, row_key, col_key));
CREATE TABLE budget_cells (table_id TEXT NOT NULL, row_key TEXT NOT NULL, col_key TEXT NOT NULL,
                           value TEXT NOT NULL, PRIMARY KEY (table_id, row_key, col_key));
CREATE TABLE notes (scope TEXT PRIMARY KEY, text TEXT NOT NULL);
CREATE TABLE explanations (finding_key TEXT PRIMARY KEY, text TEXT NOT NULL);
"""


class ProjectError(Exception):
    """A project file that cannot be opened or saved; the message names the file."""


def save_project(doc: Document, path: Path | str, *, fsync: bool = True) -> Path:
    """Write ``doc`` to ``path`` atomically: the old file stays intact until the new one is complete."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        if tmp.exists():
            tmp.unlink()
        with closing(sqlite3.connect(tmp)) as con:
            con.execute("PRAGMA journal_mode=OFF")  # the rename is our journal
            con.execute(f"PRAGMA application_id={APPLICATION_ID}")
            con.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            con.executescript(_SCHEMA_V1)
            with con:
                _write(con, doc)
        if fsync:
            _fsync_file(tmp)
        os.replace(tmp, path)
        if fsync:
            _fsync_dir(path.parent)
    except (OSError, sqlite3.Error) as exc:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise ProjectError(f"保存“{path}”失败：{exc}。原文件未被改动。") from exc
    return path


def _write(con: sqlite3.Connection, doc: Document) -> None:
    ts = doc.template_set
    meta = {
        "application": "budgetdesk",
        "app_version": __version__,
        "schema_version": str(SCHEMA_VERSION),
        "template_set": ts.id,
        "template_version": ts.version,
        "unit_name": doc.meta.unit_name,
        "unit_code": doc.meta.unit_code,
        "year": str(doc.meta.year or ""),
        "money_unit": doc.meta.money_unit,
        "saved_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    for t in doc.tables.values():
        code_columns = {c.key for c in t.template.columns if c.kind == "code"}  # the code is the row's
        con.executemany(
            "INSERT INTO rows VALUES (?, ?, ?, ?, ?)",
            [(t.id, i, r.key, r.code, r.label) for i, r in enumerate(t.rows)],
        )
        con.executemany(
            "INSERT INTO cells VALUES (?, ?, ?, ?, ?)",
            [
                (t.id, r, c, canonical(v) if isinstance(v, Decimal) else v, int(isinstance(v, Decimal)))
                for (r, c), v in t.cells.items()
                if v is not None and c not in code_columns
            ],
        )
    for tid, cells in doc.prior.items():
        con.executemany("INSERT INTO prior_cells VALUES (?, ?, ?, ?)",
                        [(tid, r, c, canonical(v)) for (r, c), v in cells.items()])
    for tid, cells in doc.budget.items():
        con.executemany("INSERT INTO budget_cells VALUES (?, ?, ?, ?)",
                        [(tid, r, c, canonical(v)) for (r, c), v in cells.items()])
    con.executemany("INSERT INTO notes VALUES (?, ?)", doc.notes.items())
    con.executemany("INSERT INTO explanations VALUES (?, ?)", doc.explanations.items())


def load_project(path: Path | str, load_template: Callable[[str], TemplateSet]) -> Document:
    path = Path(path)
    if not path.is_file():
        raise ProjectError(f"找不到项目文件“{path}”")
    with path.open("rb") as fh:
        head = fh.read(16)
    if head != b"SQLite format 3\x00":
        raise ProjectError(f"“{path.name}”不是 budgetdesk 项目文件（.bdesk）")
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as con:
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            version = con.execute("PRAGMA user_version").fetchone()[0]
            if app_id != APPLICATION_ID:
                raise ProjectError(f"“{path.name}”是 SQLite 数据库，但不是 budgetdesk 项目文件")
            if version > SCHEMA_VERSION:
                raise ProjectError(
                    f"“{path.name}”由更新版本的 budgetdesk 保存（文件格式 {version}），请升级后再打开")
            reader = _READERS.get(version)
            if reader is None:
                raise ProjectError(f"“{path.name}”的文件格式版本 {version} 无法识别")
            return reader(con, load_template, path)
    except sqlite3.DatabaseError as exc:
        raise ProjectError(f"“{path.name}”已损坏，无法读取：{exc}") from exc


def _read_v1(con: sqlite3.Connection, load_template: Callable[[str], TemplateSet], path: Path) -> Document:
    meta = dict(con.execute("SELECT key, value FROM meta"))
    try:
        ts = load_template(meta["template_set"])
    except (KeyError, TemplateError) as exc:
        raise ProjectError(f"“{path.name}”使用的模板无法加载：{exc}") from exc
    year = meta.get("year") or "0"
    doc = Document(ts, UnitMeta(meta.get("unit_name", ""), meta.get("unit_code", ""),
                                int(year) if year.isdigit() else 0, meta.get("money_unit", ts.money_unit)))
    try:
        for tid, pos, key, code, label in con.execute(
                "SELECT table_id, position, row_key, code, label FROM rows ORDER BY table_id, position"):
            if tid not in doc.tables:
                raise ProjectError(f"“{path.name}”中的表 {tid} 不在模板 {ts.id} 中")
            table = doc.table(tid)
            if code and not table.has_row(key):
                doc.add_code_row(tid, code, label, position=pos)
        for tid, r, c, value, is_amount in con.execute("SELECT * FROM cells"):
            doc.set(tid, r, c, Decimal(value) if is_amount else value)
        for tid, r, c, value in con.execute("SELECT * FROM prior_cells"):
            doc.set_prior(tid, r, c, Decimal(value))
        if con.execute("SELECT 1 FROM sqlite_master WHERE name = 'budget_cells'").fetchone():  # files before 决算
            for tid, r, c, value in con.execute("SELECT * FROM budget_cells"):
                doc.set_budget(tid, r, c, Decimal(value))
        for scope, text in con.execute("SELECT scope, text FROM notes"):
            doc.set_note(scope or None, text)
        for key, text in con.execute("SELECT finding_key, text FROM explanations"):
            doc.set_explanation(key, text)
    except (DocumentError, InvalidOperation) as exc:
        raise ProjectError(f"“{path.name}”内容与模板不符：{exc}") from exc
    return doc


_READERS = {1: _read_v1}


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    if os.name == "nt":  # directories cannot be opened for fsync on Windows; MoveFileEx is durable enough
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
