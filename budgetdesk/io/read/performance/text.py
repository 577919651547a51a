"""绩效目标表 in text disclosures: found by their titles and read into ``Document.performance``.

``disclosure_text`` calls ``read_performance_text`` once the budget tables are placed. The rows a
form takes are no longer reported as "not a template table"; what the form holds that has no field
is kept on the target and named in the report instead.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable

from budgetdesk.core.document import Document
from budgetdesk.core.performance.forms import PerformanceForms
from budgetdesk.core.performance.model import EVALUATION, PerformanceTarget, TargetKind
from budgetdesk.io.read.performance.activities import read_activity_overall
from budgetdesk.io.read.performance.blocks import read_project_blocks
from budgetdesk.io.read.performance.evaluation import is_evaluation_title, read_evaluation
from budgetdesk.io.read.performance.grid import (Section, clean, find_sections, plain_title, read_stacked,
                                                 read_text_target)
from budgetdesk.io.read.performance.meaning import (describes, has_form_cells, has_form_content, indicator_header,
                                                    is_label, read_plain, split_repeated, stacked_indicators)
from budgetdesk.io.read.performance.wide import read_wide
from budgetdesk.io.read.import_report import GridCell, ImportReport
from budgetdesk.resources import PLAIN_FORMS, load_performance

_NOTICE_AT = re.compile(r"^(第\d+行(?:第\d+格)?)起的")


def read_performance_text(doc: Document, rows: list[list[GridCell]], report: ImportReport,
                          ends: Callable[[list[GridCell]], bool]) -> list[PerformanceTarget]:
    """Read every 绩效目标表 of ``rows`` into ``doc.performance``; returns the targets added."""
    if not doc.template_set.performance:
        _report_unread(doc, rows, report, ends)
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

    if forms.stage == EVALUATION:  # 决算's 绩效自评表: read by their own reader
        for section in [s for s in sections if is_evaluation_title(s.title.text)]:
            target = read_evaluation(section, report, forms.money_unit)
            if target is None:
                title = clean(section.title.text).lstrip("# ")
                report.performance_unread.append(f"{section.title.location}《{title}》：没有读出任何字段或指标")
                continue
            base = "overall" if target.kind is TargetKind.OVERALL else ""
            if target.kind is TargetKind.OVERALL and not target.name:
                target = target.evolve(name=doc.meta.unit_name)
            added.append(target.evolve(key=key_for(base or target.code or target.name or "p")))
        sections = [s for s in sections if not is_evaluation_title(s.title.text)]
    plain = forms.plain if forms.id != PLAIN_FORMS else forms
    if plain is not None:  # forms printed one after another without their titles: one section each
        sections = [part for section in sections
                    for part in (split_repeated(section, plain) if section.form.layout == "stacked" else [section])]
    for section in sections:
        known: PerformanceTarget | None = None
        overall = read_activity_overall(section, key_for, doc.meta.unit_name, forms.money_unit)
        if overall is not None:  # a 部门整体 form listing its indicators by 活动 (北京 预算13表)
            added.append(overall)
            continue
        blocks = read_project_blocks(section, report, key_for, forms.money_unit)
        if blocks is not None:  # one long table of projects, each a block of indicator rows (北京 预算12表)
            added.extend(blocks)
            continue
        if plain is not None and not section.plain:
            section, known = _choose_reader(section, forms, plain, report)
        if known is not None:
            base = {TargetKind.OVERALL: "overall", TargetKind.PROGRAM: "program"}.get(section.form.kind, "")
            if section.form.kind is TargetKind.OVERALL and not known.name:
                known = known.evolve(name=doc.meta.unit_name or known.unit)
            added.append(known.evolve(key=key_for(base or known.code or known.name)))
            continue
        if section.plain:
            _add_plain(doc, section, plain, forms, report, added, key_for)
            continue
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
    added = [_merged_levels(t) for t in added]
    order = list(TargetKind)
    added.sort(key=lambda t: order.index(t.kind))  # 整体 first, then 专项 and projects as printed
    taken: set[str] = set()
    for i, target in enumerate(added):  # a key a reader took twice (one project printed on two forms): made unique
        if target.key in taken or doc.performance.get(target.key) is not None:
            key = doc.performance.new_key(target.key)
            while key in taken:
                key = doc.performance.new_key(key + "~")
            added[i] = target = target.evolve(key=key)
        taken.add(target.key)
    for target in added:
        doc.performance.add(target)
        report.performance_read.append(_found(target))
    if added:
        n = sum(len(t.indicators) for t in added)
        labels = list(dict.fromkeys(t.label for t in added))
        counts = "，".join(f"{label} {sum(1 for t in added if t.label == label)} 张" for label in labels)
        report.notices.append(f"{'绩效自评表' if all(t.is_evaluation for t in added) else '绩效目标表'}：{counts}，"
                              f"指标 {n} 个")
    return added


def _merged_levels(target: PerformanceTarget) -> PerformanceTarget:
    """A 一级/二级指标 cell merged over several indicators comes out of a PDF page as the 三级指标's own text in the
    level columns (北京 14表: “担保基金放大倍数 | 担保基金放大倍数 | 担保基金放大倍数”): the levels are those of the
    indicator above, as printed. (A 一级指标 is never its 三级指标's name.)"""
    fixed, above = [], None
    for i in target.indicators:
        if i.level3 and (i.level1 == i.level3 or i.level2 == i.level3):
            i = replace(i, level1=above.level1 if above else "",
                        level2=above.level2 if above and i.level2 == i.level3 else i.level2)
        fixed.append(i)
        above = i
    return target.with_indicators(fixed) if fixed != list(target.indicators) else target


def _add_plain(doc: Document, section: Section, plain: PerformanceForms, forms: PerformanceForms,
               report: ImportReport, added: list[PerformanceTarget], key_for) -> None:
    base = {TargetKind.OVERALL: "overall", TargetKind.PROGRAM: "program"}.get(section.form.kind, "")
    target = read_plain(section, "", plain, report, forms.money_unit)
    if target is None:
        if has_form_content(section, plain):
            title = clean(section.title.text).lstrip("# ")
            report.performance_unread.append(f"{section.title.location}《{title}》：没有读出任何字段或指标")
        return
    if not target.indicators and not (target.name or target.code or target.total):
        title = clean(section.title.text).lstrip("# ")  # a blank form printed for a part the unit has not
        report.notices.append(f"{section.title.location}《{title}》是空表（没有名称、金额和指标），未导入")
        return
    if section.form.kind is TargetKind.OVERALL and not target.name:
        target = target.evolve(name=doc.meta.unit_name or target.unit)
    added.append(target.evolve(key=key_for(base or target.code or target.name or "p")))


def _choose_reader(section: Section, forms: PerformanceForms, plain: PerformanceForms,
                   report: ImportReport) -> tuple[Section, PerformanceTarget | None]:
    """A section found under a template's title is read by that form unless the form does not describe it:
    its title words name another kind (河北's bare “…绩效目标表” alias and a 整体 form), it is a stacked form under
    a wide form's title, it prints labels the form has no place for, or reading by meaning gets more of it
    (labels reworded, values on the next row). Returns the section to read by meaning, or the known reading."""
    by_words = plain_title(section.title.text, plain)
    as_plain = Section(plain.form(section.form.kind) or plain.form(TargetKind.PROJECT), section.title, section.rows,
                       plain=True)
    if by_words is not None and by_words.kind is not section.form.kind:
        return Section(by_words, section.title, section.rows, plain=True), None
    if section.form.layout == "wide":
        return (as_plain, None) if stacked_indicators(section) else (section, None)
    if section.form.layout == "text":  # prose under headings, unless the section is a form of label | value cells
        if not has_form_cells(section, plain):
            return section, None
        if not describes(section, section.form, plain):
            return as_plain, None
        # the template's own form printed as cells (our export of it): read by meaning, printed on its form
        target = read_plain(as_plain, "", plain, report, forms.money_unit)
        return (section, target.evolve(form="")) if target is not None else (section, None)
    if section.form.layout != "stacked":
        return section, None
    if not describes(section, section.form, plain):
        return as_plain, None
    own, other = ImportReport(source=report.source), ImportReport(source=report.source)
    known = read_stacked(section, "", forms, own)
    alternative = read_plain(as_plain, "", plain, other, forms.money_unit)
    if alternative is not None and _score(alternative, plain) > _score(known, plain):
        return as_plain, None
    report.notices.extend(own.notices)
    return section, known


def _score(t: PerformanceTarget, plain: PerformanceForms) -> tuple[int, int, int]:
    """How much of a form a reading got: indicators with a value, then the main fields filled, then (against)
    the labels it left unread among the kept texts."""
    indicators = sum(1 for i in t.indicators if i.value) + sum(1 for i in t.indicators if i.nature)
    own = ("basic", "project") if t.kind is TargetKind.OVERALL else ()  # only the 整体 form has these parts
    fields = sum(1 for f in ("name", "code", "total", "goal", "department", "unit", "overview", "attribute", "basis",
                             "tasks", *own) if getattr(t, f) not in (None, ""))
    fields += sum(1 for f in t.funding if f.amount is not None)
    return indicators, fields, -sum(1 for _, text in t.extra if is_label(text, plain))


def read_performance_grids(doc: Document, pages: list[tuple[str, list[list[str]]]],
                           report: ImportReport) -> list[PerformanceTarget]:
    """Read the 绩效目标表 of pages given as rows of cell texts (the PDF reader's grids, or a page's text lines
    split at runs of spaces) into ``doc.performance``; cells are named “<page>第<r>行第<c>格”. Returns the
    targets added; forms found but not read are in ``report.performance_unread``."""
    rows = [[GridCell(text or "", f"{where}第{r}行第{c}格") for c, text in enumerate(row, 1)]
            for where, page in pages for r, row in enumerate(page, 1)]
    if not doc.template_set.performance:
        _report_unread(doc, rows, report, lambda row: False)
        return []
    forms = load_performance(doc.template_set.performance)
    return add_sections(doc, find_sections(rows, forms, ends=lambda row: False), forms, report)


def _report_unread(doc: Document, rows: list[list[GridCell]], report: ImportReport, ends) -> None:
    """A template set without 绩效 forms (决算, or a region not yet described) imports none: each form found is
    named in the report as not read, never dropped in silence."""
    plain = load_performance(PLAIN_FORMS)
    for section in find_sections(rows, plain, ends):
        if has_form_content(section, plain):
            title = clean(section.title.text).lstrip("# ")
            report.performance_unread.append(
                f"{section.title.location}《{title}》：模板“{doc.template_set.name}”不含绩效目标表，未导入")


_CELL = re.compile(r"\S+(?: \S+)*")  # a cell: words separated by single spaces; cells by two or more


def text_page_rows(text: str) -> list[list[str]]:
    """A page of ``pdftotext -layout`` text as rows of cells (separated by two or more spaces). Under an indicator
    table's header, a row with fewer cells than the header (blank cells leave no text) has each cell put in the
    column whose span holds its middle, blanks where nothing stands, so 定性 rows without a unit keep their columns."""
    rows: list[list[str]] = []
    plain = load_performance(PLAIN_FORMS)
    bounds: list[float] | None = None  # the borders between the header's columns, by character position
    for line in text.split("\n"):
        spans = [(m.start(), m.end(), m.group()) for m in _CELL.finditer(line)]
        if not spans:
            continue
        cells = [t for _, _, t in spans]
        if indicator_header([GridCell(t, "") for t in cells]):
            middles = [(a + b) / 2 for a, b, _ in spans]
            bounds = [(x + y) / 2 for x, y in zip(middles, middles[1:])]
            rows.append(cells)
            continue
        if bounds is not None and is_label(cells[0], plain):
            bounds = None  # the table has ended: the next form's fields (or 其他说明)
        if bounds is not None and len(cells) <= len(bounds):
            placed = [""] * (len(bounds) + 1)
            for a, b, t in spans:
                k = sum(1 for border in bounds if (a + b) / 2 >= border)
                if placed[k]:
                    break  # two cells in one column: not a row of this table
                placed[k] = t
            else:
                rows.append(placed)
                continue
            bounds = None
        rows.append(cells)
    return rows


def _found(t: PerformanceTarget) -> str:
    how = "按字段含义读入（模板未描述的表样）" if t.form == PLAIN_FORMS else "按模板表样读入"
    return f"{t.source}《{t.label}表》“{t.title}”：{len(t.indicators)} 个指标，{how}"


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
