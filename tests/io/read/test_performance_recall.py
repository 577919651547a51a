"""Recall of 绩效目标表 in layouts no template describes: the seeds' 74 forms rewritten (``performance_variants``).

A fixed slice of the generator runs here (the benchmark ``benchmarks/performance_recall_bench.py`` runs ≥ 500):
every form and every indicator of every variant is read, and the read targets have no 绩效 finding that the
same targets as printed do not have.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.io.performance_variants import Variant, make_variant, measure, seed_truth

SLICE = range(24)
SHEETS_THROUGH_XLSX = (1, 7, 13)


@pytest.fixture(scope="module")
def truth():
    return seed_truth()


def test_the_truth_is_every_seed_form(truth):
    assert len(truth) == 74 and sum(len(t.indicators) for t in truth) == 481


@pytest.mark.parametrize("n", SLICE)
def test_variant_read_whole(truth, n):
    v = make_variant(truth, n)
    outcome = measure(v)
    assert outcome.misses == [] and outcome.false_findings == []
    assert outcome.forms_read == outcome.forms and outcome.indicators_read == outcome.indicators > 0


@pytest.mark.parametrize("n", SHEETS_THROUGH_XLSX)
def test_variant_in_a_real_workbook(truth, n, tmp_path):
    v = make_variant(truth, n)
    assert v.as_sheets
    outcome = measure(v, tmp_path)
    assert outcome.misses == [] and outcome.false_findings == []
    assert outcome.forms_read == outcome.forms


def test_the_slice_exercises_every_rewrite(truth):
    kinds = set()
    for n in SLICE:
        kinds |= set(make_variant(truth, n).kinds)
    expected = {"yuan", "wanyuan", "code:dash", "code:space", "code:row", "rows:one", "rows:merged", "rows:split",
                "rows:colon", "values:together", "values:apart", "columns:reordered", "levels:merged",
                "levels:each row", "sheets:one form", "sheets:many forms", "text", "money matrix",
                "indicator split over rows", "title after 附件", "funding under 合计", "正向/反向指标",
                "titled by the sheet name", "pdf layout text", "money under two header rows"}
    assert expected <= kinds, expected - kinds


def test_the_measure_sees_a_lost_indicator_and_a_wrong_amount(truth):
    v = make_variant(truth, 0)
    with_more = [t if k else t.with_indicators(t.indicators + t.indicators[:1]) for k, t in enumerate(v.truth)]
    assert measure(Variant(v.pages, with_more, v.template)).indicators_read < sum(len(t.indicators) for t in with_more)
    wrong = [replace(t, total=t.total + 1) if t.total is not None else t for t in v.truth]
    assert measure(Variant(v.pages, wrong, v.template)).forms_read < len(wrong)
