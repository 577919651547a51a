"""Mappings taught once: "this unit's row/column label means that template row/column", kept per template set.

When a workbook's label matches nothing even by meaning, the officer assigns it once in the import
report; the mapping is saved (one JSON file per template set in the user data folder, or any file
exported/imported by hand) and applied at every later import — by the GUI and by ``budgetdesk check
--aliases FILE``. Labels are stored in their canonical form (``core.labels.canonical``), so numbering,
spaces and widths need not match exactly next time. Qt-free: the CLI uses it too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from budgetdesk.core.labels import canonical
from budgetdesk.core.template import TemplateSet
from budgetdesk.io.store.tempfiles import write_text_atomically

FORMAT = "budgetdesk-mappings"
VERSION = 1


class MappingError(ValueError):
    """A mappings file that cannot be read; the message is one Chinese line naming the file."""


@dataclass
class TableMappings:
    columns: dict[str, str] = field(default_factory=dict)  # canonical header → column key
    rows: dict[str, str] = field(default_factory=dict)  # canonical row label → row key


@dataclass
class LabelMappings:
    template_set: str
    tables: dict[str, TableMappings] = field(default_factory=dict)

    def table(self, table_id: str) -> TableMappings:
        return self.tables.setdefault(table_id, TableMappings())

    def teach_column(self, table_id: str, header: str, column_key: str) -> None:
        self.table(table_id).columns[canonical(header)] = column_key

    def teach_row(self, table_id: str, label: str, row_key: str) -> None:
        self.table(table_id).rows[canonical(label)] = row_key

    def columns_for(self, table_id: str) -> dict[str, str]:
        return dict(self.tables[table_id].columns) if table_id in self.tables else {}

    def rows_for(self, table_id: str) -> dict[str, str]:
        return dict(self.tables[table_id].rows) if table_id in self.tables else {}

    def __len__(self) -> int:
        return sum(len(t.columns) + len(t.rows) for t in self.tables.values())

    def merge(self, other: "LabelMappings") -> None:
        """Another file's mappings added to these (the other file wins where both name a label)."""
        for tid, t in other.tables.items():
            mine = self.table(tid)
            mine.columns.update(t.columns)
            mine.rows.update(t.rows)

    def validate(self, ts: TemplateSet) -> list[str]:
        """Mappings naming tables, rows or columns the template set does not have (listed, then ignored)."""
        problems = []
        for tid, t in self.tables.items():
            if not ts.has_table(tid):
                problems.append(f"模板 {ts.id} 中没有表 {tid}")
                continue
            tpl = ts.table(tid)
            problems += [f"《{tpl.title}》中没有列 {k}" for k in t.columns.values() if not tpl.has_column(k)]
            problems += [f"《{tpl.title}》中没有行 {k}" for k in t.rows.values() if tpl.fixed_row(k) is None]
        return problems

    def to_dict(self) -> dict:
        return {"format": FORMAT, "version": VERSION, "template_set": self.template_set,
                "tables": {tid: {"columns": t.columns, "rows": t.rows} for tid, t in sorted(self.tables.items())}}

    @classmethod
    def from_dict(cls, data: dict, source: str = "") -> "LabelMappings":
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise MappingError(f"{source}：不是 budgetdesk 的对应表文件")
        if int(data.get("version", 0)) > VERSION:
            raise MappingError(f"{source}：对应表文件版本 {data.get('version')} 较新，请升级 budgetdesk")
        out = cls(str(data.get("template_set", "")))
        for tid, t in (data.get("tables") or {}).items():
            if not isinstance(t, dict):
                raise MappingError(f"{source}：表 {tid} 的对应关系格式不对")
            tm = out.table(str(tid))
            for kind, target in (("columns", tm.columns), ("rows", tm.rows)):
                for label, key in (t.get(kind) or {}).items():
                    if not isinstance(label, str) or not isinstance(key, str):
                        raise MappingError(f"{source}：表 {tid} 中有不是文字的对应关系")
                    target[canonical(label)] = key
        return out


def load_file(path: Path) -> LabelMappings:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise MappingError(f"{Path(path).name}：无法读取（{exc}）") from exc
    except json.JSONDecodeError as exc:
        raise MappingError(f"{Path(path).name}：不是有效的 JSON（第 {exc.lineno} 行）") from exc
    return LabelMappings.from_dict(data, Path(path).name)


def save_file(mappings: LabelMappings, path: Path) -> Path:
    """Atomic: the old file stays whole until the new one is complete."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_text_atomically(path, json.dumps(mappings.to_dict(), ensure_ascii=False, indent=1))


class MappingStore:
    """One mappings file per template set in a folder (the GUI's user data folder ``mappings/``)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def path(self, template_set_id: str) -> Path:
        return self.folder / f"{template_set_id}.json"

    def load(self, template_set_id: str) -> LabelMappings:
        p = self.path(template_set_id)
        if not p.exists():
            return LabelMappings(template_set_id)
        try:
            return load_file(p)
        except MappingError:
            return LabelMappings(template_set_id)  # a damaged file must not stop imports; teaching rewrites it

    def save(self, mappings: LabelMappings) -> Path:
        return save_file(mappings, self.path(mappings.template_set))

    def import_file(self, path: Path) -> LabelMappings:
        """Add a file someone exported to the stored mappings of its template set."""
        incoming = load_file(path)
        if not incoming.template_set:
            raise MappingError(f"{Path(path).name}：文件中没有注明模板")
        stored = self.load(incoming.template_set)
        stored.merge(incoming)
        self.save(stored)
        return stored

    def source(self) -> "MappingSource":
        return self.load


MappingSource = Callable[[str], "LabelMappings | None"]  # template set id → its mappings


def file_source(path: Path) -> MappingSource:
    """The mappings of one file (``--aliases FILE``): applied when its template set is the one read."""
    mappings = load_file(path)
    return lambda ts_id: mappings if not mappings.template_set or mappings.template_set == ts_id else None
