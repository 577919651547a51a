"""A department and two units, by hand, for 部门汇总 with internal flows (预算 hebei-budget, 决算 sc-final-accounts).

All figures sit on 科目 2080101 行政运行 (万元):

- 本级 某局本级 (301001): 一般公共预算财政拨款 830 spent as 基本支出 (工资); 附属单位上缴收入 30 (from 乙) and
  其他收入 170 finance the 对附属单位补助支出 200 it pays 甲. Income 1,030 = expenditure 1,030.
- 甲中心 (301001001): 上级补助收入 200 (from 本级) + 事业收入 50 = 基本支出 250.
- 乙中心 (301001002): 事业收入 100 = 基本支出 70 + 上缴上级支出 30 (to 本级).

Each document's totals come from its leaves through the template's relations (``core.fill``); each passes
its own checks with no error and no warning (tables without figures carry a note).
"""

from __future__ import annotations

from decimal import Decimal as D

from budgetdesk.core.document import Document, UnitMeta
from budgetdesk.core.fill import compute_totals
from budgetdesk.resources import load_template

NAMES = {"208": "社会保障和就业支出", "20801": "人力资源和社会保障管理事务", "2080101": "行政运行",
         "301": "工资福利支出", "30101": "基本工资"}
# 决算 总表 income lines for the 收入决算表 columns
FINAL_SUMMARY_LINES = {"fiscal": "in.gpb", "upper_grant": "in.upper_grant", "business": "in.business",
                       "affiliated": "in.affiliated", "other": "in.other"}
FLOWS = {  # the template's column names for the two internal flows and for 事业收入
    "hebei-budget": {"received_grant": "upper", "received_remit": "affiliated", "paid_grant": "affiliated",
                     "paid_remit": "upper", "fiscal": "fiscal"},
    "sc-final-accounts": {"received_grant": "upper_grant", "received_remit": "affiliated",
                          "paid_grant": "affiliated", "paid_remit": "upper", "fiscal": "fiscal"},
}


def unit(template: str, name: str, code: str, income: dict[str, D], expend: dict[str, D], fiscal: D = D(0)) -> Document:
    doc = Document(load_template(template), UnitMeta(name, code, 2024, "万元"))
    final = doc.template_set.kind == "final_accounts"
    fiscal_tables = ("gpb_expenditure", "fiscal_detail", "gpb_detail") if final else ("gpb_expenditure",)
    for t in ("income", "expenditure") + (fiscal_tables if fiscal else ()):
        doc.add_code_row(t, "2080101", "行政运行", with_parents=True, names=NAMES.get)
    for col, v in income.items():
        doc.set("income", "2080101", col, v)
        if final:
            doc.set("summary", FINAL_SUMMARY_LINES[col], "in_amount", v)
    if not final:  # 河北: everything but 财政拨款 and 财政专户 is 单位资金
        doc.set("summary", "in.unit", "in_amount", sum((v for c, v in income.items() if c != "fiscal"), D(0)))
    for col, v in expend.items():
        doc.set("expenditure", "2080101", col, v)
    doc.set("summary", "208", "out_amount", sum(expend.values(), D(0)))
    if fiscal:
        if not final:
            doc.set("summary", "in.gpb", "in_amount", fiscal)
        doc.set("fiscal_summary", "in.gpb", "in_amount", fiscal)
        doc.set("fiscal_summary", "208", "out_gpb", fiscal)
        doc.set("gpb_expenditure", "2080101", "basic", fiscal)
        if final:
            for t in ("fiscal_detail", "gpb_detail"):
                doc.set(t, "2080101", "e301", fiscal)
        doc.add_code_row("gpb_basic", "30101", "基本工资", with_parents=True, names=NAMES.get)
        doc.set("gpb_basic", "30101", "personnel", fiscal)
    for tid in doc.tables:
        for r, c, _old, new in compute_totals(doc, tid):
            doc.set(tid, r, c, new)
        if not doc.table(tid).has_figures():
            doc.set_note(tid, "本单位无此项数据，空表列示。")
    return doc


def department(template: str) -> list[Document]:
    """[本级, 甲中心, 乙中心] as described above."""
    f = FLOWS[template]
    return [
        unit(template, "某局本级", "301001", {f["fiscal"]: D(830), f["received_remit"]: D(30), "other": D(170)},
             {"basic": D(830), f["paid_grant"]: D(200)}, fiscal=D(830)),
        unit(template, "甲中心", "301001001", {f["received_grant"]: D(200), "business": D(50)}, {"basic": D(250)}),
        unit(template, "乙中心", "301001002", {"business": D(100)}, {"basic": D(70), f["paid_remit"]: D(30)}),
    ]
