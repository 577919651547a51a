"""Target edits are pure: the old record stays, the new one carries exactly the change."""

from decimal import Decimal as D

import pytest

from budgetdesk.core.money import AmountError
from budgetdesk.core.performance import Funding, Indicator, PerformanceTarget, TargetKind
from budgetdesk.core.performance.edit import (move_indicator, parse_clipboard, paste_indicators, remove_indicators,
                                              set_field, split_code_name)

T = PerformanceTarget("p", TargetKind.PROJECT, indicators=(Indicator("产出指标", level3="a"), Indicator("效益指标", level3="b")))


def test_fields():
    t = set_field(T, "code_name", "50010922T000000086715-监察办案经费")
    assert (t.code, t.name) == ("50010922T000000086715", "监察办案经费") and T.code == ""
    assert set_field(T, "total", "1,234.50").total == D("1234.50")
    assert set_field(T, "funding:basic:财政拨款", "2.00").funding == (Funding("财政拨款", D("2.00"), "basic"),)
    assert set_field(set_field(T, "funding:本级安排", "2"), "funding:本级安排", "").funding == ()
    assert set_field(T, "extra:归口管理科室", "社保科").extra == (("归口管理科室", "社保科"),)
    with pytest.raises(AmountError):
        set_field(T, "total", "1e5")
    assert split_code_name("人社管理专项经费") == ("", "人社管理专项经费")


def test_indicator_cells():
    t = set_field(T, "indicator:1:weight", "20")
    t = set_field(t, "indicator:1:nature", ">=")
    t = set_field(t, "indicator:1:core", "是")
    assert t.indicators[1] == Indicator("效益指标", level3="b", nature="≥", weight=D(20), core=True)


def test_rows_move_remove_and_paste():
    assert [i.level3 for i in move_indicator(T, 1, 0).indicators] == ["b", "a"]
    assert [i.level3 for i in remove_indicators(T, [0]).indicators] == ["b"]
    rows = parse_clipboard("满意度指标\t服务对象满意度指标\t满意度\r\n成本指标\t\t人均成本\r\n")
    t = paste_indicators(T, 1, ["level1", "level2", "level3"], rows)
    assert [(i.level1, i.level3) for i in t.indicators] == [("产出指标", "a"), ("满意度指标", "满意度"), ("成本指标", "人均成本")]


def test_a_target_moves_among_its_own_kind_only():
    from budgetdesk.core.performance.model import PerformanceBook

    book = PerformanceBook(targets=[PerformanceTarget("o", TargetKind.OVERALL), PerformanceTarget("p1", TargetKind.PROJECT),
                                    PerformanceTarget("p2", TargetKind.PROJECT)])
    assert book.neighbour_position("p1", 1) == 2 and book.neighbour_position("p2", -1) == 1
    assert book.neighbour_position("p1", -1) is None  # never above the 整体 target
    assert book.neighbour_position("o", 1) is None and book.neighbour_position("p2", 1) is None
