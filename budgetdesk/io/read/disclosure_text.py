"""Reading published disclosures saved as text (the files in ``shared/seeds``) into documents.

Two layouts occur: one table row per line with tab-separated cells (Chongqing), and one cell per
line with rows separated by blank lines (Hebei, as extracted from Word). Both become rows of
``GridCell``; tables are found by their official titles (which may carry the unit name as a prefix
or a Word bookmark), then placed by ``placement.place_grid``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from budgetdesk.core.document import Document, UnitMeta
from budgetdesk.core.template import TableTemplate, TemplateSet
from budgetdesk.core.text import fold
from budgetdesk.io.limits import MAX_TITLES_PER_TABLE, current_budget, narrative_too_large
from budgetdesk.io.read.import_report import Grid, GridCell, ImportReport, best_fit
from budgetdesk.io.read.meta_lines import is_note_line, read_meta_line
from budgetdesk.io.read.placement import place_grid
from budgetdesk.io.read.textfile import check_text_size, decode_text
from budgetdesk.io.read.titles import clean_title, match_title

_YEAR_HINT = re.compile(r"(20\d\d)\s*年(?:度)?(?:部门)?(?:预算|决算|基本支出|收入|支出)")
# a page footer or header left in the text by PDF extraction: "第 3 页 共 21 页", "- 3 -", "3/21"
_PAGE_MARK = re.compile(r"^(?:第\s*\d+\s*页(?:\s*[，,、/]?\s*共\s*\d+\s*页)?|共\s*\d+\s*页\s*第\s*\d+\s*页|[-—]\s*\d+\s*[-—]|\d+\s*/\s*\d+)$")
_REPEATED_HEADER_ROWS = 4  # after a page break a long table prints its header rows again
_LONG_TEXT = 50


class DisclosureReadError(ValueError):
    pass


class NoTemplateTable(DisclosureReadError):
    """None of a template set's tables is in the text: the least telling reason when several sets are tried."""


def read_text(path: Path, notices: list[str] | None = None) -> str:
    """The file's text (UTF-8 or GB18030); bytes that could not be decoded are added to ``notices``."""
    text, broken = decode_text(path.read_bytes(), path.name)
    check_text_size(text, path.name)
    if notices is not None:
        notices.extend(broken)
    return text


def split_rows(text: str) -> list[list[GridCell]]:
    """Rows of cells with their line numbers, for either text layout."""
    lines = text.split("\n")
    non_empty = [l for l in lines if l.strip()]
    cell_per_line = non_empty and sum(1 for l in non_empty if l.startswith("\t")) > 0.6 * len(non_empty)
    rows: list[list[GridCell]] = []
    if cell_per_line:
        current: list[GridCell] = []
        for n, line in enumerate(lines, 1):
            if line == "" or line == "\r":
                if current:
                    rows.append(current)
                    current = []
                continue
            current.append(GridCell(line.strip("\t\r "), f"第{n}行"))
        if current:
            rows.append(current)
    else:
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            cells = line.rstrip("\r").split("\t")
            rows.append([GridCell(c.strip(), f"第{n}行第{k}格") for k, c in enumerate(cells, 1)])
    return rows


@dataclass
class _Found:
    template: TableTemplate
    grid: Grid
    exact: bool
    prefix: str


def find_tables(rows: list[list[GridCell]], template_set: TemplateSet, report: ImportReport) -> tuple[list[_Found], dict[str, str]]:
    meta: dict[str, str] = {}
    found: list[_Found] = []
    current: _Found | None = None
    data_started = False
    budget = current_budget()
    after_page_break = False
    for row in rows:
        budget.tick(len(row))
        texts = [c.text for c in row]
        non_empty = [t for t in texts if t.strip()]
        if len(non_empty) == 1 and _PAGE_MARK.match(non_empty[0].strip()):
            after_page_break = current is not None
            continue
        if after_page_break and current is not None:
            if texts in ([c.text for c in r] for r in current.grid.rows[:_REPEATED_HEADER_ROWS]):
                continue  # the header rows printed again at the top of the next page
            after_page_break = False
        title_at = None
        for k, cell in enumerate(row):
            m = match_title(cell.text, template_set.tables)
            if m:
                title_at = (k, m)
                break
        if title_at is not None:
            k, (template, prefix, exact) = title_at
            if current is not None:
                for cell in row[:k]:
                    if is_note_line(cell.text):
                        current.grid.notes.append(cell)
            current = _Found(template, Grid(row[k].text, row[k].location, headings_centred=True), exact, prefix)
            found.append(current)
            if len(found) > MAX_TITLES_PER_TABLE * len(template_set.tables):
                raise DisclosureReadError(f"{report.source}：{row[k].location}前已有 {len(found)} 个表标题，"
                                          "远多于模板中的表，不像公开件，未读取")
            data_started = False
            for cell in row[k + 1:]:
                read_meta_line(cell.text, meta)
            continue
        if len(non_empty) > 1 and _meta_row(non_empty, meta):
            continue  # "编制单位：…" and "金额单位：万元" at either end of one line (决算 forms)
        if current is None:
            if not found:  # lines before the first table may name the unit; later ones are other sections
                read_meta_line(texts[0] if texts else "", meta)
            continue
        non_empty = [t for t in texts if t.strip()]
        if len(non_empty) == 1 and len(row) == 1 or (len(non_empty) == 1 and not data_started and len(row) <= 1):
            text = non_empty[0]
            if is_note_line(text):
                current.grid.notes.append(row[0])
                continue
            if read_meta_line(text, meta):
                continue
            if data_started or text.startswith("#") or len(text) > 8:
                report.notices.append(f"{row[0].location}起的“{text[:30]}”不属于模板中的表，未导入")
                current = None
                continue
        if any(len(t) > _LONG_TEXT for t in non_empty) or (texts and texts[0].startswith("#")):
            report.notices.append(f"{row[0].location}起的“{non_empty[0][:30]}”不属于模板中的表，未导入")
            current = None
            continue
        if not non_empty:
            continue
        current.grid.rows.append(row)
        data_started = True
    return found, meta


