"""The one place that decides how large a difference rounding alone can explain.

Published figures are rounded to 0.01 (half a cent of error each). A relation that compares one
rounded figure with the sum of n other rounded figures can be off by up to 0.005 × (n + 1) without
any real mistake: the seeds are full of such ±0.01/0.02 differences. Blank cells are exact zeros
and carry no rounding, so only figures that are actually written count.

A 部门汇总 figure is the sum of k units' figures, each rounded on its own: it carries up to k half
cents of rounding, so every allowance is k times that of one unit.
"""

from __future__ import annotations

from decimal import Decimal

HALF_CENT = Decimal("0.005")


def rounding_tolerance(written_figures: int, units: int = 1) -> Decimal:
    """Largest difference explained by rounding when ``written_figures`` rounded figures take part.

    ``written_figures`` counts every non-blank figure on both sides of the relation, i.e. n + 1 for
    "one figure against the sum of n". Fewer than two figures cannot disagree by rounding alone,
    but one figure against blanks still gets the half-cent of its own rounding. ``units`` is the
    number of separately rounded packages summed into each figure (``Document.consolidated_from``).
    """
    if written_figures < 0:
        raise ValueError("written_figures must be >= 0")
    if units < 1:
        raise ValueError("units must be >= 1")
    return HALF_CENT * max(written_figures, 1) * units
