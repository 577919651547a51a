"""绩效目标表 as other units print them: the seeds' forms rewritten the ways real forms differ (issue 26).

The truth is every target the three seeds hold (北碚 4, 永川 45, 海港 25: 整体, 专项 and project forms with their
indicators), read from the seed texts by the template readers. ``make_variant(truth, n)`` prints them again,
deterministically from ``n``, in a layout no template describes:

- titles reworded (“2024年财政资金项目支出绩效目标表”, “部门（单位）整体支出绩效目标表”, “<项目名称>绩效目标表” …);
- field labels reworded (资金总额/项目资金总额/当年预算/预算数 …), fields in any order, one to three label/value
  pairs a row (merged rows) or a label alone with its value on the next row (split rows), “项目名称：…” in one cell;
- codes before the name with “-”, a space, or in their own 项目编码 row; 主管部门 with its code in brackets;
- amounts in 万元 or in 元 (×10 000, exact), said in a “单位：” line or after the label (“资金总额（元）”);
- indicator columns in any order and reworded, 指标值 and 指标性质 either way or written together (“≥95%”),
  一级/二级指标 printed once per group (merged cells) or on every row, a leading 绩效指标 cell or not;
- one form per sheet or many per sheet, or all in one text.

``measure`` reads a variant with the reader every path uses (``read_performance_grids``, or the workbook reader
for sheets) into an empty document of a template set and compares form by form, indicator by indicator, and
the 绩效 findings of the read targets with those of the truth (a finding the truth does not have is false).
Used by ``tests/io/read/test_performance_recall.py`` (a fast fixed slice) and ``benchmarks/performance_recall_bench.py``.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path
from dataclasses import dataclass, field, replace
from decimal import Decimal

from budgetdesk.core.document import Document, UnitMeta
from budgetdesk.core.engine import check_document
from budgetdesk.core.performance import PerformanceTarget, TargetKind
from budgetdesk.core.performance.model import Indicator
from budgetdesk.core.text import fold
from budgetdesk.io.read.disclosure_text import read_disclosure
from budgetdesk.io.read.import_report import GridCell, ImportReport
from budgetdesk.io.read.performance.meaning import indicator_header
from budgetdesk.io.read.performance.text import read_performance_grids, text_page_rows
from budgetdesk.io.files import open_document
from budgetdesk.io.read.performance.workbook import read_performance_sheets
from budgetdesk.io.read.workbook_read import read_workbook_grids
from budgetdesk.io.write.xlsx_export import export_xlsx
from budgetdesk.resources import load_template
from tests.conftest import SEED_FILES
from tests.io.workbook_variants import write_book

TEMPLATE_SETS = ("cq-budget", "cq-budget-beibei", "hebei-budget")
YEAR = 2024

TITLES = {
    TargetKind.OVERALL: ("{y}年部门（单位）整体支出绩效目标表", "部门整体支出绩效目标表", "{y}年度单位整体支出绩效目标表",
                         "整体支出绩效目标表（{y}年度）", "{y}年部门整体绩效目标表"),
    TargetKind.PROGRAM: ("{y}年重点专项绩效目标表", "重点专项绩效目标表（一级项目）", "{y}年度区级重点专项绩效目标表"),
    TargetKind.PROJECT: ("{y}年财政资金项目支出绩效目标表", "项目支出绩效目标表", "{y}年度项目支出绩效目标表",
                         "{name}绩效目标表", "{i}、{name}项目支出绩效目标表", "财政资金项目支出绩效目标表（{y}年度）"),
}
LABELS = {
    "name": ("项目名称",), "overall_name": ("部门名称", "单位名称", "部门（单位）名称"),
    "program_name": ("专项名称", "一级项目名称", "项目名称"),
    "code": ("项目编码", "项目代码"),
    "department": ("主管部门", "主管部门及代码", "业务主管部门"),
    "unit": ("实施单位", "实施单位及代码", "项目实施单位"),
    "total": ("资金总额", "项目资金总额", "当年预算", "预算数", "年度资金总额"),
    "overall_total": ("预算支出总额", "部门支出预算总额", "支出预算总额"),
    "basic": ("基本支出",), "project": ("项目支出",),
    "attribute": ("项目属性", "项目分类", "项目类型"),
    "period": ("起止时间", "项目期限", "实施期限"),
    "overview": ("项目概况", "项目概述", "项目简介"),
    "basis": ("立项依据", "设立依据"),
    "goal": ("当年绩效目标", "项目当年绩效目标", "年度绩效目标"),
    "overall_goal": ("年度总体目标", "当年整体绩效目标", "整体绩效目标"),
    "tasks": ("年度主要任务", "主要任务"),
}
COLUMNS = {
    "level1": ("一级指标",), "level2": ("二级指标",), "level3": ("三级指标", "指标名称", "指标内容"),
    "nature": ("指标性质", "绩效指标性质"), "value": ("指标值", "绩效指标值", "目标值"),
    "unit": ("计量单位", "度量单位", "绩效度量单位"), "weight": ("权重", "指标权重", "权重（%）"),
    "description": ("绩效指标描述",), "basis": ("指标值确定依据",),
}

Sheets = list[tuple[str, list[list[str]]]]


def seed_truth() -> list[PerformanceTarget]:
    """Every target of the three seeds, as their own template readers read them."""
    out: list[PerformanceTarget] = []
    for name in ("beibei", "yongchuan", "haigang"):
        path, template = SEED_FILES[name]
        doc, _ = read_disclosure(path, load_template(template))
        out.extend(t.evolve(key=f"{name}:{t.key}") for t in doc.performance)
    return out


def _one_line(text: str) -> str:
    return " ".join(x.strip() for x in (text or "").split("\n") if x.strip())


@dataclass
class Variant:
    pages: Sheets  # (sheet or page name, rows of cell texts)
    truth: list[PerformanceTarget]  # the targets as printed (amounts in the printed unit)
    template: str
    kinds: list[str] = field(default_factory=list)  # the rewrites used, for the benchmark's breakdown
    as_sheets: bool = False
    layout_text: str = ""  # the pages as ``pdftotext -layout`` prints them (read through ``text_page_rows``)


def _printed_value(ind: Indicator) -> str:
    if ind.is_qualitative or not ind.nature:
        return ind.value
    return f"{ind.nature}{ind.value}{ind.unit}"


def _amount_text(value: Decimal, rng: random.Random, unit: str = "") -> str:
    text = f"{value:,.2f}" if rng.random() < 0.5 else f"{value:.2f}"
    return text + unit if unit and rng.random() < 0.25 else text  # “12.50万元” in the value cell


def render(t: PerformanceTarget, n: int, rng: random.Random, kinds: Counter) -> tuple[list[list[str]], PerformanceTarget]:
    """One form's rows, and the target as it is printed (amounts in the printed unit)."""
    rows: list[list[str]] = []
    yuan = rng.random() < 0.35
    scale = Decimal(10000) if yuan else Decimal(1)
    unit = "元" if yuan else "万元"
    printed = t.evolve(money_unit=unit,
                       total=None if t.total is None else t.total * scale,
                       basic=None if t.basic is None else t.basic * scale,
                       project=None if t.project is None else t.project * scale)
    title = rng.choice(TITLES[t.kind]).format(y=YEAR, name=t.name, i=n + 1)
    if rng.random() < 0.15:
        title = f"附件{n + 1}：{title}"
        kinds["title after 附件"] += 1
    rows.append([title])
    kinds["yuan" if yuan else "wanyuan"] += 1
    unit_in_label = rng.random() < 0.3
    if not unit_in_label:
        rows.append([f"单位：{unit}"])
    if rng.random() < 0.4 and t.unit:
        rows.append([f"编制单位：{t.unit}"])
    pairs: list[tuple[str, str]] = []
    # a code and its name separated by a space alone: only codes of 6 characters or more (“401 重庆市…” is a name)
    code_style = rng.choice(("dash", "space", "row") if len(t.code) >= 6 else ("dash", "row")) if t.code else "none"
    kinds[f"code:{code_style}"] += 1
    name_label = rng.choice(LABELS["overall_name" if t.kind is TargetKind.OVERALL else
                                   "program_name" if t.kind is TargetKind.PROGRAM else "name"])
    if code_style == "dash":
        pairs.append((name_label, f"{t.code}-{t.name}"))
    elif code_style == "space":
        pairs.append((name_label, f"{t.code} {t.name}"))
    else:
        pairs.append((name_label, t.name))
        if code_style == "row":
            pairs.append((rng.choice(LABELS["code"]), t.code))
    money = "（元）" if yuan else "（万元）"
    total_label = rng.choice(LABELS["overall_total" if t.kind is TargetKind.OVERALL else "total"])
    if printed.total is not None:
        pairs.append((total_label + (money if unit_in_label else ""), _amount_text(printed.total, rng, unit)))
    funding = tuple(replace(f, amount=None if f.amount is None else f.amount * scale) for f in t.funding)
    parted = [f for f in funding if f.part]
    matrix: list[list[str]] = []
    if parted and printed.total is not None and rng.random() < 0.3:  # 永川's: two header rows, the figures below
        kinds["money under two header rows"] += 1
        sources = list(dict.fromkeys([f.source for f in parted] + ["专户资金", "单位资金"]))
        matrix.append(["总体资金情况", total_label + (money if unit_in_label else ""), LABELS["basic"][0],
                       *[""] * (len(sources)), LABELS["project"][0], *[""] * (len(sources) - 1)])
        matrix.append(["", "", "合计", *sources, "合计", *sources])
        figures = ["", _amount_text(printed.total, rng)]
        for part in ("basic", "project"):
            by = {f.source: f.amount for f in parted if f.part == part}
            total = getattr(printed, part)
            figures += ["" if total is None else _amount_text(total, rng)]
            figures += ["" if by.get(x) is None else _amount_text(by[x], rng) for x in sources]
        matrix.append(figures)
        pairs = [p for p in pairs if not p[0].startswith(total_label)]
    elif parted and rng.random() < 0.6:  # 整体: 合计 | 财政拨款 | 专户资金 | 单位资金 under 基本支出 and 项目支出
        kinds["money matrix"] += 1
        sources = list(dict.fromkeys([f.source for f in parted] + ["专户资金", "单位资金"]))
        matrix.append(["资金情况" + (money if unit_in_label else ""), "", "合计", *sources])
        for part in ("basic", "project"):
            by = {f.source: f.amount for f in parted if f.part == part}
            total = getattr(printed, part)
            matrix.append(["", LABELS[part][0], "" if total is None else _amount_text(total, rng),
                           *("" if by.get(s) is None else _amount_text(by[s], rng) for s in sources)])
    else:
        funding = tuple(f for f in funding if not f.part)
        for f in ("basic", "project"):
            v = getattr(printed, f)
            if v is not None:
                pairs.append((LABELS[f][0] + (money if unit_in_label else ""), _amount_text(v, rng)))
    plain_funding = [f for f in funding if not f.part and f.amount is not None]
    if plain_funding and printed.total is not None and not matrix and rng.random() < 0.3:
        kinds["funding under 合计"] += 1  # 资金总额 | 合计 | 财政资金 | 其他资金, the figures on the next row
        pairs = [p for p in pairs if not p[0].startswith(total_label)]
        matrix.append([total_label + (money if unit_in_label else ""), "合计", *(f.source for f in plain_funding)])
        matrix.append(["", _amount_text(printed.total, rng), *(_amount_text(f.amount, rng) for f in plain_funding)])
    else:
        for f in plain_funding:
            pairs.append((f.source + (money if unit_in_label else ""), _amount_text(f.amount, rng)))
    printed = printed.evolve(funding=tuple(f for f in funding if f.amount is not None))
    if t.execution_weight is not None:
        pairs.append(("预算执行率权重", f"{t.execution_weight.normalize():f}"))
    for f in ("department", "attribute", "period", "overview", "basis", "tasks"):
        v = _one_line(getattr(t, f))
        if v:
            pairs.append((rng.choice(LABELS[f]), v))
    if t.kind is TargetKind.PROJECT and t.unit:
        pairs.append((rng.choice(LABELS["unit"]), t.unit))
    if t.goal:
        pairs.append((rng.choice(LABELS["overall_goal" if t.kind is TargetKind.OVERALL else "goal"]), _one_line(t.goal)))
    head, rest = pairs[0], pairs[1:]
    rng.shuffle(rest)
    pairs = [head] + rest
    style = rng.choice(("one", "merged", "split", "colon"))
    kinds[f"rows:{style}"] += 1
    k = 0
    while k < len(pairs):
        if style == "merged":
            take = rng.choice((1, 2, 3))
            row: list[str] = []
            for label, value in pairs[k:k + take]:
                row += [label, value]
            rows.append(row)
            k += take
            continue
        label, value = pairs[k]
        if style == "split" and rng.random() < 0.6:
            rows.append([label])
            rows.append([value])
        elif style == "colon" and len(value) < 60:
            rows.append([f"{label}：{value}"])
        else:
            rows.append([label, value])
        k += 1
    rows += matrix
    printed = printed.evolve(goal=_one_line(t.goal), name=t.name)
    if unit_in_label and all(v is None for v in (t.total, t.basic, t.project)):
        printed = printed.evolve(money_unit="万元")  # the unit is said nowhere: the template's (万元 in all three)
    if t.indicators:
        rows += _indicator_rows(t, rng, kinds)
    return rows, printed


