"""绩效目标表 forms as data: how each kind of target is printed in a region's package.

A region's forms live in ``templates/performance/<id>.json`` and a template set names its forms with
``"performance": "<id>"``. A *stacked* form (Beibei) prints one target per form: a grid of label and
value cells with spans, then the indicator table. A *wide* form (Yongchuan) prints one project per
row with the indicators across. The same description drives import (which label holds which
field), export (where each cell goes, which cells merge) and the GUI's form view.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from budgetdesk.core.performance.model import PerformanceTarget, TargetKind
from budgetdesk.core.template import TemplateError

# the fields a grid cell may hold; "funding:<source>" and "funding:<part>:<source>" name funding lines
TEXT_FIELDS = ("name", "code", "code_name", "department", "unit", "attribute", "period", "overview", "basis",
               "goal", "tasks", "function_code", "achieved", "execution_rate")
AMOUNT_FIELDS = ("total", "basic", "project", "execution_weight", "initial_total", "executed", "execution_score",
                 "score_weight", "score")
# a 自评表's funding line: ``funding:<source>`` the 全年预算数, these its 年初预算数 and 全年执行数
FUNDING_COLUMNS = {"funding": "amount", "funding.initial": "initial", "funding.executed": "executed"}
# the columns a form prints when its data does not say (a 绩效目标表's)
TARGET_COLUMNS = ("level1", "level2", "level3", "nature", "value", "unit", "weight", "core", "description", "basis")
# every indicator column: a 绩效自评表 adds 实际完成值, 得分 and 偏差原因分析及改进措施
INDICATOR_COLUMNS = TARGET_COLUMNS + ("actual", "score", "deviation")
INDICATOR_LABELS = {
    "level1": ("一级指标",), "level2": ("二级指标",), "level3": ("三级指标", "指标内容", "指标名称"),
    "nature": ("指标性质", "绩效指标性质"), "value": ("指标值", "绩效指标值"),
    "unit": ("计量单位", "绩效度量单位", "度量单位"), "weight": ("权重", "指标权重", "权重（%）", "权重(%)"),
    "core": ("是否核心指标", "是否是核心指标"),
    "description": ("绩效指标描述", "指标描述"), "basis": ("指标值确定依据", "确定依据"),
    "actual": ("实际完成值", "实际完成指标值", "全年实际完成值", "实际值", "完成值"), "score": ("得分",),
    "deviation": ("偏差原因分析及改进措施", "偏差原因分析及改进", "偏差原因分析", "未完成原因分析", "偏差原因"),
}


@dataclass(frozen=True)
class GridCell:
    """One printed cell of a stacked form: a fixed label, or the value of a field; spans in columns."""

    label: str = ""
    field: str = ""
    span: int = 1
    aliases: tuple[str, ...] = ()

    @property
    def is_label(self) -> bool:
        return not self.field


@dataclass(frozen=True)
class FormSpec:
    kind: TargetKind
    title: str  # official title without the year: 项目支出绩效目标表
    aliases: tuple[str, ...]
    layout: str  # "stacked" | "wide"
    grid: tuple[tuple[GridCell, ...], ...]  # stacked: the rows above the indicator table
    indicator_label: str  # the merged first cell of the indicator table (绩效指标)
    indicator_columns: tuple[str, ...]  # printed order of the indicator columns
    width: int  # printed columns
    captions: tuple[str, ...] = ()  # printed header words that hold no value (总体资金情况, 合计)
    indicator_titles: Mapping[str, str] = field(default_factory=dict)  # printed header of a column, if not the usual
    text_headings: Mapping[str, str] = field(default_factory=dict)  # "text" layout: field → heading in the prose
    print_extra: bool = False  # plain forms: funding lines and kept fields without a grid cell get a row each
    footer: tuple[tuple[GridCell, ...], ...] = ()  # rows printed under the indicator table (自评表: 总分)
    funding_sources: tuple[str, ...] = ()  # a grid row naming {source}: the lines printed for a target without any

    def column_title(self, column: str) -> str:
        return self.indicator_titles.get(column) or INDICATOR_LABELS[column][0]

    def label_fields(self) -> dict[str, str]:
        """Every label (and alias) of the grid → the field printed right after it."""
        found: dict[str, str] = {}
        for row in self.grid:
            for i, cell in enumerate(row):
                if cell.is_label and i + 1 < len(row) and row[i + 1].field:
                    for name in (cell.label, *cell.aliases):
                        found[name] = row[i + 1].field
        return found

    def row_label_fields(self) -> list[dict[str, str]]:
        """Per grid row, label → field: a label printed twice (财政拨款) means the field of its own row."""
        rows = []
        for row in self.grid:
            found = {}
            for i, cell in enumerate(row):
                if cell.is_label and i + 1 < len(row) and row[i + 1].field:
                    for name in (cell.label, *cell.aliases):
                        found[name] = row[i + 1].field
            rows.append(found)
        return rows

    def fields(self) -> list[str]:
        return [c.field for row in (*self.grid, *self.footer) for c in row if c.field]


@dataclass(frozen=True)
class PerformanceForms:
    id: str
    name: str
    money_unit: str
    forms: Mapping[TargetKind, FormSpec]
    # wide form: the 一级指标 groups printed across, each with its number of (指标内容, 指标值) pairs
    wide_groups: tuple[tuple[str, int], ...] = ()
    # the plain forms (templates/performance/plain.json) only: what reading by meaning knows
    print_extra: bool = False  # print funding lines and kept fields the grid has no cell for, one row each
    labels: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # field → printed labels
    kind_words: Mapping[TargetKind, tuple[str, ...]] = field(default_factory=dict)  # title words → kind
    funding_words: tuple[str, ...] = ()  # funding sources a form may print
    plain: "PerformanceForms | None" = None  # the plain forms, for targets read as a form no template describes
    stage: str = ""  # "evaluation": the 绩效自评表 of 决算 (targets of the year set against what was done)

    def form(self, kind: TargetKind) -> FormSpec | None:
        return self.forms.get(kind)

    def forms_of(self, target: PerformanceTarget) -> "PerformanceForms":
        """The forms a target is printed on: the plain ones for a target read as no template's form."""
        return self.plain if target.form == "plain" and self.plain is not None else self

    def form_of(self, target: PerformanceTarget) -> FormSpec:
        """The form a target is printed on; a kind the forms lack uses the project form."""
        forms = self.forms_of(target)
        return forms.form(target.kind) or forms.form(TargetKind.PROJECT) or next(iter(forms.forms.values()))

    def all_titles(self) -> list[tuple[str, FormSpec]]:
        return [(name, f) for f in self.forms.values() for name in (f.title, *f.aliases)]


