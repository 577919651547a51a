"""Reading a published package as a PDF (部门预算/决算公开): its tables, its 情况说明, its kind and year.

The text is read with its positions (``pdf_layout``); each table is found by its title among the template
set's tables, followed across page breaks (its header printed again, 续表, page numbers), rebuilt into
rows and columns (``pdf_grid``) and handed to the shared placement exactly as a workbook sheet is. The
lines outside the tables are the 情况说明. The money unit is read per table as printed (元 or 万元); the
document keeps the unit most tables print, and a table in the other unit is converted exactly (Decimal,
no cents lost). The kind (预算/决算, 部门/单位) and the year come from the cover or the first table's
title — never from counting years in the text, where the comparison year is as frequent as the year.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from budgetdesk.core.document import Document, UnitMeta, unit_level
from budgetdesk.core.template import TableTemplate, TemplateSet
from budgetdesk.core.text import fold
from budgetdesk.io.read.titles import match_title
from budgetdesk.io.read.import_report import Grid, GridCell, ImportReport, best_fit
from budgetdesk.io.read.meta_lines import is_note_line
from budgetdesk.io.read.pdf_grid import build_rows, column_borders
from budgetdesk.io.read.pdf_layout import Line, Page, PdfError, PdfLayout, read_layout
from budgetdesk.io.read.placement import place_grid
from budgetdesk.io.read.unit_meta import read_meta_row

_PAGE_NUMBER = re.compile(r"^(?:[-—–]\s*)?\d{1,4}(?:\s*[-—–])?$|^第\s*\d+\s*页(?:\s*[，,、/]?\s*共\s*\d+\s*页)?$|^\d+\s*/\s*\d+$")
_TABLE_NUMBER = re.compile(r"^(?:公开|附)\s*(?:\d+|[一二三四五六七八九十]+)\s*表$|^(?:部门)?公开表\s*\d+$|^表[一二三四五六七八九十]{1,3}$|^表\s*\d+$|^(?:部门|单位)预算\s*(?:\d{1,2}\s*表|表\s*\d{1,2})$|^续表$|^（续表）$|^\(续表\)$")
# what may stand before a title as a segment of its own: “公开 01 表”, “十一、” (江苏 2017: “十一、” | “一般公共预算
# “三公”经费、会议费、培训费支出预” / “算表”)
_TITLE_NUMBER = re.compile(r"^(?:(?:公开|附)\s*\d{1,2}\s*表|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])")
_PART = re.compile(r"^第[一二三四五六七八九十]+部分")
_TITLE_YEAR = re.compile(r"(20\d\d)\s*年\s*(?:度)?\s*(?:[\u4e00-\u9fff]{0,6}?)(部门|单位)?\s*(预算|决算)")
_TOC_DOTS = re.compile(r"[…\.·]{4,}")
UNIT_SCALE = {("元", "万元"): Decimal("0.0001"), ("万元", "元"): Decimal(10000)}
KIND_NAMES = {"budget": "预算", "final_accounts": "决算"}


@dataclass
class PackageKind:
    """What the cover or the first title says the package is."""

    kind: str = ""  # "budget" / "final_accounts" / "" (not stated)
    level: str = ""  # "部门" / "单位" / ""
    year: int = 0
    where: str = ""  # the line it was read from
    unit: str = ""  # the unit named on a cover of three lines (“2026 年度” / “福州市商务局” / “部门预算”)

    def name(self) -> str:
        return f"{self.year or ''}{'年' if self.year else ''}{self.level}{KIND_NAMES.get(self.kind, '公开件')}"


@dataclass
class _Table:
    template: TableTemplate
    title: Line
    exact: bool
    prefix: str
    lines: list[Line] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    notes: list[GridCell] = field(default_factory=list)
    header: list[tuple[str, ...]] = field(default_factory=list)
    lines_before_note: int = -1  # how many lines the table had when its last note was read


def _line_text(line: Line) -> str:
    return "".join(s.text for s in line.segments)


def _unspaced(texts) -> str:
    return "".join("".join(t.split()) for t in texts)


def _is_page_number(line: Line, page: Page) -> bool:
    """A page number at the top or foot of a page — also letter-spaced or split in pieces (重庆 2026: “—1 2 —”,
    “— 2” + “3 —”), which is one number once the spaces between its pieces are gone."""
    if len(line.segments) > 4 or not _PAGE_NUMBER.match(_unspaced(s.text for s in line.segments)):
        return False
    return line.bottom < 0.15 * page.height or line.top > 0.85 * page.height


_HEAD_ZONE = 0.12  # of the page's height: where a running head is printed


def running_heads(layout: PdfLayout) -> frozenset[str]:
    """The line printed atop most pages (“无锡市交通运输局（本级）2026 年度单位预算公开”): a running head, which
    inside a table is neither a row nor a paragraph that ends it, and in the 情况说明 does not split the sentence
    a page break runs through. Only a text atop a third of the pages, and three at least, counts."""
    counts: Counter[str] = Counter()
    for page in layout.pages:
        for line in page.lines[:2]:
            if line.bottom < _HEAD_ZONE * page.height:
                counts[_unspaced(s.text for s in line.segments)] += 1
    least = max(3, len(layout.pages) // 3)
    # (a table's title printed over each of its pages, “2025年项目支出绩效目标表”, and its “单位名称：…” line are not)
    return frozenset(text for text, n in counts.items() if n >= least and len(text) >= 6 and
                     not re.search(r"表(?:[（(]续[)）])?$|[：:]", text))


def _is_running_head(line: Line, page: Page, heads: frozenset[str]) -> bool:
    return line.bottom < _HEAD_ZONE * page.height and _unspaced(s.text for s in line.segments) in heads


def package_kind(layout: PdfLayout) -> PackageKind:
    """预算/决算, 部门/单位 and the year, from the cover (first page), else the first title stating them."""
    for page in layout.pages[:3]:
        for line in page.lines[:12]:
            text = fold(_line_text(line))
            if _TOC_DOTS.search(text) or len(text) > 60:
                continue
            m = _TITLE_YEAR.search(text)
            if m:
                kind = "final_accounts" if m.group(3) == "决算" else "budget"
                level = "单位" if "单位预算" in text or "单位决算" in text else (m.group(2) or "部门")
                # (the unit from a cover of three lines: 无锡 “2026 年度” / “无锡市交通运输局（本级）” / “单位预算公开”)
                # (else the unit printed before the year on the title's own line: “国家信访局 2026 年度部门预算”)
                before = text[:m.start()].strip()
                unit = _cover_of_three_lines(layout).unit or (
                    before if re.fullmatch(r"[\u4e00-\u9fff（）()]{3,40}", before) else "")
                return PackageKind(kind, level, int(m.group(1)), f"第{page.number}页“{_line_text(line)}”", unit)
    kind = _cover_of_three_lines(layout)
    return kind if kind.kind else _cover_title_wrapped(layout)


_WRAPPED_COVER = re.compile(r"(20\d\d)年度?([\u4e00-\u9fff（）()]{2,40}?)(部门|单位)(预算|决算)(?:公开)?")


def _cover_title_wrapped(layout: PdfLayout) -> PackageKind:
    """深圳: the cover's title wrapped over two lines (“2026 年深圳市人民政府国有资产监督” / “管理委员会部门预算”)."""
    if not layout.pages:
        return PackageKind()
    page = layout.pages[0]
    lines = [l for l in page.lines[:8] if not _is_page_number(l, page)]
    for first, second in zip(lines, lines[1:]):
        m = _WRAPPED_COVER.fullmatch(fold(_line_text(first) + _line_text(second)))
        if m:
            return PackageKind("final_accounts" if m.group(4) == "决算" else "budget", m.group(3), int(m.group(1)),
                               f"第{page.number}页“{_line_text(first)}{_line_text(second)}”", m.group(2))
    return PackageKind()