def _indicator_rows(t: PerformanceTarget, rng: random.Random, kinds: Counter) -> list[list[str]]:
    have = {c for c in ("level1", "level2", "description", "basis")
            if any(getattr(i, c) for i in t.indicators)}
    combined = rng.random() < 0.35
    kinds["values:together" if combined else "values:apart"] += 1
    directions = not combined and rng.random() < 0.25  # 指标性质 printed as 正向指标 (≥) / 反向指标 (≤)
    if directions:
        kinds["正向/反向指标"] += 1
    columns = [c for c in ("level1", "level2") if c in have] + ["level3"]
    columns += ["value"] if combined else ["nature", "value", "unit"]
    if any(i.weight is not None for i in t.indicators):
        columns.append("weight")
    columns += [c for c in ("description", "basis") if c in have]
    order = columns[:]
    if rng.random() < 0.6:  # reorder all but the levels (a form keeps 一级 before 二级 before 三级)
        tail = [c for c in order if c not in ("level1", "level2", "level3")]
        rng.shuffle(tail)
        order = [c for c in order if c in ("level1", "level2", "level3")] + tail
        kinds["columns:reordered"] += 1
    lead = rng.random() < 0.5
    merged = rng.random() < 0.5
    kinds["levels:merged" if merged else "levels:each row"] += 1
    out = [(["绩效指标"] if lead else []) + [rng.choice(COLUMNS[c]) for c in order]]
    prev: Indicator | None = None
    for ind in t.indicators:
        cells = []
        for c in order:
            if c == "value":
                cells.append(_printed_value(ind) if combined else ind.value)
            elif c == "nature" and directions and ind.nature in ("≥", "≤"):
                cells.append({"≥": "正向指标", "≤": "反向指标"}[ind.nature])
            elif c == "weight":
                cells.append("" if ind.weight is None else f"{ind.weight.normalize():f}")
            elif merged and c == "level1" and prev is not None and prev.level1 == ind.level1:
                cells.append("")
            elif merged and c == "level2" and prev is not None and prev.level1 == ind.level1 \
                    and prev.level2 == ind.level2:
                cells.append("")
            else:
                cells.append(getattr(ind, c))
        row = ([""] if lead else []) + cells
        at = row.index(ind.level3) if ind.level3 in row else -1
        if at > 0 and len(ind.level3) >= 8 and rng.random() < 0.15:  # 三级指标 broken over two rows
            kinds["indicator split over rows"] += 1
            half = len(ind.level3) // 2
            row[at] = ind.level3[:half]
            out += [row, [""] * at + [ind.level3[half:]] + [""] * (len(row) - at - 1)]
        else:
            out.append(row)
        prev = ind
    return out


