"""部门汇总 eliminations: internal flows out of the totals, the 调整表, manual entries, unmatched amounts.

The department and its two units are in ``tests/department_units.py``; every expected figure below is
worked out by hand from them (万元).
"""

from decimal import Decimal as D

import pytest

from budgetdesk.core.adjustments import ELIMINATED, UNMATCHED, Adjustment, Leg, adjustment_from_dict
from budgetdesk.core.consolidate import consolidate
from budgetdesk.core.eliminate import (EliminationError, adjustment_table, apply_adjustments, find_department,
                                       remove_adjustment)
from budgetdesk.core.fill import shift_totals
from budgetdesk.core.template import TemplateError, load_template_set
from budgetdesk.resources import load_template
from tests.conftest import engine_for
from tests.department_units import FLOWS, department, unit

NAMES = ["某局本级", "甲中心", "乙中心"]


def clean(doc) -> bool:
    summary = engine_for(doc).summary()
    return summary.errors == 0 and summary.warnings == 0


@pytest.mark.parametrize("template", ["hebei-budget", "sc-final-accounts"])
def test_a_department_with_two_units_merges_without_its_internal_flows(template):
    docs = department(template)
    assert all(clean(d) for d in docs)
    f = FLOWS[template]
    notices: list[str] = []
    merged = consolidate([docs[1], docs[0], docs[2]], unit_name="某局", unit_code="301", notices=notices,
                         names=["甲中心", "某局本级", "乙中心"])
    assert notices == ["本级按单位编码认定：某局本级的编码 301001 是其他各单位编码的前缀"]
    # income: 830 + 30 + 170 (本级) + 200 + 50 (甲) + 100 (乙) = 1,380 added; less 200 (补助) and 30 (上缴) = 1,150,
    # which is what came from outside: 财政 830 + 其他 170 + 事业 50 + 100
    total_income = "subtotal" if template == "hebei-budget" else "total"
    assert merged.amount("income", "total", total_income) == D("1150")
    assert merged.amount("income", "2080101", f["received_grant"]) == D(0)
    assert merged.amount("income", "2080101", f["received_remit"]) == D(0)
    assert merged.amount("income", "208", f["received_grant"]) == D(0)  # the parent 科目 and the 合计 row move too
    assert merged.amount("income", "total", f["received_remit"]) == D(0)
    assert merged.amount("income", "total", "business") == D("150")
    # expenditure: 1,030 + 250 + 100 = 1,380 added; less 200 and 30 = 1,150 = 基本支出 830 + 250 + 70
    assert merged.amount("expenditure", "total", "total") == D("1150")
    assert merged.amount("expenditure", "2080101", "total") == D("1150")
    assert merged.amount("expenditure", "20801", f["paid_grant"]) == D(0)
    assert merged.amount("expenditure", "total", f["paid_remit"]) == D(0)
    assert merged.amount("expenditure", "total", "basic") == D("1150")
    # the 总表, which no 科目 column reaches but the template's relations do
    assert merged.amount("summary", "208", "out_amount") == D("1150")
    assert merged.amount("summary", "in.total", "in_amount") == D("1150")
    assert merged.amount("summary", "out.total", "out_amount") == D("1150")
    if template == "hebei-budget":  # 单位资金 200 + 250 + 100 less 230 = 320 = 其他 170 + 事业 150 (declared ``also``)
        assert merged.amount("summary", "in.unit", "in_amount") == D("320")
    else:
        assert merged.amount("summary", "in.upper_grant", "in_amount") == D(0)
        assert merged.amount("summary", "in.affiliated", "in_amount") == D(0)
        assert merged.amount("summary", "in.business", "in_amount") == D("150")
    # 财政拨款 is not an internal flow: untouched
    assert merged.amount("fiscal_summary", "in.gpb", "in_amount") == D("830")
    assert clean(merged)
    assert [(a.kind, a.flow, a.payer, a.payee, a.amount) for a in merged.adjustments] == [
        (ELIMINATED, "subsidy", "某局本级", "甲中心", D("200")),
        (ELIMINATED, "remittance", "乙中心", "某局本级", D("30")),
    ]
    grant = merged.adjustments[0]
    assert grant.paid == (Leg("expenditure", "2080101", f["paid_grant"], D("200")),)
    assert grant.received == (Leg("income", "2080101", f["received_grant"], D("200")),)
    rows = adjustment_table(merged)
    assert rows[0][:6] == (1, "抵销", "对附属单位补助", "某局本级", "甲中心", D("200"))
    assert "《" in rows[0][6] and "行政运行" in rows[0][6] and rows[0][8] == "自动"


