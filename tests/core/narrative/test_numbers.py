"""Property tests: change %, shares and rounding as prose writes them."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import assume, given, settings, strategies as st

from budgetdesk.core.findings import Severity
from budgetdesk.core.narrative.check import check_narrative
from budgetdesk.core.narrative.model import Narrative
from budgetdesk.core.narrative.numbers import amount_agrees, half_unit, percent, percent_agrees, places, round_to

cents = st.integers(min_value=1, max_value=10_000_000).map(lambda n: Decimal(n) / 100)
# figures of at least 1万元: rounding to the cent then moves a share by well under one point
figures = st.integers(min_value=100, max_value=10_000_000).map(lambda n: Decimal(n) / 100)


def test_places_and_half_unit():
    assert places("52.2") == 1 and places("1,054.93") == 2 and places("4") == 0
    assert half_unit(2) == Decimal("0.005") and half_unit(0) == Decimal("0.5")


@given(cents, cents, st.integers(min_value=0, max_value=3))
def test_a_correctly_rounded_share_is_accepted(part, whole, p):
    stated = round_to(percent(part, whole), p)
    assert percent_agrees(stated, p, part, Decimal("0.005"), whole, Decimal("0.005"))


@given(cents, cents)
def test_a_share_off_by_more_than_rounding_is_refused(part, whole):
    exact = percent(part, whole)
    lo = (part - Decimal("0.005")) / (whole + Decimal("0.005")) * 100
    hi = (part + Decimal("0.005")) / (whole - Decimal("0.005")) * 100 if whole > Decimal("0.005") else None
    if hi is None:
        return
    wrong = round_to(hi + 1, 2)
    assert not percent_agrees(wrong, 2, part, Decimal("0.005"), whole, Decimal("0.005"))
    assert lo <= exact <= hi


def test_a_rate_cut_off_after_its_last_digit_agrees_but_not_one_rounded_the_wrong_way():
    """江苏省检察院 2019: 2228.78 ÷ 21940.96 = 10.158%, printed 10.15% (cut off); 机关运行经费 66.681% printed 66.69%."""
    exact = (Decimal("2228.78"), Decimal("0"), Decimal("21940.96"), Decimal("0"))
    assert percent_agrees(Decimal("10.16"), 2, *exact) and percent_agrees(Decimal("10.15"), 2, *exact)
    assert not percent_agrees(Decimal("10.14"), 2, *exact) and not percent_agrees(Decimal("10.17"), 2, *exact)
    wrong_way = (Decimal("2233.13"), Decimal("0"), Decimal("3348.98"), Decimal("0"))
    assert percent_agrees(Decimal("66.68"), 2, *wrong_way) and not percent_agrees(Decimal("66.69"), 2, *wrong_way)


def _sentence(this: Decimal, last: Decimal, pct_text: str, word: str | None = None) -> Narrative:
    change = this - last
    word = word or ("增加" if change > 0 else "减少")
    pct_word = "增长" if word == "增加" else "下降"
    return Narrative.of("# 三、“三公”经费情况说明",
                        f"2024年“三公”经费预算{this:,.2f}万元，比2023年{word}{abs(change):,.2f}万元，{pct_word}{pct_text}。")


@settings(max_examples=60, deadline=None)
@given(cents, cents)
def test_change_percent_written_as_computed_checks_clean(this, last):
    if this == last:
        return
    pct = round_to(percent(abs(this - last), last), 2)
    findings = check_narrative(_sentence(this, last, f"{pct}%"), _vocabulary(), _rules())
    assert [f for f in findings if f.severity is not Severity.ROUNDING] == []


@settings(max_examples=60, deadline=None)
@given(cents, cents)
def test_change_percent_on_this_years_base_is_found(this, last):
    change = abs(this - last)
    right, wrong = percent(change, last), percent(change, this)
    if change == 0 or abs(right - wrong) < 1 or last < 1 or this < 1:
        return
    findings = check_narrative(_sentence(this, last, f"{round_to(wrong, 2)}%"), _vocabulary(), _rules())
    assert any(f.rule == "NARR-CHANGE-PCT" for f in findings)


CLASSES = ("一般公共服务支出", "教育支出", "社会保障和就业支出", "卫生健康支出", "农林水支出", "住房保障支出")


def _shares(parts, shares) -> Narrative:
    whole = sum(parts)
    items = "；".join(f"{CLASSES[i]}{p:,.2f}万元，占{s}%" for i, (p, s) in enumerate(zip(parts, shares)))
    return Narrative.of("# 二、支出", f"2024年本年支出合计{whole:,.2f}万元，其中：{items}。")


@settings(max_examples=60, deadline=None)
@given(st.lists(cents, min_size=2, max_size=6))
def test_shares_of_a_whole_rounded_each_add_up_within_rounding(parts):
    whole = sum(parts)
    shares = [round_to(percent(p, whole), 2) for p in parts]
    assert check_narrative(_shares(parts, shares), _vocabulary(), _rules()) == []


@settings(max_examples=60, deadline=None)
@given(st.lists(figures, min_size=2, max_size=6), st.data())
def test_a_share_one_point_off_is_found_and_the_sum_too(parts, data):
    whole = sum(parts)
    shares = [round_to(percent(p, whole), 2) for p in parts]
    k = data.draw(st.integers(min_value=0, max_value=len(parts) - 1))
    shares[k] += 1
    rules = {f.rule for f in check_narrative(_shares(parts, shares), _vocabulary(), _rules())}
    assert rules == {"NARR-SHARE", "NARR-SHARE-SUM"}


@settings(max_examples=40, deadline=None)
@given(st.lists(cents, min_size=2, max_size=6), cents)
def test_parts_that_do_not_add_up_are_found(parts, extra):
    assume(extra > Decimal("0.005") * (len(parts) + 1))  # beyond what rounding each figure explains
    text = _shares(parts, [round_to(percent(p, sum(parts)), 2) for p in parts])
    wrong = Narrative.of("# 二、支出", text.blocks[1].text.replace(f"合计{sum(parts):,.2f}", f"合计{sum(parts) + extra:,.2f}", 1))
    assert "NARR-PARTS-SUM" in {f.rule for f in check_narrative(wrong, _vocabulary(), _rules())}


_cache: dict = {}


def _vocabulary():
    if "v" not in _cache:
        from budgetdesk.resources import narrative_rules, narrative_vocabulary

        _cache["v"], _cache["r"] = narrative_vocabulary(2024), narrative_rules()
    return _cache["v"]


def _rules():
    _vocabulary()
    return _cache["r"]


def test_an_amount_cut_off_after_its_written_digits_agrees_only_when_the_table_prints_more():
    # 北京 prints 万元 to six places: 7,633.516247 written 7633.51 (cut off) or 7633.52 (rounded)
    assert amount_agrees(Decimal("7633.51"), 2, Decimal("7633.516247"), Decimal(0))
    assert amount_agrees(Decimal("7633.52"), 2, Decimal("7633.516247"), Decimal(0))
    assert not amount_agrees(Decimal("7633.50"), 2, Decimal("7633.516247"), Decimal(0))
    # a table figure with no more digits than written must be written as it is
    assert not amount_agrees(Decimal("7633.50"), 2, Decimal("7633.51"), Decimal(0))
    assert not amount_agrees(Decimal("716.98"), 2, Decimal("716.974"), Decimal(0))
