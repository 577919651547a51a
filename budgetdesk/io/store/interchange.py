"""JSON interchange: a whole document as plain, self-describing JSON (see docs/interchange.md).

Every cell is written with its table (id and official title), row (key, code, label) and column
(key and header label path), and its value as a decimal string — readable by any tool without
budgetdesk, and read back into exactly the same document.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any, Callable

from budgetdesk.core.adjustments import AdjustmentDataError, adjustment_from_dict
from budgetdesk.core.eliminate import EliminationError, check_cells
from budgetdesk.core.document import Document, DocumentError, UnitMeta, extra_row_parts, is_extra_key, unit_level
from budgetdesk.core.money import AmountError, canonical, parse_amount
from budgetdesk.core.narrative.model import Narrative
from budgetdesk.core.performance.serial import PerformanceDataError, target_from_dict, target_to_dict
from budgetdesk.core.template import TemplateSet
from budgetdesk.core.text import fill
from budgetdesk.io.limits import MAX_CELLS, MAX_CONSOLIDATED, document_cells
from budgetdesk.io.sanitize import Sanitizer

FORMAT = "budgetdesk-document"
FORMAT_VERSION = 3  # 2: adds "narrative" (the 情况说明); 3: "adjustments" (部门汇总's 调整表); older files still read
UNIT_FORMAT_VERSION = 2  # a document without a 调整表 is written as version 2, readable by earlier budgetdesk


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
    data: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION if doc.adjustments else UNIT_FORMAT_VERSION,
        "template_set": {"id": ts.id, "version": ts.version, "name": ts.name},
        "unit": {
            "unit_name": doc.meta.unit_name,
            "unit_code": doc.meta.unit_code,
            "year": doc.meta.year,
            "money_unit": doc.meta.money_unit,
            **({"level": doc.meta.level} if doc.meta.level else {}),
        },
        "live_totals": doc.live_totals,
        "tables": tables,
        "prior": prior,
        **({"prior_source": doc.prior_source} if doc.prior_source else {}),
        **({"budget": budget} if budget else {}),
        **({"unread": dict(sorted(doc.unread.items()))} if doc.unread else {}),  # tables the source did not let us read
        "notes": dict(sorted(doc.notes.items())),
        "explanations": dict(sorted(doc.explanations.items())),
        "narrative": doc.narrative.to_list(),
        "performance": [target_to_dict(t) for t in doc.performance],  # 绩效目标表: every target and indicator
    }
    if doc.consolidated_from > 1:  # 部门汇总: the number of units summed (widens the rounding allowance)
        data["unit"]["consolidated_from"] = doc.consolidated_from
    if doc.adjustments:  # 部门汇总: the 调整表 (eliminations and amounts without a counterpart)
        data["adjustments"] = [a.to_dict() for a in doc.adjustments]
    return data



def dumps(doc: Document, sanitizer: Sanitizer | None = None) -> str:
    """The document as JSON text; every string through the writers' one ``sanitizer`` (a lone surrogate becomes
    U+FFFD with a notice, as in .bdesk, instead of an escape that reads back as text no UTF can hold)."""
    data = document_to_dict(doc)
    if sanitizer is not None:
        data = _storable(data, sanitizer, "")
    return indented_json(data) + "\n"


def indented_json(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=1)``, the same text, a few times quicker for a document's plain
    dicts, lists, strings, integers, booleans and None (the standard encoder indents in pure Python, a generator per
    level); anything else is left to ``json.dumps`` itself."""
    out: list[str] = []
    try:
        _indent(value, out, "\n")
    except _NotPlain:
        return json.dumps(value, ensure_ascii=False, indent=1)
    return "".join(out)


class _NotPlain(Exception):
    pass


_QUOTE = json.encoder.encode_basestring  # (the C function when available, as json.dumps uses)
_ATOMS = {None: "null", True: "true", False: "false"}