def test_without_flows_declared_the_sum_is_plain():
    """The same units summed as before this change (no declared flows): 1,380 on each side."""
    docs = department("hebei-budget")
    ts = docs[0].template_set
    flows = ts.internal_flows
    object.__setattr__(ts, "internal_flows", ())
    try:
        merged = consolidate(docs)
    finally:
        object.__setattr__(ts, "internal_flows", flows)
    assert merged.amount("income", "total", "subtotal") == D("1380")
    assert merged.adjustments == ()


def test_an_amount_without_counterpart_is_reported_and_the_rest_eliminated():
    """本级 pays 200 but 甲 records 150 上级补助收入 (and 50 more 事业收入): 150 eliminated, 50 of 本级's listed."""
    dept, _, b = department("hebei-budget")
    a = unit("hebei-budget", "甲中心", "301001001", {"upper": D(150), "business": D(100)}, {"basic": D(250)})
    merged = consolidate([dept, a, b], names=NAMES)
    assert [(a.kind, a.flow, a.payer, a.payee, a.amount) for a in merged.adjustments] == [
        (ELIMINATED, "subsidy", "某局本级", "甲中心", D("150")),
        (UNMATCHED, "subsidy", "某局本级", "", D("50")),
        (ELIMINATED, "remittance", "乙中心", "某局本级", D("30")),
    ]
    unmatched = merged.adjustments[1]
    assert unmatched.paid == (Leg("expenditure", "2080101", "affiliated", D("50")),) and unmatched.received == ()
    # 1,380 less 150 and 30 on both sides; the 50 stays in 对附属单位补助支出
    assert merged.amount("income", "total", "subtotal") == D("1200")
    assert merged.amount("expenditure", "total", "total") == D("1200")
    assert merged.amount("expenditure", "2080101", "affiliated") == D("50")
    assert clean(merged)


def test_several_units_receiving_more_than_was_paid_eliminate_nothing():
    """本级 pays 100; 甲 and 乙 each record 80 上级补助收入: whose 60 is unmatched cannot be told."""
    dept = unit("hebei-budget", "某局本级", "301001", {"fiscal": D(830), "other": D(70)},
                {"basic": D(800), "affiliated": D(100)}, fiscal=D(830))
    a = unit("hebei-budget", "甲中心", "301001001", {"upper": D(80)}, {"basic": D(80)})
    b = unit("hebei-budget", "乙中心", "301001002", {"upper": D(80)}, {"basic": D(80)})
    merged = consolidate([dept, a, b], names=NAMES)
    assert [(a.kind, a.payer, a.payee, a.amount) for a in merged.adjustments] == [
        (UNMATCHED, "某局本级", "", D("100")), (UNMATCHED, "", "甲中心", D("80")), (UNMATCHED, "", "乙中心", D("80"))]
    assert merged.amount("income", "total", "subtotal") == D("1060")  # 900 + 80 + 80, nothing taken out


def test_the_department_is_named_else_found_by_code_else_the_first():
    dept, a, b = department("hebei-budget")
    assert find_department([a, dept, b], NAMES).index == 1
    assert find_department([a, dept, b], NAMES, chosen=2).index == 2
    for d in (a, b):
        d.set_meta(d.meta.__class__(d.meta.unit_name, "301002", 2024, "万元"))  # no code is a prefix of the others
    found = find_department([a, dept, b], NAMES)
    assert found.index == 0 and "第一个文件" in found.basis


