"""绩效自评表 (决算) read from rows of cells: PDF grids, workbook sheets and text alike.

A 自评表 sets the year's targets against what was done: the funding block (年初预算数, 全年预算数, 全年执行数, and
the 分值/执行率/得分 of budget execution) per line, the 预期目标 beside the 实际完成情况, then the indicators with
年度指标值, 实际完成值, 分值, 得分 and the 偏差原因, and the 总分. Every part is found by its words, in any column
order. A PDF page's grid prints a merged cell once per column it spans, sometimes cut short (“培养实践锻炼、跟”
beside “培养实践锻炼、跟班学习干部人数”): the columns under one heading are read as one, taking their longest
text. Rows the form has no place for (a 部门整体's 年度主要任务) are kept on the target with their headings.
"""

from __future__ import annotations

import re
from decimal import Decimal

from budgetdesk.core.money import AmountError, parse_amount
from budgetdesk.core.performance.model import EVALUATION, Funding, Indicator, PerformanceTarget, TargetKind
from budgetdesk.core.text import fold
from budgetdesk.io.read.import_report import GridCell, ImportReport
from budgetdesk.io.read.performance.grid import (MADE_BY, POINTS, UNIT_LINE, Section, amount_or_none, clean,
                                                 is_chapter, split_code_name)

# the funding block's column headings (folded, without their “（A）”/“（万元）”) → what the column holds
_FUNDING_WORDS = (("年初预算数", "initial"), ("年初预算", "initial"), ("全年预算数", "amount"), ("调整后预算数", "amount"),
                  ("全年执行数", "executed"), ("执行数", "executed"), ("分值", "weight"), ("执行率", "rate"),
                  ("得分", "score"))
# the indicator table's headings → Indicator field (a heading starting with one of these words)
_INDICATOR_WORDS = (("一级指标", "level1"), ("二级指标", "level2"), ("三级指标", "level3"), ("指标内容", "level3"),
                    ("指标名称", "level3"), ("年度指标值", "value"), ("指标值", "value"), ("目标值", "value"),
                    ("预期指标值", "value"), ("实际完成值", "actual"), ("实际完成指标值", "actual"), ("实际值", "actual"),
                    ("全年实际完成值", "actual"), ("全年实际值", "actual"), ("实际完成", "actual"),
                    ("完成值", "actual"), ("分值", "weight"), ("权重", "weight"), ("得分", "score"),
                    ("偏差原因", "deviation"), ("未完成原因", "deviation"))
# the fields' labels, folded and without brackets (“部门（单位）名称” → 部门名称)
_FIELD_LABELS = (("项目名称", "name"), ("部门名称", "name"), ("单位名称", "name"), ("项目编码", "code"),
                 ("项目代码", "code"), ("主管部门", "department"), ("实施单位", "unit"), ("项目单位", "unit"))
_GOAL_WORDS = (("预期目标", "goal"), ("年度目标", "goal"), ("目标实际完成情况", "achieved"), ("实际完成情况", "achieved"),
               ("完成情况", "achieved"))
_TOTAL_LINE = ("年度资金总额", "资金总额", "金额合计", "合计", "总计")
_SCORE_LINE = ("总分", "合计得分", "自评总分", "总得分")
_BRACKETS = re.compile(r"[(（][^()（）]*[)）]")
_SUB_CHAPTER = re.compile(r"^[(（][一二三四五六七八九十]+[)）]")
_MONEY = re.compile(r"[(（](万元|元)[)）]")
_YEAR_LINE = re.compile(r"^[(（]?\s*\d{4}\s*年度?\s*[)）]?$")
_OTHERS = "其中"
# a two-row funding heading's second row (全年预算数 over 总额 | 财政拨款 | 其他资金)
_SUB_HEADINGS = {"总额", "合计", "小计", "财政拨款", "当年财政拨款", "上年结转", "上年结转资金", "其他资金", "其他",
                 "财政资金", "自有资金", "专项资金", "一般公共预算", "政府性基金", "单位资金", "专户资金"}


def is_evaluation_title(text: str) -> bool:
    return "自评" in fold(clean(text))


