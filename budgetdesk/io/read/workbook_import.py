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
from typing import Callable

from budgetdesk.core.adjustments import adjustment_from_dict
from budgetdesk.core.eliminate import check_cells
from budgetdesk.core.document import Document, DocumentError, UnitMeta, unit_level
from budgetdesk.core.money import AmountError, parse_amount
from budgetdesk.core.narrative.model import Narrative
from budgetdesk.core.text import fold
from budgetdesk.core.template import TemplateSet
from budgetdesk.io.hidden_sheet import ADJUSTMENTS_SHEET
from budgetdesk.io.read.titles import match_title, title_key
from budgetdesk.io.store.interchange import consolidated_count
from budgetdesk.io.read.import_report import (OFFICIAL, Grid, GridCell, ImportReport, Unplaced, best_fit, fit_bound,
                                              official_reason)
from budgetdesk.io.read.meta_lines import is_note_line
from budgetdesk.io.read.own_workbook import LayoutChanged, read_as_written
from budgetdesk.io.read.placement import place_grid
from budgetdesk.io.read.unit_meta import read_meta_row, year_in
from budgetdesk.io.read.workbook_read import (MAX_ROWS, UNCACHED, WorkbookError, read_workbook_grids,  # noqa: F401
                                        read_xls_grids, uncached_notice)



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


def _is_figure(text: str) -> bool:
    try:
        t = text.strip()
        return parse_amount(t) is not None and not (t.isdigit() and len(t) in (3, 5, 7))  # a 科目编码 is not a figure
    except AmountError:
        return False


def _sentence(text: str) -> bool:
    """A line of prose under a table (a note), not a row's label with its amounts left blank: 其他收入预算,
    政府性基金预算拨款 or 服务类 alone on a row are rows — placed, or reported as not recognised — never notes."""
    t = text.strip()
    return len(t) > 20 or any(mark in t for mark in "，。；：,;:！？")


def _split_body(rows: list[list[GridCell]], meta: dict[str, str], grid: Grid) -> None:
    data_started = figures = False
    for row in rows:
        non_empty = [c for c in row if c.text]
        if not non_empty:
            continue
        if not data_started and read_meta_row([c.text for c in non_empty], meta):
            continue
        if len(non_empty) == 1 and data_started and (
                is_note_line(non_empty[0].text) or len(row) <= 1 and figures and _sentence(non_empty[0].text)):
            grid.notes.append(non_empty[0])
            continue
        grid.rows.append(row)
        figures = figures or any(_is_figure(c.text) for c in non_empty)  # a lone cell above the figures is a header part
        if len(non_empty) > 1:
            data_started = True


