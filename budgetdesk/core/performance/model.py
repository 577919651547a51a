"""Performance targets as immutable records, and the book that holds a document's targets.

A target is the content of one printed form: the 整体 target of the department, a 重点专项 (一级项目)
or one project. Records are frozen; an edit replaces a whole target in the ``PerformanceBook``,
which announces the change so the engine (and the GUI through it) re-checks, and so an undo only
has to keep the old record.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import Enum
from typing import Callable, Iterator

# 指标性质 as printed; anything else is refused when a record is built
NATURES = ("≥", "≤", "=", ">", "<", "定性")
_NATURE_ALIASES = {">=": "≥", "<=": "≤", "＝": "=", "＞": ">", "＜": "<", "≧": "≥", "≦": "≤", "": "",
                   # the direction some forms print instead: 正向 — the value is a floor, 反向 — a ceiling
                   "正向指标": "≥", "正向": "≥", "反向指标": "≤", "反向": "≤"}


EVALUATION = "evaluation"  # PerformanceTarget.stage of a 绩效自评表 (决算): targets set against what was achieved


class TargetKind(str, Enum):
    OVERALL = "overall"  # 部门（单位）整体支出绩效目标
    PROGRAM = "program"  # 重点专项 / 一级项目
    PROJECT = "project"  # 项目支出绩效目标

    @property
    def label(self) -> str:
        return {"overall": "部门整体支出绩效目标", "program": "重点专项绩效目标", "project": "项目支出绩效目标"}[self.value]


def normalise_nature(text: str) -> str:
    """The printed 指标性质 for what an officer or a file wrote (>= → ≥); unknown text is kept."""
    t = (text or "").strip()
    return _NATURE_ALIASES.get(t, t)


@dataclass(frozen=True)
class Indicator:
    """One 绩效指标 row: three levels, nature, value, unit, weight, core flag."""

    level1: str = ""
    level2: str = ""
    level3: str = ""
    nature: str = ""  # ≥ ≤ = > < 定性
    value: str = ""  # as written: "90", "在法定时间内结案"
    unit: str = ""
    weight: Decimal | None = None
    core: bool | None = None  # 是否核心指标; None when the form has no such column
    description: str = ""  # 绩效指标描述 (Hebei)
    basis: str = ""  # 指标值确定依据 (Hebei)
    # a 绩效自评表's indicator (决算): what was achieved against the 年度指标值, and the score it was given
    actual: str = ""  # 实际完成值, as written
    score: Decimal | None = None  # 得分 (``weight`` holds the 分值)
    deviation: str = ""  # 偏差原因分析及改进措施

    @property
    def is_qualitative(self) -> bool:
        return self.nature == "定性"

    @property
    def identity(self) -> tuple[str, str, str]:
        return (short_level(self.level1), self.level2.strip(), self.level3.strip())

    def is_blank(self) -> bool:
        return not any((self.level1, self.level2, self.level3, self.nature, self.value, self.unit, self.description,
                        self.basis, self.actual, self.deviation)) and self.weight is None and self.core is None \
            and self.score is None


def short_level(level: str) -> str:
    """产出指标 → 产出 (forms print the level with or without 指标)."""
    s = (level or "").strip()
    return s[:-2] if s.endswith("指标") else s


@dataclass(frozen=True)
class Funding:
    """One funding line of a target's amount: a source (财政拨款, 专户资金 …) within a part (基本/项目)."""

    source: str
    amount: Decimal | None
    part: str = ""  # "" | "basic" | "project" (整体 splits its sources by part)
    # a 绩效自评表's line (决算): ``amount`` is the 全年预算数, beside it the 年初预算数 and the 全年执行数
    initial: Decimal | None = None
    executed: Decimal | None = None


@dataclass(frozen=True)
class PerformanceTarget:
    key: str  # stable identity inside a document (e.g. "overall", the project code, "p3")
    kind: TargetKind
    name: str = ""  # 项目名称 / 部门名称
    code: str = ""  # 项目编码 / 部门编码
    department: str = ""  # 主管部门
    unit: str = ""  # 实施单位 / 编制单位
    money_unit: str = "万元"
    total: Decimal | None = None  # 资金总额 / 预算支出总额
    basic: Decimal | None = None  # 整体: 基本支出
    project: Decimal | None = None  # 整体: 项目支出
    funding: tuple[Funding, ...] = ()
    attribute: str = ""  # 项目属性 / 项目分类
    period: str = ""  # 起止时间
    overview: str = ""  # 项目概况 / 项目概述
    basis: str = ""  # 立项依据
    goal: str = ""  # 当年绩效目标 / 年度总体目标
    tasks: str = ""  # 年度主要任务
    execution_weight: Decimal | None = None  # 预算执行率权重
    function_code: str = ""  # 支出功能分类科目 the project is paid from, where known
    extra: tuple[tuple[str, str], ...] = ()  # other printed fields, kept verbatim (label, value)
    indicators: tuple[Indicator, ...] = ()
    source: str = ""  # where it was read from: "文件 第288行"
    form: str = ""  # the forms it is printed on: "" those of the template set, "plain" the plain official layout
    # (a form no template describes, read by the meaning of its labels)
    # a 绩效自评表 (决算, ``stage == EVALUATION``): the targets of the year set against what was done. ``total`` is the
    # 全年预算数, ``execution_weight`` the 分值 of the 预算执行率, ``goal`` the 预期目标 and ``achieved`` what was done
    stage: str = ""
    achieved: str = ""  # 实际完成情况 / 年度总体目标完成情况
    initial_total: Decimal | None = None  # 年初预算数
    executed: Decimal | None = None  # 全年执行数
    execution_rate: str = ""  # 执行率 as printed (“77.13%”)
    execution_score: Decimal | None = None  # 预算执行率得分
    score_weight: Decimal | None = None  # 总分's 分值 (100)
    score: Decimal | None = None  # 总分's 得分 (自评得分)

    @property
    def is_evaluation(self) -> bool:
        return self.stage == EVALUATION

    @property
    def label(self) -> str:
        """The form's name as officers say it: 项目支出绩效目标 / 项目支出绩效自评."""
        return self.kind.label[:-2] + "自评" if self.is_evaluation else self.kind.label

    @property
    def title(self) -> str:
        head = f"{self.code}-{self.name}" if self.code and self.name else (self.name or self.code)
        return head or self.kind.label

    def with_indicators(self, indicators: tuple[Indicator, ...] | list[Indicator]) -> "PerformanceTarget":
        return replace(self, indicators=tuple(indicators))

    def evolve(self, **changes: object) -> "PerformanceTarget":
        return replace(self, **changes)

    def weight_total(self) -> Decimal:
        return sum((i.weight for i in self.indicators if i.weight is not None), Decimal(0))