def test_a_manual_elimination_applies_with_totals_and_comes_off_again():
    """乙 remitted 30, but 本级 recorded it as 其他收入 (no 附属单位上缴收入): the officer eliminates it by hand."""
    f = FLOWS["sc-final-accounts"]
    dept = unit("sc-final-accounts", "某局本级", "301001", {"fiscal": D(830), "other": D(200)},
                {"basic": D(830), f["paid_grant"]: D(200)}, fiscal=D(830))
    _, a, b = department("sc-final-accounts")
    merged = consolidate([dept, a, b], names=NAMES)
    assert [(x.kind, x.flow, x.amount) for x in merged.adjustments] == [
        (ELIMINATED, "subsidy", D("200")), (UNMATCHED, "remittance", D("30"))]
    assert merged.amount("income", "total", "total") == D("1180")  # 1,380 − 200
    manual = Adjustment(ELIMINATED, "", "上缴记在其他收入", "乙中心", "某局本级", D("30"),
                        (Leg("expenditure", "2080101", "upper", D("30")),),
                        (Leg("income", "2080101", "other", D("30")),), manual=True, note="本级记入其他收入")
    changes = apply_adjustments(merged, [manual])
    assert merged.amount("income", "total", "total") == D("1150")
    assert merged.amount("income", "2080101", "other") == D("170")
    assert merged.amount("expenditure", "total", "total") == D("1150")
    assert merged.amount("summary", "in.other", "in_amount") == D("170")  # through the 总表 ⇄ 收入决算表 relation
    assert merged.amount("summary", "in.total", "in_amount") == D("1150")
    assert ("income", "total", "total", D("1180"), D("1150")) in changes
    assert merged.adjustments[-1] == manual and clean(merged)
    remove_adjustment(merged, len(merged.adjustments) - 1)
    assert merged.amount("income", "total", "total") == D("1180")
    assert merged.amount("summary", "in.total", "in_amount") == D("1180")
    assert len(merged.adjustments) == 2
    # merged again after a unit's file changed: the officer's entry is applied again, the automatic ones found afresh
    again = consolidate([dept, a, b], names=NAMES, manual=[manual, merged.adjustments[0]])
    assert again.amount("income", "total", "total") == D("1150")
    assert [x.manual for x in again.adjustments] == [False, False, True]


def test_a_manual_elimination_the_relations_cannot_carry_is_refused():
    """河北's 单位资金 line is reached by no relation from 其他收入: reducing it would leave the 总表 wrong."""
    dept = unit("hebei-budget", "某局本级", "301001", {"fiscal": D(830), "other": D(200)},
                {"basic": D(830), "affiliated": D(200)}, fiscal=D(830))
    _, a, b = department("hebei-budget")
    merged = consolidate([dept, a, b], names=NAMES)
    manual = Adjustment(ELIMINATED, "", "上缴记在其他收入", "乙中心", "某局本级", D("30"),
                        (Leg("expenditure", "2080101", "upper", D("30")),),
                        (Leg("income", "2080101", "other", D("30")),), manual=True)
    with pytest.raises(EliminationError, match="无法按模板关系随之调整"):
        apply_adjustments(merged, [manual])
    assert merged.amount("income", "total", "subtotal") == D("1180") and len(merged.adjustments) == 2
    assert clean(merged)


def test_an_elimination_the_document_cannot_take_is_refused():
    merged = consolidate(department("hebei-budget"), names=NAMES)
    before = merged.amount("income", "total", "subtotal")

    def leg(table, row, column, amount="10"):
        return (Leg(table, row, column, D(amount)),)

    with pytest.raises(EliminationError, match="合计格"):
        apply_adjustments(merged, [Adjustment(ELIMINATED, "", "x", "甲", "乙", D(10), leg("expenditure", "208", "basic"),
                                              leg("income", "2080101", "business"), manual=True)])
    with pytest.raises(EliminationError, match="之和应等于"):
        apply_adjustments(merged, [Adjustment(ELIMINATED, "", "x", "甲", "乙", D(10),
                                              leg("expenditure", "2080101", "basic", "9"),
                                              leg("income", "2080101", "business"), manual=True)])
    with pytest.raises(EliminationError, match="没有"):
        apply_adjustments(merged, [Adjustment(ELIMINATED, "", "x", "甲", "乙", D(10), leg("expenditure", "2130101", "basic"),
                                              leg("income", "2080101", "business"), manual=True)])
    assert merged.amount("income", "total", "subtotal") == before and len(merged.adjustments) == 2


