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
