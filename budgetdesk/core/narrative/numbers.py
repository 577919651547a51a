"""Rounding-aware arithmetic for figures written in prose.

A figure written as ``64.50%`` or ``4万元`` stands for every value that rounds to it, and the figures
it was computed from were rounded too. So a stated percentage is accepted when it equals the ratio
of *some* values the rounded inputs could stand for, rounded the way it is written; anything else is
a real mistake. This is the one place that decides it (tested with hypothesis).
"""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)


def places(text: str) -> int:
    """Decimal places a figure is written with: ``"52.2"`` → 1, ``"4"`` → 0."""
    digits = text.replace(",", "").replace("，", "")
    return len(digits.split(".", 1)[1]) if "." in digits else 0


def written_places(claim_text: str) -> int:
    """Decimal places of the figure a claim's text begins with: ``"1,717.85万元"`` → 2, ``"40,870万元"`` → 0."""
    m = re.match(r"[-－−]?[\d,，]+(?:\.\d+)?", re.sub(r"\s", "", claim_text))
    return places(m.group(0)) if m else 0


def half_unit(written_places: int) -> Decimal:
    """Half a unit of the last written place: the most rounding can move a figure."""
    return Decimal(5).scaleb(-(written_places + 1))


def round_to(value: Decimal, written_places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-written_places), rounding=ROUND_HALF_UP)


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole in percent (unrounded); None when the whole is zero."""
    if whole == 0:
        return None
    return part / whole * HUNDRED


def ratio_bounds(part: Decimal, part_err: Decimal, whole: Decimal, whole_err: Decimal) -> tuple[Decimal, Decimal] | None:
    """Smallest and largest percentage part/whole can be when each may be off by its error.

    None when the whole may be zero (then any percentage is possible)."""
    lo_w, hi_w = whole - whole_err, whole + whole_err
    if lo_w <= 0 <= hi_w:
        return None
    corners = [p / w * HUNDRED for p in (part - part_err, part + part_err) for w in (lo_w, hi_w)]
    return min(corners), max(corners)


def percent_agrees(stated: Decimal, written_places: int, part: Decimal, part_err: Decimal,
                   whole: Decimal, whole_err: Decimal) -> bool:
    """Whether ``stated`` (written with ``written_places``) is part/whole as written.

    Officers cut percentages off as often as they round them (10.158% written 10.15%): a rate that is
    the true one rounded, or cut off after its last digit, agrees (one unit of slack below, half a unit
    above); 10.158% written 10.16% or 10.15% is right, written 10.17% is not.
    """
    bounds = ratio_bounds(abs(part), part_err, abs(whole), whole_err)
    if bounds is None:
        return True
    lo, hi = bounds
    slack = half_unit(written_places)
    return lo - 2 * slack <= abs(stated) <= hi + slack


def amount_agrees(stated: Decimal, written_places: int, expected: Decimal, expected_err: Decimal) -> bool:
    """Whether an amount written in prose is the expected figure, rounded as written — or cut off after its
    last written digit when the table prints more (北京's 7,633.516247 written 7633.51), as with percentages."""
    if abs(stated - expected) <= half_unit(written_places) + expected_err:
        return True
    cut = expected.quantize(Decimal(1).scaleb(-written_places), rounding=ROUND_DOWN)
    return cut != expected and abs(stated - cut) <= expected_err


def sum_error(written: int, figure_places: int = 2) -> Decimal:
    """How far a sum of ``written`` rounded figures may stray from the true sum."""
    return half_unit(figure_places) * max(written, 1)
