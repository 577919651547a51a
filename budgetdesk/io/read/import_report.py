"""What an import did with every value of its source: placed where, kept as extra rows, or not placed and why.

Every reader (texts, workbooks, 绩效 forms) turns its source into ``Grid``s of ``GridCell``s (text and
where it came from, e.g. ``表1!C7`` or ``第 12 行``) and fills one ``ImportReport``: nothing is dropped
silently, and a finding can name the source cell of each figure.
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field


@dataclass(frozen=True)
class GridCell:
    text: str
    location: str


@dataclass
class Grid:
    """One table as found in a source: its title cell, the lines above the grid, the rows, notes."""

    title: str
    location: str
    rows: list[list[GridCell]] = field(default_factory=list)
    notes: list[GridCell] = field(default_factory=list)
    # a group heading may stand centred over its columns (a PDF, text laid out from one), not at the left of a
    # merged cell as a workbook has it: only then is it spread from where it stands (centred_groups_spread)
    headings_centred: bool = False


@dataclass(frozen=True)
class Unplaced:
    location: str
    text: str
    reason: str

    def __str__(self) -> str:
        return f"{self.location}：“{self.text}” —— {self.reason}"


@dataclass
class TableReport:
    table: str
    title: str
    source: str
    reason: str
    placed: int = 0
    columns: dict[str, str] = field(default_factory=dict)  # column key → source header text
    printed: int = 0  # figures printed in the table's body (placed or not)
    unplaced: int = 0  # of those, figures that could not be placed (listed in ``ImportReport.unplaced``)
    missing_columns: tuple[str, ...] = ()  # the template's columns the source table does not print


OFFICIAL = 10  # what a table found by its official title adds to ``ImportReport.fit_score``


def official_reason(reason: str) -> bool:
    """A table's reason that counts as found by its official title in ``ImportReport.fit_score``."""
    return "完全一致" in reason


@dataclass
class ImportReport:
    source: str
    template_set: str = ""
    tables: list[TableReport] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    # (table, row, column) → source location of the figure, so findings can name the source cell
    locations: dict[tuple[str, str, str], str] = field(default_factory=dict)
    placed_cells: list[str] = field(default_factory=list)  # "表1!C7 → 《收入总表》208 合计 = 12,968.46"
    extra_rows: list[tuple[str, str, str]] = field(default_factory=list)  # (table, row key, label) kept as extra rows
    # what a mapping taught once could place (``io.mappings``): (table, label, where) and (table, header leaf, where)
    unknown_rows: list[tuple[str, str, str]] = field(default_factory=list)
    unknown_columns: list[tuple[str, str, str]] = field(default_factory=list)
    # errors about the reading itself (a standard table missing, a printed table read as empty): ``completeness``
    findings: list = field(default_factory=list)
    # 绩效目标表: every form read (where, kind, name, indicators) and every one found but not read, with why
    performance_read: list[str] = field(default_factory=list)
    performance_unread: list[str] = field(default_factory=list)
    # tables printed with figures that no template table is (title, where, figures): read into nothing
    unread_tables: list[tuple[str, str, int]] = field(default_factory=list)
    # 绩效目标表 pages of which fewer indicators were read than printed: (where, printed, read)
    performance_short: list[tuple[str, int, int]] = field(default_factory=list)

    @property
    def placed(self) -> int:
        return sum(t.placed for t in self.tables)

    def fit_score(self) -> int:
        """How well the chosen template set fits the source: used to pick among template sets.

        Placed figures and official-title matches count for; values left over and columns without a
        place count against. Tables the source simply does not contain do not count: partial
        workbooks are normal.
        """
        official = sum(1 for t in self.tables if official_reason(t.reason))
        column_notices = sum(1 for n in self.notices if not n.startswith("没有找到"))
        # a table of which nothing could be placed (its header not understood) says its own layout differs, once per
        # figure; left-over figures in a table otherwise read say the set misplaced columns or rows, five times over
        # (a set that finds two of nine tables and places four figures is no better fit than one that reads eight)
        wholly = min(sum(t.unplaced for t in self.tables if t.placed == 0), len(self.unplaced))
        return self.placed + OFFICIAL * official - 5 * (len(self.unplaced) - wholly) - wholly - 2 * column_notices

    def lines(self, detail: bool = False) -> list[str]:
        out = [f"来源：{self.source}（模板 {self.template_set}）"]
        for t in self.tables:
            out.append(f"  {t.source} → 《{t.title}》：{t.reason}，放入 {t.placed} 个数")
        for n in self.notices:
            out.append(f"  提示：{n}")
        if self.findings:
            out.append(f"  读入错误 {len(self.findings)} 处（列在检查结果中，规则 IMPORT-*）")
        if self.performance_read:
            out.append(f"  绩效目标表 {len(self.performance_read)} 张：")
            out.extend(f"    {line}" for line in self.performance_read)
        for line in self.performance_unread:
            out.append(f"  未能读出的绩效目标表：{line}")
        if self.unplaced:
            out.append(f"  未能放入的内容 {len(self.unplaced)} 处：")
            out.extend(f"    {u}" for u in self.unplaced)
        elif not self.findings:
            out.append("  所有数据均已放入。")
        if detail:
            out.append(f"  放入的 {len(self.placed_cells)} 个数：")
            out.extend(f"    {line}" for line in self.placed_cells)
        return out


