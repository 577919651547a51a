"""Reading workbooks (.xlsx) into documents: the tables as finance offices have them.

Every sheet becomes a grid of ``GridCell`` named ``表名!C7``; tables are recognised by their title
(also with a unit-name or year prefix) or by the sheet name, then placed by header meaning with
``placement.place_grid``. Formula cells are read by their cached value, never evaluated. Files that
are not workbooks, are password protected, or unpack to absurd sizes get a clear Chinese message.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from budgetdesk.core.document import Document, DocumentError, UnitMeta
from budgetdesk.core.money import parse_amount
from budgetdesk.core.template import TemplateSet
from budgetdesk.io.disclosure_text import match_title
from budgetdesk.io.placement import Grid, GridCell, ImportReport, Unplaced, is_note_line, place_grid, read_meta_line
from budgetdesk.io.workbook_read import MAX_ROWS, WorkbookError, read_workbook_grids, read_xls_grids  # noqa: F401

def _grid_of_sheet(name: str, rows: list[list[GridCell]], template_set: TemplateSet, meta: dict[str, str]):
    """The table a sheet holds: by a title in its first rows, else by the sheet's name."""
    for i, row in enumerate(rows[:8]):
        non_empty = [c for c in row if c.text]
        if len(non_empty) == 1:
            found = match_title(non_empty[0].text, template_set.tables)
            if found:
                template, prefix, exact = found
                return template, prefix, exact, non_empty[0], rows[i + 1:]
    found = match_title(name, template_set.tables)
    if found:
        template, prefix, exact = found
        return template, prefix, exact, GridCell(name, f"{name}!A1"), rows
    return None


def _split_body(rows: list[list[GridCell]], meta: dict[str, str], grid: Grid) -> None:
    data_started = False
    for row in rows:
        non_empty = [c for c in row if c.text]
        if not non_empty:
            continue
        if len(non_empty) <= 2 and not data_started and all(read_meta_line(c.text, meta) for c in non_empty):
            continue
        if len(non_empty) == 1 and data_started and (is_note_line(non_empty[0].text) or len(row) <= 1):
            grid.notes.append(non_empty[0])
            continue
        grid.rows.append(row)
        if len(non_empty) > 1:
            data_started = True


def read_workbook(path: Path, template_set: TemplateSet, sheets=None, saved: dict | None = None) -> tuple[Document, ImportReport]:
    if sheets is None:
        sheets, saved = read_workbook_grids(path)
    saved = saved or {}
    report = ImportReport(source=path.name, template_set=template_set.id)
    meta: dict[str, str] = {}
    found = []
    for name, rows in sheets:
        hit = _grid_of_sheet(name, rows, template_set, meta)
        if hit is None:
            if any(c.text for r in rows for c in r):
                report.notices.append(f"工作表“{name}”不是模板中的表，未导入")
            continue
        template, prefix, exact, title_cell, body = hit
        grid = Grid(title_cell.text, title_cell.location)
        sheet_meta: dict[str, str] = {}
        _split_body(body, sheet_meta, grid)
        unit = sheet_meta.pop("money_unit", "")
        for k, v in sheet_meta.items():
            meta.setdefault(k, v)
        found.append((template, prefix, exact, grid, name, unit))
    if not found:
        raise WorkbookError(f"{path.name}：没有找到模板“{template_set.name}”中的任何一张表")
    if saved.get("format") == "budgetdesk-workbook":  # our own export: its metadata is exact, even when empty
        meta = {k: saved.get(k, "") for k in ("unit_name", "unit_code", "year", "money_unit")}
    year = meta.get("year") or ""
    unit_name = meta.get("unit_name") or next((f[1] for f in found if f[1]), "")
    doc = Document(template_set, UnitMeta(
        unit_name=unit_name, unit_code=meta.get("unit_code", ""),
        year=int(year) if str(year).isdigit() else _year_from_titles(found),
        money_unit=meta.get("money_unit") or template_set.money_unit))
    seen = set()
    for template, prefix, exact, grid, sheet, unit in found:
        if template.id in seen:
            report.notices.append(f"工作表“{sheet}”又是《{template.title}》，未导入")
            continue
        seen.add(template.id)
        reason = f"工作表“{sheet}”" + ("标题完全一致" if exact else f"标题以“{template.title}”结尾")
        scale = UNIT_SCALE.get((unit.strip(), doc.meta.money_unit))
        if scale is not None:
            report.notices.append(f"工作表“{sheet}”的金额单位为“{unit}”，已换算为“{doc.meta.money_unit}”")
        place_grid(doc, template, grid, report, reason, scale)
    for t in template_set.tables:
        if t.id not in seen:
            report.notices.append(f"没有找到《{t.title}》")
    try:
        _apply_saved(doc, saved)
    except (ValueError, TypeError, KeyError, DocumentError) as exc:  # a damaged or crafted hidden sheet
        report.notices.append(f"隐藏工作表“budgetdesk”中的说明或上年数已损坏，未全部使用（{str(exc)[:80]}）")
    _report_typed(report, getattr(sheets, "typed", ()))
    return doc, report