def load_performance_forms(data: Mapping[str, Any]) -> PerformanceForms:
    try:
        forms = {}
        for kind_name, f in data["forms"].items():
            kind = TargetKind(kind_name)
            grid, footer = (tuple(
                tuple(GridCell(label=c.get("label", ""), field=c.get("field", ""), span=int(c.get("span", 1)),
                               aliases=tuple(c.get("aliases", ()))) for c in row)
                for row in f.get(part, [])
            ) for part in ("grid", "footer"))
            for row in (*grid, *footer):
                for c in row:
                    base = c.field.split(":", 1)[0]
                    if c.field and base not in TEXT_FIELDS + AMOUNT_FIELDS + tuple(FUNDING_COLUMNS) + ("extra",):
                        raise TemplateError(f"绩效表单 {data['id']}/{kind_name}：未知字段 {c.field}")
            columns = tuple(f.get("indicator_columns", TARGET_COLUMNS))
            unknown = set(columns) - set(INDICATOR_COLUMNS)
            if unknown:
                raise TemplateError(f"绩效表单 {data['id']}/{kind_name}：未知指标列 {sorted(unknown)}")
            widths = [sum(c.span for c in row) for row in (*grid, *footer)] + [len(columns) + 1]
            forms[kind] = FormSpec(
                kind=kind, title=f["title"], aliases=tuple(f.get("aliases", ())), layout=f.get("layout", "stacked"),
                grid=grid, indicator_label=f.get("indicator_label", "绩效指标"), indicator_columns=columns,
                width=max(widths), captions=tuple(f.get("captions", ())),
                indicator_titles=dict(f.get("indicator_titles", {})),
                text_headings=dict(f.get("text_headings", {})),
                print_extra=bool(data.get("print_extra", False)), footer=footer,
                funding_sources=tuple(f.get("funding_sources", ())),
            )
        return PerformanceForms(id=data["id"], name=data.get("name", data["id"]),
                                money_unit=data.get("money_unit", "万元"), forms=forms,
                                wide_groups=tuple((str(g), int(n)) for g, n in data.get("wide_groups", ())),
                                print_extra=bool(data.get("print_extra", False)),
                                labels={str(f): tuple(v) for f, v in data.get("labels", {}).items()},
                                kind_words={TargetKind(k): tuple(v) for k, v in data.get("kind_words", {}).items()},
                                funding_words=tuple(data.get("funding_words", ())), stage=data.get("stage", ""))
    except (KeyError, ValueError) as exc:
        raise TemplateError(f"绩效表单数据有误：{exc}") from None
