"""One-line Chinese statements of the ``perf_*`` rules, from their data (``budgetdesk rules``, docs/rules.md)."""

from __future__ import annotations

from budgetdesk.core.performance.checks import FIELD_LABELS
from budgetdesk.core.performance.model import TargetKind, short_level
from budgetdesk.core.template import RuleSpec


def describe_performance_rule(rule: RuleSpec) -> str:
    """A one-line Chinese statement of a ``perf_*`` rule, from its data (for ``budgetdesk rules``)."""
    p = rule.params
    kinds = "、".join(TargetKind(k).label for k in p.get("kinds", [k.value for k in TargetKind]))
    if rule.kind == "perf_weights":
        with_exec = "（含预算执行率权重）" if p.get("execution_weight") == "included" else "（不含预算执行率）"
        return f"{kinds}：指标权重合计 = {p.get('total', 100)}{with_exec}"
    if rule.kind == "perf_levels":
        return f"{kinds}：须有一级指标 " + "、".join(short_level(x) for x in p.get("required", ()))
    if rule.kind == "perf_required":
        return "；".join(f"{TargetKind(k).label}：" + "、".join(FIELD_LABELS.get(f, f) for f in fs)
                        for k, fs in p.get("fields", {}).items()) + "；" + "、".join(
            TargetKind(k).label for k in p.get("indicators_required", [k.value for k in TargetKind])) + "至少一个指标"
    if rule.kind == "perf_overall_amounts":
        return "整体 " + "、".join(f"{FIELD_LABELS[f]} = {p[f]}" for f in ("total", "basic", "project") if p.get(f)) \
            + "（元与万元换算）"
    if rule.kind == "perf_project_sum":
        return f"Σ 项目资金总额 与 {p['project']} 比较，写出两个合计和差额"
    if rule.kind == "perf_project_lines":
        return f"注明功能科目的项目：同科目项目资金合计 ≤ {p.get('lines_table', 'expenditure')}.{p.get('lines_column', 'project')}"
    return {"perf_indicator_values": "定量指标（≥ ≤ = > <）有数值和计量单位；定性指标有文字",
            "perf_percent": "计量单位为 % 的指标值在 0–100 之间",
            "perf_duplicates": "同一目标中一级/二级/三级指标组合不重复",
            "perf_presence": "情况说明写到绩效目标而没有读到任何绩效目标表时指出（不静默显示通过）"}.get(rule.kind, "")