# a cell holding a percentage (and maybe the 得分 run into it): a figure of the line, never its label
_RATE = re.compile(r"^[+-]?\d[\d,]*(?:\.\d+)?\s*[%％](?:\d+(?:\.\d+)?)?$")
_RATE_AND_SCORE = re.compile(r"^(\d+(?:\.\d+)?[%％])(\d+(?:\.\d+)?)$")
_FIGURE_LIKE = re.compile(r"^[+-]?[\d,，]+(?:\.\d*)?%?$")


def _readable(row: list[GridCell], report: ImportReport) -> list[GridCell]:
    """The row with each cell that looks like a figure but is none (30 digits, “1.2.3”) blanked and named in the
    report — never taken for a label, nor dropped in silence."""
    out = []
    for cell in row:
        text = clean(cell.text).replace(" ", "")
        if _FIGURE_LIKE.match(text) and not text.endswith("%"):
            try:
                parse_amount(text)
            except AmountError as exc:
                report.notices.append(f"{cell.location}：“{text}”不是金额（{exc}），未读入")
                cell = GridCell("", cell.location)
        out.append(cell)
    return out


def _word(text: str, words) -> str | None:
    t = _BRACKETS.sub("", fold(clean(text))).replace(" ", "").rstrip(":：")
    for word, name in words:
        if t.startswith(word):
            return name
    return None


def _groups(row: list[GridCell], words) -> dict[str, list[int]]:
    """Heading → the columns under it: a heading printed over consecutive columns (a merged cell) is one column."""
    found: dict[str, list[int]] = {}
    last: str | None = None
    for i, cell in enumerate(row):
        name = _word(cell.text, words) if cell.text.strip() else None
        if name is not None and (name not in found or last == name):
            found.setdefault(name, []).append(i)
        last = name if name is not None else (last if not cell.text.strip() and last else None)
    return found


def _text(row: list[GridCell], columns: list[int]) -> str:
    """The longest text of the columns (a merged cell printed once per column, some copies cut short)."""
    texts = [clean(row[i].text) for i in columns if i < len(row) and clean(row[i].text)]
    return max(texts, key=len) if texts else ""


def _number(row: list[GridCell], columns: list[int]) -> Decimal | None:
    for i in columns:
        if i < len(row):
            value = amount_or_none(clean(row[i].text).replace(",", ""))
            if value is not None:
                return value
    return None


