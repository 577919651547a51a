"""指标性质 as forms print it: operators in any width, and the direction some units print instead (issue 26)."""

from budgetdesk.core.performance.model import normalise_nature


def test_directions_read_as_floor_and_ceiling():
    assert [normalise_nature(x) for x in ("正向指标", "正向", "反向指标", "反向")] == ["≥", "≥", "≤", "≤"]


def test_operators_and_unknown_words():
    assert [normalise_nature(x) for x in (">=", "＜", "定性", "定量")] == ["≥", "<", "定性", "定量"]
