"""The printed layout of 绩效目标表: cells with spans, from a target and its form (template data).

Excel export, the PDF package and the GUI's form view all draw from these cells, so the three show
the same merged table. A stacked form is the form's label/value grid followed by the indicator
table (its first column merged down as 绩效指标); the wide form is one band of rows per project
with the indicators of each 一级指标 group in that group's column pairs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from budgetdesk.core.money import format_amount
from budgetdesk.core.performance.edit import PRINTED
from budgetdesk.core.performance.forms import AMOUNT_FIELDS, FUNDING_COLUMNS, FormSpec, GridCell, PerformanceForms
from budgetdesk.core.performance.model import Indicator, PerformanceTarget, TargetKind
from budgetdesk.core.performance.wide import FIXED_COLUMNS, HEADER_ROWS, band_height, group_columns, placed, wide_groups

@dataclass(frozen=True)
class FormCell:
    row: int
    col: int
    text: str
    role: str  # "label" | "value" | "amount" | "header" | "indicator"
    rowspan: int = 1
    colspan: int = 1
    field: str = ""  # the target field (or "indicator:<i>:<column>") the cell shows
    value: Decimal | str | None = None  # amounts as Decimal for spreadsheets
    key: str = ""  # the target the cell belongs to (wide tables hold many)


@dataclass(frozen=True)
class FormLayout:
    cells: tuple[FormCell, ...]
    rows: int
    cols: int
    indicator_row: int = -1  # first indicator row (stacked forms), for editors
    footer_row: int = -1  # first row under the indicators (a 自评表's 总分), if the form prints any
    bands: tuple[tuple[str, int, int], ...] = ()  # wide tables: (target key, first row, rows) per project

    def at(self, row: int, col: int) -> FormCell | None:
        for c in self.cells:
            if c.row <= row < c.row + c.rowspan and c.col <= col < c.col + c.colspan:
                return c
        return None


def printed_groups(targets, forms: PerformanceForms) -> list[tuple[PerformanceForms, FormSpec, list[PerformanceTarget]]]:
    """The targets in printed order, grouped by the form they are printed on: per kind, the template set's form
    first, then the plain form of the targets read as a form no template describes."""
    groups = []
    for kind in TargetKind:
        of_kind = [t for t in targets if t.kind is kind]
        for fs in (forms, forms.plain):
            members = [t for t in of_kind if fs is not None and forms.forms_of(t) is fs]
            if members:
                groups.append((fs, forms.form_of(members[0]), members))
    return groups


def field_value(target: PerformanceTarget, field: str) -> Decimal | str | None:
    if field == "code_name":
        return f"{target.code}-{target.name}" if target.code else target.name
    if field.split(":", 1)[0] in FUNDING_COLUMNS:
        parts = field.split(":")
        part, source = (parts[1], parts[2]) if len(parts) == 3 else ("", parts[1])
        column = FUNDING_COLUMNS[parts[0]]
        return next((getattr(f, column) for f in target.funding if f.source == source and f.part == part), None)
    if field.startswith("extra:"):
        return next((v for k, v in target.extra if k == field[6:]), "")
    return getattr(target, field, "")


def indicator_text(ind: Indicator, column: str) -> Decimal | str | None:
    if column in ("weight", "score"):
        return getattr(ind, column)
    if column == "core":
        return {True: "是", False: "否", None: ""}[ind.core]
    return getattr(ind, column)


def show(value: Decimal | str | None, places: int = 2) -> str:
    if isinstance(value, Decimal):
        return format_amount(value, places) if places else f"{value.normalize():f}"
    return value or ""


# amounts printed as written (a 分值 or 得分: 10, 7.7), not with a money amount's two places
_SCORES = ("execution_weight", "execution_score", "score_weight", "score")


SOURCE = "{source}"  # a grid row naming it is printed once per funding line (a 自评表's 财政拨款 / 上年结转 …)
EXTRA = "{extra}"  # … once per field kept as printed (a 部门整体自评表's 年度主要任务)


def grid_rows(target: PerformanceTarget, form: FormSpec) -> list[tuple[GridCell, ...]]:
    """The form's grid rows for this target: a row naming ``{source}`` once per funding line of the target (the
    form's usual sources for a target without any), one naming ``{extra}`` once per kept field."""
    rows: list[tuple[GridCell, ...]] = []
    sources = [f.source for f in target.funding if not f.part] or list(form.funding_sources)
    for row in form.grid:
        for mark, names in ((SOURCE, sources), (EXTRA, [label for label, _ in target.extra])):
            if any(mark in c.label or mark in c.field for c in row):
                rows += [tuple(replace(c, label=c.label.replace(mark, name or "其他"), field=c.field.replace(mark, name))
                               for c in row) for name in names]
                break
        else:
            rows.append(row)
    return rows


def _grid_cells(target: PerformanceTarget, rows, first: int) -> list[FormCell]:
    """The label and value cells of a form's grid rows, from row ``first`` on."""
    cells: list[FormCell] = []
    for r, grid_row in enumerate(rows, first):
        c = 0
        for g in grid_row:
            if g.is_label:
                cells.append(FormCell(r, c, g.label, "label", colspan=g.span))
            else:
                v = field_value(target, g.field)
                base = g.field.split(":")[0]
                amount = isinstance(v, Decimal) or base in AMOUNT_FIELDS or base in FUNDING_COLUMNS
                places = 0 if g.field in _SCORES else 2
                cells.append(FormCell(r, c, show(v, places), "amount" if amount else "value", colspan=g.span,
                                      field=g.field, value=v))
            c += g.span
    return cells