def _indent(value: Any, out: list[str], newline: str) -> None:
    kind = type(value)
    if kind is str:
        out.append(_QUOTE(value))
    elif kind is dict:
        if not value:
            out.append("{}")
            return
        inner = newline + " "
        first = True
        for key, item in value.items():
            if type(key) is not str:
                raise _NotPlain
            out.append(("{" if first else ",") + inner + _QUOTE(key) + ": ")
            first = False
            _indent(item, out, inner)
        out.append(newline + "}")
    elif kind is list:
        if not value:
            out.append("[]")
            return
        inner = newline + " "
        first = True
        for item in value:
            out.append(("[" if first else ",") + inner)
            first = False
            _indent(item, out, inner)
        out.append(newline + "]")
    elif kind is int:
        out.append(int.__repr__(value))
    elif value is None or value is True or value is False:
        out.append(_ATOMS[value])
    else:
        raise _NotPlain


def _storable(value: Any, sanitizer: Sanitizer, where: str) -> Any:
    if isinstance(value, str):
        return sanitizer.storable(value, f"JSON 中 {where or '文档'}")
    if isinstance(value, dict):
        return {_storable(k, sanitizer, where): _storable(v, sanitizer, f"{where}/{k}" if where else str(k))
                for k, v in value.items()}
    if isinstance(value, list):
        return [_storable(v, sanitizer, f"{where}[{i}]") for i, v in enumerate(value)]
    return value


def document_from_dict(data: dict[str, Any], load_template: Callable[[str], TemplateSet]) -> Document:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InterchangeError("不是 budgetdesk 文档的 JSON（缺少 format: budgetdesk-document）")
    version = data.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise InterchangeError(f"JSON 格式版本 {version} 比本程序支持的 {FORMAT_VERSION} 新，请升级 budgetdesk")
    ts = load_template(data["template_set"]["id"])
    unit = data.get("unit", {})
    year = unit.get("year") or 0
    if not isinstance(year, int) or isinstance(year, bool) or not 0 <= year <= 9999:
        raise InterchangeError(f"年度“{str(year)[:20]}”不是年份")
    doc = Document(ts, UnitMeta(
        unit_name=_str(unit.get("unit_name", ""), "单位名称"),
        unit_code=_str(unit.get("unit_code", ""), "单位编码"),
        year=year,
        money_unit=_str(unit.get("money_unit") or ts.money_unit, "金额单位"),
        level=unit_level(unit.get("level")),
    ))
    doc.consolidated_from = consolidated_count(unit.get("consolidated_from", 1))
    tables, cells = _Once("内容"), _Once("值")
    for tdata in data.get("tables", []):
        tid = tdata["id"]
        if tid not in doc.tables:
            raise InterchangeError(f"模板 {ts.id} 中没有表 {tid}（{tdata.get('title', '')}）")
        if not tables.add((tid,), tdata, f"表 {tid}"):
            continue
        table = doc.table(tid)
        for position, row in enumerate(tdata.get("rows", [])):
            if row.get("code") and not table.has_row(_str(row["key"], "行")):
                doc.add_code_row(tid, _str(row["code"], "科目编码"), _str(row.get("label", ""), "行名称"),
                                 position=position)
            elif is_extra_key(_str(row["key"], "行")) and not table.has_row(row["key"]):
                side, band = extra_row_parts(row["key"])
                doc.add_extra_row(tid, side, band, _str(row.get("label", ""), "行名称"), position=position, key=row["key"])
        for cell in tdata.get("cells", []):
            if not cells.add((tid, cell["row"], cell["column"]), cell["value"], f"表 {tid} 行 {cell['row']} 列 {cell['column']}"):
                continue
            try:
                doc.set(tid, cell["row"], cell["column"], _value(cell["value"]))
            except (DocumentError, InvalidOperation) as exc:
                raise InterchangeError(f"表 {tid} 行 {cell['row']} 列 {cell['column']}：{exc}") from None
    for part, what, put in (("prior", "上年数", doc.set_prior), ("budget", "预算数", doc.set_budget)):
        once = _Once(what)
        for p in data.get(part, []):
            where = f"表 {p['table']} 行 {p['row']} 列 {p['column']}"
            if not once.add((p["table"], p["row"], p["column"]), p["value"], where):
                continue
            try:
                put(p["table"], p["row"], p["column"], parse_amount(_value(p["value"])))
            except AmountError as exc:
                raise InterchangeError(f"{what} {where}：{exc}") from None
    doc.prior_source = _str(data.get("prior_source", ""), "上年文件名")
    for key, text in data.get("notes", {}).items():
        doc.set_note(key or None, _str(text, "表下说明"))
    for key, text in data.get("explanations", {}).items():
        doc.set_explanation(key, _str(text, "出错说明"))
    doc.set_live_totals(data.get("live_totals") is True)
    narrative = data.get("narrative", [])
    if not isinstance(narrative, list) or not all(isinstance(b, dict) and isinstance(b.get("text", ""), str) for b in narrative):
        raise InterchangeError("narrative 必须是段落对象的列表（每段有 text，标题另有 heading: true）")
    doc.set_narrative(Narrative.from_list(narrative))
    try:
        for target in data.get("performance", []):
            doc.performance.add(target_from_dict(target))
    except (PerformanceDataError, ValueError, KeyError, TypeError) as exc:
        raise InterchangeError(f"绩效目标表：{exc}") from None
    unread = data.get("unread", {})
    if not isinstance(unread, dict):
        raise InterchangeError("unread 必须是“表 → 未读出的原因”的对象")
    for tid, why in unread.items():  # after the cells and the 绩效 forms: filling either in clears a mark
        try:
            doc.mark_unread(tid, _str(why, "未读出的原因"))
        except DocumentError as exc:
            raise InterchangeError(f"unread：{exc}") from None
    adjustments = data.get("adjustments", [])
    if not isinstance(adjustments, list):
        raise InterchangeError("adjustments 必须是调整表各项的列表")
    try:
        doc.set_adjustments([adjustment_from_dict(a) for a in adjustments])
        for adj in doc.adjustments:
            check_cells(doc, adj)
    except (AdjustmentDataError, EliminationError) as exc:
        raise InterchangeError(str(exc)) from None
    return doc


