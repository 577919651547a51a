"""Reading 绩效目标表 from rows of cells (text disclosures and workbooks alike) into targets.

``find_sections`` cuts the rows at the forms' titles; ``read_stacked`` reads one printed form (label
cells followed by their values, then the indicator table mapped by its header labels);
``performance_wide`` reads the one-row-per-project table. Whatever
cannot be given a field is kept in the target's ``extra`` and named in the import report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from budgetdesk.core.money import AmountError, parse_amount
from budgetdesk.core.performance.edit import split_printed_value
from budgetdesk.core.performance.forms import INDICATOR_LABELS, FormSpec, PerformanceForms
from budgetdesk.core.performance.model import Funding, Indicator, PerformanceTarget, TargetKind, normalise_nature
from budgetdesk.core.text import fold
from budgetdesk.io.read.import_report import GridCell, ImportReport

_BOOKMARK = re.compile(r"\[bookmark:[^\[\]]*\]")  # [^[]: an unclosed "[bookmark:" is scanned once
_CHAPTER = re.compile(r"^[一二三四五六七八九十]+、")
_HTML = re.compile(r"</?[a-zA-Z][^>]*>")
_CODE_NAME = re.compile(r"^([0-9A-Za-z]{3,})\s*[-－—]\s*(.+)$")
OPERATOR = "[=≥≤<>＝＜＞≧≦]"
VALUE = re.compile(rf"^\s*({OPERATOR})\s*(.*)$")
_QUALITATIVE = ("得到", "显著", "提升", "提高", "改善", "有效", "明显", "良好", "稳定", "较好", "持续")
_AMOUNT_TEXT = re.compile(r"^\d{1,3}(?:,\d{3})*\.\d{2}$|^\d+\.\d{2}$")
UNIT_LINE = re.compile(r"^(?:金额)?单位[:：]\s*(万元|元)\s*$")
MADE_BY = re.compile(r"^编制单位[:：]\s*(.*)$")
POINTS = re.compile(r"[(（]\s*\d+(?:\.\d+)?\s*分\s*[)）]$")  # the points a heading shares: “产出指标（50分）”
PLACEHOLDER = re.compile(r"^[.。…·．\s]+$")  # a blank form's “......” where an indicator would be


def clean(text: str) -> str:
    return _BOOKMARK.sub("", _HTML.sub("", text or "")).strip()


@dataclass
class Section:
    form: FormSpec
    title: GridCell
    rows: list[list[GridCell]] = field(default_factory=list)
    plain: bool = False  # found by its title words alone: a form of ``forms.plain`` (read by meaning)


_PLAIN_TITLE = re.compile(r"绩效目标(?:申报)?表(?:[(（][^()（）]{0,16}[)）])?$")
_NOT_TITLE = ("详见", "见", "参见", "附", "按照", "根据")
_LEADING_NUMBER = re.compile(r"^(?:附[件表]\s*\d*(?:[-－]\d+)?\s*[:：]?|\d+[、.．]|[一二三四五六七八九十]+、|"
                             r"[(（][一二三四五六七八九十\d]+[)）])")


def plain_title(text: str, plain: PerformanceForms | None) -> FormSpec | None:
    """The plain form of the kind a title names by its words (“2024年财政资金项目支出绩效目标表” → 项目,
    “部门（单位）整体支出绩效目标表” → 整体, “重点专项…” → 专项), or None for text that is no form title."""
    if plain is None:
        return None
    t = _LEADING_NUMBER.sub("", fold(clean(text).lstrip("#").strip()))
    if not t or len(t) > 80 or not _PLAIN_TITLE.search(t) or t.startswith(_NOT_TITLE) \
            or re.search(r"[，。；;:：…]", t):
        return None
    for kind in (TargetKind.OVERALL, TargetKind.PROGRAM):
        if any(fold(w) in t for w in plain.kind_words.get(kind, ())):
            return plain.form(kind)
    return plain.form(TargetKind.PROJECT)


def match_form(text: str, forms: PerformanceForms) -> FormSpec | None:
    """The form whose title (or alias) this cell ends with; a short prefix (year, unit) is allowed."""
    folded = _YEAR_AFTER.sub("", fold(clean(text).lstrip("#").strip()))  # “…绩效自评表（2024年度）”
    if not folded or len(folded) > 60:
        return None
    best: tuple[int, FormSpec] | None = None
    for n, form in _folded_titles(forms):
        if folded.endswith(n) and not _SENTENCE_MARK.search(folded[: -len(n)]):
            if best is None or len(n) > best[0]:
                best = (len(n), form)
    return best[1] if best else None


_SENTENCE_MARK = re.compile(r"[，。；:：]")
_YEAR_AFTER = re.compile(r"\s*[(（]\s*\d{4}\s*年度?\s*[)）]$")
_FOLDED: dict[int, tuple] = {}


def _folded_titles(forms: PerformanceForms) -> tuple[tuple[str, FormSpec], ...]:
    """Every title and alias of ``forms`` folded, once per forms (kept by identity, as it is alive meanwhile)."""
    hit = _FOLDED.get(id(forms))
    if hit is None or hit[0] is not forms:
        hit = _FOLDED[id(forms)] = (forms, tuple((fold(name), form) for name, form in forms.all_titles()))
    return hit[1]


def is_chapter(text: str) -> bool:
    """A chapter heading of the 情况说明 (Word bookmark, "七、…"): the forms before it have ended."""
    t = (text or "").strip()
    return t.startswith("[bookmark") or bool(_CHAPTER.match(clean(t)))


def is_heading(row: list[GridCell]) -> bool:
    texts = [c.text for c in row if c.text.strip()]
    return bool(texts) and texts[0].startswith("#")


def find_sections(rows: list[list[GridCell]], forms: PerformanceForms, ends) -> list[Section]:
    """Cut the rows into forms; ``ends(row)`` says a row starts something else (another table)."""
    sections: list[Section] = []
    current: Section | None = None
    for row in rows:
        cells = [c for c in row if c.text.strip()]
        if not cells:
            continue
        first, form, plain = cells[0], None, False
        for k, cell in enumerate(cells):
            if k and not is_chapter(cells[k - 1].text):
                break  # a title follows only chapter headings on its line
            form = match_form(cell.text, forms)
            if form is None:
                form = plain_title(cell.text, forms.plain if forms.id != "plain" else forms)
                plain = form is not None
            if form is not None:
                first = cell
                break
        others = cells[cells.index(first) + 1:]
        if form is not None and form.layout != "text" and any(not UNIT_LINE.match(clean(c.text)) for c in others):
            form = None  # a title is alone on its line (or with its 单位 line)
        if form is not None:
            current = Section(form, first, plain=plain)
            sections.append(current)
            if others:
                current.rows.append(others)
            continue
        if current is not None and (is_heading(row) or ends(row) or
                                    is_chapter(cells[0].text) and row.index(cells[0]) <= 1):
            current = None  # (a “四、…” deep in a table's row is a wrapped cell's line, not a chapter)
        if current is not None:
            current.rows.append(row)
    return sections


# -- values ------------------------------------------------------------------------------------


def amount(text: str, where: str, report: ImportReport) -> Decimal | None:
    try:
        return parse_amount(clean(text))
    except AmountError as exc:
        report.notices.append(f"{where}：“{text}”不是金额（{exc}），原文保留在备注字段")
        return None


def amount_or_none(text: str) -> Decimal | None:
    """A cell's figure (“1,535.860000”), or None for a blank cell or words: a reader that only takes what is there."""
    try:
        return parse_amount(text.replace(" ", "")) if text else None
    except AmountError:
        return None