def best_fit(readings, skip: type[Exception] | tuple[type[Exception], ...], errors: list | None = None,
             bounds: list[int] | None = None, refine=None):
    """The (document, report) of the reading whose report fits best (``ImportReport.fit_score``; the first of
    equal scores), or None. ``readings`` yields callables, one per template set tried, so a set is read only
    when its turn comes; a reading raising ``skip`` (no table of that set in the file) is passed over, its
    error kept in ``errors`` for the caller's message. One choice for every reader: workbook, text, PDF.

    ``bounds``: for each reading, the highest score it could reach (``fit_bound``). The readings are then
    tried highest bound first, and one whose bound cannot beat the best so far (a higher score, or an equal
    score earlier in order) is not read at all: the same choice as reading every one, usually after one.
    ``refine(i)``, if given, is a tighter (dearer) bound of reading ``i``, asked only when its bound could win."""
    readings = list(readings) if bounds is not None else readings
    order = sorted(range(len(readings)), key=lambda i: -bounds[i]) if bounds is not None else None

    def cannot_win(i: int, bound: int) -> bool:
        return best is not None and (bound < best[0] or bound == best[0] and i > best[1])

    best = None  # (score, position in order given, document, report)
    for i, read in ((i, readings[i]) for i in order) if order is not None else enumerate(readings):
        if bounds is not None and (cannot_win(i, bounds[i]) or refine is not None and cannot_win(i, refine(i))):
            continue
        try:
            doc, report = read()
        except skip as exc:
            if errors is not None:
                errors.append(exc)
            continue
        score = report.fit_score()
        if best is None or score > best[0] or score == best[0] and i < best[1]:
            best = (score, i, doc, report)
    return None if best is None else (best[2], best[3])


def fit_bound(tables: list[tuple[int, bool]]) -> int:
    """The highest ``fit_score`` a reading can reach that places, per table, at most ``figures`` values (the
    cells it could place) with a reason that may be ``official_reason``: each placed value counts 1, each
    official title ``OFFICIAL``, and everything else in the score counts against."""
    return sum(figures + (OFFICIAL if official else 0) for figures, official in tables)


def mark_unread(doc, report: ImportReport) -> None:
    """Tell the document which tables' blank cells were not read, and why (``Document.unread``).

    A table the file does not contain, a table printed with figures none of which could be placed, and
    a table some of whose printed figures or columns found no place: a relation reading a blank cell of
    such a table cannot say anything about the document, so the engine lists it as 未核对 instead.
    """
    from budgetdesk.core.document import COLUMNS_NOT_PRINTED

    found = {}
    for t in report.tables:
        found.setdefault(t.table, []).append(t)
    for tpl in doc.template_set.tables:
        parts = found.get(tpl.id)
        if not parts:
            if not tpl.optional:  # an optional table not printed is blank by the layout, not unread
                doc.mark_unread(tpl.id, f"在{report.source}中没有找到")
            continue
        printed = sum(t.printed for t in parts)
        placed = sum(t.placed for t in parts)
        unplaced = sum(t.unplaced for t in parts)
        missing = [c for t in parts for c in t.missing_columns]
        where = "、".join(t.source for t in parts)
        if printed and not placed:
            doc.mark_unread(tpl.id, f"（{where}）印有 {printed} 个数，一个也没有读入")
        elif unplaced:
            doc.mark_unread(tpl.id, f"（{where}）有 {unplaced} 处印出的数字未能放入（见导入报告）")
        elif missing and all(t.missing_columns for t in parts):
            doc.mark_unread(tpl.id, f"（{where}）{COLUMNS_NOT_PRINTED}：{'、'.join(dict.fromkeys(missing))}")
    _mark_withheld(doc)


# a note saying items were left out of the published tables (保密: 信访局, 公安局 …); the words, not a layout
_WITHHELD = re.compile(r"(?:予以|已|被)?剔除|不予公开|未予公开|不公开|涉密")


def _mark_withheld(doc) -> None:
    """A package whose own note says some items were left out (烟台市信访局 2026: “根据国家保密法律法规…部分具体
    项目信息公开时予以剔除”): its row-listed tables (科目, 明细) cannot be summed against their printed totals —
    every figure printed was read, but a 合计 may include what is not printed. Sums over their rows are 未核对."""
    from budgetdesk.core.document import ROWS_WITHHELD

    notes = [n for t in doc.template_set.tables if (n := doc.note(t.id)) and _WITHHELD.search(n)]
    if not notes:
        return
    said = notes[0].strip().strip("（）()")[:60]
    for tpl in doc.template_set.tables:
        if tpl.id not in doc.unread and (tpl.code_side is not None or any(side.lines for side in tpl.sides)):
            doc.mark_unread(tpl.id, f"的合计可能含未印出的项目（表注：“{said}”），{ROWS_WITHHELD}")