def _report_typed(report: ImportReport, typed) -> None:
    """Dates, TRUE/FALSE and error values are named in the report, never converted into amounts."""
    why = {location: (text, reason) for location, text, reason in typed}
    report.unplaced[:] = [Unplaced(u.location, u.text, f"{why[u.location][1]}（{u.reason}）") if u.location in why else u
                          for u in report.unplaced]
    listed = {u.location for u in report.unplaced} | set(report.locations.values())
    for location, (text, reason) in why.items():
        if location not in listed:
            report.unplaced.append(Unplaced(location, text, reason))


UNIT_SCALE = {("元", "万元"): Decimal("0.0001"), ("万元", "元"): Decimal(10000)}


def _year_from_titles(found) -> int:
    import re
    for _t, _p, _e, grid, _s, _u in found:
        for text in [grid.title] + [c.text for row in grid.rows[:4] for c in row]:
            m = re.search(r"(20\d\d)\s*年", text)
            if m:
                return int(m.group(1))
    return 0


def _apply_saved(doc: Document, saved: dict[str, str]) -> None:
    """What budgetdesk's own export keeps out of sight: exact notes, explanations, last year's figures."""
    if saved.get("format") != "budgetdesk-workbook":
        return
    notes = _texts(json.loads(saved["notes"] or "{}")) if "notes" in saved else None
    explanations = _texts(json.loads(saved.get("explanations") or "{}"))
    prior = json.loads(saved.get("prior") or "[]")
    if not isinstance(prior, list) or not all(isinstance(p, list) and len(p) == 4 and all(isinstance(x, str) for x in p)
                                              and p[0] in doc.tables for p in prior):
        raise ValueError("上年数格式不符")
    prior = [(table, row, column, parse_amount(value)) for table, row, column, value in prior]  # all or none
    if notes is not None:
        for key in list(doc.notes):
            doc.set_note(key or None, "")
        for key, text in notes.items():
            doc.set_note(key or None, text)
    for key, text in explanations.items():
        doc.set_explanation(key, text)
    for table, row, column, value in prior:
        doc.set_prior(table, row, column, value)


def _texts(value) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise ValueError("说明的格式不符")
    return value


def best_workbook_template(path: Path, template_sets: list[TemplateSet]) -> tuple[Document, ImportReport]:
    sheets, saved = read_workbook_grids(path)
    if saved.get("template_set"):
        for ts in template_sets:
            if ts.id == saved["template_set"]:
                return read_workbook(path, ts, sheets, saved)
    best = None
    for ts in template_sets:
        try:
            doc, report = read_workbook(path, ts, sheets, saved)
        except WorkbookError:
            continue
        score = report.fit_score()
        if best is None or score > best[0]:
            best = (score, doc, report)
    if best is None:
        raise WorkbookError(f"{path.name}：没有找到任何模板中的表")
    return best[1], best[2]
