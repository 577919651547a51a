from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, strategies as st

from budgetdesk.core.tolerance import rounding_tolerance

CENT = Decimal("0.01")
true_values = st.lists(st.decimals(min_value=0, max_value=Decimal("1e7"), places=4), min_size=1, max_size=40)


def publish(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


@given(true_values)
def test_rounded_total_and_rounded_terms_differ_within_the_bound(values):
    """A published total vs the sum of published terms never differs by more than the tolerance."""
    total = publish(sum(values, Decimal(0)))
    terms = [publish(v) for v in values]
    difference = abs(total - sum(terms, Decimal(0)))
    assert difference <= rounding_tolerance(len(terms) + 1)


def test_bound_is_tight_enough_to_catch_one_cent_over():
    # three figures (one total, two terms): 0.015; a 0.02 difference is not rounding
    assert rounding_tolerance(3) == Decimal("0.015")
    assert Decimal("0.02") > rounding_tolerance(3)
    assert rounding_tolerance(2) == Decimal("0.010")


def test_tolerance_is_exact_decimal():
    assert isinstance(rounding_tolerance(7), Decimal)
    assert rounding_tolerance(7) == Decimal("0.035")


@given(st.lists(true_values, min_size=1, max_size=12).filter(lambda units: len({len(u) for u in units}) == 1))
def test_consolidated_figures_differ_within_the_bound_scaled_by_units(units):
    """k units each publish a rounded total and rounded terms; the department sums them all."""
    total = sum((publish(sum(values, Decimal(0))) for values in units), Decimal(0))
    terms = [sum((publish(values[i]) for values in units), Decimal(0)) for i in range(len(units[0]))]
    difference = abs(total - sum(terms, Decimal(0)))
    assert difference <= rounding_tolerance(len(terms) + 1, units=len(units))


def test_consolidated_tolerance_is_units_times_the_single_one():
    assert rounding_tolerance(3, units=4) == Decimal("0.060")
    assert rounding_tolerance(0, units=2) == Decimal("0.010")
    with pytest.raises(ValueError):
        rounding_tolerance(3, units=0)