def read_evaluation(section: Section, report: ImportReport, money_unit: str) -> PerformanceTarget | None:
    """The target of one 自评表 (None when nothing of one was found)."""
    title = clean(section.title.text)
    kind = TargetKind.OVERALL if "整体" in fold(title) else TargetKind.PROJECT
    values: dict[str, object] = {}
    funding: list[Funding] = []
    extra: list[tuple[str, str]] = []
    indicators: list[Indicator] = []
    unit = ""
    funding_columns: dict[str, list[int]] | None = None
    sub: dict[int, str] = {}  # a two-row funding heading: column → its sub-heading (总额, 财政拨款 …)
    headings: dict[int, str] = {}  # the funding block's column → its heading as printed
    goal_columns: dict[str, list[int]] | None = None
    columns: dict[str, list[int]] | None = None
    above = Indicator()
    rows = [_readable(row, report) for row in section.rows]
    for r, row in enumerate(rows):
        texts = [clean(c.text) for c in row]
        filled = [t for t in texts if t]
        if not filled:
            continue
        first = filled[0]
        if columns is None and not unit:  # (not an indicator's “人均成本（元）”)
            m = next((found for t in filled if (found := _MONEY.search(t) or UNIT_LINE.match(t))), None)
            unit = m.group(1) if m else ""
        if columns is not None:  # the indicator table
            if any(fold(t).replace(" ", "") in _SCORE_LINE for t in filled):
                values["score_weight"] = _number(row, columns.get("weight", []))
                values["score"] = _number(row, columns.get("score", []))
                break
            if is_chapter(first) or _SUB_CHAPTER.match(first):
                break
            ind = _indicator(row, columns, above)
            if ind is not None:
                indicators.append(ind)
                above = ind
            continue
        heading = _groups(row, _INDICATOR_WORDS)
        if "level1" in heading and "level3" in heading and ("score" in heading or "actual" in heading):
            columns = heading
            continue
        goals = _groups(row, _GOAL_WORDS)
        if "goal" in goals and "achieved" in goals and len(filled) <= sum(map(len, goals.values())) + 2:
            goal_columns = goals
            continue
        if goal_columns is not None:
            for name, cols in goal_columns.items():
                text = _text(row, cols)
                if text:
                    values[name] = f"{values[name]}{text}" if values.get(name) else text
            continue
        heading = _groups(row, _FUNDING_WORDS)
        if len(heading) >= 3 and ("amount" in heading or "executed" in heading):
            funding_columns = heading
            headings = {i: _BRACKETS.sub("", clean(row[i].text)) for cols in heading.values() for i in cols}
            nxt = rows[r + 1] if r + 1 < len(rows) else []
            named = {i: fold(clean(c.text)) for i, c in enumerate(nxt) if clean(c.text)}
            if len(named) >= 2 and all(t in _SUB_HEADINGS for t in named.values()):
                sub = named  # 总额 | 财政拨款 | 其他资金 under 全年预算数, and again under 全年执行数
            continue
        if funding_columns is not None:
            if sub and all(sub.get(i) == fold(t) for i, t in enumerate(texts) if t):
                continue  # the sub-headings' own row
            _funding_row(row, funding_columns, sub, headings, values, funding, extra)
            continue
        label = _word(first, _FIELD_LABELS) if len(first) <= 12 else None
        if label is not None:
            _fields(texts, values)
            continue
        if _YEAR_LINE.match(first.replace(" ", "")) or fold(first).startswith(("单位", "金额单位")) \
                or MADE_BY.match(first):
            continue  # the lines under the title: 年度, 编制单位, 单位：万元
        _keep(extra, "其他", " ".join(dict.fromkeys(filled)))
    if not indicators and not values and not funding:
        return None
    name = str(values.pop("name", ""))
    code, name = split_code_name(name) if "code" not in values else (str(values.pop("code")), name)
    if kind is TargetKind.PROJECT and not name:
        name = re.sub(r"(项目)?(支出)?绩效自评表$", "", re.sub(r"^.*?\d{4}年度?", "", title)) or title
    return PerformanceTarget(key="", kind=kind, name=name, code=code, stage=EVALUATION,
                             money_unit=unit or money_unit, funding=tuple(funding), extra=tuple(extra),
                             indicators=tuple(indicators), source=f"{section.title.location}",
                             **{k: v for k, v in values.items() if v is not None})


def _fields(texts: list[str], values: dict[str, object]) -> None:
    """A row of labels each followed by its value (主管部门 | [292] | 国家信访局 | 实施单位 | 国家信访局)."""
    current: str | None = None
    for t in texts:
        name = _word(t, _FIELD_LABELS) if t and len(t) <= 12 else None
        if name is not None:
            current = name
            values.setdefault(name, "")
            continue
        if current is None or not t:
            continue
        parts = [p for p in str(values[current]).split(" ") if p]
        if any(p.startswith(t) for p in parts):
            continue  # a copy of a merged cell, or one cut short (“西安市卫生健康委”)
        parts = [p for p in parts if not t.startswith(p)] + [t]
        values[current] = " ".join(parts)


_DASHES = {"—", "--", "-", "－", "——", "/", "／"}


def _figure(row: list[GridCell], i: int) -> Decimal | None:
    return amount_or_none(clean(row[i].text).replace(",", "")) if i < len(row) else None


def _caption(text: str) -> bool:
    """Words of the block's frame, not a line's label: 项目资金（万元）, a lone “（万元）”, “其中：”."""
    t = text.replace(" ", "")
    return t.startswith("项目资金") or bool(re.fullmatch(r"[(（](万元|元)[)）]|其中[:：]?", t))


