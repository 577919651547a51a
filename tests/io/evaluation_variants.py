"""绩效自评表 as other units print them: the corpus's real forms rewritten the ways real forms differ (issue 26).

The truth is every 自评表 of the two real 决算 packages (国家信访局 2024: 4, 西安卫健委 2022: 88 — a 部门整体 and 87
项目 forms, 788 indicators), read from their PDFs. ``make_variant(target, n)`` prints one again, deterministically from
``n``, as rows of cell texts:

- titles reworded (“<项目名称>项目绩效自评表”, “2022年度项目支出绩效自评表”, “部门（单位）整体支出绩效自评表” …);
- the field labels reworded and in either order, on rows of their own or together on one row;
- the funding block's six columns in any order, their headings reworded (“全年预算数（A）”, “执行率（B/A）” …), the
  amounts in 万元 or in 元 (×10 000, exact, said in “项目资金（元）”), the first source with “其中：” or without;
- 预期目标 / 实际完成情况 reworded, their texts on the next row;
- the indicator columns in any order and reworded (年度指标值/指标值/目标值, 实际完成值/实际值, 分值, 得分,
  偏差原因分析及改进措施/未完成原因分析), 一级/二级指标 printed once per group (merged cells) or on every row, a
  leading 绩效指标 cell or not; the 总分 row under the 分值 and 得分 columns;
- each form a page of its own, or all of them one after another on one sheet.

``measure`` reads the variants with the reader every path uses (``read_performance_grids``) into an empty 决算
document and compares form by form, field by field, indicator by indicator, and the 自评表 findings of what was read
with those of the truth (a finding the truth does not have is false). What a form keeps as printed without a field
(the 部门整体's 年度主要任务) is not printed in the variants and not compared.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from budgetdesk.core.document import Document, UnitMeta
from budgetdesk.core.engine import check_document
from budgetdesk.core.performance import PerformanceTarget, TargetKind
from budgetdesk.io.files import open_document
from budgetdesk.io.read.import_report import ImportReport
from budgetdesk.io.read.performance.text import read_performance_grids
from budgetdesk.resources import load_template
from tests.io.read.region_reading import REAL

SOURCES = ("zy_gjxfj_2024_final.pdf", "sn_xa_wjw_2022_final.pdf")
TEMPLATE = "central-final-accounts"

PROJECT_TITLES = ("{name}项目绩效自评表", "{y}年度项目支出绩效自评表", "项目支出绩效自评表（{y}年度）", "{name}绩效自评表",
                  "{y}年{name}项目支出绩效自评表")
OVERALL_TITLES = ("部门整体支出绩效自评表", "{y}年部门（单位）整体支出绩效自评表", "{y}年度单位整体支出绩效自评表")
NAME = {TargetKind.PROJECT: ("项目名称",), TargetKind.OVERALL: ("部门（单位）名称", "部门名称", "单位名称")}
DEPARTMENT, UNIT = ("主管部门",), ("实施单位", "项目单位")
FUNDING = {"initial": ("年初预算数", "年初预算数（万元）"), "amount": ("全年预算数", "全年预算数（A）", "调整后预算数"),
           "executed": ("全年执行数", "全年执行数（B）", "执行数"), "weight": ("分值",), "rate": ("执行率", "执行率（B/A）"),
           "score": ("得分",)}
GOALS = (("预期目标", "实际完成情况"), ("预期目标（年初设定）", "目标实际完成情况"), ("年度目标", "实际完成情况"))
COLUMNS = {"level1": ("一级指标",), "level2": ("二级指标",), "level3": ("三级指标", "指标内容", "指标名称"),
           "value": ("年度指标值", "指标值", "目标值"), "actual": ("实际完成值", "实际值", "全年实际完成值"),
           "weight": ("分值",), "score": ("得分",), "deviation": ("偏差原因分析及改进措施", "未完成原因分析", "偏差原因分析")}
TEN_THOUSAND = Decimal(10000)


@lru_cache(maxsize=1)
def truth() -> tuple[PerformanceTarget, ...]:
    """Every 自评表 of the real packages, as read from their PDFs (keys and sources dropped: not printed)."""
    out = []
    for name in SOURCES:
        doc, _ = open_document(REAL / name)
        out += [t.evolve(key="", source="", extra=()) for t in doc.performance if t.is_evaluation]
    return tuple(out)


def _figure(value: Decimal | None, yuan: bool) -> str:
    if value is None:
        return ""
    return f"{value * TEN_THOUSAND:,.2f}" if yuan else f"{value:f}"


def _score(value: Decimal | None) -> str:
    return "" if value is None else f"{value:f}"


def make_variant(target: PerformanceTarget, n: int) -> list[list[str]]:
    """Rows of cell texts printing ``target`` in the ``n``-th way (a title row first)."""
    rnd = random.Random(n)
    yuan = rnd.random() < 0.3
    titles = OVERALL_TITLES if target.kind is TargetKind.OVERALL else PROJECT_TITLES
    rows = [[rnd.choice(titles).format(y=2024, name=target.name)]]
    fields = [[rnd.choice(NAME[target.kind]), target.name]]
    if target.kind is TargetKind.PROJECT:
        people = [[rnd.choice(DEPARTMENT), target.department], [rnd.choice(UNIT), target.unit]]
        fields += [people[0] + people[1]] if rnd.random() < 0.5 else people
    rows += fields
    order = list(FUNDING)
    rnd.shuffle(order)
    rows.append([f"项目资金（{'元' if yuan else '万元'}）", ""] + [rnd.choice(FUNDING[k]) for k in order])
    total = {"initial": _figure(target.initial_total, yuan), "amount": _figure(target.total, yuan),
             "executed": _figure(target.executed, yuan), "weight": _score(target.execution_weight),
             "rate": target.execution_rate, "score": _score(target.execution_score)}
    rows.append(["", "年度资金总额"] + [total[k] for k in order])
    for i, f in enumerate(target.funding):
        line = {"initial": _figure(f.initial, yuan), "amount": _figure(f.amount, yuan),
                "executed": _figure(f.executed, yuan), "weight": "—", "rate": "—", "score": "—"}
        label = ("其中：" if i == 0 and rnd.random() < 0.5 else "") + f.source
        rows.append(["", label] + [line[k] for k in order])
    goal, achieved = rnd.choice(GOALS)
    rows += [["年度总体目标", goal, achieved], ["", target.goal, target.achieved]]
    columns = list(COLUMNS)
    rnd.shuffle(columns)
    lead = [rnd.choice(("绩效指标", "年度绩效指标"))] if rnd.random() < 0.6 else []
    rows.append(lead + [rnd.choice(COLUMNS[c]) for c in columns])
    merged = rnd.random() < 0.5
    above = None
    for ind in target.indicators:
        cells = {"level1": ind.level1, "level2": ind.level2, "level3": ind.level3, "value": ind.value,
                 "actual": ind.actual, "weight": _score(ind.weight), "score": _score(ind.score),
                 "deviation": ind.deviation}
        if merged and above is not None:  # a merged 一级/二级指标 cell prints once, on its group's first row
            if ind.level1 == above.level1:
                cells["level1"] = ""
                if ind.level2 == above.level2:
                    cells["level2"] = ""
        rows.append([""] * len(lead) + [cells[c] for c in columns])
        above = ind
    if target.score_weight is not None or target.score is not None:
        foot = {c: "" for c in columns}
        foot["weight"], foot["score"] = _score(target.score_weight), _score(target.score)
        cells = [foot[c] for c in columns]
        if lead:  # under the 绩效指标 cell
            rows.append(["总分"] + cells)
        else:  # in the first column that holds no figure of it
            cells[next(i for i, c in enumerate(columns) if c not in ("weight", "score"))] = "总分"
            rows.append(cells)
    return rows


def in_unit(target: PerformanceTarget, unit: str) -> PerformanceTarget:
    """The truth in the unit a variant printed (元: every amount × 10 000, exact)."""
    if unit == target.money_unit:
        return target
    scale = (lambda v: None if v is None else v * TEN_THOUSAND)
    from dataclasses import replace

    return target.evolve(money_unit=unit, total=scale(target.total), initial_total=scale(target.initial_total),
                         executed=scale(target.executed),
                         funding=tuple(replace(f, amount=scale(f.amount), initial=scale(f.initial),
                                               executed=scale(f.executed)) for f in target.funding))


FIELDS = ("kind", "name", "department", "unit", "money_unit", "total", "initial_total", "executed", "execution_weight",
          "execution_rate", "execution_score", "score_weight", "score", "funding", "goal", "achieved", "stage")


@dataclass
class Recall:
    forms: int = 0
    forms_read: int = 0  # every field and indicator equal
    indicators: int = 0
    indicators_read: int = 0
    false_findings: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: "Recall") -> None:
        self.forms += other.forms
        self.forms_read += other.forms_read
        self.indicators += other.indicators
        self.indicators_read += other.indicators_read
        self.false_findings += other.false_findings
        self.misses += other.misses


def _findings(targets) -> set[tuple[str, str]]:
    doc = Document(load_template(TEMPLATE), UnitMeta(unit_name="某单位", year=2024))
    for i, t in enumerate(targets):
        doc.performance.add(t.evolve(key=f"t{i}"))
    return {(f.rule, f.row) for f in check_document(doc) if f.table == "performance" and f.severity.value != "info"}


def measure(n: int, forms: tuple[PerformanceTarget, ...] | None = None) -> Recall:
    """Read the ``n``-th variant of every form and compare with the truth: each form a page of its own, or (odd
    ``n``) all of them one after another on one sheet, cut at their titles."""
    forms = truth() if forms is None else forms
    doc = Document(load_template(TEMPLATE), UnitMeta(unit_name="某单位", year=2024))
    grids = [make_variant(t, n + i) for i, t in enumerate(forms)]
    together = n % 2 == 1
    pages = [("第1页", [row for rows in grids for row in rows])] if together else \
        [(f"第{i + 1}页", rows) for i, rows in enumerate(grids)]
    read = read_performance_grids(doc, pages, ImportReport(source="variant"))
    if together:  # in printed order (整体 first: the reader's order)
        order = sorted(range(len(forms)), key=lambda i: forms[i].kind is not TargetKind.OVERALL)
        by_page = {f"{i + 1}页": t for i, t in zip(order, read)} if len(read) == len(forms) else {}
    else:
        by_page = {t.source.split("第")[1]: t for t in read}
    result = Recall(forms=len(forms), indicators=sum(len(t.indicators) for t in forms))
    expected_read = []
    for i, want in enumerate(forms):
        got = by_page.get(f"{i + 1}页")
        if got is None:
            result.misses.append(f"form {i}: not read")
            continue
        want = in_unit(want, got.money_unit)
        expected_read.append((want, got))
        same = [k for k in FIELDS if getattr(want, k) != getattr(got, k)]
        pairs = list(zip(want.indicators, got.indicators))
        equal = sum(1 for a, b in pairs if a == b) if len(want.indicators) == len(got.indicators) else 0
        result.indicators_read += equal
        if not same and equal == len(want.indicators):
            result.forms_read += 1
        else:
            result.misses.append(f"form {i} ({want.name}): fields {same}, indicators {equal}/{len(want.indicators)}")
    truth_findings = _findings([w for w, _ in expected_read])
    read_findings = _findings([g.evolve(source="", key="") for _, g in expected_read])
    result.false_findings = len(read_findings - truth_findings)
    return result