def split_value(text: str) -> tuple[str, str, str]:
    """"≥1800人" → (≥, 1800, 人); "得到改善" → (定性, 得到改善, ""); "100%" → (=, 100, %)."""
    return split_printed_value(clean(text))


def is_value_cell(text: str) -> bool:
    t = clean(text)
    return bool(VALUE.match(t)) or (len(t) <= 8 and t.startswith(_QUALITATIVE))


def split_code_name(text: str) -> tuple[str, str]:
    m = _CODE_NAME.match(clean(text))
    return (m.group(1), m.group(2).strip()) if m else ("", clean(text))


# -- stacked forms -----------------------------------------------------------------------------


def _core(text: str) -> bool | None:
    return {"是": True, "否": False}.get(clean(text))


def _indicator_header(row: list[GridCell]) -> dict[int, str] | None:
    names = {fold(label): key for key, labels in INDICATOR_LABELS.items() for label in labels}
    cols = {i: names[fold(c.text)] for i, c in enumerate(row) if fold(c.text) in names}
    return cols if len(cols) >= 3 and "level3" in cols.values() else None


def read_stacked(section: Section, key: str, forms: PerformanceForms, report: ImportReport,
                 defaults: dict[str, str] | None = None) -> PerformanceTarget:
    form = section.form
    labels = {fold(k): v for k, v in form.label_fields().items() if k}
    captions = {fold(c) for c in form.captions} | {fold(form.indicator_label)}
    by_row = [{fold(k): v for k, v in m.items() if k} for m in form.row_label_fields()]
    values: dict[str, object] = {"money_unit": forms.money_unit, **(defaults or {})}
    funding: dict[tuple[str, str], Decimal | None] = {}
    extra: list[tuple[str, str]] = []
    indicators: list[Indicator] = []
    header: dict[int, str] | None = None
    amount_rows: list[list[GridCell]] = []
    for row in section.rows:
        texts = [clean(c.text) for c in row]
        non_empty = [(i, t) for i, t in enumerate(texts) if t]
        if header is not None:
            if len(non_empty) < 2:
                at = non_empty[0][0] if non_empty else 0
                if at > 0 and indicators and header.get(at) in ("level3", "description", "basis"):
                    column = header[at]  # the cell's text broken over two rows: the rest under its column
                    indicators[-1] = replace(indicators[-1], **{column: getattr(indicators[-1], column) + non_empty[0][1]})
                elif non_empty:
                    extra.append(("表后", non_empty[0][1]))
                continue
            indicator = indicator_row(row, header, report)
            if not indicator.nature and not indicator.value and indicator.weight is None:  # 其他说明 | 无
                extra.append((non_empty[0][1], " ".join(t for _, t in non_empty[1:])))
            else:
                if not indicator.level1 and indicators and "level1" in header.values():  # merged down
                    indicator = replace(indicator, level1=indicators[-1].level1,
                                        level2=indicator.level2 or indicators[-1].level2)
                indicators.append(indicator)
            continue
        found = _indicator_header(row)
        if found:
            header = found
            continue
        if non_empty and all(UNIT_LINE.match(t) or MADE_BY.match(t) for _, t in non_empty):
            for _, t in non_empty:  # 编制单位：… and 单位：元 (one line each, or side by side)
                unit, made_by = UNIT_LINE.match(t), MADE_BY.match(t)
                if unit:
                    values["money_unit"] = unit.group(1)
                else:
                    values["unit"] = made_by.group(1).strip()
            continue
        if len(non_empty) == 1:
            t = non_empty[0][1]
            if fold(t) != fold(form.indicator_label) and fold(t) not in labels:  # a label alone: an empty field
                extra.append(("", t))
            continue
        if all(fold(t) in labels or fold(t) in captions for _, t in non_empty):
            continue  # a caption row of the form (总体资金情况 | 预算支出总额 | 基本支出 …)
        if non_empty and all(_AMOUNT_TEXT.match(t.replace(" ", "")) for _, t in non_empty):
            amount_rows.append(row)
            continue
        used: set[int] = set()
        here = {fold(t) for _, t in non_empty}
        row_labels = max(by_row, key=lambda m: len(here & set(m)), default={})
        for pos, (i, t) in enumerate(non_empty):
            if i in used:
                continue
            fieldname = row_labels.get(fold(t)) or labels.get(fold(t))
            if fieldname is None:
                continue
            used.add(i)
            nxt = non_empty[pos + 1] if pos + 1 < len(non_empty) else None
            if nxt is None or fold(nxt[1]) in labels:
                continue
            used.add(nxt[0])
            text = nxt[1]
            if fieldname in ("goal", "tasks", "overview", "basis") and \
                    not any(fold(u) in labels for j, u in non_empty if j != i):  # 绩效目标 | 1.… | 2.…
                rest = [(j, u) for j, u in non_empty if j > nxt[0]]
                used.update(j for j, _ in rest)
                text = "\n".join([text] + [u for _, u in rest])
            _set_field(values, funding, extra, fieldname, text, row[nxt[0]].location, report)
        for i, t in non_empty:
            if i not in used and fold(t) not in labels and fold(t) not in captions:
                extra.append(("", t))
    for row in amount_rows:
        _read_amount_band(row, form, values, funding, report)
    if extra:
        report.notices.append(f"{section.title.location}《{form.title}》：{len(extra)} 处文字未对应到字段，已原样保留")
    return PerformanceTarget(
        key=key, kind=form.kind, funding=tuple(Funding(s, a, p) for (p, s), a in funding.items()),
        extra=tuple(extra), indicators=tuple(indicators), source=section.title.location, **values)