_COVER_YEAR = re.compile(r"(20\d\d)年度?")
_COVER_KIND = re.compile(r"(部门|单位)(预算|决算)(?:公开)?")


def _cover_of_three_lines(layout: PdfLayout) -> PackageKind:
    """福建: the year, the unit and the kind each on a line of their own on the first page."""
    if not layout.pages:
        return PackageKind()
    page = layout.pages[0]
    printed = [_line_text(l).strip() for l in page.lines[:8] if not _is_page_number(l, page)]
    lines = [fold(t) for t in printed]
    for i, text in enumerate(lines):
        year = _COVER_YEAR.fullmatch(text)
        if year is None:
            continue
        for j in range(i + 2, min(i + 4, len(lines))):
            kind = _COVER_KIND.fullmatch(lines[j])
            if kind is not None and all(len(t) <= 30 for t in lines[i + 1:j]):
                where = f"第{page.number}页“{' '.join(_line_text(l) for l in page.lines[i:j + 1])}”"
                return PackageKind("final_accounts" if kind.group(2) == "决算" else "budget", kind.group(1),
                                   int(year.group(1)), where, re.sub(r"\s+", "", "".join(printed[i + 1:j])))
        break
    return PackageKind()


def _title_wrapped(line: Line, after: Line) -> Line:
    """A title printed over two lines (“…评估工作经费项目绩” / “效目标表”) as the one-segment line it is."""
    first, tail = line.segments[0], after.segments[0]
    text = _line_text(line).strip() + _line_text(after).strip()
    return Line(line.page, line.top, after.bottom,
                [type(first)(text, first.x0, max(first.x1, tail.x1), line.top, after.bottom)], line.number)


