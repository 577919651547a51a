"""Positions and edits of the wide 绩效目标表: slots, groups, paste into cells and empty slots."""

from __future__ import annotations

from decimal import Decimal as D

from budgetdesk.core.performance import Indicator, PerformanceTarget, TargetKind
from budgetdesk.core.performance.edit import set_field, split_printed_value
from budgetdesk.core.performance.forms import PerformanceForms
from budgetdesk.core.performance.layout import wide_layout
from budgetdesk.core.performance.wide import (Slot, add_to_group, band_height, column_slot, indicator_slot,
                                              move_to_group, move_within_group, paste_cells, slot_at, slot_position)

GROUPS = (("产出指标", 2), ("效益指标", 1), ("满意度指标", 1))
FORMS = PerformanceForms("t", "t", "万元", {}, wide_groups=GROUPS)
A = PerformanceTarget("a", TargetKind.PROJECT, name="甲", total=D("12.5"), indicators=(
    Indicator("产出指标", level3="p1", nature="≥", value="10", unit="人"),
    Indicator("效益指标", level3="e1", nature="定性", value="提高"),
    Indicator("产出指标", level3="p2", nature="=", value="100", unit="%"),
    Indicator("产出指标", level3="p3", nature="≤", value="3", unit="天"),
))
B = PerformanceTarget("b", TargetKind.PROJECT, name="乙", indicators=(Indicator("满意度", level3="s1"),))


def test_printed_values_split_like_the_import():
    assert split_printed_value("≥ 90 %") == ("≥", "90", "%")
    assert split_printed_value(">=1,800人") == ("≥", "1,800", "人")
    assert split_printed_value("100%") == ("=", "100", "%")
    assert split_printed_value("得到提高") == ("定性", "得到提高", "")
    t = set_field(A, "indicator:0:printed", "<5天")
    assert t.indicators[0] == Indicator("产出指标", level3="p1", nature="<", value="5", unit="天")
    assert set_field(A, "indicator:0:printed", "").indicators[0] == Indicator("产出指标", level3="p1")


def test_layout_bands_and_slots():
    layout = wide_layout([A, B], FORMS)
    assert layout.bands == (("a", 4, 2), ("b", 6, 1)) and layout.cols == 4 + 2 * 4
    assert band_height(A, GROUPS) == 2
    cells = {(c.row, c.col): (c.key, c.field, c.text) for c in layout.cells if c.key}
    assert cells[(4, 4)] == ("a", "indicator:0:level3", "p1") and cells[(4, 7)] == ("a", "indicator:2:printed", "=100%")
    assert cells[(5, 4)] == ("a", "indicator:3:level3", "p3") and cells[(4, 9)] == ("a", "indicator:1:printed", "提高")
    assert cells[(6, 10)] == ("b", "indicator:0:level3", "s1") and cells[(4, 1)] == ("a", "code_name", "甲")
    assert column_slot(3, GROUPS) is None and column_slot(9, GROUPS) == (1, 0, "printed")
    slot = slot_at(layout.bands, GROUPS, 5, 6)  # second row of a's band, 产出 second slot: empty
    assert slot == Slot("a", 0, 3, "level3") and slot_position(slot, 4, GROUPS) == (5, 6)
    assert slot_at(layout.bands, GROUPS, 3, 6) is None and slot_at(layout.bands, GROUPS, 7, 6) is None
    assert indicator_slot(A, GROUPS, 3, "printed") == Slot("a", 0, 2, "printed")


def test_add_and_move_keep_the_group():
    t, at = add_to_group(A, GROUPS, 0, after=0)
    assert at == 1 and [i.level3 for i in t.indicators] == ["p1", "", "e1", "p2", "p3"]
    assert t.indicators[1].level1 == "产出指标"
    t, at = add_to_group(A, GROUPS, 2)  # a group without indicators: at the end
    assert at == 4 and t.indicators[4] == Indicator("满意度指标")
    t, at = move_within_group(A, GROUPS, 3, -1)  # p3 before p2; e1 stays where it is
    assert at == 2 and [i.level3 for i in t.indicators] == ["p1", "e1", "p3", "p2"]
    assert move_within_group(A, GROUPS, 1, 1) == (A, 1)  # e1 is its group's only one


def test_paste_into_cells_slots_and_across_bands():
    layout = wide_layout([A, B], FORMS)
    cells = {(c.row, c.col): (c.key, c.field) for c in layout.cells if c.key and c.field}
    targets = {"a": A, "b": B}
    # from a's 满意度 slots (empty, two rows of its band) down into b's 满意度 indicator
    changed = paste_cells(targets, cells, layout.bands, GROUPS, 4, 10, [["s-new", "≥90%"], ["x", "y"], ["s1b", "=1个"]])
    assert changed["a"].indicators[4] == Indicator("满意度指标", level3="s-new", nature="≥", value="90", unit="%")
    assert changed["a"].indicators[5] == Indicator("满意度指标", level3="x", nature="定性", value="y")
    assert changed["b"].indicators == (Indicator("满意度", level3="s1b", nature="=", value="1", unit="个"),)
    # fixed cells; a merged cell's lower rows take nothing; blank text in an empty slot adds nothing
    changed = paste_cells(targets, cells, layout.bands, GROUPS, 4, 2, [["20"], ["99"], ["7.5"]])
    assert changed["a"].total == D(20) and changed["b"].total == D("7.5")
    assert paste_cells(targets, cells, layout.bands, GROUPS, 5, 6, [["", " "]]) == {}


def test_an_indicator_moved_to_another_group_goes_to_its_end_with_its_new_level():
    t = A.with_indicators([*A.indicators[:3], Indicator("产出指标", level2="数量指标", level3="p3", nature="≤", value="3",
                                                         unit="天", weight=D("10"))])
    moved, at = move_to_group(t, GROUPS, 3, 1)  # p3 from 产出 to 效益
    assert [i.level3 for i in moved.indicators] == ["p1", "e1", "p3", "p2"] and at == 2
    assert moved.indicators[2] == Indicator("效益指标", level3="p3", nature="≤", value="3", unit="天", weight=D("10"))
    assert indicator_slot(moved, GROUPS, at) == Slot("a", 1, 1, "level3")  # second in the 效益 group
    assert move_to_group(moved, GROUPS, 2, 1) == (moved, 2)  # already there: unchanged
    empty, at = move_to_group(B, GROUPS, 0, 0)  # into a group with no indicator yet
    assert empty.indicators == (Indicator("产出指标", level3="s1"),) and at == 0