def read_workbook(path: Path, template_set: TemplateSet, sheets=None, saved: dict | None = None,
                  mappings=None) -> tuple[Document, ImportReport]:
    """``mappings``: template set id → the labels taught once for it (``io.mappings``), or None."""
    if sheets is None:
        sheets, saved = read_workbook_grids(path)
    saved = saved or {}
    report = ImportReport(source=path.name, template_set=template_set.id)
    if saved.get(UNCACHED):
        report.notices.append(uncached_notice(saved[UNCACHED].split("、")))
    meta: dict[str, str] = {}
    found = []
    for name, rows in sheets:
        hit = _grid_of_sheet(name, rows, template_set, meta)
        if hit is None:
            if name == ADJUSTMENTS_SHEET and saved.get("adjustments"):
                continue  # 部门汇总's 调整表, read exactly from the hidden sheet
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
        meta = {k: saved.get(k, "") for k in ("unit_name", "unit_code", "year", "money_unit", "level")}
    unit_name = meta.get("unit_name") or next((_without_year(f[1]) for f in found if f[1]), "")
    doc = Document(template_set, UnitMeta(
        unit_name=unit_name, unit_code=meta.get("unit_code", ""),
        year=_year(meta, found, path, report),
        money_unit=meta.get("money_unit") or template_set.money_unit,
        level=unit_level(meta.get("level"))))
    seen = set()
    layouts = _layouts(saved, report)
    for template, prefix, exact, grid, sheet, unit in found:
        if template.id in seen:
            report.notices.append(f"工作表“{sheet}”又是《{template.title}》，未导入")
            continue
        seen.add(template.id)
        reason = _reason(sheet, template, exact)
        scale = UNIT_SCALE.get((unit.strip(), doc.meta.money_unit))
        if scale is not None:
            report.notices.append(f"工作表“{sheet}”的金额单位为“{unit}”，已换算为“{doc.meta.money_unit}”")
        if scale is None and _read_as_exported(doc, template, sheet, sheets, layouts, report, reason):
            continue
        taught = mappings(template_set.id) if mappings else None
        place_grid(doc, template, grid, report, reason, scale,
                   taught.columns_for(template.id) if taught else None, taught.rows_for(template.id) if taught else None)
    for t in template_set.tables:
        if t.id not in seen:
            report.notices.append(f"没有找到《{t.title}》")
    try:
        _apply_saved(doc, saved)
    except (ValueError, TypeError, KeyError, DocumentError) as exc:  # a damaged or crafted hidden sheet
        report.notices.append(f"隐藏工作表“budgetdesk”中的说明或上年数已损坏，未全部使用（{str(exc)[:80]}）")
    _report_typed(report, getattr(sheets, "typed", ()))
    from budgetdesk.io.read.performance.workbook import read_performance_sheets  # 绩效目标表 (own module)

    read_performance_sheets(doc, sheets, saved, report)
    _mark_unread(doc, saved, report)  # last: a cell set or a 绩效 form added after a mark would clear it
    return doc, report


def _layouts(saved: dict[str, str], report: ImportReport) -> dict:
    """Where our own export wrote each table's rows (``hidden_sheet.row_layout``), when it says so."""
    if saved.get("format") != "budgetdesk-workbook" or not saved.get("layout"):
        return {}
    try:
        layouts = json.loads(saved["layout"])
        if isinstance(layouts, dict) and all(isinstance(v, dict) for v in layouts.values()):
            return layouts
    except ValueError:
        pass
    report.notices.append("隐藏工作表“budgetdesk”中各表的行位置已损坏，各表按表头和行名读入")
    return {}


def _read_as_exported(doc: Document, template, sheet: str, sheets, layouts: dict, report: ImportReport,
                      reason: str) -> bool:
    """Read a sheet of our own export row for row (``own_workbook``); False when it has to be read by meaning."""
    layout = layouts.get(template.id)
    if not layout or layout.get("sheet") != sheet:
        return False
    rows = next(r for name, r in sheets if name == sheet)
    try:
        read_as_written(doc, template, rows, layout, report, reason)
    except (LayoutChanged, KeyError, TypeError, ValueError) as exc:
        report.notices.append(f"工作表“{sheet}”的行已与导出时不同（{str(exc)[:60]}），按表头和行名读入")
        return False
    return True


def _mark_unread(doc: Document, saved: dict[str, str], report: ImportReport) -> None:
    """What the file this workbook was made from did not let us read (``Document.unread``), as we wrote it."""
    try:
        unread = _texts(json.loads(saved.get("unread") or "{}"))
        for key, why in unread.items():
            try:
                doc.mark_unread(key, why)
            except DocumentError:
                continue  # a table this template set does not have: nothing of the document to mark
    except (ValueError, TypeError) as exc:
        report.notices.append(f"隐藏工作表“budgetdesk”中的“未读全的表”已损坏，未使用（{str(exc)[:80]}）")


def _reason(sheet: str, template, exact: bool) -> str:
    return f"工作表“{sheet}”" + ("标题完全一致" if exact else f"标题以“{template.title}”结尾")


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


