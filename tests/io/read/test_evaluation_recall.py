"""Recall of 绩效自评表 in layouts other than the ones read so far: the corpus's 92 real forms (国家信访局 2024,
西安卫健委 2022) rewritten (``tests/io/evaluation_variants``). A fixed slice runs here; the benchmark
``benchmarks/evaluation_recall_bench.py`` runs more. Every form and indicator of every variant is read, and what
was read has no 自评表 finding the forms as printed do not have."""

from __future__ import annotations

import pytest

from tests.io.evaluation_variants import make_variant, measure, truth


def test_the_truth_is_every_real_self_evaluation():
    forms = truth()
    assert len(forms) == 92 and sum(len(t.indicators) for t in forms) == 788


@pytest.mark.parametrize("n", [0, 1001, 2000, 3001])  # odd: all forms on one sheet
def test_every_form_and_indicator_of_a_variant_is_read_without_a_false_finding(n):
    outcome = measure(n)
    assert outcome.misses == []
    assert (outcome.forms_read, outcome.indicators_read, outcome.false_findings) == (92, 788, 0)


def test_the_variants_differ_in_the_ways_real_forms_do():
    first = truth()[1]  # 信访研究宣传立法专项
    layouts = [make_variant(first, n) for n in range(12)]
    headings = [next(r for r in rows if r[0].startswith("项目资金")) for rows in layouts]
    assert len({rows[0][0] for rows in layouts}) > 3  # titles reworded
    assert len({tuple(h[2:]) for h in headings}) > 6  # funding headings reworded and reordered
    assert {h[0] for h in headings} == {"项目资金（万元）", "项目资金（元）"}  # amounts in 万元 and in 元
