"""The ``.bdesk`` project file: one SQLite database per document, saved atomically.

SQLite is the application file format: one file, transactional, readable by standard tools. A
save writes a complete new database next to the target and then renames it over the old one
(``os.replace``, atomic on Windows and POSIX), so a crash or a kill during a save leaves the
previous file intact. ``PRAGMA user_version`` holds the schema version; every schema ever written
keeps a reader in ``_READERS`` so older files still open.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from contextlib import closing
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Callable

from budgetdesk import __version__
from budgetdesk.core.adjustments import AdjustmentDataError, adjustment_from_dict
from budgetdesk.core.eliminate import EliminationError, check_cells
from budgetdesk.core.document import Document, DocumentError, UnitMeta, extra_row_parts, is_extra_key, unit_level
from budgetdesk.core.money import AmountError, canonical, parse_amount
from budgetdesk.core.narrative.model import Block, Narrative
from budgetdesk.core.performance.serial import PerformanceDataError, target_from_dict, target_to_dict
from budgetdesk.core.template import TemplateError, TemplateSet
from budgetdesk.io.store.interchange import consolidated_count
from budgetdesk.io.limits import MAX_CELLS
from budgetdesk.io.store.errors import ProjectError
from budgetdesk.io.sanitize import Sanitizer
from budgetdesk.io.store.sqlite_sidecars import readable_copy, retire_sidecars
from budgetdesk.io.store.tempfiles import (create_temporary, discard, failure_reason, replace_file, save_target, sweep,
                                    sync_path)

APPLICATION_ID = 0x42444B31  # "BDK1"
SCHEMA_VERSION = 3  # 2: 情况说明 (narrative) and 绩效目标表 (performance_targets); 3: 部门汇总's 调整表 (adjustments)
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
CREATE TABLE notes (scope TEXT PRIMARY KEY, text TEXT NOT NULL);
CREATE TABLE explanations (finding_key TEXT PRIMARY KEY, text TEXT NOT NULL);
"""
# version 2: the 情况说明, one row per heading or paragraph in order; the performance targets, one JSON
# record each (core/performance/serial.py), in printed order; a 决算's 预算数 taken from that year's 预算
_SCHEMA_V2 = _SCHEMA_V1 + """
CREATE TABLE budget_cells (table_id TEXT NOT NULL, row_key TEXT NOT NULL, col_key TEXT NOT NULL,
                           value TEXT NOT NULL, PRIMARY KEY (table_id, row_key, col_key));
CREATE TABLE narrative (position INTEGER PRIMARY KEY, text TEXT NOT NULL, heading INTEGER NOT NULL,
                        section TEXT NOT NULL);
CREATE TABLE performance_targets (position INTEGER PRIMARY KEY, target_key TEXT NOT NULL UNIQUE,
                                  data TEXT NOT NULL);
"""
# version 3: the 调整表 of a 部门汇总 (core/adjustments.py), one JSON record per entry in order
_SCHEMA_V3 = _SCHEMA_V2 + """
CREATE TABLE adjustments (position INTEGER PRIMARY KEY, data TEXT NOT NULL);
"""
_NEWEST_SCHEMA = _SCHEMA_V3


def save_project(doc: Document, path: Path | str, *, fsync: bool = True, notices: list[str] | None = None) -> Path:
    """Write ``doc`` to ``path`` atomically: the old file stays intact until the new one is complete.

    Text SQLite cannot store (lone surrogates) is replaced and reported in ``notices``; on any failure
    the temporary file is removed, and stale ones of killed saves in the folder are swept.
    """
    path = Path(path)
    sanitizer = Sanitizer()
    sweep(path.parent)
    tmp: Path | None = None
    try:
        target = save_target(path)
        fd, tmp = create_temporary(target)  # empty: SQLite makes it a database
        os.close(fd)
        with closing(sqlite3.connect(tmp)) as con:
            con.execute("PRAGMA journal_mode=OFF")  # the rename is our journal
            con.execute(f"PRAGMA application_id={APPLICATION_ID}")
            con.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            con.executescript(_NEWEST_SCHEMA)
            with con:
                _write(con, doc, sanitizer)
        if fsync:
            sync_path(tmp)
        retire_sidecars(target)
        if fsync:
            replace_file(tmp, target)
        else:
            os.replace(tmp, target)
    except BaseException as exc:
        if tmp is not None:
            discard(tmp)
        if isinstance(exc, (OSError, sqlite3.Error)):
            raise ProjectError(f"保存“{path}”失败：{failure_reason(exc)}。原文件未被改动。") from exc
        raise
    if notices is not None:
        notices.extend(dict.fromkeys(sanitizer.notices))
    return path


