from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from budgetdesk.core.money import AmountError, canonical, decimal_places, format_amount, parse_amount


@pytest.mark.parametrize("text, expected", [
    ("14,236.27", Decimal("14236.27")),
    ("１２，３４５．６７", Decimal("12345.67")),
    (" 8.00 ", Decimal("8.00")),
    ("-", Decimal(0)),
    ("—", Decimal(0)),
    ("(12.50)", Decimal("-12.50")),
    ("0", Decimal(0)),
    (1516, Decimal(1516)),
])
def test_parse_amount_accepts_what_officers_write(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", ["", "   ", None])
def test_blank_is_none_not_zero(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize("text", ["教育", "12,3a", "50%", "NaN", "Infinity"])
def test_text_in_an_amount_cell_is_refused(text):
    with pytest.raises(AmountError) as exc:
        parse_amount(text)
    assert "不是有效的金额" in str(exc.value)


def test_format_amount_prints_like_the_official_tables():
    assert format_amount(Decimal("12968.46")) == "12,968.46"
    assert format_amount(Decimal("0.005")) == "0.01"  # half up, as published
    assert format_amount(None) == ""


@given(st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2, allow_nan=False))
def test_decimal_round_trips_exactly_through_text(value):
    assert parse_amount(canonical(value)) == value
    assert parse_amount(format_amount(value)) == value
    assert decimal_places(parse_amount(canonical(value))) <= 2


# -- bounds shared by every input path (issues 11 and 12) ------------------------------------------

import datetime  # noqa: E402

from budgetdesk.core.money import check_amount  # noqa: E402


@pytest.mark.parametrize(
    "text",
    ["12,5", "1,2,3", "1e5", "1E+400", "inf", "NaN", "1" * 27, "1" * 14, "1.1234567", "12,34.5", "abc"],
)
def test_out_of_bounds_or_malformed_amounts_are_refused_with_a_reason(text):
    with pytest.raises(AmountError) as info:
        parse_amount(text)
    assert text[:20] in str(info.value)


@pytest.mark.parametrize("value", [float("inf"), float("nan"), 1e308, 1e26, True, datetime.date(2024, 1, 1)])
def test_foreign_cell_values_that_are_not_amounts_are_refused(value):
    with pytest.raises(AmountError):
        parse_amount(value)


def test_spreadsheet_float_noise_is_read_as_the_number_shown():
    assert parse_amount(0.30000000000000004) == Decimal("0.3")
    assert parse_amount(45292.0) == Decimal("45292")


def test_largest_amount_within_bounds_is_kept_exactly():
    assert parse_amount("9,999,999,999,999.99") == Decimal("9999999999999.99")
    with pytest.raises(AmountError):
        check_amount(Decimal("12345678901234.5"))


def test_negative_zero_prints_without_sign():
    assert format_amount(Decimal("-0.001")) == "0.00"


@pytest.mark.parametrize("text", ["(-5)", "(+5)", "(-5,738.89)", "（－5）", "( -5 )", "(+0.01)"])
def test_a_doubly_signed_amount_is_refused_not_guessed(text):
    """Parentheses already mean minus: ``(-5)`` once read as +5 and ``(+5)`` as −5 (issue 29)."""
    with pytest.raises(AmountError) as info:
        parse_amount(text)
    assert "括号" in info.value.reason


def test_parentheses_alone_still_negate():
    assert parse_amount("(5,738.89)") == Decimal("-5738.89")
    assert parse_amount("（5）") == Decimal(-5)
