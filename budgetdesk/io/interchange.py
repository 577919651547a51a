"""JSON interchange: a whole document as plain, self-describing JSON (see docs/interchange.md).

Every cell is written with its table (id and official title), row (key, code, label) and column
(key and header label path), and its value as a decimal string — readable by any tool without
budgetdesk, and read back into exactly the same document.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any, Callable

from budgetdesk.core.document import Document, DocumentError, UnitMeta
from budgetdesk.core.money import canonical
from budgetdesk.core.template import TemplateSet
from budgetdesk.core.text import fill

FORMAT = "budgetdesk-document"
FORMAT_VERSION = 1


class InterchangeError(ValueError):
    pass


def document_to_dict(doc: Document) -> dict[str, Any]:
    ts = doc.template_set
    values = doc.meta.format_values()
    tables = []
    for t in doc.tables.values():
        tpl = t.template
        rows = [{"key": r.key, "code": r.code, "label": r.label, "side": r.side} for r in t.rows]
        cells = []
        for r in t.rows:
            for c in tpl.columns:
                if c.kind == "code":
                    continue
                v = t.cells.get((r.key, c.key))
                if v is None:
                    continue
                cells.append({
                    "row": r.key,
                    "column": c.key,
                    "header": [fill(p, values) for p in c.path],
                    "value": canonical(v) if isinstance(v, Decimal) else v,
                })
        tables.append({"id": tpl.id, "title": tpl.title, "rows": rows, "cells": cells})
    prior = [
        {"table": tid, "row": r, "column": c, "value": canonical(v)}
        for tid, cells in doc.prior.items() for (r, c), v in sorted(cells.items())
    ]
    budget = [
        {"table": tid, "row": r, "column": c, "value": canonical(v)}
        for tid, cells in doc.budget.items() for (r, c), v in sorted(cells.items())
    ]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "template_set": {"id": ts.id, "version": ts.version, "name": ts.name},
        "unit": {
            "unit_name": doc.meta.unit_name,
            "unit_code": doc.meta.unit_code,
            "year": doc.meta.year,
            "money_unit": doc.meta.money_unit,
        },
        "tables": tables,
        "prior": prior,
        **({"budget": budget} if budget else {}),
        "notes": dict(sorted(doc.notes.items())),
        "explanations": dict(sorted(doc.explanations.items())),
    }



def dumps(doc: Document) -> str:
    return json.dumps(document_to_dict(doc), ensure_ascii=False, indent=1) + "\n"


def document_from_dict(data: dict[str, Any], load_template: Callable[[str], TemplateSet]) -> Document:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InterchangeError("不是 budgetdesk 文档的 JSON（缺少 format: budgetdesk-document）")
    version = data.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise InterchangeError(f"JSON 格式版本 {version} 比本程序支持的 {FORMAT_VERSION} 新，请升级 budgetdesk")
    ts = load_template(data["template_set"]["id"])
    unit = data.get("unit", {})
    doc = Document(ts, UnitMeta(
        unit_name=unit.get("unit_name", ""),
        unit_code=unit.get("unit_code", ""),
        year=int(unit.get("year") or 0),
        money_unit=unit.get("money_unit") or ts.money_unit,
    ))
    for tdata in data.get("tables", []):
        tid = tdata["id"]
        if tid not in doc.tables:
            raise InterchangeError(f"模板 {ts.id} 中没有表 {tid}（{tdata.get('title', '')}）")
        table = doc.table(tid)
        for position, row in enumerate(tdata.get("rows", [])):
            if row.get("code") and not table.has_row(row["key"]):
                doc.add_code_row(tid, row["code"], row.get("label", ""), position=position)
        for cell in tdata.get("cells", []):
            try:
                doc.set(tid, cell["row"], cell["column"], _value(cell["value"]))
            except (DocumentError, InvalidOperation) as exc:
                raise InterchangeError(f"表 {tid} 行 {cell['row']} 列 {cell['column']}：{exc}") from None
    for p in data.get("prior", []):
        doc.set_prior(p["table"], p["row"], p["column"], Decimal(p["value"]))
    for p in data.get("budget", []):
        doc.set_budget(p["table"], p["row"], p["column"], Decimal(p["value"]))
    for key, text in data.get("notes", {}).items():
        doc.set_note(key or None, text)
    for key, text in data.get("explanations", {}).items():
        doc.set_explanation(key, text)
    return doc


def _value(v: Any) -> Any:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        raise InterchangeError(f"金额 {v} 必须写成字符串（例如 \"12.30\"），以免精度丢失")
    return v


def loads(text: str, load_template: Callable[[str], TemplateSet]) -> Document:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InterchangeError(f"JSON 格式错误：第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}") from None
    return document_from_dict(data, load_template)