def _set_field(values, funding, extra, fieldname: str, text: str, where: str, report: ImportReport) -> None:
    if fieldname == "code_name":
        values["code"], values["name"] = split_code_name(text)
    elif fieldname.startswith("funding:"):
        parts = fieldname.split(":")
        part, source = (parts[1], parts[2]) if len(parts) == 3 else ("", parts[1])
        a = amount(text, where, report)
        funding[(part, source)] = a
        if a is None:
            extra.append((source, text))
    elif fieldname.startswith("extra:"):
        extra.append((fieldname[6:], text))
    elif fieldname in ("total", "basic", "project", "execution_weight"):
        a = amount(text, where, report)
        values[fieldname] = a
        if a is None:
            extra.append((fieldname, text))
    else:
        values[fieldname] = text


def _read_amount_band(row, form: FormSpec, values, funding, report: ImportReport) -> None:
    """整体 资金 band printed under a two-row header: figures in order, each part filled until it adds up."""
    figures = [amount(c.text.replace(" ", ""), c.location, report) for c in row if clean(c.text)]
    figures = [f for f in figures if f is not None]
    if not figures:
        return
    values["total"] = figures.pop(0)
    sources = [f.split(":")[2] for f in form.fields() if f.startswith("funding:basic:")]
    for part in ("basic", "project"):
        if not figures:
            return
        values[part] = part_total = figures.pop(0)
        got = Decimal(0)
        for source in sources:
            if not figures or got == part_total:
                break
            funding[(part, source)] = figures[0]
            got += figures.pop(0)
        if got != part_total:
            report.notices.append(f"{row[0].location}：{'基本' if part == 'basic' else '项目'}支出 {part_total} "
                                  f"与其资金来源合计 {got} 不等（按原文导入）")