def _title_of(line: Line, tables) -> tuple[TableTemplate, str, bool] | None:
    if len(line.segments) > 3:
        return None
    text = _line_text(line).strip()
    if not text or _TOC_DOTS.search(text):
        return None
    text = re.sub(r"^(?:\d{1,2}\s*[.．、]\s*|[一二三四五六七八九十]+、)", "", text)  # “5．” / “五、” numbering
    text = re.sub(r"^(?:公开|附)\s*\d{1,2}\s*表\s*[：:]\s*", "", text)  # “公开 03 表： 支出预算总表”
    text = re.sub(r"^表\s*\d{1,2}\s*[：:.．、]\s*", "", text)  # 杭州 “表1：2026年市级部门收支预算总表”
    # “（功能科目）” after the title — unless a template's title has it (深圳: “一般公共预算支出表（按功能分类）” and
    # “（按经济分类）” are two tables)
    exact = match_title(text, tables)
    if exact is not None:
        return exact
    return match_title(re.sub(r"[（(][^（）()]{1,8}[)）]$", "", text), tables)


def find_tables(layout: PdfLayout, template_set: TemplateSet, report: ImportReport) -> tuple[list[_Table], list[str]]:
    """The tables of ``template_set`` found in the PDF, and the lines outside them (the 情况说明)."""
    found: list[_Table] = []
    narrative: list[str] = []
    current: _Table | None = None
    data = False
    heads = running_heads(layout)
    for page in layout.pages:
        page_start = True
        skip = False
        for i, line in enumerate(page.lines):
            if skip:
                skip = False
                continue
            if _is_page_number(line, page) or _is_running_head(line, page, heads):
                continue  # (a running head in the 情况说明 would split the sentence a page break runs through)
            text = _line_text(line).strip()
            hit = _title_of(line, template_set.tables)
            if hit is None and i + 1 < len(page.lines) and (len(line.segments) == 1 or len(line.segments) == 2 and
                                                             _TITLE_NUMBER.match(line.segments[0].text)):
                after = page.lines[i + 1]  # a long title wrapped onto a second line
                if len(after.segments) == 1 and len(after.segments[0].text) <= 12 and not _has_figure(after.text):
                    hit = _title_of(_title_wrapped(line, after), template_set.tables)
                    skip = hit is not None
            if hit is not None:
                template, prefix, exact = hit
                if current is not None and current.template is template and data:
                    page_start = True  # the title printed again over the rest of the table
                    continue
                if current is not None and not current.lines:
                    found.remove(current)  # a title with nothing under it: a table of contents entry
                for earlier in [f for f in found if f.template is template and not f.lines]:
                    found.remove(earlier)
                current = _Table(template, line, exact, prefix)
                found.append(current)
                data = False
                continue
            if hit is None and not skip and len(line.segments) == 1 and i + 1 < len(page.lines):
                after = page.lines[i + 1]  # 福州: “…评估工作经费项目绩” / “效目标表”: one title over two lines
                tail = _line_text(after).strip()
                if len(after.segments) == 1 and len(tail) <= 8 and _other_table_title(after, tail) and \
                        _title_of(after, template_set.tables) is None and not re.search(r"[：:]", text) and \
                        _other_table_title(Line(line.page, line.top, after.bottom, line.segments), text + tail):
                    line = _title_wrapped(line, after)
                    text, skip = _line_text(line).strip(), True
            if hit is None and _other_table_title(line, text) and not _cell_line_of(line, page, current):
                current = _Table(None, line, False, "")  # a table no template has: its figures are listed, not dropped
                found.append(current)
                data = False
                continue
            if current is None:
                narrative.append(" ".join(s.text for s in line.segments))
                continue
            if _TABLE_NUMBER.match(fold(text)):
                continue
            if page_start and data and _unspaced(s.text for s in line.segments) in {_unspaced(h) for h in current.header}:
                continue  # the header rows printed again at the top of a page (wrapped or spaced otherwise: “基本支 出”)
            labelled = "：" in text or ":" in text
            # (inside the header, a bare “单位名称” beside a piece of a wrapped heading is the header's, not a 单位
            # line: 杭州 “三公” table's “单位名称 … 公务用车”)
            if (not data and (labelled or not _beside_a_heading(line, current)) or page_start and labelled) and \
                    read_meta_row([s.text for s in line.segments], current.meta):
                continue  # (at the top of a page the labelled 部门/单位 line is printed again over the rest of a table;
                # a bare “31007 信息网络…” there is a data line, not a unit)
            if not data and _split_unit(page, i, current.meta):
                continue
            if is_note_line(text) and (len(line.segments) <= 2 or fold(text).startswith(("（注", "(注", "注", "备注"))
                                       and not any(_has_figure(s.text) for s in line.segments)):
                # (“（注：” / sentence / “）” set apart: 烟台's note under an empty table is one note, not three cells;
                # 重庆's “注:” / “由于四舍五入因素…” / “下同。”)
                current.notes.append(GridCell(text, f"第{page.number}页第{line.number}行"))
                current.lines_before_note = len(current.lines)
                continue
            if _note_goes_on(current, text, line):  # 福州: “备注：本部门……安排的支” / “出。”
                last = current.notes[-1]
                current.notes[-1] = GridCell(last.text + text, last.location)
                continue
            if _PART.match(text) or _ends_table(line, text, page) and not _inside_columns(line, current):
                report.notices.append(f"第{page.number}页第{line.number}行起的“{text[:24]}”不属于表格《{current.template.title if current.template else _line_text(current.title)}》")
                current = None
                narrative.append(" ".join(s.text for s in line.segments))
                continue
            page_start = page_start and not any(_has_figure(s.text) for s in line.segments)
            if not data and not any(_has_figure(s.text) for s in line.segments) and len(current.header) < 8:
                current.header.append(tuple(s.text for s in line.segments))
            if any(_has_figure(s.text) for s in line.segments):
                data = True
            current.lines.append(line)
        if current is not None and current.lines and not data:
            pass
    return found, narrative


