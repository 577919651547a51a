"""从上年新建: this year's package started from last year's, and a 决算 started from the year's 预算.

``new_year`` makes the document for ``year + 1`` of the same template set and unit: every table's 科目 rows
and kept extra lines (amounts empty), last year's figures as 上年数 (``core.prior.load_prior``: the
comparison figures and the printed 上年数 columns), the parts of the 情况说明 that do not depend on the
figures (which ones is data: ``templates/narrative/carry-over.json``), and the 绩效 projects still running
in the new year (项目终止时间 in or after it, or 长期) with their indicators and without amounts, and the
opening balances the template equates with last year's closing ones (``prior_equal``). What is
not carried is listed in the report, never dropped silently. Teach-once mappings belong to the template
set (``io.read.mappings``), so the new document's imports use them as last year's did.

``final_from_budget`` makes a 决算 of the budget's year whose 预算数 come from the 预算 (the template's
``budget_links``, ``core.budget_link.load_budget``) and whose 科目 rows are the budget's on the linked tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

from budgetdesk.core.budget_link import load_budget
from budgetdesk.core.document import Document, UnitMeta, extra_row_parts
from budgetdesk.core.narrative.model import Block, Narrative
from budgetdesk.core.performance.model import Funding, PerformanceTarget, TargetKind
from budgetdesk.core.prior import load_prior
from budgetdesk.core.template import TemplateSet

LONG_TERM = ("长期", "持续", "常年", "经常性")
_YEAR = re.compile(r"(?<!\d)(20\d\d|19\d\d)(?!\d)")
_PERIOD_LABELS = ("项目终止时间", "终止时间", "项目期限", "实施期限", "起止时间", "执行期限", "实施周期", "项目周期")
_NUMBERING = re.compile(r"^\s*(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|"
                        r"\d+[、.．]|[（(]\d+[）)])\s*")


@dataclass
class NewYearReport:
    carried: list[str] = field(default_factory=list)  # what came over, one line each
    left: list[str] = field(default_factory=list)  # what did not, and why

    def lines(self) -> list[str]:
        return [f"带入：{x}" for x in self.carried] + [f"未带入：{x}" for x in self.left]


def new_year(last: Document, carry_over: Mapping[str, Any], *, source: str = "") -> tuple[Document, NewYearReport]:
    """The document for the year after ``last``'s; ``carry_over`` is ``templates/narrative/carry-over.json``."""
    report = NewYearReport()
    if not last.meta.year:
        raise ValueError("上年文件没有填写年度，无法确定新文档的年度；请先在 文件 → 单位信息 中填写")
    year = last.meta.year + 1
    doc = Document(last.template_set, UnitMeta(last.meta.unit_name, last.meta.unit_code, year, last.meta.money_unit,
                                                last.meta.level))
    doc.set_live_totals(True)  # a document being prepared: totals follow the figures entered
    rows = copy_rows(doc, last)
    report.carried.append(f"单位信息（{last.meta.unit_name or '未填单位名称'}，{year} 年）与 {rows} 个科目行（金额为空）")
    prior = load_prior(doc, last, source=source)
    report.carried.append(f"上年数 {prior.placed} 个（{source or '上年文件'}的本年数）")
    report.left += [f"上年数 {u}：本年模板中没有对应位置" for u in prior.unmatched]
    opening = opening_balances(doc)
    if opening:
        report.carried.append(f"年初数 {opening} 个（取自上年的年末数，如年初结转和结余）")
    narrative, taken, dropped = carried_narrative(last.narrative, carry_over)
    doc.set_narrative(narrative)
    if taken:
        report.carried.append("情况说明：" + "、".join(taken) + "（请按新一年修改）")
    if dropped:
        report.left.append("情况说明中依赖数字的部分：" + "、".join(dropped) + "（按新一年的数重新生成或填写）")
    for target in last.performance:
        if target.is_evaluation:  # what was done in a year and its score: never the next year's
            report.left.append(f"绩效自评：{target.title}（自评表按当年的执行和完成情况重新填写）")
            continue
        if target.kind is TargetKind.OVERALL:
            report.left.append(f"绩效：{target.title}（整体绩效目标每年重新编制）")
            continue
        end = end_year(target)
        if end is None:
            report.left.append(f"绩效：{target.title}（没有项目终止时间，无法判断是否延续）")
        elif end == "long" or end >= year:
            doc.performance.add(without_amounts(target))
            report.carried.append(f"绩效：{target.title}（{'长期' if end == 'long' else f'至 {end} 年'}，指标带入，金额为空）")
        else:
            report.left.append(f"绩效：{target.title}（{end} 年已终止）")
    return doc, report


def opening_balances(doc: Document) -> int:
    """This year's cells that the template equates with last year's (``prior_equal`` rules: 年初结转和结余 =
    上年年末结转和结余), set from the loaded 上年数 — as 久其 takes 年初数 from last year's file."""
    from budgetdesk.core.checks import Context, PriorCheck
    from budgetdesk.core.rules import RULE_KINDS

    placed = 0
    for rule in doc.template_set.rules:
        if rule.kind != "prior_equal":
            continue
        for check in RULE_KINDS[rule.kind](rule, doc, Context()):
            if not isinstance(check, PriorCheck):
                continue
            value = doc.prior_amount(check.last.table, check.last.row, check.last.column)
            table = doc.table(check.target.table)
            if value is not None and table.has_row(check.target.row):
                doc.set(check.target.table, check.target.row, check.target.column, value)
                placed += 1
    return placed


