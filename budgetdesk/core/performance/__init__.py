"""绩效目标表: performance targets (整体 and per project), their forms as data, and their checks."""

from budgetdesk.core.performance.model import (
    Funding,
    Indicator,
    NATURES,
    PerformanceBook,
    PerformanceChanged,
    PerformanceTarget,
    TargetKind,
)

__all__ = ["Funding", "Indicator", "NATURES", "PerformanceBook", "PerformanceChanged", "PerformanceTarget", "TargetKind"]