def _unit_name(found: list[_Table], kind: PackageKind) -> str:
    """The unit: a 单位名称 line over a table (one of the set's first), else a title's prefix (“北京市财政局2026年”),
    else the cover's. A piece of a wrapped cell (“局” of “福州市科学 / 技术局”) or a table number is not a name."""
    named = [t.meta["unit_name"] for t in sorted(found, key=lambda t: t.template is None) if t.meta.get("unit_name")]
    prefixes = [re.sub(r"\s*20\d\d\s*年(?:度)?(?:部门|单位)?(?:预算|决算)?表?$", "", t.prefix).strip()
                for t in found if t.prefix]
    for name in named + prefixes + [kind.unit]:
        if len(name) >= 3 and not re.fullmatch(r"(?:预算|决算|公开)?\s*\d{1,2}\s*表", name) \
                and not _TABLE_NUMBER.match(fold(name)):  # (“部门公开表 1” over a title: 中央部门预算)
            return name
    return ""


def _note_goes_on(table: _Table, text: str, line: Line) -> bool:
    """The rest of a table's note wrapped onto a line of its own: nothing read below the note yet, a short
    tail or a full line without figures, and the note not yet ended by a full stop."""
    if not table.notes or _has_figure(text):
        return False
    # a short tail (福州 “出。”), or a full line of a long note, justified into pieces (苏州 机关运行经费 注)
    if not (len(line.segments) == 1 and len(text) <= 12 or len(line.segments) <= 3 and len(text) >= 24):
        return False
    note = table.notes[-1]
    return len(table.lines) == table.lines_before_note and not note.text.rstrip().endswith(("。", ".", "）", ")"))


def _split_unit(page: Page, i: int, meta: dict[str, str]) -> bool:
    """“单位：万” with its “元” wrapped onto the next line (a narrow cell): the unit, and the lone 元 dropped."""
    line = page.lines[i]
    last = line.segments[-1]
    if not re.fullmatch(r"(?:金额)?单位[：:]\s*万", last.text.strip()) or i + 1 >= len(page.lines):
        return False
    after = page.lines[i + 1]
    tail = [s for s in after.segments if s.text.strip() == "元" and abs(s.x0 - last.x0) < 4 * (last.bottom - last.top)]
    if not tail:
        return False
    meta.setdefault("money_unit", "万元")
    after.segments.remove(tail[0])
    rest = [s.text for s in line.segments[:-1]]
    if rest:
        read_meta_row(rest, meta)
    return True