def _write(con: sqlite3.Connection, doc: Document, sanitizer: Sanitizer | None = None) -> None:
    sanitizer = sanitizer or Sanitizer()

    def clean(value, where: str):
        return sanitizer.storable(value, where) if isinstance(value, str) else value

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
        **({"level": doc.meta.level} if doc.meta.level else {}),
        "live_totals": "1" if doc.live_totals else "0",
        "saved_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    if doc.consolidated_from > 1:  # 部门汇总: the number of units summed (widens the rounding allowance)
        meta["consolidated_from"] = str(doc.consolidated_from)
    if doc.prior_source:  # the file last year's figures came from (named by the year-to-year checks)
        meta["prior_source"] = doc.prior_source
    if doc.unread:  # tables the file this document was read from did not let us read (their relations: 未核对)
        meta["unread"] = json.dumps(dict(sorted(doc.unread.items())), ensure_ascii=False)
    con.executemany("INSERT INTO meta VALUES (?, ?)", [(k, clean(v, f"单位信息 {k}")) for k, v in meta.items()])
    for t in doc.tables.values():
        code_columns = {c.key for c in t.template.columns if c.kind == "code"}  # the code is the row's
        con.executemany(
            "INSERT INTO rows VALUES (?, ?, ?, ?, ?)",
            [(t.id, i, clean(r.key, f"《{t.template.title}》行"), clean(r.code, f"《{t.template.title}》行"),
              clean(r.label, f"《{t.template.title}》“{r.key}”行名称")) for i, r in enumerate(t.rows)],
        )
        con.executemany(
            "INSERT INTO cells VALUES (?, ?, ?, ?, ?)",
            [
                (t.id, clean(r, f"《{t.template.title}》行"), c,
                 canonical(v) if isinstance(v, Decimal) else clean(v, f"《{t.template.title}》{r} {c}"),
                 int(isinstance(v, Decimal)))
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
    con.executemany("INSERT INTO notes VALUES (?, ?)",
                    [(clean(k, "表下说明"), clean(v, f"表下说明 {k}")) for k, v in doc.notes.items()])
    con.executemany("INSERT INTO explanations VALUES (?, ?)",
                    [(clean(k, "出错说明"), clean(v, f"出错说明 {k}")) for k, v in doc.explanations.items()])
    con.executemany("INSERT INTO narrative VALUES (?, ?, ?, ?)",
                    [(i, clean(b.text, f"情况说明第 {i + 1} 段"), int(b.heading), b.section_key)
                     for i, b in enumerate(doc.narrative.blocks)])
    con.executemany("INSERT INTO performance_targets VALUES (?, ?, ?)",
                    [(i, clean(t.key, "绩效目标表"),
                      clean(json.dumps(target_to_dict(t), ensure_ascii=False), f"绩效目标表 {t.key}"))
                     for i, t in enumerate(doc.performance)])
    con.executemany("INSERT INTO adjustments VALUES (?, ?)",
                    [(i, clean(json.dumps(a.to_dict(), ensure_ascii=False), f"调整表第 {i + 1} 项"))
                     for i, a in enumerate(doc.adjustments)])


def load_project(path: Path | str, load_template: Callable[[str], TemplateSet]) -> Document:
    path = Path(path)
    if not path.is_file():
        raise ProjectError(f"找不到项目文件“{path}”")
    with path.open("rb") as fh:
        head = fh.read(16)
    if head != b"SQLite format 3\x00":
        raise ProjectError(f"“{path.name}”不是 budgetdesk 项目文件（.bdesk）")
    sweep(path.parent)  # temporaries of saves that were killed in this folder
    try:
        with readable_copy(path) as readable, closing(_connect_untrusted(readable, private=readable != path)) as con:
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
            verify_schema(con, path.name)
            return reader(con, load_template, path)
    except sqlite3.DatabaseError as exc:
        raise ProjectError(f"“{path.name}”已损坏，无法读取：{exc}") from exc
    except OSError as exc:
        raise ProjectError(f"“{path.name}”无法读取：{failure_reason(exc)}") from exc


MAX_VALUE_CHARS = 4 << 20  # the longest text one field may hold (a whole 情况说明 is about 30,000 characters)


def _connect_untrusted(path: Path, *, private: bool) -> sqlite3.Connection:
    """A connection that reads ``path`` as data only: no schema-defined functions, strings bounded.

    ``private``: a copy of ours (``readable_copy``) that SQLite may write to while applying a log.
    """
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode={'rw' if private else 'ro'}", uri=True)
    con.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_CHARS * 4)
    con.execute("PRAGMA trusted_schema=OFF")
    return con


def _expected_columns() -> dict[str, tuple[tuple[str, str, int, int], ...]]:
    """Each table of the newest schema with its columns (name, declared type, not null, key position)."""
    with closing(sqlite3.connect(":memory:")) as con:
        con.executescript(_NEWEST_SCHEMA)
        names = [n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {n: tuple((c[1], c[2], c[3], c[5]) for c in con.execute(f"PRAGMA table_info({n})")) for n in names}


_EXPECTED = _expected_columns()
_REQUIRED = {1: ("meta", "rows", "cells", "prior_cells", "notes", "explanations"),
             2: ("meta", "rows", "cells", "prior_cells", "notes", "explanations", "narrative", "performance_targets"),
             3: ("meta", "rows", "cells", "prior_cells", "notes", "explanations", "narrative", "performance_targets",
                 "adjustments")}
_STORAGE = {"TEXT": ("text",), "INTEGER": ("integer",)}


def verify_schema(con: sqlite3.Connection, name: str) -> None:
    """Refuse a project whose schema is not ours before any of its rows is read.

    A project file is untrusted: a view or trigger in place of a table would run whatever query it
    holds (an endless recursive CTE, a cross join, an 800 MB string) the moment we read "a table".
    Only our tables, with exactly our columns, and values of the declared storage classes pass.
    """
    version = con.execute("PRAGMA user_version").fetchone()[0]
    objects = con.execute("SELECT type, name, tbl_name FROM sqlite_master").fetchall()
    for kind, obj, table in objects:
        if kind == "table" and obj in _EXPECTED:
            continue
        if kind == "index" and obj.startswith("sqlite_autoindex_") and table in _EXPECTED:
            continue
        what = {"view": "视图", "trigger": "触发器", "table": "表", "index": "索引"}.get(kind, kind)
        raise ProjectError(f"“{name}”不是 budgetdesk 写出的项目文件：含有未知的{what}“{obj}”，为安全起见不予读取")
    present = {obj for kind, obj, _ in objects if kind == "table"}
    missing = [t for t in _REQUIRED.get(version, ()) if t not in present]
    if missing:
        raise ProjectError(f"“{name}”缺少数据表 {'、'.join(missing)}，文件不完整或已损坏")
    for table in present:
        columns = tuple((c[1], c[2], c[3], c[5]) for c in con.execute(f"PRAGMA table_info({table})"))
        if columns != _EXPECTED[table]:
            raise ProjectError(f"“{name}”中数据表 {table} 的列与 budgetdesk 的文件格式不符，文件已损坏或被其他程序改动")
        for column, declared, notnull, _ in columns:
            allowed = _STORAGE[declared] + (() if notnull else ("null",))
            marks = ", ".join(f"'{a}'" for a in allowed)
            bad = con.execute(f"SELECT rowid, typeof({column}) FROM {table} "
                              f"WHERE typeof({column}) NOT IN ({marks}) LIMIT 1").fetchone()
            if bad:
                raise ProjectError(f"“{name}”中数据表 {table} 的 {column} 列（第 {bad[0]} 条记录）是 {bad[1]} 类型，"
                                   f"应为 {declared}：文件已损坏或被其他程序改动")
        long = con.execute(" UNION ALL ".join(
            f"SELECT '{c}' FROM {table} WHERE length({c}) > {MAX_VALUE_CHARS}"
            for c, declared, _, _ in columns if declared == "TEXT") + " LIMIT 1").fetchone()
        if long:
            raise ProjectError(f"“{name}”中数据表 {table} 的 {long[0]} 列有超过 {MAX_VALUE_CHARS:,} 个字符的值，不像项目文件")


def _read_v1(con: sqlite3.Connection, load_template: Callable[[str], TemplateSet], path: Path) -> Document:
    meta = dict(con.execute("SELECT key, value FROM meta"))
    try:
        ts = load_template(meta["template_set"])
    except (KeyError, TemplateError) as exc:
        raise ProjectError(f"“{path.name}”使用的模板无法加载：{exc}") from exc
    year = meta.get("year") or "0"
    doc = Document(ts, UnitMeta(meta.get("unit_name", ""), meta.get("unit_code", ""),
                                int(year) if year.isdigit() else 0, meta.get("money_unit", ts.money_unit),
                                unit_level(meta.get("level"))))
    try:
        doc.consolidated_from = consolidated_count(meta.get("consolidated_from", "1"))
    except ValueError as exc:
        raise ProjectError(f"“{path.name}”：{exc}") from exc
    try:
        for tid, pos, key, code, label in con.execute(
                "SELECT table_id, position, row_key, code, label FROM rows ORDER BY table_id, position"):
            if tid not in doc.tables:
                raise ProjectError(f"“{path.name}”中的表 {tid} 不在模板 {ts.id} 中")
            table = doc.table(tid)
            if code and not table.has_row(key):
                doc.add_code_row(tid, code, label, position=pos)
            elif is_extra_key(key) and not table.has_row(key):
                side, band = extra_row_parts(key)
                doc.add_extra_row(tid, side, band, label, position=pos, key=key)
        (count,) = con.execute("SELECT (SELECT count(*) FROM cells) + (SELECT count(*) FROM prior_cells)"
                               " + (SELECT count(*) FROM rows)").fetchone()
        if count > MAX_CELLS:
            raise ProjectError(f"“{path.name}”含 {count:,} 个单元格，超过上限 {MAX_CELLS:,}，不像公开表")
        for tid, r, c, value, is_amount in con.execute("SELECT * FROM cells"):
            doc.set(tid, r, c, parse_amount(str(value)) if is_amount else value)
        for tid, r, c, value in con.execute("SELECT * FROM prior_cells"):
            doc.set_prior(tid, r, c, parse_amount(str(value)))
        if con.execute("SELECT 1 FROM sqlite_master WHERE name = 'budget_cells'").fetchone():  # files before 决算
            for tid, r, c, value in con.execute("SELECT * FROM budget_cells"):
                doc.set_budget(tid, r, c, parse_amount(str(value)))
        for scope, text in con.execute("SELECT scope, text FROM notes"):
            doc.set_note(scope or None, text)
        for key, text in con.execute("SELECT finding_key, text FROM explanations"):
            doc.set_explanation(key, text)
        doc.set_live_totals(meta.get("live_totals") == "1")
        doc.prior_source = meta.get("prior_source", "")
        for tid, why in _unread(meta.get("unread"), path).items():  # after the cells, which would clear the marks
            doc.mark_unread(tid, why)
    except (DocumentError, InvalidOperation, AmountError) as exc:
        raise ProjectError(f"“{path.name}”内容与模板不符：{exc}") from exc
    return doc


def _read_v2(con: sqlite3.Connection, load_template: Callable[[str], TemplateSet], path: Path) -> Document:
    doc = _read_v1(con, load_template, path)
    blocks = [Block(text, bool(heading), section)
              for text, heading, section in con.execute("SELECT text, heading, section FROM narrative ORDER BY position")]
    doc.set_narrative(Narrative(tuple(blocks)))
    try:
        for (data,) in con.execute("SELECT data FROM performance_targets ORDER BY position"):
            doc.performance.add(target_from_dict(json.loads(data)))
    except (PerformanceDataError, ValueError) as exc:
        raise ProjectError(f"“{path.name}”中的绩效目标表无法读取：{exc}") from exc
    return doc


def _read_v3(con: sqlite3.Connection, load_template: Callable[[str], TemplateSet], path: Path) -> Document:
    doc = _read_v2(con, load_template, path)
    try:
        doc.set_adjustments([adjustment_from_dict(json.loads(data))
                             for (data,) in con.execute("SELECT data FROM adjustments ORDER BY position")])
        for adj in doc.adjustments:
            check_cells(doc, adj)
    except (AdjustmentDataError, EliminationError, ValueError) as exc:
        raise ProjectError(f"“{path.name}”中的调整表无法读取：{exc}") from exc
    return doc


_READERS = {1: _read_v1, 2: _read_v2, 3: _read_v3}


def _unread(text: str | None, path: Path) -> dict[str, str]:
    """The saved “table → why it was not read” marks (``Document.unread``); none in older files."""
    if not text:
        return {}
    try:
        marks = json.loads(text)
    except ValueError:
        marks = None
    if not isinstance(marks, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in marks.items()):
        raise ProjectError(f"“{path.name}”中“未读出的表”一项已损坏")
    return marks