def consolidated_count(v: Any) -> int:
    """The stored number of units summed into a document: a whole number from 1 to 100,000."""
    try:
        n = int(str(v))
    except ValueError:
        n = 0
    if not 1 <= n <= MAX_CONSOLIDATED:
        raise InterchangeError(f"汇总单位数 consolidated_from = {v!r} 无效（应为 1 到 {MAX_CONSOLIDATED} 的整数）")
    return n


def _str(v: Any, what: str) -> str:
    """Text fields must be text: a list or number where a name belongs is a damaged file, not a name."""
    if v is None:
        return ""
    if not isinstance(v, str):
        raise InterchangeError(f"{what}应为文字，实为 {type(v).__name__}")
    return v


def _value(v: Any) -> Any:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        raise InterchangeError(f"金额 {v} 必须写成字符串（例如 \"12.30\"），以免精度丢失")
    if v is not None and not isinstance(v, str):
        raise InterchangeError(f"单元格的值应为文字，实为 {type(v).__name__}")
    return v


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose keys are unique: a key given twice with different values is refused, naming both
    (``json`` would silently keep the last: a unit name, a cell, a note replaced without a word)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out and out[key] != value:
            raise InterchangeError(f"JSON 中同一对象的“{_shown(key)}”出现两次，值不同："
                                   f"{_shown(out[key])} 与 {_shown(value)}，无法确定哪一个是对的")
        out[key] = value
    return out


def _shown(v: Any) -> str:
    text = json.dumps(v, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


class _Once:
    """Entries that must appear once in a list (a table, a cell): a second one with another value is refused."""

    def __init__(self, what: str):
        self.what, self.seen = what, {}

    def add(self, key: tuple, value: Any, where: str) -> bool:
        """True for a new entry; False for an exact repeat (harmless, skipped); a conflicting one raises."""
        if key not in self.seen:
            self.seen[key] = value
            return True
        if self.seen[key] == value:
            return False
        raise InterchangeError(f"{where}的{self.what}出现两次，值不同：{_shown(self.seen[key])} 与 {_shown(value)}，"
                               "无法确定哪一个是对的")


def loads(text: str, load_template: Callable[[str], TemplateSet]) -> Document:
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise InterchangeError(f"JSON 格式错误：第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}") from None
    doc = document_from_dict(data, load_template)
    count = document_cells(doc)
    if count > MAX_CELLS:  # as the .bdesk reader counts: the same document is readable in both formats or neither
        raise InterchangeError(f"文档含 {count:,} 个单元格（含行和上年数），超过上限 {MAX_CELLS:,}，不像公开表")
    return doc