def indicator_row(row: list[GridCell], header: dict[int, str], report: ImportReport) -> Indicator:
    """One indicator row read by the header's column meanings (shared by the stacked and the long-table readers)."""
    got: dict[str, str] = {}
    for i, key in header.items():
        if i < len(row):
            got[key] = clean(row[i].text)
    nature = normalise_nature(got.get("nature", ""))
    value, unit = got.get("value", ""), got.get("unit", "")
    if "nature" not in header.values():  # 指标值 carries the operator: "≥90%"
        nature, value, unit2 = split_value(value)
        unit = unit or unit2
    weight = None
    if got.get("weight"):
        try:
            weight = parse_amount(got["weight"])
        except AmountError as exc:
            at = next(row[i].location for i, key in header.items() if key == "weight")
            report.notices.append(f"{at}：权重“{got['weight']}”不是数（{exc}），未导入该权重")
    return Indicator(level1=got.get("level1", ""), level2=got.get("level2", ""), level3=got.get("level3", ""),
                     nature=nature, value=value, unit=unit, weight=weight,
                     core=_core(got["core"]) if "core" in got else None,
                     description=got.get("description", ""), basis=got.get("basis", ""))


# -- targets written as prose (Hebei: 部门整体绩效目标 in the 情况说明) -----------------------------


def read_text_target(section: Section, key: str, forms: PerformanceForms) -> PerformanceTarget:
    """Paragraphs under the form's headings become fields (总体绩效目标 → goal, 分项绩效目标 → tasks)."""
    form = section.form
    headings = {fold(h): f for f, h in form.text_headings.items()}
    values: dict[str, list[str]] = {}
    current: str | None = None
    for row in section.rows:
        if _indicator_header(row):
            continue  # the empty indicator table our export prints under the prose: column titles, not text
        for cell in row:
            t = clean(cell.text)
            if not t:
                continue
            if t.startswith("[bookmark") or _CHAPTER.match(t):
                current = None  # the next chapter of the 情况说明
                break
            heading = next((f for h, f in headings.items() if fold(t).endswith(h) and len(t) <= len(h) + 6), None)
            if heading:
                current = heading
                values.setdefault(current, [])
            elif current:
                values[current].append(t)
        else:
            continue
        break
    return PerformanceTarget(key=key, kind=form.kind, money_unit=forms.money_unit, source=section.title.location,
                             **{f: "\n".join(v) for f, v in values.items()})
