"""Targets as plain dicts (amounts as decimal strings) for the JSON interchange and the .bdesk file.

The same dict is written by both so a target survives either path exactly; unknown keys are refused
rather than dropped, so a newer file is not half-read silently.
"""

from __future__ import annotations

from dataclasses import fields
from decimal import Decimal
from typing import Any

from budgetdesk.core.money import AmountError, canonical, parse_amount
from budgetdesk.core.performance.model import Funding, Indicator, PerformanceTarget, TargetKind

_AMOUNTS = {"total", "basic", "project", "execution_weight", "initial_total", "executed", "execution_score",
            "score_weight", "score"}
# fields added after files were first written (plain forms, 自评表): left out while empty
_WRITTEN_WHEN_SET = {"form", "stage", "achieved", "initial_total", "executed", "execution_rate", "execution_score",
                     "score_weight", "score"}
_TARGET_FIELDS = {f.name for f in fields(PerformanceTarget)}
_INDICATOR_FIELDS = {f.name for f in fields(Indicator)}


class PerformanceDataError(ValueError):
    pass


def _amount(value: Any, where: str) -> Decimal | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise PerformanceDataError(f"{where}：金额须写成字符串（例如 \"12.30\"）")
    try:
        return parse_amount(value)
    except AmountError as exc:
        raise PerformanceDataError(f"{where}：{exc}") from None


def indicator_to_dict(i: Indicator) -> dict[str, Any]:
    return {"level1": i.level1, "level2": i.level2, "level3": i.level3, "nature": i.nature, "value": i.value,
            "unit": i.unit, "weight": canonical(i.weight), "core": i.core,
            **({"description": i.description} if i.description else {}), **({"basis": i.basis} if i.basis else {}),
            **({"actual": i.actual} if i.actual else {}), **({"deviation": i.deviation} if i.deviation else {}),
            **({"score": canonical(i.score)} if i.score is not None else {})}


def _funding_to_dict(x: Funding) -> dict[str, Any]:
    return {"source": x.source, "part": x.part, "amount": canonical(x.amount),
            **{k: canonical(getattr(x, k)) for k in ("initial", "executed") if getattr(x, k) is not None}}


def target_to_dict(t: PerformanceTarget) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields(PerformanceTarget):
        v = getattr(t, f.name)
        if f.name in _WRITTEN_WHEN_SET and v in (None, ""):
            continue  # not written while empty: files written before these fields existed look the same
        if f.name == "kind":
            v = t.kind.value
        elif f.name in _AMOUNTS:
            v = canonical(v)
        elif f.name == "funding":
            v = [_funding_to_dict(x) for x in v]
        elif f.name == "extra":
            v = [[a, b] for a, b in v]
        elif f.name == "indicators":
            v = [indicator_to_dict(i) for i in v]
        out[f.name] = v
    return out


def target_from_dict(data: dict[str, Any]) -> PerformanceTarget:
    if not isinstance(data, dict) or "key" not in data or "kind" not in data:
        raise PerformanceDataError("绩效目标缺少 key 或 kind")
    where = f"绩效目标 {data.get('key')}"
    unknown = set(data) - _TARGET_FIELDS
    if unknown:
        raise PerformanceDataError(f"{where}：无法识别的字段 {sorted(unknown)}")
    try:
        kind = TargetKind(data["kind"])
    except ValueError:
        raise PerformanceDataError(f"{where}：未知的类型 {data['kind']!r}") from None
    values: dict[str, Any] = {}
    for name, v in data.items():
        if name == "kind":
            v = kind
        elif name in _AMOUNTS:
            v = _amount(v, f"{where} {name}")
        elif name == "funding":
            v = tuple(Funding(x["source"], _amount(x.get("amount"), f"{where} 资金来源 {x['source']}"), x.get("part", ""),
                              _amount(x.get("initial"), f"{where} 资金来源 {x['source']} 年初预算数"),
                              _amount(x.get("executed"), f"{where} 资金来源 {x['source']} 全年执行数"))
                      for x in v)
        elif name == "extra":
            v = tuple((str(a), str(b)) for a, b in v)
        elif name == "indicators":
            v = tuple(_indicator(x, f"{where} 第{n}个指标") for n, x in enumerate(v, 1))
        elif not isinstance(v, str):
            raise PerformanceDataError(f"{where} {name}：应为文字")
        values[name] = v
    return PerformanceTarget(**values)


def _indicator(x: dict[str, Any], where: str) -> Indicator:
    unknown = set(x) - _INDICATOR_FIELDS
    if unknown:
        raise PerformanceDataError(f"{where}：无法识别的字段 {sorted(unknown)}")
    core = x.get("core")
    if core is not None and not isinstance(core, bool):
        raise PerformanceDataError(f"{where}：是否核心指标应为 true/false")
    return Indicator(**{k: v for k, v in x.items() if k not in ("weight", "core", "score")},
                     weight=_amount(x.get("weight"), where), core=core, score=_amount(x.get("score"), f"{where} 得分"))