def make_variant(truth: list[PerformanceTarget], n: int) -> Variant:
    """The seeds' forms printed in one rewritten layout (a sample of them, all kinds), deterministic in ``n``."""
    rng = random.Random(n)
    kinds: Counter = Counter()
    chosen = [t for t in truth if t.kind is not TargetKind.PROJECT]
    chosen = [rng.choice([t for t in chosen if t.kind is TargetKind.OVERALL])] + \
        [t for t in chosen if t.kind is TargetKind.PROGRAM and rng.random() < 0.5]
    chosen += rng.sample([t for t in truth if t.kind is TargetKind.PROJECT], 4)
    template = TEMPLATE_SETS[n % len(TEMPLATE_SETS)]
    as_sheets = n % 2 == 1
    forms = [render(t, i, rng, kinds) for i, t in enumerate(chosen)]
    printed = [p for _, p in forms]
    if as_sheets:
        per_sheet = rng.choice((1, 2, len(forms)))
        kinds[f"sheets:{'one form' if per_sheet == 1 else 'many forms'}"] += 1
        pages: Sheets = []
        for k in range(0, len(forms), per_sheet):
            chunk = forms[k:k + per_sheet]
            name = f"绩效{k // per_sheet + 1}"
            untitled = all(p.kind is TargetKind.PROJECT for _, p in chunk) and rng.random() < 0.4
            if untitled:  # the sheet's name is the only title: 项目支出绩效目标表（2）
                kinds["titled by the sheet name"] += 1
                name = f"项目支出绩效目标表（{k // per_sheet + 1}）"
            rows: list[list[str]] = []
            for form_rows, _ in chunk:
                rows += (form_rows[1:] if untitled else form_rows) + [[]]
            pages.append((name, rows))
    else:
        kinds["text"] += 1
        pages = [("", [r for form_rows, _ in forms for r in form_rows + [[]]])]
        if rng.random() < 0.5:
            kinds["pdf layout text"] += 1
            return Variant(pages, printed, template, sorted(kinds), False, layout_text(pages[0][1]))
    return Variant(pages, printed, template, sorted(kinds), as_sheets)


