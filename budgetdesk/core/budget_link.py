"""预算 ↔ 决算: carry the year's 预算 into a 决算 document and compare 决算 with 预算 and with last year.

Where each 预算 figure goes is data: the 决算 template set's ``budget_links`` name, per 决算 table, the
预算 table it reads (``from``), the column mapping and any fixed rows whose keys differ (上年结转 →
年初结转和结余). 科目 rows match by code. A target column declared ``budget_of`` in the template (the
预算数 half of the 三公 table) is an ordinary cell and is filled; every other 预算 figure is kept beside
the document (``Document.budget``) for 完成预算 %. What finds no place is reported, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from budgetdesk.core.document import Document

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class BudgetLinkError(ValueError):
    """The chosen file is not a 预算 that can be linked to this 决算."""


@dataclass
class BudgetReport:
    placed: int = 0
    into_cells: int = 0  # figures written into 预算数 columns of the tables themselves
    unmatched: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def load_budget(final: Document, budget: Document) -> BudgetReport:
    """Fill ``final``'s 预算 figures from ``budget`` (replacing earlier ones)."""
    if final.template_set.kind != "final_accounts":
        raise BudgetLinkError("只有决算文档才能导入本年预算")
    if budget.template_set.kind != "budget":
        raise BudgetLinkError(f"所选文件是“{budget.template_set.name}”，不是预算公开表")
    report = BudgetReport()
    if final.meta.year and budget.meta.year and final.meta.year != budget.meta.year:
        report.notices.append(f"预算年度 {budget.meta.year} 与决算年度 {final.meta.year} 不同")
    final.budget.clear()
    for link in final.template_set.budget_links:
        target_id, source_id = link["table"], link.get("from", link["table"])
        if source_id not in budget.tables or target_id not in final.tables:
            continue
        source, target = budget.table(source_id), final.table(target_id)
        rows = dict(link.get("rows", {}))
        columns = dict(link["columns"])
        cell_columns = {c.key for c in target.template.columns if c.budget_of}
        for (row_key, col_key), value in source.cells.items():
            if col_key not in columns or not isinstance(value, Decimal):
                continue
            src_row = source.row(row_key)
            if src_row.is_code_row:
                dest_row = target.row_for_code(src_row.code or "")
            else:
                key = rows.get(row_key, row_key)
                dest_row = target.row(key) if target.has_row(key) else target.row_for_code(src_row.code or "")
            where = f"《{source.template.title}》{src_row.code or src_row.label} {source.template.column(col_key).label}"
            if dest_row is None:
                if value:
                    report.unmatched.append(where)
                continue
            dest_col = columns[col_key]
            if dest_col in cell_columns:
                final.set(target_id, dest_row.key, dest_col, value)
                report.into_cells += 1
            else:
                final.set_budget(target_id, dest_row.key, dest_col, value)
            report.placed += 1
    return report


def budget_for(doc: Document, table: str, row: str, column: str) -> Decimal | None:
    """The 预算 figure of a 决算 cell: its ``budget_of`` column in the same table, else the linked 预算."""
    for c in doc.table(table).template.columns:
        if c.budget_of == column:
            return doc.amount(table, row, c.key)
    return doc.budget_amount(table, row, column)


def percent(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """``part / whole`` in per cent to two places (half up, as published); None without a base."""
    if part is None or not whole:
        return None
    return (part / whole * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ComparisonLine:
    row: str
    column: str
    label: str  # "2080101 行政运行" / "公务接待费"
    final: Decimal | None
    budget: Decimal | None
    prior: Decimal | None

    @property
    def completion(self) -> Decimal | None:
        """完成预算 %."""
        return percent(self.final, self.budget)

    @property
    def change(self) -> Decimal | None:
        if self.final is None and self.prior is None:
            return None
        return (self.final or Decimal(0)) - (self.prior or Decimal(0))

    @property
    def change_percent(self) -> Decimal | None:
        return percent(self.change, self.prior)


def comparison(doc: Document, table_id: str, columns: list[str] | None = None) -> list[ComparisonLine]:
    """决算 against 预算 and 上年 for each row of a table (the 预算数 columns themselves are left out)."""
    t = doc.table(table_id)
    budget_columns = {c.key for c in t.template.columns if c.budget_of}
    wanted = [c for c in t.template.amount_columns
              if c.key not in budget_columns and (columns is None or c.key in columns)]
    lines = []
    for r in t.rows:
        for c in wanted:
            if c.side != r.side:
                continue
            final = t.amount(r.key, c.key)
            budget = budget_for(doc, table_id, r.key, c.key)
            prior = doc.prior_amount(table_id, r.key, c.key)
            if final is None and budget is None and prior is None:
                continue
            nested_subtotal = len(c.path) > 2 and c.label in ("小计", "合计")
            column = f"{c.path[-2]}（{c.label}）" if nested_subtotal else c.label  # 公务用车…（小计）
            label = f"{r.code} {r.label}".strip() if r.is_code_row else (r.label or column)
            if len(wanted) > 1 and r.label and r.label != c.label:
                label = f"{label}（{column}）"
            elif not r.label:
                label = column
            lines.append(ComparisonLine(r.key, c.key, label, final, budget, prior))
    return lines


def has_comparison(doc: Document) -> bool:
    """Whether a 决算 document has anything to compare with (linked 预算, 预算数 columns or 上年数)."""
    if doc.template_set.kind != "final_accounts":
        return False
    if doc.budget or doc.prior:
        return True
    return any(c.budget_of and t.amount(r.key, c.key) is not None
               for t in doc.tables.values() for c in t.template.columns for r in t.rows)
