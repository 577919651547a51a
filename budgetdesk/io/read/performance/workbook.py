"""绩效目标表 in workbooks: stacked per-project forms on one sheet, or one wide table; or our own export.

A workbook budgetdesk wrote keeps the exact targets on its hidden sheet and they are taken from
there. Any other workbook is read from its visible sheets with the same form reader as the text
disclosures (``performance_grid``), cells named ``工作表!C7``. A 指标值 such as "=100%" written by a
script as a formula without a stored result is read as the text it was written as (never computed).
"""

from __future__ import annotations

import json
import re

from budgetdesk.core.document import Document
from budgetdesk.core.performance.serial import PerformanceDataError, target_from_dict
from budgetdesk.io.read.performance.grid import find_sections, match_form, plain_title
from budgetdesk.io.read.performance.meaning import has_form_content
from budgetdesk.io.read.performance.text import add_sections
from budgetdesk.io.read.import_report import GridCell, ImportReport
from budgetdesk.io.read.workbook_read import UNCACHED, UNCACHED_SOURCES, uncached_notice
from budgetdesk.io.read.xlsx_cells import column_letter, column_number, split_cell_ref
from budgetdesk.resources import load_performance

META_KEY = "performance:"
# what follows the "=" of a 指标值 written as a formula: a number and perhaps its unit (100%, 14489平方米, 4次)
_NOT_UNIT = r"\s=+\-*^&(),:;!$<>\"'\[\]{}"  # formula syntax never part of a unit (人/年 keeps its slash)
_LITERAL_VALUE = re.compile(rf"^\s*\d[\d,]*(?:\.\d+)?\s*(?:%|[^\d{_NOT_UNIT}][^{_NOT_UNIT}]{{0,7}})?\s*$")


def read_performance_sheets(doc: Document, sheets: list[tuple[str, list[list[GridCell]]]], saved: dict[str, str],
                            report: ImportReport) -> None:
    saved_targets = sorted((int(k[len(META_KEY):]), v) for k, v in saved.items()
                           if k.startswith(META_KEY) and k[len(META_KEY):].isdigit())
    if saved.get("format") == "budgetdesk-workbook" and saved_targets:
        try:
            for _, data in saved_targets:
                doc.performance.add(target_from_dict(json.loads(data)))
        except (PerformanceDataError, ValueError) as exc:
            report.notices.append(f"隐藏工作表中的绩效目标表无法读取（{exc}），改从可见工作表读取")
            doc.performance.clear()
        else:
            _forget(report, {_sheet_of(t.source) for t in doc.performance} | _perf_sheets(doc, sheets))
            return
    if not doc.template_set.performance:
        return
    forms = load_performance(doc.template_set.performance)
    used: set[str] = set()
    literals = _literal_values(saved)
    as_text: list[str] = []
    for name, rows in sheets:
        sections = _titled_sections(name, rows, forms)
        if sections:
            if literals:  # cells are placed by their row in the sheet: before a title row is added from its name
                rows = _with_literals(name, rows, literals, as_text)
                sections = _titled_sections(name, rows, forms)
            add_sections(doc, sections, forms, report)
            used.add(name)
    _forget(report, used)
    if as_text:
        _retell_uncached(report, saved, as_text)


def _titled_sections(name: str, rows: list[list[GridCell]], forms) -> list:
    """The forms on a sheet; a sheet whose forms carry no title row but whose name is one (“项目支出绩效目标表”):
    the name titles them. (Each reading of the rows is done once.)"""
    sections = find_sections(rows, forms, ends=lambda row: False)
    if sections:
        return sections
    plain = forms.plain if forms.plain is not None else forms
    if match_form(name, forms) is None and plain_title(name, plain) is None:
        return sections
    titled = [[GridCell(name, f"工作表“{name}”（表名）")]] + rows
    named = find_sections(titled, forms, ends=lambda row: False)
    return named if named and has_form_content(named[0], plain) else sections


def _literal_values(saved: dict[str, str]) -> dict[str, str]:
    """Uncached formulas that are a 指标值 written with its "=" (cell → printed text "=100%")."""
    try:
        sources = json.loads(saved.get(UNCACHED_SOURCES) or "{}")
    except ValueError:
        return {}
    if not isinstance(sources, dict):
        return {}
    return {str(k): f"={v}" for k, v in sources.items() if isinstance(v, str) and _LITERAL_VALUE.match(v)}


def _with_literals(name: str, rows: list[list[GridCell]], literals: dict[str, str],
                   as_text: list[str]) -> list[list[GridCell]]:
    """The sheet's rows with those cells filled (a row read short of them is padded with blank cells)."""
    here: dict[tuple[int, int], tuple[str, str]] = {}
    for location, text in literals.items():
        sheet, _, ref = location.rpartition("!")
        if sheet == name:
            letters, number = split_cell_ref(ref)
            here[(number - 1, column_number(letters) - 1)] = (location, text)
    out = [list(row) for row in rows]
    for (r, c), (location, text) in sorted(here.items()):
        if r >= len(out):
            continue
        row = out[r]
        for k in range(len(row), c + 1):
            row.append(GridCell("", f"{name}!{column_letter(k + 1)}{r + 1}"))
        if not row[c].text:
            row[c] = GridCell(text, location)
            as_text.append(location)
    return out


def _retell_uncached(report: ImportReport, saved: dict[str, str], as_text: list[str]) -> None:
    """The blank-formula notice names only the cells still blank; the ones read as 指标值 are named apart."""
    cells = saved[UNCACHED].split("、")
    old = uncached_notice(cells)
    rest = [c for c in cells if c not in set(as_text)]
    report.notices[:] = [n for n in report.notices if n != old]
    if rest:
        report.notices.append(uncached_notice(rest))
    report.notices.append(f"{len(as_text)} 个绩效指标值写成了公式且没有计算结果"
                          f"（如 {as_text[0]}“{_text_at(as_text[0], saved)}”），按原文读作文字（公式从不计算）")


def _text_at(cell: str, saved: dict[str, str]) -> str:
    return "=" + json.loads(saved[UNCACHED_SOURCES])[cell]


def _sheet_of(location: str) -> str:
    return location.split("!", 1)[0]


def _perf_sheets(doc: Document, sheets) -> set[str]:
    forms = load_performance(doc.template_set.performance) if doc.template_set.performance else None
    return {name for name, rows in sheets if forms and find_sections(rows, forms, ends=lambda row: False)}


def _forget(report: ImportReport, sheets: set[str]) -> None:
    """The table reader said these sheets hold no template table; they hold 绩效目标表."""
    report.notices[:] = [n for n in report.notices if not any(n == f"工作表“{s}”不是模板中的表，未导入" for s in sheets)]