def layout_text(rows: list[list[str]]) -> str:
    """Rows as ``pdftotext -layout`` prints a form: cells two or more spaces apart, blank cells leaving only
    spaces; the indicator table's columns aligned (each cell starts where its column starts)."""
    lines: list[str] = []
    k = 0
    while k < len(rows):
        row = rows[k]
        if indicator_header([GridCell(t, "") for t in row]):
            end = next((j for j in range(k, len(rows)) if not rows[j]), len(rows))
            table = rows[k:end]
            width = max(len(r) for r in table)
            columns = [max(len(r[c]) if c < len(r) else 0 for r in table) + 3 for c in range(width)]
            for r in table:
                lines.append("".join((r[c] if c < len(r) else "").ljust(columns[c]) for c in range(width)).rstrip())
            k = end
            continue
        lines.append("    ".join(t for t in row if t))
        k += 1
    return "\n".join(lines)


SEED_OF = {"cq-budget": "yongchuan", "cq-budget-beibei": "beibei", "hebei-budget": "haigang"}
_BASE: dict[str, Sheets] = {}


def base_sheets(template: str, folder: Path) -> Sheets:
    """The budget tables of the template's seed as an exported workbook's visible sheets (no 绩效 sheet)."""
    if template not in _BASE:
        path, _ = SEED_FILES[SEED_OF[template]]
        doc = read_disclosure(path, load_template(template))[0]
        doc.performance.clear()
        grids, _ = read_workbook_grids(export_xlsx(doc, folder / f"{template}-base.xlsx"))
        _BASE[template] = [(n, [[c.text for c in row] for row in rows]) for n, rows in grids]
    return _BASE[template]