def _without_year(prefix: str) -> str:
    """“某某局2024年” (a title's prefix) → “某某局”."""
    import re
    return re.sub(r"\s*20\d\d\s*年(度)?\s*$", "", prefix).strip()


def _year(meta: dict[str, str], found, path: Path, report: ImportReport) -> int:
    """The 预算年度 line; else the first year in a title, a column header, the file name (with a notice)."""
    stated = year_in(str(meta.get("year") or ""))
    if stated:
        return stated
    for _t, _p, _e, grid, _s, _u in found:
        if year_in(fold(grid.title)):
            return year_in(fold(grid.title))
    headers = [c for _t, _p, _e, grid, _s, _u in found for row in grid.rows[:8] for c in row
               if "年" in c.text and year_in(fold(c.text))]  # fold: "20 24年" broken by a space or line break
    if headers:  # “2023年预算数 | 2024年预算数”: this year's is the latest
        cell = max(headers, key=lambda c: year_in(fold(c.text)))
        report.notices.append(f"预算年度未写明，取自表头“{cell.text}”（{cell.location}）：{year_in(fold(cell.text))}")
        return year_in(fold(cell.text))
    if year_in(path.stem):
        report.notices.append(f"预算年度未写明，取自文件名“{path.name}”：{year_in(path.stem)}")
        return year_in(path.stem)
    report.notices.append("没有找到预算年度：请在 文件 → 单位信息 中填写")
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
    doc.consolidated_from = consolidated_count(saved.get("consolidated_from", "1"))
    if saved.get("narrative"):  # the 情况说明 (exports since 2026-12)
        narrative = json.loads(saved["narrative"])
        if not isinstance(narrative, list) or not all(isinstance(b, dict) for b in narrative):
            raise ValueError("情况说明格式不符")
        doc.set_narrative(Narrative.from_list(narrative))
    for table, row, column, value in prior:
        doc.set_prior(table, row, column, value)
    budget = json.loads(saved.get("budget") or "[]")
    if not isinstance(budget, list) or not all(isinstance(p, list) and len(p) == 4 and all(isinstance(x, str) for x in p)
                                               and p[0] in doc.tables for p in budget):
        raise ValueError("预算数格式不符")
    for table, row, column, value in budget:
        doc.set_budget(table, row, column, parse_amount(value))
    adjustments = json.loads(saved.get("adjustments") or "[]")  # 部门汇总's 调整表
    if not isinstance(adjustments, list):
        raise ValueError("调整表格式不符")
    entries = [adjustment_from_dict(a) for a in adjustments]
    for adj in entries:
        check_cells(doc, adj)  # an EliminationError is a ValueError: reported like a damaged hidden sheet
    doc.set_adjustments(entries)


def _texts(value) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise ValueError("说明的格式不符")
    return value


def best_workbook_template(path: Path, template_ids: list[str], load: Callable[[str], TemplateSet],
                           mappings=None, titles: Callable[[str], tuple] | None = None) -> tuple[Document, ImportReport]:
    """The best-fitting reading. A workbook naming its own template loads and reads just that one; any other
    is read with the set of highest bound first (``best_fit``), and a set that cannot beat the best reading so far
    is not read at all: the same choice as reading with every set, at the cost of one or two.

    ``titles(id)`` (``resources.template_titles``): a set's table titles without loading it, for a first bound
    (``_title_bound``); a set is loaded, for its exact bound (``_fit_bound``), only when that one could still win."""
    sheets, saved = read_workbook_grids(path)
    if saved.get("template_set") in template_ids:
        return read_workbook(path, load(saved["template_set"]), sheets, saved, mappings)
    placeable = _Placeable()
    if titles is not None:
        keys = [(name, rows, _title_keys(name, rows)) for name, rows in sheets]
        first = {tid: _title_bound(keys, titles(tid), placeable) for tid in template_ids}
        ids = [tid for tid in template_ids if first[tid] is not None]
    else:
        ids = list(template_ids)
    exact: dict[str, float] = {}

    def exact_bound(tid: str) -> float:
        if tid not in exact:
            bound = _fit_bound(sheets, load(tid), placeable)
            exact[tid] = float("-inf") if bound is None else bound  # None: no table of the set, its reading raises
        return exact[tid]

    bounds = [first[tid] for tid in ids] if titles is not None else [exact_bound(tid) for tid in ids]
    best = best_fit([(lambda tid=tid: read_workbook(path, load(tid), sheets, saved, mappings)) for tid in ids],
                    WorkbookError, bounds=bounds, refine=(lambda i: exact_bound(ids[i])) if titles is not None else None)
    if best is None:
        raise WorkbookError(f"{path.name}：没有找到任何模板中的表")
    return best


