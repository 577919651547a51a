"""Checks of the 绩效自评表 (决算), as ``perf_eval_*`` rule kinds of the one engine.

A 自评表 prints its arithmetic: the funding lines add up to the 年度资金总额, the 执行率 is the 全年执行数 over
the 全年预算数, no 得分 exceeds its 分值, the 分值 add up to the 总分's and the 得分 to the 自评得分. Each check
compares printed figures only — a figure not printed (or not read) leaves it silent, never an error — and allows
the rounding of every figure printed with decimals (half a unit of its last place). Where a rule may be written two
ways (the 总分 with or without the 预算执行率's 10 分; the rate over the 全年 or the 年初 budget), either passes.
"""

from __future__ import annotations

from decimal import Decimal

from budgetdesk.core.checks import Context
from budgetdesk.core.document import Document
from budgetdesk.core.findings import Finding, Severity
from budgetdesk.core.money import format_amount
from budgetdesk.core.performance.checks import IndicatorCheck, PerformanceCheck, per_indicator, per_target
from budgetdesk.core.performance.model import PerformanceTarget
from budgetdesk.core.tolerance import rounding_tolerance


def half_unit(figure: Decimal | None, whole_exact: bool = True) -> Decimal:
    """Half a unit of the figure's last printed place: what rounding it for print may have changed. A whole 分值 or
    得分 is given as such (``whole_exact``); a whole figure that is a rounded product (7.7 × …) is not."""
    if figure is None:
        return Decimal(0)
    places = -figure.as_tuple().exponent
    if places <= 0:
        return Decimal(0) if whole_exact else Decimal("0.5")
    return Decimal(5) / Decimal(10) ** (places + 1)


def _n(x: Decimal) -> str:
    return f"{x.normalize():f}"


def _percent(text: str) -> Decimal | None:
    t = (text or "").strip().replace(" ", "")
    if not t.endswith(("%", "％")):
        return None
    try:
        return Decimal(t[:-1])
    except ArithmeticError:
        return None


def _whole(t: PerformanceTarget, column: str) -> bool:
    """Every indicator row read whole — a name and the figure — so a sum over them is the form's (a PDF page's long
    cell may have pushed a row's figures onto a line of their own)."""
    return bool(t.indicators) and all(i.level3 and getattr(i, column) is not None for i in t.indicators)


class EvaluationCheck(PerformanceCheck):
    reads_blanks = False  # printed figures only: a blank leaves the check silent

    def _evaluation(self, doc: Document) -> PerformanceTarget | None:
        t = self._target(doc)
        return t if t is not None and t.is_evaluation else None


class ScoreTotalCheck(EvaluationCheck):
    """The 自评得分 is the 得分 of the indicators and (where printed in the total) of the 预算执行率."""

    def evaluate(self, doc: Document, ctx: Context) -> Finding | None:
        t = self._evaluation(doc)
        if t is None or t.score is None or not _whole(t, "score"):
            return None
        indicators = sum((i.score for i in t.indicators), Decimal(0))
        slack = half_unit(t.score, whole_exact=False) + sum((half_unit(i.score) for i in t.indicators), Decimal(0))
        sums = [indicators]
        if t.execution_score is not None:
            sums.insert(0, indicators + t.execution_score)
            slack += half_unit(t.execution_score, whole_exact=False)
        if any(abs(t.score - s) <= slack for s in sums):
            return None
        expected = sums[0]
        with_execution = f"（含预算执行率得分 {_n(t.execution_score)}）" if t.execution_score is not None else ""
        return self._finding(doc, Severity(self.rule.severity),
                             f"{self.where(t)}各项得分合计{with_execution}为 {_n(expected)}，总分的得分印为 "
                             f"{_n(t.score)}，差 {_n(t.score - expected)}",
                             expected=expected, actual=t.score, difference=t.score - expected, column_label="得分")


class WeightTotalCheck(EvaluationCheck):
    """The 分值 of the indicators (and of the 预算执行率) add up to the 总分's 分值."""

    def evaluate(self, doc: Document, ctx: Context) -> Finding | None:
        t = self._evaluation(doc)
        if t is None or t.score_weight is None or not _whole(t, "weight") \
                or t.execution_score is not None and t.execution_weight is None:
            return None  # (a blank 分值 beside a printed 执行率得分: the 分值 of the execution is not known)
        indicators = t.weight_total()
        sums = [indicators] + ([indicators + t.execution_weight] if t.execution_weight is not None else [])
        if t.score_weight in sums:
            return None
        expected = sums[-1]
        return self._finding(doc, Severity(self.rule.severity),
                             f"{self.where(t)}各项分值合计为 {_n(expected)}，总分的分值印为 {_n(t.score_weight)}，"
                             f"差 {_n(t.score_weight - expected)}",
                             expected=expected, actual=t.score_weight, difference=t.score_weight - expected,
                             column_label="分值")