def read_variant(v: Variant, folder: Path | None = None) -> tuple[Document, ImportReport]:
    """The variant read as a disclosure's pages, or as sheets; with ``folder``, sheets go through a real .xlsx
    (the seed's budget tables and the variant's 绩效 sheets) opened like any other unit's workbook."""
    if v.as_sheets and folder is not None:
        book = write_book(base_sheets(v.template, folder) + v.pages, folder / f"variant-{id(v)}.xlsx")
        doc, report = open_document(book, v.template)
        return doc, report
    doc = Document(load_template(v.template), UnitMeta(unit_name="某单位", year=YEAR))
    report = ImportReport(source="变体")
    if v.layout_text:
        read_performance_grids(doc, [("第1页", text_page_rows(v.layout_text))], report)
    elif v.as_sheets:
        sheets = [(name, [[GridCell(text, f"{name}!{_col(c)}{r}") for c, text in enumerate(row)]
                          for r, row in enumerate(rows, 1)]) for name, rows in v.pages]
        read_performance_sheets(doc, sheets, {}, report)
    else:
        read_performance_grids(doc, v.pages, report)
    return doc, report


def _col(c: int) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[c] if c < 26 else f"A{'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[c - 26]}"


@dataclass
class Outcome:
    forms: int = 0
    forms_read: int = 0
    indicators: int = 0
    indicators_read: int = 0
    false_findings: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)