def copy_rows(doc: Document, last: Document) -> int:
    """Every 科目 row and extra line of ``last``'s tables into ``doc`` (same template set), in order, no figures."""
    count = 0
    for tid, old in last.tables.items():
        if tid not in doc.tables:
            continue
        for position, row in enumerate(old.rows):
            if row.is_code_row and not doc.table(tid).has_row(row.key):
                doc.add_code_row(tid, row.code or row.key, row.label, position=position)
                count += 1
            elif row.is_extra and not doc.table(tid).has_row(row.key):
                side, band = extra_row_parts(row.key)
                doc.add_extra_row(tid, side, band, row.label, position=position, key=row.key)
    return count


def heading_text(text: str) -> str:
    """A heading without its numbering (一、 （二） 1. 第一部分)."""
    return _NUMBERING.sub("", text).strip()


def heading_level(text: str) -> int | None:
    """0 第…部分, 1 一、, 2 （一）, 3 1. / 1、, 4 （1）; None unnumbered."""
    m = _NUMBERING.match(text)
    if not m:
        return None
    mark = m.group(1)
    if mark.startswith("第"):
        return 0
    if mark[0] in "（(":
        return 2 if not mark[1].isdigit() else 4
    return 3 if mark[0].isdigit() else 1


def carried_narrative(narrative: Narrative, carry_over: Mapping[str, Any]) -> tuple[Narrative, list[str], list[str]]:
    """(the blocks to carry, the headings carried, the headings left) by ``carry_over``'s sections and words."""
    sections = set(carry_over.get("sections", []))
    words = tuple(carry_over.get("headings", []))

    def matches(block: Block) -> bool:
        return (bool(block.section_key) and block.section_key in sections) or (
            block.heading and any(w in heading_text(block.text) for w in words))

    out: list[Block] = []
    taken: list[str] = []
    dropped: list[str] = []
    carrying, level = False, None
    for block in narrative.blocks:
        if block.heading:
            this_level = heading_level(block.text)
            if matches(block):
                if not carrying:
                    level = this_level
                carrying = True
                taken.append(block.text)
            elif carrying and level is not None and this_level is not None and this_level > level:
                taken.append(block.text)  # a sub-heading of a carried part
            else:
                carrying = False
                if block.text.strip() and this_level in (None, 0, 1):  # the main parts, not every sub-heading
                    dropped.append(block.text)
        elif block.section_key:
            carrying = block.section_key in sections
        if carrying or (block.section_key and block.section_key in sections):
            out.append(block)
    return Narrative(tuple(out)), list(dict.fromkeys(taken)), list(dict.fromkeys(dropped))


def end_year(target: PerformanceTarget) -> int | str | None:
    """The last year of a project (the latest year in its 起止时间 or a 期限 field), ``"long"`` for 长期, else None."""
    texts = [target.period] + [value for label, value in target.extra if any(k in label for k in _PERIOD_LABELS)]
    texts = [t for t in texts if t and t.strip()]
    if any(any(w in t for w in LONG_TERM) for t in texts):
        return "long"
    years = [int(y) for t in texts for y in _YEAR.findall(t)]
    return max(years) if years else None


def without_amounts(target: PerformanceTarget) -> PerformanceTarget:
    """The target with its money left empty (资金总额, 基本/项目支出, each funding line), indicators kept."""
    return target.evolve(total=None, basic=None, project=None,
                         funding=tuple(Funding(f.source, None, f.part) for f in target.funding), source="")


def final_from_budget(budget: Document, final_set: TemplateSet) -> tuple[Document, list[str]]:
    """A 决算 of ``budget``'s year and unit: the budget's 科目 rows on every linked table, its 预算数 placed."""
    if final_set.kind != "final_accounts":
        raise ValueError(f"“{final_set.name}”不是决算模板")
    doc = Document(final_set, UnitMeta(budget.meta.unit_name, budget.meta.unit_code, budget.meta.year,
                                       budget.meta.money_unit, budget.meta.level))
    doc.set_live_totals(True)
    lines: list[str] = []
    added = 0
    for link in final_set.budget_links:
        target_id, source_id = link["table"], link.get("from", link["table"])
        if target_id not in doc.tables or source_id not in budget.tables:
            continue
        target = doc.table(target_id)
        if target.template.code_side is None:
            continue
        for row in budget.table(source_id).code_rows():
            if not target.has_row(row.key) and row.code:
                doc.add_code_row(target_id, row.code, row.label)
                added += 1
    report = load_budget(doc, budget)
    lines.append(f"科目行 {added} 个（来自预算，金额为空）")
    lines.append(f"预算数 {report.placed} 个（其中 {report.into_cells} 个填入表中的预算数列）")
    lines += [f"提示：{n}" for n in report.notices]
    lines += [f"决算中没有对应位置：{u}" for u in report.unmatched]
    return doc, lines