def _meta_row(cells: list[str], meta: dict[str, str]) -> bool:
    """A line whose every cell is a 编制单位/单位 statement: read into ``meta``; True if it was one."""
    probe: dict[str, str] = {}
    if not all(read_meta_line(t, probe) for t in cells):
        return False
    for key, value in probe.items():
        meta.setdefault(key, value)
    return True


def _guess_year(text: str, meta: dict[str, str]) -> int:
    if meta.get("year", "").isdigit():
        return int(meta["year"])
    counts = Counter(int(y) for y in _YEAR_HINT.findall(text))
    if not counts:
        return 0
    top = max(counts.values())
    return max(y for y, c in counts.items() if c == top)


def read_disclosure(path: Path, template_set: TemplateSet, mappings=None) -> tuple[Document, ImportReport]:
    """Read a text disclosure into a new document of ``template_set``, with its import report.

    ``mappings``: template set id → labels taught once (``io.mappings``), or None."""
    broken: list[str] = []
    text = read_text(path, broken)
    rows = split_rows(text)
    report = ImportReport(source=path.name, template_set=template_set.id)
    report.notices.extend(broken)
    found, meta = find_tables(rows, template_set, report)
    if not found:
        raise NoTemplateTable(f"{path.name}：没有找到模板“{template_set.name}”中的任何一张表")
    unit_name = meta.get("unit_name", "") or next((f.prefix for f in found if f.prefix), "")
    money_unit = meta.get("money_unit", "") or template_set.money_unit
    doc = Document(template_set, UnitMeta(unit_name=unit_name, unit_code=meta.get("unit_code", ""),
                                          year=_guess_year(text, meta), money_unit=money_unit))
    if money_unit != template_set.money_unit:
        report.notices.append(f"表中金额单位为“{money_unit}”，模板为“{template_set.money_unit}”")
    seen: set[str] = set()
    for f in found:
        if f.template.id in seen:
            report.notices.append(f"{f.grid.location}：《{f.template.title}》出现了不止一次，后一张未导入")
            continue
        seen.add(f.template.id)
        reason = "标题完全一致" if f.exact else f"标题“{clean_title(f.grid.title)}”以“{f.template.title}”结尾"
        taught = mappings(template_set.id) if mappings else None
        place_grid(doc, f.template, f.grid, report, reason, None,
                   taught.columns_for(f.template.id) if taught else None, taught.rows_for(f.template.id) if taught else None)
    for t in template_set.tables:
        if t.id not in seen:
            report.notices.append(f"没有找到《{t.title}》")
    from budgetdesk.core.narrative.parse import parse_text  # only text disclosures carry these parts: the workbook
    from budgetdesk.io.read.performance.text import read_performance_text  # reader uses this module for match_title alone

    narrative = parse_text(text, is_table_title=lambda line: match_title(line, template_set.tables) is not None)
    too_large = narrative_too_large(narrative)
    if too_large:  # the tables are read; a 情况说明 past the limits is not (it would be checked for minutes)
        report.notices.append(f"{too_large}，不像情况说明，未读入")
    else:
        doc.set_narrative(narrative)
    read_performance_text(doc, rows, report, ends=lambda row: match_title(row[0].text, template_set.tables) is not None)
    return doc, report


def best_template(path: Path, template_sets: list[TemplateSet], mappings=None) -> tuple[Document, ImportReport]:
    """Read with every template set and keep the one that fits best (most placed, least left over)."""
    errors: list[DisclosureReadError] = []
    best = best_fit(((lambda ts=ts: read_disclosure(path, ts, mappings)) for ts in template_sets),
                    DisclosureReadError, errors)
    if best is None:
        telling = [e for e in errors if not isinstance(e, NoTemplateTable)]  # a set that found its tables
        if telling:
            raise DisclosureReadError(str(telling[0]))
        tried = "、".join(ts.name for ts in template_sets)  # not the name of whichever set came last
        raise NoTemplateTable(f"{path.name}：没有找到任何模板中的表（已试：{tried}）" if tried
                              else f"{path.name}：没有可用的模板")
    return best