def _same_indicator(a: Indicator, b: Indicator) -> bool:
    return (a.level3, a.nature, a.value, a.unit, a.weight) == (b.level3, b.nature, b.value, b.unit, b.weight) \
        and (not a.level1 or a.level1 == b.level1) and (not a.level2 or a.level2 == b.level2) \
        and (a.description, a.basis) == (b.description, b.basis)


def _same_form(a: PerformanceTarget, b: PerformanceTarget) -> list[str]:
    wrong = []
    for f in ("kind", "code", "name", "total", "basic", "project", "money_unit"):
        if getattr(a, f) != getattr(b, f):
            wrong.append(f"{f}: {getattr(a, f)!r} ≠ {getattr(b, f)!r}")
    if {(f.part, f.source, f.amount) for f in a.funding} != {(f.part, f.source, f.amount) for f in b.funding}:
        wrong.append(f"funding: {a.funding} ≠ {b.funding}")
    if fold(a.goal) != fold(b.goal):
        wrong.append(f"goal: {a.goal[:20]!r} ≠ {b.goal[:20]!r}")
    return wrong


def measure(v: Variant, folder: Path | None = None) -> Outcome:
    doc, report = read_variant(v, folder)
    got = list(doc.performance)
    out = Outcome(forms=len(v.truth), indicators=sum(len(t.indicators) for t in v.truth))
    order = list(TargetKind)
    truth = sorted(v.truth, key=lambda t: order.index(t.kind))
    for k, t in enumerate(truth):
        r = got[k] if k < len(got) else None
        wrong = ["not read"] if r is None else _same_form(t, r)
        if wrong:
            out.misses.append(f"《{t.title}》: {wrong[:3]}")
        else:
            out.forms_read += 1
        if r is None:
            continue
        for i, ind in enumerate(t.indicators):
            if i < len(r.indicators) and _same_indicator(ind, r.indicators[i]):
                out.indicators_read += 1
            else:
                out.misses.append(f"《{t.title}》第{i + 1}个指标 {ind.level3}: "
                                  f"{r.indicators[i] if i < len(r.indicators) else '没有读出'}")
        if len(r.indicators) > len(t.indicators):
            out.misses.append(f"《{t.title}》多读出 {len(r.indicators) - len(t.indicators)} 个指标")
    if len(got) > len(truth):
        out.misses.append(f"多读出 {len(got) - len(truth)} 张表")
    out.false_findings = _false_findings(v, doc)
    return out


def _finding_keys(doc: Document) -> Counter:
    keys: Counter = Counter()
    for f in check_document(doc):
        if f.table == "performance":
            keys[(f.rule, f.row_label, f.column_label)] += 1
    return keys


def _false_findings(v: Variant, read: Document) -> list[str]:
    """Findings on the read targets that the same document with the targets as printed does not have
    (the read document's targets are replaced by the truth for the comparison: call last)."""
    found = _finding_keys(read)
    read.performance.clear()
    for t in v.truth:
        read.performance.add(t)
    extra = found - _finding_keys(read)
    return [f"{rule} “{row}” {column}" for (rule, row, column), c in extra.items() for _ in range(c)]
