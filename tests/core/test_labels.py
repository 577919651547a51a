"""Labels compared by meaning: what is folded away, what stays different."""

import pytest

from budgetdesk.core.labels import canonical, concept, is_total_word, match_label, tier_of


@pytest.mark.parametrize("written, plain", [
    ("一、本年收入", "本年收入"), ("（一）一般公共预算拨款", "一般公共预算拨款"), ("1.其他收入", "其他收入"),
    ("(1) 事业收入", "事业收入"), ("①事业收入", "事业收入"), ("其中：公务用车购置费", "公务用车购置费"),
    ("收 \n入", "收入"), ("因公出国（境）费", "因公出国(境)费"), ("科目编码：", "科目编码"), ("１２.事业收入", "事业收入"),
])
def test_canonical_drops_numbering_spaces_widths(written, plain):
    assert canonical(written) == plain


def test_amounts_and_years_are_not_numbering():
    assert canonical("2024年预算数") == "2024年预算数"
    assert canonical("1.5") == "1.5"


@pytest.mark.parametrize("a, b", [
    ("一般公共预算拨款收入", "一般公共预算资金"), ("一般公共预算财政拨款", "一般公共预算"),
    ("国有资本经营预算拨款", "国有资本经营收入"), ("上年结转结余", "上年结余结转"), ("年初结转和结余", "年初结转结余"),
    ("收入总计", "收入合计"), ("合计", "总数"), ("小计", "总 计"),
])
def test_variants_share_a_concept(a, b):
    assert concept(a) == concept(b)


@pytest.mark.parametrize("a, b", [
    ("本年收入合计", "收入总计"), ("一般公共预算拨款", "政府性基金预算拨款"), ("事业收入", "事业单位经营收入"),
    ("上年结转", "结转下年"), ("基本支出", "项目支出"),
])
def test_different_things_stay_different(a, b):
    assert concept(a) != concept(b)
    assert tier_of(a, [b]) < 2


def test_total_words_alone_are_told_apart_by_position_not_word():
    assert is_total_word("总  数") and is_total_word("合计") and not is_total_word("本年收入合计")
    assert tier_of("合计", ["小计"]) == 2 and tier_of("合计", ["合计"]) == 2


def test_match_prefers_the_best_tier_then_the_first_listed():
    rows = [("in.gpb", "一般公共预算拨款"), ("in.carry_gpb", "一般公共预算拨款")]
    found = match_label("（一）一般公共预算资金", rows, lambda r: (r[1],))
    assert found == (rows[0], 2)
    assert match_label("一般公共预算拨款", [("a", "一般公共预算资金"), ("b", "一般公共预算拨款")], lambda r: (r[1],))[0][0] == "b"
    assert match_label("完全无关的行", rows, lambda r: (r[1],)) is None


def test_a_close_spelling_is_taken_only_when_it_is_the_only_one():
    assert match_label("教学科研人员因公出国(境)费用", [("x", "其中：教学科研人员因公出国（境）费")], lambda r: (r[1],))
    assert match_label("公务用车费", [("a", "公务用车购置费"), ("b", "公务用车运行费")], lambda r: (r[1],)) is None