READ_ENOUGH = 0.95  # of the figures printed in the tables found, the share that must be placed to judge by them
# of all the figures printed in tables, the share in tables the template set does not have at which the layout is
# another's (湖州 read with 杭州's set: half its figures in tables titled otherwise) — a table or two of a region's own
# (江苏 2017—2019 公开02/12: 27%—29% of the figures) leave the rest as certain as it was; 湖州 39%—51%
OTHER_TABLES_SHARE = 0.35


def mark_whole_reading(doc, report: ImportReport) -> None:
    """A file of which less than ``READ_ENOUGH`` of the printed figures were placed is read too uncertainly for any
    relation to be an error (a region's layout read with another region's template: rows and columns shift)."""
    from budgetdesk.core.document import WHOLE_READING

    placed = sum(min(t.placed, t.printed) for t in report.tables)
    # figures of the template tables found (a table no template has — 江苏 公开02/12 — is an IMPORT-UNREAD error of
    # its own and leaves the tables read as certain as they were); too few tables found is the other sign
    printed = sum(t.printed for t in report.tables)
    found = {t.table for t in report.tables}
    # (a 绩效 form is the package's third part, never the standard tables in another layout: 国家信访局 2024 决算's
    # four 项目绩效自评表 hold 37% of its table figures)
    others = [n for title, _where, n in report.unread_tables if "绩效" not in title]
    unknown = sum(others)
    if printed and placed < READ_ENOUGH * printed:
        doc.mark_unread(WHOLE_READING, f"本件所找到的表印有 {printed} 个数，只放入了 {placed} 个"
                                       f"（{100 * placed // printed}%），版式与模板“{doc.template_set.name}”不合，读法不可靠")
    elif report.tables and unknown >= OTHER_TABLES_SHARE * (printed + unknown):
        doc.mark_unread(WHOLE_READING, f"本件另有 {len(others)} 张表（印有 {unknown} 个数）不是模板“"
                                       f"{doc.template_set.name}”中的表，版式与模板不合，读法不可靠")
    elif report.tables and len(found) * 2 < len(doc.template_set.tables):
        doc.mark_unread(WHOLE_READING, f"模板“{doc.template_set.name}”的 {len(doc.template_set.tables)} 张表只找到 "
                                       f"{len(found)} 张，版式与模板不合，读法不可靠")


def completeness(report: ImportReport, template_set, whole_package: bool) -> list:
    """Error findings for what was not read: no silent pass.

    A table printed with figures of which none could be placed is an error naming it and its place in
    the source; in a whole published package (PDF, text) a standard table of the template set that is
    not there at all is an error too, naming where it was expected (after the table before it).
    """
    from budgetdesk.core.findings import Finding, Severity

    out = []
    found = {t.table for t in report.tables}
    kind = "决算" if template_set.kind == "final_accounts" else "预算"
    for t in report.tables:
        if t.printed and not t.placed:
            out.append(Finding("IMPORT-EMPTY", Severity.ERROR, t.table, None, None,
                               f"《{t.title}》（{t.source}）印有 {t.printed} 个数，一个也没有读入：表的行列与模板"
                               f"“{template_set.name}”对不上，本表未核对", table_title=t.title, source=t.source))
    for title, where, figures in report.unread_tables:
        performance = "绩效" in title
        out.append(Finding("IMPORT-UNREAD", Severity.WARNING if performance else Severity.ERROR, "", None, None,
                           f"{where}的“{title}”印有 {figures} 个数，" +
                           ("没有认出其中的绩效指标（不像绩效目标表的表样），未读入，未核对" if performance else
                            f"模板“{template_set.name}”中没有这张表：未读入，也未核对"), table_title=title, source=where))
    for where, printed, read in report.performance_short:
        out.append(Finding("IMPORT-UNREAD", Severity.ERROR, "", None, None,
                           f"{where}印有 {printed} 行指标（一级指标为产出、效益、成本、满意度的行），"
                           f"只读出 {read} 个：表样没有读懂，其余的指标未读入，也未核对", table_title="绩效目标表",
                           source=where))
    if whole_package and report.tables:
        previous = None
        for tpl in sorted(template_set.tables, key=lambda t: t.order):
            if tpl.id not in found and not tpl.optional:  # an optional table is printed only by some units
                where = f"，按顺序应在《{previous.title}》之后" if previous is not None else ""
                out.append(Finding("IMPORT-MISSING", Severity.ERROR, tpl.id, None, None,
                                   f"{report.source} 中没有找到{kind}公开表《{tpl.title}》{where}；"
                                   f"本表及与它有关的关系未核对", table_title=tpl.title))
            if tpl.id in found or not tpl.optional:
                previous = tpl
    return out
