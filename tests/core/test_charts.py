"""Charts of the 情况说明: declarations match the templates, data equals the tables' figures, shares add to 100.00%."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budgetdesk.core.charts import (ChartSpecError, charts_for, largest_remainder_shares, parse_chart_specs)
from budgetdesk.core.narrative.numbers import percent, percent_agrees, round_to
from budgetdesk.io.files import open_document
from budgetdesk.resources import chart_specs, load_template, sample_path, template_ids


@pytest.fixture
def leshan():
    doc, _ = open_document(sample_path("leshan-2024-final.json"))
    return doc


def by_figure(doc):
    return {c.spec.figure: c for c in charts_for(doc, chart_specs(doc.template_set.id))}


@pytest.mark.parametrize("set_id", template_ids())
def test_every_chart_cell_exists_in_its_template(set_id):
    specs = chart_specs(set_id)
    assert specs, f"{set_id} declares no charts"
    ts = load_template(set_id)
    tables = {t.id: t for t in ts.tables}
    for spec in specs:
        for table, row, column in spec.refs():
            t = tables[table]
            assert t.has_column(column), (spec.key, table, column)
            assert row in {r.key for r in t.fixed_rows} or row == "total", (spec.key, table, row)
        if spec.class_rows:
            assert tables[spec.class_rows[0]].has_column(spec.class_rows[1])


def test_leshan_seven_charts_as_printed(leshan):
    charts = by_figure(leshan)
    assert sorted(charts) == [1, 2, 3, 4, 5, 6, 7]
    assert [charts[i].kind for i in range(1, 8)] == ["bar", "pie", "pie", "bar", "bar", "pie", "pie"]
    assert charts[7].caption == "图7：“三公”经费财政拨款支出结构"


def test_leshan_chart_data_equals_the_tables(leshan):
    charts = by_figure(leshan)
    assert [b.this_year for b in charts[1].bars] == [leshan.amount("summary", "in.total", "in_amount"),
                                                     leshan.amount("summary", "out.total", "out_amount")]
    assert {s.label: s.value for s in charts[3].slices} == {"基本支出": Decimal("1727.15"), "项目支出": Decimal("4658.06")}
    six = {s.label: s.value for s in charts[6].slices}
    assert six == {"社会保障和就业支出": Decimal("6088.89"), "卫生健康支出": Decimal("56.98"),
                   "农林水支出": Decimal("131.90"), "住房保障支出": Decimal("107.44")}
    assert sum(six.values()) == leshan.amount("gpb_expenditure", "total", "total")
    seven = {s.label: s.value for s in charts[7].slices}
    assert seven == {"公务用车购置及运行维护费": leshan.amount("three_public", "amount", "car_total"),
                     "公务接待费": leshan.amount("three_public", "amount", "reception")}


def test_leshan_shares_are_the_printed_ones_and_add_to_100(leshan):
    charts = by_figure(leshan)
    assert [s.share for s in charts[3].slices] == [Decimal("27.05"), Decimal("72.95")]  # as the text prints them
    assert [s.share for s in charts[6].slices] == [Decimal("95.36"), Decimal("0.89"), Decimal("2.07"), Decimal("1.68")]
    for chart in charts.values():
        if chart.kind == "pie":
            assert sum(s.share for s in chart.slices) == Decimal("100.00")
            whole = sum(s.value for s in chart.slices)
            for s in chart.slices:  # the text check accepts every printed share
                assert percent_agrees(s.share, 2, s.value, Decimal(0), whole, Decimal(0))


def test_small_slices_are_flagged_for_leader_lines(leshan):
    six = by_figure(leshan)[6]
    assert {s.label for s in six.slices if s.small} == {"卫生健康支出", "农林水支出", "住房保障支出"}


def test_zero_slice_left_out_with_a_note(leshan):
    seven = by_figure(leshan)[7]
    assert "因公出国（境）费" not in {s.label for s in seven.slices}
    assert any("因公出国（境）费为0" in n for n in seven.notes)


def test_missing_category_left_out_with_a_note(leshan):
    leshan.set("expenditure", "total", "project", None)
    three = by_figure(leshan)[3]
    assert [s.label for s in three.slices] == ["基本支出"] and three.slices[0].share == Decimal("100.00")
    assert any("项目支出" in n and "未填数" in n for n in three.notes)


def test_negative_value_refuses_the_pie(leshan):
    leshan.set("three_public", "amount", "reception", Decimal("-1.15"))
    seven = by_figure(leshan)[7]
    assert not seven.drawable and "负数" in seven.refused and "公务接待费" in seven.refused


def test_no_last_year_draws_single_bars_with_a_note(leshan):
    one = by_figure(leshan)[1]
    assert one.drawable and not one.has_last_year
    assert any("没有上年数" in n for n in one.notes)


def test_last_year_from_loaded_prior_and_from_a_prior_column(leshan):
    leshan.set_prior("summary", "in.total", "in_amount", Decimal("6034.90"))
    one = by_figure(leshan)[1]
    assert one.has_last_year and one.bars[0].last_year == Decimal("6034.90") and not one.notes
    beibei = next(s for s in chart_specs("cq-budget-beibei") if s.kind == "bar")
    assert beibei.items[0].prior == ("gpb_expenditure", "total", "prior_total")


def test_chart_follows_a_changed_figure(leshan):
    leshan.set("expenditure", "total", "basic", Decimal("1827.15"))
    three = by_figure(leshan)[3]
    assert three.slices[0].value == Decimal("1827.15")
    assert sum(s.share for s in three.slices) == Decimal("100.00")


@given(st.lists(st.decimals(min_value=0, max_value=Decimal("99999999.99"), places=2), min_size=1, max_size=12)
       .filter(lambda v: sum(v) > 0))
def test_largest_remainder_adds_to_100_and_moves_each_share_at_most_one_unit(values):
    shares = largest_remainder_shares(values)
    assert sum(shares) == Decimal("100.00")
    whole = sum(values)
    for v, s in zip(values, shares):
        assert abs(s - percent(v, whole)) < Decimal("0.01")
        assert abs(s - round_to(percent(v, whole), 2)) <= Decimal("0.01")


def test_bad_declarations_are_refused():
    with pytest.raises(ChartSpecError, match="kind"):
        parse_chart_specs({"charts": [{"key": "a", "figure": 1, "kind": "line", "caption": "图1：x", "items": []}]})
    with pytest.raises(ChartSpecError, match="图2"):
        parse_chart_specs({"charts": [{"key": "a", "figure": 2, "kind": "pie", "caption": "图1：x",
                                       "items": [{"label": "a", "cell": ["t", "r", "c"]}]}]})
    with pytest.raises(ChartSpecError, match="单元格"):
        parse_chart_specs({"charts": [{"key": "a", "figure": 1, "kind": "pie", "caption": "图1：x",
                                       "items": [{"label": "a", "cell": ["t", "r"]}]}]})


def test_charts_placed_in_generated_sections_and_by_headings(cq):
    from budgetdesk.core.charts import UNPLACED, chart_places
    from budgetdesk.core.narrative.model import Block, Narrative

    doc, _ = open_document(sample_path())
    charts = charts_for(doc, chart_specs("cq-budget"))
    generated = Narrative((Block("二、部门收支总体情况", True, "overview"), Block("收入……", section_key="overview#0"),
                           Block("支出……", section_key="overview#1"), Block("六、“三公”经费情况", True, "three_public"),
                           Block("“三公”经费……", section_key="three_public#0"), Block("七、政府性基金", True, "gf")))
    places = chart_places(generated, charts)
    assert {k: [c.spec.figure for c in v] for k, v in places.items()} == {2: [1, 2], 4: [3]}
    written = Narrative.of("# 目录", "# 二、部门收支总体情况", "# 二、部门收支总体情况", "收支……", "# 六、“三公”经费情况",
                           "三公……", "（图3：“三公”经费财政拨款预算结构）", "末段")
    places = chart_places(written, charts)
    assert {k: [c.spec.figure for c in v] for k, v in places.items()} == {3: [1, 2], 6: [3]}
    assert [c.spec.figure for c in chart_places(Narrative.of("无关"), charts)[UNPLACED]] == [1, 2, 3]


def test_a_blank_bar_is_named_in_a_note(leshan):
    leshan.set("summary", "out.total", "out_amount", None)
    one = by_figure(leshan)[1]
    assert one.drawable and one.bars[1].this_year is None
    assert any("支出总计本年未填数" in n for n in one.notes)
