"""Checks of the 绩效目标表, as rule kinds of the one engine (declared in a template set's ``rules``).

Each ``perf_*`` kind expands into one check per target (or per indicator) reading
``("performance", key)`` and, for the amount ties, the cells of the 支出总表 it compares with. The
findings use table ``performance`` and the target's key as row, so they sit in the same list as
the table findings and an officer can explain a warning the same way.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Sequence

from budgetdesk.core.document import Document
from budgetdesk.core.findings import CellRef, Finding, Severity, finding_key
from budgetdesk.core.money import AmountError, format_amount, parse_amount
from budgetdesk.core.performance.model import NATURES, Indicator, PerformanceTarget, TargetKind, short_level
from budgetdesk.core.checks import Check, Context, ReadKey, cell_key
from budgetdesk.core.rules import parse_ref
from budgetdesk.core.template import RuleSpec
from budgetdesk.core.tolerance import rounding_tolerance

TABLE = "performance"
TABLE_TITLE = "绩效目标表"
_UNIT_FACTORS = {"元": Decimal(1), "万元": Decimal(10000)}
FIELD_LABELS = {
    "name": "名称", "code": "编码", "department": "主管部门", "unit": "实施单位", "total": "资金总额",
    "basic": "基本支出", "project": "项目支出", "attribute": "项目属性", "period": "起止时间",
    "overview": "项目概况", "goal": "当年绩效目标", "tasks": "年度主要任务", "execution_weight": "预算执行率权重",
}

OVERALL_LABELS = {"total": "预算支出总额", "basic": "基本支出", "project": "项目支出"}


def convert(amount: Decimal, from_unit: str, to_unit: str) -> Decimal:
    """An amount in 元 or 万元 expressed in the other unit (exact: Decimal division by 10 000)."""
    if from_unit == to_unit or from_unit not in _UNIT_FACTORS or to_unit not in _UNIT_FACTORS:
        return amount
    return amount * _UNIT_FACTORS[from_unit] / _UNIT_FACTORS[to_unit]


def number(text: str) -> Decimal | None:
    """The indicator value as a number, or None when it is not one ("显著", "")."""
    t = (text or "").strip().rstrip("%％")
    if not t:
        return None
    try:
        return parse_amount(t)
    except AmountError:
        return None


def applies(rule: RuleSpec, target: PerformanceTarget) -> bool:
    """A rule of a 绩效目标表 checks the targets of its kinds; a ``perf_eval_*`` rule only 自评表, no other rule them
    (their 分值 are not the targets' 权重, their values are what was achieved)."""
    if rule.kind.startswith(EVALUATION_RULES) != target.is_evaluation:
        return False
    kinds = rule.params.get("kinds")
    return kinds is None or target.kind.value in kinds


EVALUATION_RULES = "perf_eval_"


class PerformanceCheck(Check):
    # the check reads a form's blanks (a field not filled): on a form rebuilt from a PDF page a blank may be a cell
    # the reading missed, so its findings there are 未核对 (the 自评表's checks compare printed figures only)
    reads_blanks = True

    def __init__(self, rule: RuleSpec, target_key: str, column: str | None = None, reads: Sequence[ReadKey] = ()):
        self.rule = rule
        self.target = CellRef(TABLE, target_key, column)
        self.reads = (("performance", target_key), *reads)

    def _target(self, doc: Document) -> PerformanceTarget | None:
        return doc.performance.get(self.target.row or "")

    def _finding(self, doc: Document, severity: Severity, message: str, **kw) -> Finding:  # type: ignore[override]
        t = self._target(doc)
        severity = Severity(self.rule.severity) if severity is None else severity
        key = finding_key(self.rule.id, TABLE, self.target.row, self.target.column)
        return Finding(
            rule=self.rule.id, severity=severity, table=TABLE, row=self.target.row, column=self.target.column,
            message=message,
            explanation=doc.explanations.get(key) if severity is Severity.WARNING else None,
            table_title=t.label + "表" if t else TABLE_TITLE, row_label=t.title if t else "",
            column_label=kw.pop("column_label", ""), source=t.source or None if t else None, **kw)

    def where(self, t: PerformanceTarget) -> str:
        return f"《{t.label}表》“{t.title}”"


# -- per target --------------------------------------------------------------------------------


class WeightsCheck(PerformanceCheck):
    def evaluate(self, doc: Document, ctx: Context) -> Finding | None:
        t = self._target(doc)
        if t is None or not t.indicators:
            return None
        expected = Decimal(str(self.rule.params.get("total", 100)))
        actual = t.weight_total()
        with_execution = self.rule.params.get("execution_weight") == "included" and t.execution_weight is not None
        if with_execution:
            actual += t.execution_weight
        if actual == expected:
            return None
        part = f"（含预算执行率权重 {format_amount(t.execution_weight, 0)}）" if with_execution else ""
        return self._finding(doc, Severity(self.rule.severity),
                             f"{self.where(t)}指标权重合计{part}应为 {expected.normalize():f}，实为 "
                             f"{actual.normalize():f}，差额 {(actual - expected).normalize():f}",
                             expected=expected, actual=actual, difference=actual - expected, column_label="权重")


class LevelsCheck(PerformanceCheck):
    def evaluate(self, doc: Document, ctx: Context) -> Finding | None:
        t = self._target(doc)
        if t is None:
            return None
        present = {short_level(i.level1) for i in t.indicators} | {short_level(i.level2) for i in t.indicators}
        missing = [lv for lv in self.rule.params.get("required", ("产出", "效益", "满意度")) if short_level(lv) not in present]
        if not missing:
            return None
        names = "、".join(short_level(m) + "指标" for m in missing)
        return self._finding(doc, Severity(self.rule.severity), f"{self.where(t)}缺少一级指标：{names}",
                             column_label="一级指标")


class RequiredFieldsCheck(PerformanceCheck):
    def evaluate(self, doc: Document, ctx: Context) -> Finding | None:
        t = self._target(doc)
        if t is None:
            return None
        wanted = self.rule.params.get("fields", {}).get(t.kind.value, ())
        missing = [f for f in wanted if getattr(t, f, None) in (None, "")]
        if not missing and t.kind.value in self.rule.params.get("indicators_required", [k.value for k in TargetKind]) \
                and not t.indicators:
            missing = ["indicators"]
        if not missing:
            return None
        names = "、".join(FIELD_LABELS.get(f, "绩效指标") for f in missing)
        return self._finding(doc, Severity(self.rule.severity), f"{self.where(t)}未填写：{names}",
                             column_label=names)


class DuplicatesCheck(PerformanceCheck):
    def evaluate(self, doc: Document, ctx: Context) -> Finding | None:
        t = self._target(doc)
        if t is None:
            return None
        seen: dict[tuple, int] = {}
        for n, ind in enumerate(t.indicators, 1):
            if ind.is_blank():
                continue
            if ind.identity in seen:
                return self._finding(doc, Severity(self.rule.severity),
                                     f"{self.where(t)}第 {n} 个指标“{ind.level3}”与第 {seen[ind.identity]} 个重复"
                                     f"（{'/'.join(x for x in ind.identity if x)}）", column_label="三级指标")
            seen[ind.identity] = n
        return None


# -- per indicator -----------------------------------------------------------------------------


class IndicatorCheck(PerformanceCheck):
    def __init__(self, rule: RuleSpec, target_key: str, position: int):
        super().__init__(rule, target_key, f"indicator:{position}")
        self.position = position

    def _indicator(self, doc: Document) -> tuple[PerformanceTarget, Indicator] | None:
        t = self._target(doc)
        if t is None or self.position >= len(t.indicators):
            return None
        return t, t.indicators[self.position]

    def at(self, t: PerformanceTarget, ind: Indicator) -> str:
        return f"{self.where(t)}第 {self.position + 1} 个指标“{ind.level3 or ind.level2 or ind.level1}”"


class IndicatorValueCheck(IndicatorCheck):
    """定量 indicators need a number and a unit; 定性 ones a text; the nature must be one of the six."""

    def evaluate(self, doc: Document, ctx: Context) -> Finding | None:
        found = self._indicator(doc)
        if found is None or found[1].is_blank():
            return None
        t, ind = found
        problem = ""
        if ind.nature not in NATURES:
            problem = f"指标性质“{ind.nature}”不是 ≥ ≤ = > < 定性 之一" if ind.nature else "未填写指标性质"
        elif ind.is_qualitative:
            if not ind.value.strip():
                problem = "定性指标未填写指标值（文字）"
        elif number(ind.value) is None:
            problem = f"定量指标的指标值“{ind.value}”不是数字" if ind.value.strip() else "定量指标未填写指标值"
        elif not ind.unit.strip() and not self.rule.params.get("unit_optional"):
            problem = "定量指标未填写计量单位"
        if not problem:
            return None
        return self._finding(doc, Severity(self.rule.severity), f"{self.at(t, ind)}：{problem}",
                             column_label="指标值", quote=ind.value or None)


class PercentRangeCheck(IndicatorCheck):
    def evaluate(self, doc: Document, ctx: Context) -> Finding | None:
        found = self._indicator(doc)
        if found is None:
            return None
        t, ind = found
        if ind.unit.strip() not in ("%", "％") and not ind.value.strip().endswith(("%", "％")):
            return None
        value = number(ind.value)
        if value is None or Decimal(0) <= value <= Decimal(100):
            return None
        return self._finding(doc, Severity(self.rule.severity),
                             f"{self.at(t, ind)}：百分比 {value.normalize():f}% 不在 0–100 之间",
                             actual=value, column_label="指标值", stated=ind.value)


# -- amounts tied to the tables ----------------------------------------------------------------


def _doc_amount(doc: Document, ref: CellRef) -> Decimal | None:
    table = doc.tables.get(ref.table)
    if table is None or not table.has_row(ref.row or ""):
        return None
    return table.amount(ref.row, ref.column)


class OverallAmountCheck(PerformanceCheck):
    """整体 预算支出总额 / 基本支出 / 项目支出 against the 支出总表 合计 row, in the document's unit."""

    def __init__(self, rule: RuleSpec, target_key: str, field: str, ref: CellRef):
        super().__init__(rule, target_key, field, reads=(cell_key(ref),))
        self.field, self.ref = field, ref

    def evaluate(self, doc: Document, ctx: Context) -> Finding | None:
        t = self._target(doc)
        stated = getattr(t, self.field, None) if t else None
        table_value = _doc_amount(doc, self.ref)
        if t is None or stated is None or table_value is None:
            return None
        actual = convert(stated, t.money_unit, doc.meta.money_unit)
        difference = actual - table_value
        if difference == 0:
            return None
        tolerance = rounding_tolerance(2)
        rounding = abs(difference) <= tolerance
        unit = doc.meta.money_unit
        shown = f"{format_amount(stated)} {t.money_unit}（折合 {format_amount(actual, 6).rstrip('0').rstrip('.')} {unit}）" \
            if t.money_unit != unit else f"{format_amount(stated)} {unit}"
        table_title = doc.tables[self.ref.table].template.title
        return self._finding(
            doc, Severity.ROUNDING if rounding else Severity(self.rule.severity),
            f"{self.where(t)}{OVERALL_LABELS[self.field]} {shown} 与《{table_title}》合计 "
            f"{format_amount(table_value)} {unit} 不符，差额 {format_amount(difference)}"
            + ("，在四舍五入尾差允许范围内" if rounding else ""),
            expected=table_value, actual=actual, difference=difference, related=(self.ref,),
            suspects=(CellRef(TABLE, t.key, self.field), self.ref), column_label=OVERALL_LABELS[self.field])


class ProjectSumCheck(PerformanceCheck):
    """Σ 项目 资金总额 against the 支出总表 项目支出 合计: both sums and the difference."""

    def __init__(self, rule: RuleSpec, ref: CellRef, keys: Sequence[str]):
        super().__init__(rule, "", "total", reads=(cell_key(ref), *(("performance", k) for k in keys)))
        self.target = CellRef(TABLE, None, "project_sum")
        self.ref = ref

    def evaluate(self, doc: Document, ctx: Context) -> Finding | None:
        projects = doc.performance.of_kind(TargetKind.PROJECT)
        table_value = _doc_amount(doc, self.ref)
        if not projects or table_value is None:
            return None
        unit = doc.meta.money_unit
        stated = [convert(p.total, p.money_unit, unit) for p in projects if p.total is not None]
        if not stated:  # a project just added, its 资金总额 not yet written: nothing to compare (not “0 张 … 0.00”)
            return None
        unfilled = len(projects) - len(stated)
        actual = sum(stated, Decimal(0))
        difference = actual - table_value
        tolerance = rounding_tolerance(len(stated) + 1)
        if abs(difference) <= tolerance:
            return None
        table_title = doc.tables[self.ref.table].template.title
        key = finding_key(self.rule.id, TABLE, None, "project_sum")
        return Finding(
            rule=self.rule.id, severity=Severity(self.rule.severity), table=TABLE, row=None, column="project_sum",
            message=(f"{len(stated)} 张项目支出绩效目标表的资金总额合计 {format_amount(actual)} {unit}"
                     + (f"（另有 {unfilled} 张未填资金总额）" if unfilled else "") + "，"
                     f"《{table_title}》项目支出合计 {format_amount(table_value)} {unit}，差额 {format_amount(difference)}"),
            expected=table_value, actual=actual, difference=difference, related=(self.ref,),
            explanation=doc.explanations.get(key), table_title=TABLE_TITLE, row_label="全部项目",
            column_label="资金总额")


class ProjectLinesCheck(PerformanceCheck):
    """Projects paid from one 功能科目 together cannot exceed that line's 项目支出 in the 支出总表."""

    def __init__(self, rule: RuleSpec, code: str, ref: CellRef, keys: Sequence[str]):
        super().__init__(rule, "", f"function:{code}", reads=(cell_key(ref), *(("performance", k) for k in keys)))
        self.target = CellRef(TABLE, None, f"function:{code}")  # about the line, re-checked on any target change
        self.code, self.ref = code, ref

    def evaluate(self, doc: Document, ctx: Context) -> Finding | None:
        line = _doc_amount(doc, self.ref)
        projects = [p for p in doc.performance.of_kind(TargetKind.PROJECT)
                    if p.function_code == self.code and p.total is not None]
        if line is None or not projects:
            return None
        unit = doc.meta.money_unit
        actual = sum((convert(p.total, p.money_unit, unit) for p in projects), Decimal(0))
        difference = actual - line
        if difference <= rounding_tolerance(len(projects) + 1):
            return None
        names = "、".join(f"“{p.title}”" for p in projects)
        key = finding_key(self.rule.id, TABLE, None, self.target.column)
        return Finding(
            rule=self.rule.id, severity=Severity(self.rule.severity), table=TABLE, row=None, column=self.target.column,
            message=(f"科目 {self.code} 的项目 {names} 资金合计 {format_amount(actual)} {unit}，超过"
                     f"《{doc.tables[self.ref.table].template.title}》该科目项目支出 {format_amount(line)} {unit}，"
                     f"差额 {format_amount(difference)}"),
            expected=line, actual=actual, difference=difference, related=(self.ref,),
            explanation=doc.explanations.get(key), table_title=TABLE_TITLE, row_label=f"科目 {self.code}",
            column_label="资金总额")


_MENTION = re.compile(r"绩效目标(?!自评|完成|实现|的实现)")


def mention(doc: Document) -> str:
    """The sentence of the 情况说明 that speaks of performance targets (“编报绩效目标的项目11个”), a heading's
    words if only a heading does, or "" — also when the text says there are none (“共0个项目实行绩效目标管理”)."""
    found = []
    for block in doc.narrative.blocks:
        for m in _MENTION.finditer(block.text):
            sentence = _sentence(block.text, m.start())
            if _NONE.search(sentence):
                return ""
            start = max(block.text.rfind("。", 0, m.start()) + 1, m.start() - 30)
            end = block.text.find("。", m.end())
            found.append((block.heading, block.text[start: end if 0 <= end < m.end() + 40 else m.end() + 40].strip()))
    found.sort(key=lambda f: f[0])  # a sentence before a heading
    return found[0][1] if found else ""


_NONE = re.compile(r"(?<![\d.])0\s*个|无[^。；]{0,8}绩效目标|未[^。；]{0,6}(?:设置|编报|实行)|没有[^。；]{0,8}绩效目标")


def _sentence(text: str, at: int) -> str:
    start = text.rfind("。", 0, at) + 1
    end = text.find("。", at)
    return text[start: end if end >= 0 else len(text)]


class PresenceCheck(PerformanceCheck):
    """The document speaks of performance targets but no 绩效目标表 was read: said, never a silent ✓."""

    def __init__(self, rule: RuleSpec):
        super().__init__(rule, "", "presence")
        self.target = CellRef(TABLE, None, "presence")

    def evaluate(self, doc: Document, ctx: Context) -> Finding | None:
        if len(doc.performance):
            return None
        said = mention(doc)
        if not said:
            return None
        key = finding_key(self.rule.id, TABLE, None, "presence")
        return Finding(
            rule=self.rule.id, severity=Severity(self.rule.severity), table=TABLE, row=None, column="presence",
            message=f"没有读到绩效目标表：情况说明中写有“{said}”，文件中却没有读出任何绩效目标表"
                    f"（绩效目标表另行公开时请在此说明，否则请导入或填写）",
            explanation=doc.explanations.get(key), table_title=TABLE_TITLE, row_label="全部绩效目标",
            column_label="绩效目标表")


# -- expansion ---------------------------------------------------------------------------------


def _targets(rule: RuleSpec, doc: Document) -> list[PerformanceTarget]:
    return [t for t in doc.performance if applies(rule, t)]


def per_target(cls, column: str):
    """A rule kind expanding into one check of ``cls`` per target the rule applies to."""
    def expand(rule: RuleSpec, doc: Document, ctx: Context) -> list[Check]:
        return [cls(rule, t.key, column) for t in _targets(rule, doc)]
    return expand


def per_indicator(cls):
    """A rule kind expanding into one check of ``cls`` per indicator of each target the rule applies to."""
    def expand(rule: RuleSpec, doc: Document, ctx: Context) -> list[Check]:
        return [cls(rule, t.key, i) for t in _targets(rule, doc) for i in range(len(t.indicators))]
    return expand


def expand_overall_amounts(rule: RuleSpec, doc: Document, ctx: Context) -> list[Check]:
    checks: list[Check] = []
    for t in doc.performance.of_kind(TargetKind.OVERALL):
        if t.is_evaluation:
            continue
        for field in ("total", "basic", "project"):
            ref_text = rule.params.get(field)
            if ref_text:
                checks.append(OverallAmountCheck(rule, t.key, field, parse_ref(ref_text)))
    return checks


def expand_project_sum(rule: RuleSpec, doc: Document, ctx: Context) -> list[Check]:
    keys = [t.key for t in doc.performance.of_kind(TargetKind.PROJECT) if not t.is_evaluation]
    return [ProjectSumCheck(rule, parse_ref(rule.params["project"]), keys)] if keys else []


def expand_project_lines(rule: RuleSpec, doc: Document, ctx: Context) -> list[Check]:
    table, column = rule.params.get("lines_table", "expenditure"), rule.params.get("lines_column", "project")
    if table not in doc.tables:
        return []
    by_code: dict[str, list[str]] = {}
    for t in doc.performance.of_kind(TargetKind.PROJECT):
        if t.function_code and not t.is_evaluation:
            by_code.setdefault(t.function_code, []).append(t.key)
    checks: list[Check] = []
    for code, keys in by_code.items():
        row = doc.tables[table].row_for_code(code)
        if row is not None:
            checks.append(ProjectLinesCheck(rule, code, CellRef(table, row.key, column), keys))
    return checks


def expand_presence(rule: RuleSpec, doc: Document, ctx: Context) -> list[Check]:
    return [] if len(doc.performance) else [PresenceCheck(rule)]


PERFORMANCE_RULE_KINDS = {
    "perf_presence": expand_presence,
    # the column names the indicator column (or fields) a target-level finding is about, for the form view
    "perf_weights": per_target(WeightsCheck, "weight"),
    "perf_levels": per_target(LevelsCheck, "level1"),
    "perf_required": per_target(RequiredFieldsCheck, "fields"),
    "perf_duplicates": per_target(DuplicatesCheck, "level3"),
    "perf_indicator_values": per_indicator(IndicatorValueCheck),
    "perf_percent": per_indicator(PercentRangeCheck),
    "perf_overall_amounts": expand_overall_amounts,
    "perf_project_sum": expand_project_sum,
    "perf_project_lines": expand_project_lines,
}


def performance_structural_tables(rule: RuleSpec) -> set[str]:
    """Tables whose rows decide which checks a performance rule has (lines matched by 科目)."""
    if rule.kind == "perf_project_lines":
        return {rule.params.get("lines_table", "expenditure")}
    return set()