class ScoreCapCheck(IndicatorCheck):
    """An indicator's 得分 is not more than its 分值."""

    reads_blanks = False

    def evaluate(self, doc: Document, ctx: Context) -> Finding | None:
        found = self._indicator(doc)
        if found is None or not found[0].is_evaluation:
            return None
        t, ind = found
        if ind.score is None or ind.weight is None or ind.score <= ind.weight:
            return None
        return self._finding(doc, Severity(self.rule.severity),
                             f"{self.at(t, ind)}：得分 {_n(ind.score)} 超过分值 {_n(ind.weight)}",
                             expected=ind.weight, actual=ind.score, difference=ind.score - ind.weight,
                             column_label="得分")


class ExecutionCheck(EvaluationCheck):
    """The 预算执行率's 得分 is not more than its 分值, and the 执行率 printed is the 全年执行数 ÷ 全年预算数."""

    def evaluate(self, doc: Document, ctx: Context) -> Finding | None:
        t = self._evaluation(doc)
        if t is None:
            return None
        if t.execution_score is not None and t.execution_weight is not None and t.execution_score > t.execution_weight:
            return self._finding(doc, Severity(self.rule.severity),
                                 f"{self.where(t)}预算执行率得分 {_n(t.execution_score)} 超过其分值 "
                                 f"{_n(t.execution_weight)}", expected=t.execution_weight, actual=t.execution_score,
                                 difference=t.execution_score - t.execution_weight, column_label="得分")
        printed = _percent(t.execution_rate)
        if printed is None or t.executed is None or not t.total:
            return None
        slack = half_unit(printed, whole_exact=False) + Decimal("0.01")  # and the amounts' own rounding
        rates = [t.executed / t.total * 100] + ([t.executed / t.initial_total * 100] if t.initial_total else [])
        if any(abs(printed - r) <= slack for r in rates):
            return None
        expected = rates[0].quantize(Decimal("0.01"))
        return self._finding(doc, Severity(self.rule.severity),
                             f"{self.where(t)}执行率印为 {t.execution_rate}，全年执行数 {format_amount(t.executed)} ÷ "
                             f"全年预算数 {format_amount(t.total)} = {_n(expected)}%",
                             expected=expected, actual=printed, difference=printed - expected,
                             column_label="执行率", stated=t.execution_rate)


_COLUMNS = (("initial", "initial_total", "年初预算数"), ("amount", "total", "全年预算数"),
            ("executed", "executed", "全年执行数"))


class FundingLinesCheck(EvaluationCheck):
    """The funding lines (财政拨款, 上年结转, 其他资金 …) add up to the 年度资金总额, column by column."""

    def evaluate(self, doc: Document, ctx: Context) -> Finding | None:
        t = self._evaluation(doc)
        if t is None or not t.funding:
            return None
        for column, field, label in _COLUMNS:
            total = getattr(t, field)
            lines = [f for f in t.funding if not f.part]
            written = [getattr(f, column) for f in lines if getattr(f, column) is not None]
            if total is None or not written or any(getattr(f, column) is None and (f.amount, f.initial, f.executed)
                                                   != (None, None, None) for f in lines):
                continue  # (a line with figures in other columns and a blank here: not printed, or not read)
            expected = sum(written, Decimal(0))
            if abs(total - expected) <= rounding_tolerance(len(written) + 1):
                continue
            sources = "、".join(f.source for f in t.funding if not f.part and getattr(f, column) is not None)
            return self._finding(doc, Severity(self.rule.severity),
                                 f"{self.where(t)}{label}：{sources} 合计 {format_amount(expected)}，"
                                 f"年度资金总额印为 {format_amount(total)}，差 {format_amount(total - expected)}",
                                 expected=expected, actual=total, difference=total - expected, column_label=label)
        return None


EVALUATION_RULE_KINDS = {
    "perf_eval_score_total": per_target(ScoreTotalCheck, "score"),
    "perf_eval_weight_total": per_target(WeightTotalCheck, "weight"),
    "perf_eval_score_cap": per_indicator(ScoreCapCheck),
    "perf_eval_execution": per_target(ExecutionCheck, "execution_rate"),
    "perf_eval_funding": per_target(FundingLinesCheck, "funding"),
}