def stacked_layout(target: PerformanceTarget, form: FormSpec) -> FormLayout:
    width = form.width
    rows = grid_rows(target, form)
    cells = _grid_cells(target, rows, 0)
    top = len(rows)
    if form.print_extra:
        for label, text, value, role, field in _extra_rows(target, form):
            cells.append(FormCell(top, 0, label, "label"))
            cells.append(FormCell(top, 1, text, role, colspan=width - 1, field=field, value=value))
            top += 1
    columns = form.indicator_columns
    spans = [1] * len(columns)
    spare = width - 1 - len(columns)
    if spare > 0:
        spans[columns.index("level3") if "level3" in columns else -1] += spare
    n = len(target.indicators)
    cells.append(FormCell(top, 0, form.indicator_label, "label", rowspan=n + 1))
    c = 1
    for key, span in zip(columns, spans):
        cells.append(FormCell(top, c, form.column_title(key), "header", colspan=span))
        c += span
    for i, ind in enumerate(target.indicators):
        c = 1
        for key, span in zip(columns, spans):
            v = indicator_text(ind, key)
            if key == "value" and "nature" not in columns:  # the form prints "≥90%" in one cell
                v = _printed_value(ind)
            cells.append(FormCell(top + 1 + i, c, show(v, 0), "indicator", colspan=span,
                                  field=f"indicator:{i}:{key}", value=v))
            c += span
    bottom = top + 1 + max(n, 0)
    cells += _grid_cells(target, form.footer, bottom)
    return FormLayout(tuple(cells), bottom + len(form.footer), width, indicator_row=top + 1,
                      footer_row=bottom if form.footer else -1)


_PARTS = {"basic": "基本支出", "project": "项目支出"}


def _extra_rows(target: PerformanceTarget, form: FormSpec):
    """A plain form's rows for what its grid has no cell for: funding lines, then kept fields as printed."""
    shown = {c.field for row in grid_rows(target, form) for c in row if c.field}
    for f in target.funding:
        field = f"funding:{f.part}:{f.source}" if f.part else f"funding:{f.source}"
        if field not in shown:  # (a 自评表's lines have rows of their own: its grid repeats a row per line)
            label = f"{_PARTS.get(f.part, '')}{'：' if f.part else ''}{f.source}"
            yield label, show(f.amount), f.amount, "amount", field
    for label, text in target.extra:
        yield label or "其他", text, text, "value", f"extra:{label}" if label else ""


def _printed_value(ind: Indicator) -> str:
    if ind.is_qualitative:
        return ind.value
    return f"{ind.nature}{ind.value}{ind.unit}"


def wide_layout(targets: list[PerformanceTarget], forms: PerformanceForms) -> FormLayout:
    """单位 | 项目名称 | 金额 | 绩效目标 | (指标内容, 指标值) per slot of each 一级指标 group."""
    groups = wide_groups(forms)
    slots = sum(n for _, n in groups)
    cells: list[FormCell] = []
    for c, text in enumerate(("单位", "项目名称", "金额", "绩效目标")):
        cells.append(FormCell(0, c, text, "header", rowspan=HEADER_ROWS))
    cells.append(FormCell(0, FIXED_COLUMNS, "绩效指标", "header", colspan=2 * slots))
    numerals = "一二三四五六七八九十"
    for g, (name, n) in enumerate(groups):
        c = group_columns(g, groups)[0]
        cells.append(FormCell(1, c, name, "header", colspan=2 * n))
        for k in range(n):
            cells.append(FormCell(2, c + 2 * k, numerals[k], "header", colspan=2))
            cells.append(FormCell(3, c + 2 * k, "指标内容", "header"))
            cells.append(FormCell(3, c + 2 * k + 1, "指标值", "header"))
    row = HEADER_ROWS
    bands = []
    for t in targets:
        members = placed(t, groups)
        height = band_height(t, groups, members)
        bands.append((t.key, row, height))
        for c, (text, value, field) in enumerate(((t.unit, t.unit, "unit"), (t.title, t.name, "code_name"),
                                                  (show(t.total), t.total, "total"), (t.goal, t.goal, "goal"))):
            cells.append(FormCell(row, c, text, "amount" if field == "total" else "value", rowspan=height,
                                  field=field, value=value, key=t.key))
        for g, in_group in enumerate(members):
            start, n = group_columns(g, groups)[0], groups[g][1]
            for k, i in enumerate(in_group):
                ind = t.indicators[i]
                r, c = row + k // n, start + 2 * (k % n)
                cells.append(FormCell(r, c, ind.level3, "indicator", field=f"indicator:{i}:level3",
                                      value=ind.level3, key=t.key))
                cells.append(FormCell(r, c + 1, _printed_value(ind), "indicator", field=f"indicator:{i}:{PRINTED}",
                                      value=_printed_value(ind), key=t.key))
        row += height
    return FormLayout(tuple(cells), row, FIXED_COLUMNS + 2 * slots, bands=tuple(bands))