@dataclass(frozen=True)
class PerformanceChanged:
    """A target was added, replaced, removed or moved (``key``); ``old``/``new`` are the records."""

    key: str
    old: PerformanceTarget | None = None
    new: PerformanceTarget | None = None
    moved: bool = False


class PerformanceBookError(ValueError):
    pass


# The most targets one document may hold (issue 29): 22 times Yongchuan's 45. Below it every pass is linear —
# checking 1,000 targets takes about a second, exporting them to .xlsx some seconds — above it reading and adding
# refuse. Stacked forms print some 17 rows a target: 1,000 fit the workbook reader's 20,000 rows a sheet.
MAX_TARGETS = 1_000


class TooManyTargets(PerformanceBookError):
    """More targets than ``MAX_TARGETS``; readers pass it on with the file's name."""


@dataclass
class PerformanceBook:
    """The targets of one document, in printed order (整体 first by convention, then as given)."""

    emit: Callable[[PerformanceChanged], None] = field(default=lambda e: None, repr=False)
    targets: list[PerformanceTarget] = field(default_factory=list)

    def __post_init__(self) -> None:
        # key → target, kept by every edit below: looking a key up by walking the list made reading 20,000
        # targets (each added after a key lookup, colliding keys retried) cubic
        self._by_key: dict[str, PerformanceTarget] = {t.key: t for t in self.targets}
        self._next_suffix: dict[str, int] = {}

    def __iter__(self) -> Iterator[PerformanceTarget]:
        return iter(self.targets)

    def __len__(self) -> int:
        return len(self.targets)

    def keys(self) -> list[str]:
        return [t.key for t in self.targets]

    def get(self, key: str) -> PerformanceTarget | None:
        return self._by_key.get(key)

    def target(self, key: str) -> PerformanceTarget:
        t = self.get(key)
        if t is None:
            raise PerformanceBookError(f"没有绩效目标 {key}")
        return t

    def of_kind(self, *kinds: TargetKind) -> list[PerformanceTarget]:
        return [t for t in self.targets if t.kind in kinds]

    def overall(self) -> PerformanceTarget | None:
        return next((t for t in self.targets if t.kind is TargetKind.OVERALL), None)

    def neighbour_position(self, key: str, step: int) -> int | None:
        """Where ``key`` goes when moved one place up (-1) or down (+1) among targets of its own kind, or None
        (projects never pass the 整体 target: the printed order is by kind)."""
        same = [t.key for t in self.of_kind(self.target(key).kind)]
        at = same.index(key) + step
        return self.keys().index(same[at]) if 0 <= at < len(same) else None

    def new_key(self, base: str) -> str:
        """``base``, or ``base~2``, ``base~3`` … the first not taken (counting on from the last one given for
        ``base``: 20,000 targets of one name must not try 1 … n each time)."""
        base = base or "p"
        if self.get(base) is None:
            return base
        n = self._next_suffix.get(base, 2)
        while self.get(f"{base}~{n}") is not None:
            n += 1
        self._next_suffix[base] = n + 1
        return f"{base}~{n}"

    # -- edits (each announced) ----------------------------------------------------------------
    def add(self, target: PerformanceTarget, position: int | None = None) -> PerformanceTarget:
        if self.get(target.key) is not None:
            raise PerformanceBookError(f"绩效目标 {target.key} 已存在")
        if len(self.targets) >= MAX_TARGETS:
            raise TooManyTargets(f"绩效目标表的项目超过 {MAX_TARGETS:,} 个（真实的公开件有几十个），不像绩效目标表，未读入")
        self.targets.insert(len(self.targets) if position is None else position, target)
        self._by_key[target.key] = target
        self.emit(PerformanceChanged(target.key, None, target))
        return target

    def replace(self, target: PerformanceTarget) -> PerformanceChanged | None:
        old = self.target(target.key)
        if old == target:
            return None
        self.targets[self.targets.index(old)] = target
        self._by_key[target.key] = target
        event = PerformanceChanged(target.key, old, target)
        self.emit(event)
        return event

    def remove(self, key: str) -> tuple[int, PerformanceTarget]:
        old = self.target(key)
        position = self.targets.index(old)
        del self.targets[position]
        del self._by_key[key]
        self.emit(PerformanceChanged(key, old, None))
        return position, old

    def move(self, key: str, position: int) -> None:
        t = self.target(key)
        self.targets.remove(t)
        self.targets.insert(position, t)
        self.emit(PerformanceChanged(key, t, t, moved=True))

    def clear(self) -> None:
        for key in self.keys():
            self.remove(key)
