"""绩效目标表 in text disclosures: found by their titles and read into ``Document.performance``.

``disclosure_text`` calls ``read_performance_text`` once the budget tables are placed. The rows a
form takes are no longer reported as "not a template table"; what the form holds that has no field
is kept on the target and named in the report instead.
"""

from __future__ import annotations

import re
from typing import Callable

from budgetdesk.core.document import Document
from budgetdesk.core.performance.forms import PerformanceForms
from budgetdesk.core.performance.model import PerformanceTarget, TargetKind
from budgetdesk.io.read.performance.grid import Section, find_sections, read_stacked, read_text_target
from budgetdesk.io.read.performance.wide import read_wide
from budgetdesk.io.read.import_report import GridCell, ImportReport
from budgetdesk.resources import load_performance

_NOTICE_AT = re.compile(r"^(第\d+行(?:第\d+格)?)起的")


def read_performance_text(doc: Document, rows: list[list[GridCell]], report: ImportReport,
                          ends: Callable[[list[GridCell]], bool]) -> list[PerformanceTarget]:
    """Read every 绩效目标表 of ``rows`` into ``doc.performance``; returns the targets added."""
    if not doc.template_set.performance:
        return []
    forms = load_performance(doc.template_set.performance)
    sections = find_sections(rows, forms, ends)
    added = add_sections(doc, sections, forms, report)
    _forget_notices(sections, report)
    return added


def add_sections(doc: Document, sections: list[Section], forms: PerformanceForms,
                 report: ImportReport) -> list[PerformanceTarget]:
    """Read each found form into targets with keys unique in the document, and add them."""
    added: list[PerformanceTarget] = []

    def key_for(base: str) -> str:
        key = doc.performance.new_key(base)
        while any(t.key == key for t in added):
            key = doc.performance.new_key(key + "~")
        return key

    for section in sections:
        if section.form.layout == "wide":
            added.extend(read_wide(section, forms, report, key_for))
        elif section.form.layout == "text":
            target = read_text_target(section, key_for("overall"), forms)
            added.append(target.evolve(name=doc.meta.unit_name, unit=doc.meta.unit_name))
        else:
            base = {TargetKind.OVERALL: "overall", TargetKind.PROGRAM: "program"}.get(section.form.kind, "")
            target = read_stacked(section, "", forms, report)
            if section.form.kind is TargetKind.OVERALL and not target.name:
                target = target.evolve(name=doc.meta.unit_name or target.unit)
            added.append(target.evolve(key=key_for(base or target.code or target.name)))
    order = list(TargetKind)
    added.sort(key=lambda t: order.index(t.kind))  # 整体 first, then 专项 and projects as printed
    for target in added:
        doc.performance.add(target)
    if added:
        n = sum(len(t.indicators) for t in added)
        counts = "，".join(f"{kind.label} {c} 张" for kind in TargetKind
                          if (c := sum(1 for t in added if t.kind is kind)))
        report.notices.append(f"绩效目标表：{counts}，指标 {n} 个")
    return added


def _forget_notices(sections: list[Section], report: ImportReport) -> None:
    """The table reader called these rows "not a template table"; they are read now."""
    taken = {c.location for s in sections if s.form.layout != "text"  # prose shares its line with other text
             for row in [[s.title], *s.rows] for c in row}
    keep = []
    for notice in report.notices:
        m = _NOTICE_AT.match(notice)
        if m and m.group(1) in taken:
            continue
        keep.append(notice)
    report.notices[:] = keep