def _title_keys(name: str, rows: list[list[GridCell]]) -> list[str]:
    """Every text ``_grid_of_sheet`` may take for the sheet's title, as ``match_title`` compares it."""
    texts = [non_empty[0].text for row in rows[:8] if len(non_empty := [c for c in row if c.text]) == 1] + [name]
    return [key for key in map(title_key, texts) if key]


def _title_bound(keyed, tables: tuple[tuple[tuple[str, ...], bool], ...], placeable: "_Placeable") -> int | None:
    """A first bound of ``_fit_bound`` from the set's titles alone (``resources.template_titles``): each sheet whose
    title or name could be one of the set's tables adds all the cells it could place and an official title; None
    when no sheet could be (``match_title`` needs the text to end with the folded title). ``keyed``: each sheet's
    name, rows and ``_title_keys``."""
    folded = [(fold(name), text) for names, text in tables for name in names]
    total, found = 0, False
    for _name, rows, keys in keyed:
        hits = [text for n, text in folded if any(key.endswith(n) for key in keys)]
        if hits:
            found = True
            total += placeable.below(rows, 0, any(hits)) + OFFICIAL
    return total if found else None


def _fit_bound(sheets, template_set: TemplateSet, placeable: "_Placeable") -> int | None:
    """The highest ``fit_score`` ``read_workbook`` can give with ``template_set``; None when no sheet holds a
    table of it (the reading would raise WorkbookError).

    The tables are found as ``read_workbook`` finds them (the first sheet of each table); a table's values
    are placed from the cells below its title, at most one value per cell, and only cells that read as an
    amount when the table has no text column."""
    tables, seen = [], set()
    for name, rows in sheets:
        hit = _grid_of_sheet(name, rows, template_set, {})
        if hit is None or hit[0].id in seen:
            continue
        template, _prefix, exact, _title, body = hit
        seen.add(template.id)
        text = any(c.kind == "text" for c in template.columns)
        tables.append((placeable.below(rows, len(rows) - len(body), text), official_reason(_reason(name, template, exact))))
    return fit_bound(tables) if tables else None


class _Placeable:
    """The cells of a sheet from a row down that a reading could place a value from: those reading as an
    amount, or (``text``) any filled cell. Counted once per sheet for all template sets."""

    def __init__(self):
        self._counts: dict[int, tuple[list[int], list[int]]] = {}  # id of the sheet's rows (alive meanwhile)

    def below(self, rows: list[list[GridCell]], start: int, text: bool) -> int:
        counts = self._counts.get(id(rows))
        if counts is None:
            amounts, filled = [0] * (len(rows) + 1), [0] * (len(rows) + 1)
            for i in range(len(rows) - 1, -1, -1):
                texts = [c.text.strip() for c in rows[i]]
                amounts[i] = amounts[i + 1] + sum(1 for t in texts if t and _amount(t))
                filled[i] = filled[i + 1] + sum(1 for t in texts if t)
            counts = self._counts[id(rows)] = (amounts, filled)
        return counts[1 if text else 0][start]


def _amount(text: str) -> bool:
    """Whether an amount column takes this text (``Document.set`` parses it)."""
    try:
        parse_amount(text)
        return True
    except AmountError:
        return False