def _funding_row(row: list[GridCell], columns: dict[str, list[int]], sub: dict[int, str], headings: dict[int, str],
                 values: dict[str, object], funding: list[Funding], extra: list[tuple[str, str]]) -> None:
    """One line of the funding block: the 年度资金总额 (the target's own figures), a source, a line of words kept
    with its label, or — under a two-row heading — a 年度主要任务 (kept with the headings of its figures) and their
    金额合计 (split into the sources printed). A line's label is the words before its first figure, in whichever
    column they stand (a form with no 年初预算数 prints its labels there)."""
    start = min(i for cols in columns.values() for i in cols)
    figures = [i for i in range(len(row)) if _figure(row, i) is not None]
    words = [(i, t) for i, c in enumerate(row) if (t := clean(c.text)) and t not in _DASHES
             and not _RATE.match(t) and not _caption(t) and len(re.sub(r"[()（）:：\s]", "", t)) >= 2]
    if not figures:  # a line of words: a source printed blank, or a field kept (our export's 年度主要任务)
        if not words:
            return  # (a heading's wrapped end: “数 | ）”)
        label = words[0][1].removeprefix(_OTHERS).lstrip(":：").strip() if words[0][0] < start else "其他"
        said = [t for i, t in (words[1:] if words[0][0] < start else words)]
        if said:
            _keep(extra, label, " ".join(dict.fromkeys(said)))
        elif not sub and not any(fold(label).startswith(w) for w in _TOTAL_LINE):
            funding.append(Funding(label, None))
        return
    before = [t.removeprefix(_OTHERS).lstrip(":：").strip() for i, t in words if i < figures[0]]
    label = max((t for t in before if t), key=len, default="")
    total = any(fold(label).replace(" ", "").startswith(w) for w in _TOTAL_LINE)
    if sub:  # 全年预算数 总额/财政拨款/其他资金: each column its own figure
        by_sub = {(name, sub.get(i, "")): _figure(row, i) for name, cols in columns.items() for i in cols}
        if not total:
            cells = [clean(c.text) for c in row[:start] if clean(c.text)]
            figures_said = "，".join(f"{headings.get(i, name)}{sub.get(i, '')} {clean(row[i].text)}"
                                     for name, cols in columns.items() for i in cols
                                     if i < len(row) and clean(row[i].text))
            _keep(extra, "年度主要任务", "；".join(dict.fromkeys(cells)) + (f"（{figures_said}）" if figures_said else ""))
            return
        main = {name: next((by_sub[(name, s)] for s in ("总额", "合计", "小计", "")
                            if by_sub.get((name, s)) is not None), None) for name in columns}
        sources = list(dict.fromkeys(s for (_n, s) in by_sub if s and s not in ("总额", "合计", "小计")))
        for s in sources:
            funding.append(Funding(s, by_sub.get(("amount", s)), "", by_sub.get(("initial", s)),
                                   by_sub.get(("executed", s))))
    else:
        main = {name: _number(row, cols) for name, cols in columns.items() if name != "rate"}
    rate = _text(row, columns.get("rate", []))
    joined = _RATE_AND_SCORE.match(rate.replace(" ", ""))
    if joined and main.get("score") is None:  # “99.96%10”: the 得分 run into the 执行率 (a PDF's cells)
        rate, main["score"] = joined.group(1), Decimal(joined.group(2))
    if total:
        values.update({"initial_total": main.get("initial"), "total": main.get("amount"),
                       "executed": main.get("executed"), "execution_weight": main.get("weight"),
                       "execution_score": main.get("score")})
        if rate and rate not in _DASHES:
            values["execution_rate"] = rate
    elif label and not sub:
        funding.append(Funding(label, main.get("amount"), "", main.get("initial"), main.get("executed")))


def _keep(extra: list[tuple[str, str]], label: str, text: str) -> None:
    """A field kept as printed; lines of one label (each 年度主要任务) are one field, a line each."""
    for n, (have, said) in enumerate(extra):
        if have == label:
            extra[n] = (label, f"{said}\n{text}")
            return
    extra.append((label, text))


def _indicator(row: list[GridCell], columns: dict[str, list[int]], above: Indicator) -> Indicator | None:
    """One indicator row; a blank 一级/二级指标 is the one above (a merged cell printed once)."""
    got = {name: _text(row, cols) for name, cols in columns.items()}
    weight, score = _number(row, columns.get("weight", [])), _number(row, columns.get("score", []))
    if not (got.get("level3") or got.get("value") or got.get("actual")) and weight is None and score is None:
        return None
    level1 = POINTS.sub("", got.get("level1", "")).strip() or above.level1
    level2 = got.get("level2", "") or (above.level2 if not got.get("level1") else "")
    return Indicator(level1=level1, level2=level2, level3=got.get("level3", ""), value=got.get("value", ""),
                     actual=got.get("actual", ""), weight=weight, score=score, deviation=got.get("deviation", ""))