def test_shift_totals_moves_parents_totals_and_figures_other_tables_publish():
    """A 项's 基本支出 down 5: its 合计 column, its 款 and 类, the 合计 row, and the 总表's 类 line — nothing else."""
    doc = department("hebei-budget")[1]
    moves = shift_totals(doc, {("expenditure", "2080101", "basic"): D(-5)})
    assert moves == {
        ("expenditure", "2080101", "basic"): D(-5), ("expenditure", "2080101", "total"): D(-5),
        ("expenditure", "20801", "basic"): D(-5), ("expenditure", "20801", "total"): D(-5),
        ("expenditure", "208", "basic"): D(-5), ("expenditure", "208", "total"): D(-5),
        ("expenditure", "total", "basic"): D(-5), ("expenditure", "total", "total"): D(-5),
        ("summary", "208", "out_amount"): D(-5), ("summary", "out.subtotal", "out_amount"): D(-5),
        ("summary", "out.total", "out_amount"): D(-5),
    }


def test_adjustments_round_trip_as_plain_records():
    merged = consolidate(department("sc-final-accounts"), names=NAMES)
    for adj in merged.adjustments:
        assert adjustment_from_dict(adj.to_dict()) == adj
    bad = merged.adjustments[0].to_dict() | {"amount": 200}
    with pytest.raises(ValueError, match="字符串"):
        adjustment_from_dict(bad)
    with pytest.raises(ValueError, match="未知"):
        adjustment_from_dict(merged.adjustments[0].to_dict() | {"extra": "1"})


def test_a_flow_naming_a_missing_column_is_a_template_error():
    import json

    from budgetdesk.resources import templates_dir

    data = json.loads((templates_dir() / "hebei-budget.json").read_text(encoding="utf-8"))
    data["internal_flows"][0]["received"]["column"] = "nonesuch"
    with pytest.raises(TemplateError, match="nonesuch"):
        load_template_set(data)
    assert load_template("central-final-accounts").internal_flows == load_template("sc-final-accounts").internal_flows


def test_an_entry_whose_row_was_deleted_cannot_be_taken_out():
    merged = consolidate(department("hebei-budget"), names=NAMES)
    merged.remove_row("income", "2080101")
    with pytest.raises(EliminationError, match="没有 2080101 行"):
        remove_adjustment(merged, 0)
    assert len(merged.adjustments) == 2


def test_an_elimination_the_relations_cannot_carry_is_listed_not_made():
    """Without ``also``, 河北's 单位资金 would keep the 230: the flows are listed as unmatched, the sum is left whole."""
    docs = department("hebei-budget")
    ts = docs[0].template_set
    flows = ts.internal_flows
    bare = tuple({**f, "received": {k: v for k, v in f["received"].items() if k != "also"}} for f in flows)
    object.__setattr__(ts, "internal_flows", bare)
    notices: list[str] = []
    try:
        merged = consolidate(docs, names=NAMES, notices=notices)
    finally:
        object.__setattr__(ts, "internal_flows", flows)
    assert [(a.kind, a.flow, a.amount, bool(a.paid), bool(a.received)) for a in merged.adjustments] == [
        (UNMATCHED, "subsidy", D("200"), True, False), (UNMATCHED, "subsidy", D("200"), False, True),
        (UNMATCHED, "remittance", D("30"), True, False), (UNMATCHED, "remittance", D("30"), False, True)]
    assert all("无法按模板关系随之调整" in a.note for a in merged.adjustments)
    assert len(notices) == 3 and "对附属单位补助（某局本级 → 甲中心，200）未抵销" in notices[1]
    assert merged.amount("income", "total", "subtotal") == D("1380") and clean(merged)


def test_negative_amounts_are_listed_not_matched():
    dept = unit("hebei-budget", "某局本级", "301001", {"fiscal": D(830), "other": D(-20)},
                {"basic": D(830), "affiliated": D(-20)}, fiscal=D(830))
    a = unit("hebei-budget", "甲中心", "301001001", {"upper": D(-20), "business": D(70)}, {"basic": D(50)})
    merged = consolidate([dept, a], names=NAMES[:2])
    assert [(x.kind, x.amount) for x in merged.adjustments] == [(UNMATCHED, D(-20)), (UNMATCHED, D(-20))]
