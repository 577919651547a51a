"""绩效目标表 in workbooks: stacked per-project forms on one sheet, or one wide table; or our own export.

A workbook budgetdesk wrote keeps the exact targets on its hidden sheet and they are taken from
there. Any other workbook is read from its visible sheets with the same form reader as the text
disclosures (``performance_grid``), cells named ``工作表!C7``.
"""

from __future__ import annotations

import json

from budgetdesk.core.document import Document
from budgetdesk.core.performance.serial import PerformanceDataError, target_from_dict
from budgetdesk.io.performance_grid import find_sections
from budgetdesk.io.performance_text import add_sections
from budgetdesk.io.placement import GridCell, ImportReport
from budgetdesk.resources import load_performance

META_KEY = "performance:"


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
    for name, rows in sheets:
        sections = find_sections(rows, forms, ends=lambda row: False)
        if sections:
            add_sections(doc, sections, forms, report)
            used.add(name)
    _forget(report, used)


def _sheet_of(location: str) -> str:
    return location.split("!", 1)[0]


def _perf_sheets(doc: Document, sheets) -> set[str]:
    forms = load_performance(doc.template_set.performance) if doc.template_set.performance else None
    return {name for name, rows in sheets if forms and find_sections(rows, forms, ends=lambda row: False)}


def _forget(report: ImportReport, sheets: set[str]) -> None:
    """The table reader said these sheets hold no template table; they hold 绩效目标表."""
    report.notices[:] = [n for n in report.notices if not any(n == f"工作表“{s}”不是模板中的表，未导入" for s in sheets)]
