"""The CI slice of the fuzz run: the first cases of every family, in-process, judged as in the full run.

The full run (thousands of cases, each in a worker subprocess with a time limit) is
``benchmarks/fuzz_run.py``; the figures are in the README.
"""

from __future__ import annotations

import pytest

from tests.fuzz.harness import Seeds, run_case

pytestmark = pytest.mark.fuzz

SLICE = {"xlsx": 50, "xls": 40, "text": 25, "pdf": 24, "data": 80, "docx": 36, "export": 12,  # 267 cases: about 50 s idle
         # issue 29's families (tests/fuzz/hostile_cases.py): 70 cases, about 30 s loaded
         "narrtext": 12, "wordview": 16, "aliases": 10, "writes": 4, "args": 24, "scale": 4}


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    return Seeds(tmp_path_factory.mktemp("fuzz-seeds"))


@pytest.mark.parametrize("family", list(SLICE))
def test_fuzz_slice(family, seeds, tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETDESK_USER_DIR", str(tmp_path / "user"))
    problems = []
    for index in range(SLICE[family]):
        outcome = run_case(family, index, seeds, tmp_path / "work")
        problems.extend(f"{family} #{index} {outcome.name}: {p}" for p in outcome.problems)
    assert not problems, "\n".join(problems[:20])


def test_the_full_run_has_a_size_for_every_family():
    """benchmarks/fuzz_run stopped at the PDF family (added later) with a KeyError: every family has its share."""
    from benchmarks.fuzz_run import FULL_RUN
    from tests.fuzz.harness import FAMILIES

    assert [f for f in FAMILIES if f not in FULL_RUN] == []
