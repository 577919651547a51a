"""Last year's figures: carry a previous year's document into this one as 上年 comparison values.

Cells are matched by table id, row (subject code or fixed-row key) and column key, so any document
of the same template family lines up; where this year's template has a 上年 column (``prior_of``),
it is filled too. Returns what could not be matched, so nothing is dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from budgetdesk.core.document import Document


@dataclass
class PriorReport:
    placed: int = 0
    unmatched: list[str] = field(default_factory=list)  # "《表》行 列" of last year's figures with no place


def load_prior(doc: Document, last_year: Document, *, fill_prior_columns: bool = True, source: str = "") -> PriorReport:
    """Last year's figures into ``doc.prior`` (and, with ``fill_prior_columns``, into the printed 上年数 columns);
    ``source`` names last year's file in the year-to-year checks (``prior_equal``/``prior_columns`` rules)."""
    report = PriorReport()
    doc.prior.clear()
    for tid, old in last_year.tables.items():
        if tid not in doc.tables:
            if old.has_figures():
                report.unmatched.append(f"《{old.template.title}》（今年的模板中没有这张表）")
            continue
        table = doc.table(tid)
        current_columns = {c.key for c in table.template.columns if c.is_amount}
        mirrors = {c.prior_of: c.key for c in table.template.columns if c.prior_of}
        for (row, column), value in old.cells.items():
            if not old.template.column(column).is_amount or value is None:
                continue
            if column not in current_columns:
                report.unmatched.append(f"《{old.template.title}》{row} {old.template.column(column).label}")
                continue
            doc.set_prior(tid, row, column, value)
            report.placed += 1
            if fill_prior_columns and column in mirrors and table.has_row(row):
                doc.set(tid, row, mirrors[column], value)
    doc.prior_loaded(source)
    return report


def prior_mismatch(doc: Document, last_year: Document) -> list[str]:
    """Why ``last_year`` may not be this unit's previous year: other template, unit or year (empty if it fits)."""
    out = []
    this, that = doc.meta, last_year.meta
    if last_year.template_set.id != doc.template_set.id:
        out.append(f"模板不同：所选文件是“{last_year.template_set.name}”（{last_year.template_set.id}），"
                   f"当前文档是“{doc.template_set.name}”（{doc.template_set.id}）")
    if this.unit_name and that.unit_name and this.unit_name != that.unit_name:
        out.append(f"单位不同：所选文件是“{that.unit_name}”，当前文档是“{this.unit_name}”")
    elif this.unit_code and that.unit_code and this.unit_code != that.unit_code:
        out.append(f"单位编码不同：所选文件是 {that.unit_code}，当前文档是 {this.unit_code}")
    if this.year and that.year and that.year != this.year - 1:
        out.append(f"年度不是上一年：所选文件是 {that.year} 年，当前文档是 {this.year} 年")
    return out