def _other_table_title(line: Line, text: str) -> bool:
    """A short centred line ending in 表 (绩效目标表, 政府采购预算表 …) that is no template's table."""
    if _TABLE_NUMBER.match(fold(text)):
        return False  # “公开 01 表” alone under a title (国家信访局 2024 决算) is the table's number, not a table
    numbered = re.match(r"^(?:公开|附)\s*\d{1,2}\s*表\s*[：:]\s*", text)  # “公开 02 表： 收入预算总表”
    if numbered:
        text = text[numbered.end():]
    return (len(line.segments) == 1 or numbered is not None and len(line.segments) <= 3) and 4 <= len(text) <= 40 \
        and text.endswith("表") and not _TOC_DOTS.search(text) and not re.search(r"[，。；]", text)


def _beside_a_heading(line: Line, table: "_Table") -> bool:
    """A line of the header whose words after the first are pieces of the table's column headings."""
    if table.template is None or not table.header:
        return False
    heads = [fold(x) for c in table.template.columns for x in (c.label, *c.path)]
    rest = [fold(s.text) for s in line.segments[1:] if fold(s.text)]
    return bool(rest) and all(any(r in h for h in heads) for r in rest)


def _has_figure(text: str) -> bool:
    t = text.replace(",", "").replace(" ", "")
    return bool(re.fullmatch(r"-?\d+(?:\.\d+)?", t)) and not (t.isdigit() and len(t) in (3, 5, 7))


def _ends_table(line: Line, text: str, page: Page) -> bool:
    """A line of running text (a paragraph, a part heading) is not a table row; one inside ruled cells is."""
    if _PART.match(text):
        return True
    if any(r.start - 1 <= line.middle <= r.end + 1 and r.at < line.segments[0].x0 for r in page.vrules) and \
            any(r.start - 1 <= line.middle <= r.end + 1 and r.at > line.segments[-1].x1 for r in page.vrules):
        return False
    if len(line.segments) == 1 and len(text) >= 16 and not any(ch.isdigit() for ch in text[-4:]):
        return True
    return any(len(s.text) > 50 for s in line.segments)


def _cell_line_of(line: Line, page: Page, table: "_Table | None") -> bool:
    """Inside a table no template has (a 绩效目标表), a short line ending in 表 printed no larger than the page's
    body text is a cell's wrapped text (“利用量数据表” under “完成全市可再生能源开发”), not the next table's title:
    titles are set in a larger type (北京: 7–11 pt against 5–9 pt of the body)."""
    if table is None or table.template is not None or not table.lines:
        return False
    heights = sorted(l.bottom - l.top for l in page.lines)
    return line.bottom - line.top <= 1.1 * heights[len(heights) // 2]


def _inside_columns(line: Line, table: "_Table") -> bool:
    """A line that starts well right of where the table's lines start is the wrapped text of a cell in one of
    its columns (北京 绩效目标表: a 项目's 年度目标 running over three lines beside its indicators), not a paragraph."""
    if not table.lines:
        return False
    left = min(l.segments[0].x0 for l in table.lines if l.segments)
    right = max(l.segments[-1].x1 for l in table.lines if l.segments)
    narrow = line.segments[-1].x1 - line.segments[0].x0 < 0.4 * (right - left)  # a paragraph's line spans the page
    height = line.bottom - line.top
    # (or wide, but starting far right of any paragraph's indent: 湖州's 项目支出绩效表, a 绩效目标 cell a third of
    # the page across running over two lines)
    return narrow and line.segments[0].x0 > left + 3 * height or line.segments[0].x0 > left + 8 * height


def _grid(table: _Table) -> Grid:
    parts: list[tuple[Page, list[Line]]] = []
    for line in table.lines:
        if not parts or parts[-1][0] != line.page:
            parts.append((line.page, []))
        parts[-1][1].append(line)
    return parts


def read_pdf(path: Path, template_set: TemplateSet, mappings=None, layout: PdfLayout | None = None,
             kind: PackageKind | None = None, prepared: tuple | None = None) -> tuple[Document, ImportReport]:
    """``prepared``: ``find_tables``' result and report for this set, when the caller has already found the tables."""
    layout = layout or read_layout(path)
    kind = kind or package_kind(layout)
    if prepared is not None:
        found, narrative, report = prepared
    else:
        report = ImportReport(source=path.name, template_set=template_set.id)
        found, narrative = find_tables(layout, template_set, report)
    if not any(t.template is not None and _figures(t) for t in found):
        raise NoPdfTable(f"{path.name}：是{kind.name()}，但没有找到模板“{template_set.name}”中的任何一张印有数的表")
    pages = {p.number: p for p in layout.pages}
    units = Counter(_unit(t) for t in found if _unit(t) and t.template is not None)
    money_unit = _money_unit(units, template_set)
    unit_name = _unit_name(found, kind)
    year = kind.year or _year_of_titles(found, report)
    doc = Document(template_set, UnitMeta(unit_name=unit_name, unit_code="", year=year, money_unit=money_unit,
                                          level=unit_level(kind.level)))
    if kind.kind:
        report.notices.append(f"读作{kind.name()}（{kind.where}）")
    inert = [what for what, present in (("脚本（JavaScript）", layout.has_script), ("表单", layout.has_form),
                                         (f"{layout.attachments} 个附件", layout.attachments > 0)) if present]
    if inert:
        report.notices.append(f"{path.name} 含{'、'.join(inert)}：只读了页面上的文字，脚本没有运行，附件和表单没有打开")
    seen: set[str] = set()
    best = {}  # a table printed twice (its entry in the contents and the table itself): the one with most figures
    for t in found:
        if t.template is not None:
            key = t.template.id
            if key not in best or _figures(t) >= _figures(best[key]):
                best[key] = t
    found = [t for t in found if t.template is None or best[t.template.id] is t] + \
        [t for t in found if t.template is not None and best[t.template.id] is not t]
    performance = [t for t in found if t.template is None and "绩效" in _line_text(t.title)]
    read_forms = _read_performance_forms(doc, performance, pages, report)
    for t in found:
        if t.template is None:
            if id(t) in read_forms:
                continue  # a 绩效目标表 read into the document's 绩效 forms
            _unplace_all(t, pages, report, f"“{_line_text(t.title)}”不是模板中的表（第{t.title.page}页），未读入")
            if _figures(t):
                report.unread_tables.append((_line_text(t.title), f"第{t.title.page}页", _figures(t)))
            continue
        if t.template.id in seen:
            report.notices.append(f"第{t.title.page}页：《{t.template.title}》出现了不止一次，后一张未导入")
            _unplace_all(t, pages, report, "同名的表已经导入过")
            continue
        seen.add(t.template.id)
        parts = [(pages[p], lines) for p, lines in _grid(t)]
        borders = column_borders(parts)
        grid = Grid(_line_text(t.title), f"第{t.title.page}页第{t.title.number}行", build_rows(parts, borders), t.notes,
                    headings_centred=True)
        unit = _unit(t)
        scale = UNIT_SCALE.get((unit, money_unit)) if unit else None
        if scale is not None:
            report.notices.append(f"{grid.location}《{t.template.title}》的金额单位为“{unit}”，已换算为“{money_unit}”")
        reason = f"第{t.title.page}页" + ("标题完全一致" if t.exact else f"标题“{_line_text(t.title)}”即《{t.template.title}》")
        taught = mappings(template_set.id) if mappings else None
        place_grid(doc, t.template, grid, report, reason, scale,
                   taught.columns_for(t.template.id) if taught else None,
                   taught.rows_for(t.template.id) if taught else None)
    for tpl in template_set.tables:
        if tpl.id not in seen:
            report.notices.append(f"没有找到《{tpl.title}》")
    from budgetdesk.core.narrative.parse import parse_text

    doc.set_narrative(parse_text(unspaced_figures("\n".join(narrative))))
    return doc, report


def _read_performance_forms(doc: Document, tables: list[_Table], pages, report: ImportReport) -> set[int]:
    """The 绩效目标表 among the PDF's other tables, rebuilt as grids and given to the 绩效 reader (the one that
    reads them from text and workbooks) in one go; returns the tables (by id) from which a form was read or
    that the report names as a form found and not read. A table neither way is left to be reported unread."""
    if not tables:
        return set()
    from budgetdesk.io.read.performance.activities import prints_indicator
    from budgetdesk.io.read.performance.text import read_performance_grids

    given: list[tuple[_Table, str, list[list[str]]]] = []
    forms = _continued_forms(tables)
    made_of = {id(form): parts for form, parts in forms}
    for t, _ in forms:
        parts = [(pages[p], lines) for p, lines in _grid(t)]
        if not parts:
            continue
        rows = build_rows(parts, column_borders(parts))
        grid = [[_line_text(t.title)]] + [[c.text for c in r] for r in rows]
        if any("指标" in text for row in grid for text in row):  # not a 情况说明 heading ending in 绩效目标表
            given.append((t, f"第{t.title.page}页", grid))
    if not given:
        return set()
    from budgetdesk.core.document import performance_mark

    targets = read_performance_grids(doc, [(where, grid) for _, where, grid in given], report)
    for target in targets:
        # a form rebuilt from a PDF page: an empty field may be one the grid did not catch, so what the 绩效 checks
        # would say about blanks is listed as 未核对 (Document.unread), until the officer edits the form
        doc.mark_unread(performance_mark(target.key), f"《{target.title or target.name}》是从 PDF 页面（{target.source}）"
                        "读出的绩效目标表，空着的栏目、指标的单位和值可能没有读到")
    for t, where, grid in given:  # rows of indicators the reader did not take in: never a quiet pass
        printed = sum(1 for row in grid if prints_indicator(row))  # (not a blank form's frame)
        read = sum(len(x.indicators) for x in targets if x.source.startswith(where + "第"))
        if printed > read:  # (北京 预算12表 before it was read by blocks: 433 printed, 21 read)
            report.performance_short.append((f"{where}《{_line_text(t.title)}》", printed, read))
    said = report.performance_read + report.performance_unread
    return {id(part) for t, where, _ in given if any(line.startswith(where + "第") for line in said)
            for part in made_of[id(t)]}


_FORM_HEAD = ("项目名称", "单位名称", "部门名称", "总体目标", "年度目标", "资金总额", "预算资金", "主管部门")


def _continued_forms(tables: list[_Table]) -> list[tuple[_Table, list[_Table]]]:
    """A 绩效 form whose last indicators run onto the next page under the title printed again (烟台's 政策和项目
    预算绩效目标表: two 满意度 rows on a page of their own, under the title printed twice) is one form: a table of the
    same title on the same page or the next, with no 项目名称/资金 line of its own, continues the one before (its
    lines join it, so the columns are found over both pages). Each form, in order, with the tables it was made of."""
    out: list[tuple[_Table, list[_Table]]] = []
    last_form: int | None = None  # the last table read so far that prints indicators
    for t in tables:
        texts = [s.text for line in t.lines for s in line.segments]
        indicators = any("指标" in x for x in texts)  # (not the “(2026年度)” line under a title printed twice)
        prev = out[last_form][0] if last_form is not None else None
        if indicators and prev is not None and prev.lines and t.lines \
                and fold(_line_text(t.title)) == fold(_line_text(prev.title)) \
                and 0 <= t.lines[0].page - prev.lines[-1].page <= 1 and not any(k in x for x in texts for k in _FORM_HEAD):
            joined = _Table(prev.template, prev.title, prev.exact, prev.prefix, prev.lines + t.lines, prev.meta,
                            prev.notes + t.notes, prev.header)
            out[last_form] = (joined, out[last_form][1] + [t])
            continue
        out.append((t, [t]))
        if indicators:
            last_form = len(out) - 1
    return out


def _year_of_titles(found: list[_Table], report: ImportReport) -> int:
    """No cover stating the year: the first table title or header naming one (“2024年预算数” → the latest)."""
    from budgetdesk.io.read.unit_meta import year_in

    for t in found:
        if year_in(fold(_line_text(t.title))):
            report.notices.append(f"封面未写明年度，取自第{t.title.page}页表题“{_line_text(t.title)}”")
            return year_in(fold(_line_text(t.title)))
    years = [year_in(fold(" ".join(h))) for t in found if t.template is not None for h in t.header]
    if any(years):
        report.notices.append(f"封面和表题未写明年度，取自表头中最晚的年度：{max(years)}")
        return max(years)
    report.notices.append("封面和表题中没有写明年度：请在 文件 → 单位信息 中填写")
    return 0


def _unplace_all(t: _Table, pages, report: ImportReport, reason: str) -> None:
    from budgetdesk.io.read.import_report import Unplaced

    for line in t.lines:
        for s in line.segments:
            if _has_figure(s.text) and not (s.text.isdigit() and len(s.text) <= 2):  # (款/项 codes)
                report.unplaced.append(Unplaced(f"第{line.page}页第{line.number}行", s.text, reason))


def _figures(t: _Table) -> int:
    return sum(1 for line in t.lines for s in line.segments if _has_figure(s.text))


def _unit(t: _Table) -> str:
    return (t.meta.get("money_unit") or "").strip()


def _money_unit(units: Counter, template_set: TemplateSet) -> str:
    if not units:
        return template_set.money_unit
    top = max(units.values())
    best = [u for u, n in units.items() if n == top]
    return "元" if "元" in best else best[0]


class PdfTablesNotRecognised(PdfError):
    """A PDF that prints tables with figures, none of which is a table of any template set: nothing of them is
    read, so a check of its text alone must not say 通过 (``check`` adds an IMPORT-UNREAD error)."""


class NoPdfTable(PdfError):
    """None of a template set's tables is in the PDF."""


NEAR_TOP = 2  # tables fewer than the most found by any set for a set still to be placed and compared


def best_pdf_template(path: Path, template_sets: list[TemplateSet], mappings=None) -> tuple[Document, ImportReport]:
    """Read with every template set of the kind the PDF states and keep the best fit."""
    layout = read_layout(path)
    kind = package_kind(layout)
    candidates = [ts for ts in template_sets if not kind.kind or ts.kind == kind.kind]
    if not candidates:
        raise PdfError(f"{path.name}：是{kind.name()}（{kind.where}），但没有{KIND_NAMES.get(kind.kind, '')}模板")
    prepared = {}
    for ts in candidates:  # the tables are found by title with every set; only the sets finding most are placed
        report = ImportReport(source=path.name, template_set=ts.id)
        found, narrative = find_tables(layout, ts, report)
        prepared[ts.id] = (found, narrative, report)
    hits = {tid: len({t.template.id for t in found if t.template is not None and _figures(t)})
            for tid, (found, _n, _r) in prepared.items()}
    top = max(hits.values(), default=0)
    # the sets finding nearly as many tables are placed too: the national titles (收支总表 … 政府采购预算明细表)
    # are found by several regions' sets alike, and the one whose rows and columns fit is not always the one
    # with one more title (国家信访局's tables fit 重庆's rows better than 北京's, which has two more titles)
    best = best_fit(((lambda ts=ts: read_pdf(path, ts, mappings, layout, kind, prepared[ts.id]))
                     for ts in candidates if top and hits[ts.id] >= max(top - NEAR_TOP, 1)), NoPdfTable)
    if best is None:
        chars = sum(p.chars for p in layout.pages)
        if not any(_has_figure(s.text) for p in layout.pages for l in p.lines if len(l.segments) >= 2 for s in l.segments):
            raise PdfError(f"{path.name}：是{kind.name()}的文字部分（{len(layout.pages)} 页，没有印有数的表格），"
                           "公开表在另一个文件中；只能检查情况说明的文字")
        what = kind.name() + (f"（{kind.where}）" if kind.where else "")
        raise PdfTablesNotRecognised(f"{path.name}：是{what}，共 {len(layout.pages)} 页、{chars:,} 个字，但没有找到任何一张"
                       f"{KIND_NAMES.get(kind.kind, '')}公开表（已试模板：{'、'.join(ts.name for ts in candidates)}）")
    return best


def narrative_text(path: Path) -> str:
    """The lines of a PDF outside any table (its 情况说明), for the text-only check of a PDF without tables."""
    from budgetdesk.resources import load_template, template_ids

    layout = read_layout(path)
    kind = package_kind(layout)
    best: list[str] | None = None
    for tid in template_ids():
        ts = load_template(tid)
        if kind.kind and ts.kind != kind.kind:
            continue
        _found, lines = find_tables(layout, ts, ImportReport(path.name))
        if best is None or len(lines) < len(best):
            best = lines
    return unspaced_figures("\n".join(best or []))


_SPACED_FIGURE = re.compile(r"(?<![\d.,])\d(?: [\d,.]){3,}(?![\d.,])")


def unspaced_figures(text: str) -> str:
    """“6 6 , 3 0 7 . 9 8万元”, “2 0 2 6年”: a figure a PDF prints letter-spaced, as one figure again."""
    return _SPACED_FIGURE.sub(lambda m: m.group(0).replace(" ", ""), text)
