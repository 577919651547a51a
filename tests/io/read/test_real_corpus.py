"""Every real package in tests/fixtures/real reads as its golden file says (tests/golden/real/*.json).

A change to the PDF reader, the templates or the checks that alters what a real document reads to
(tables found, figures placed, kind and year, findings) shows up here as a diff; regenerate with
``python -m tests.io.read.real_corpus`` and review it (the hand-written ``verified`` notes are kept).
"""

from __future__ import annotations

import json

import pytest

from tests.io.read.real_corpus import GOLDEN, documents, golden_view, summarise


def test_the_corpus_has_its_golden_files_and_provenance():
    names = {p.stem for p in documents()}
    assert len(names) >= 20
    assert names == {p.stem for p in GOLDEN.glob("*.json")}
    provenance = (documents()[0].parent / "PROVENANCE.tsv").read_text(encoding="utf-8").splitlines()
    listed = {line.split("\t")[0] for line in provenance[1:]}
    assert {p.name for p in documents()} <= listed


@pytest.mark.parametrize("path", documents(), ids=lambda p: p.stem)
def test_a_real_package_reads_as_its_golden_file(path):
    expected = golden_view(json.loads((GOLDEN / f"{path.stem}.json").read_text(encoding="utf-8")))
    assert golden_view(summarise(path)) == expected


@pytest.mark.parametrize("path", [p for p in documents() if p.stem.startswith(("sh_putuo_zfb", "sh_putuo_swj"))],
                         ids=lambda p: p.stem)
def test_shanghai_budgets_read_every_printed_figure(path):
    summary = summarise(path)
    assert summary["year"] == 2025 and summary["money_unit"] == "元"
    assert summary["placed"] == sum(t["printed"] for t in summary["tables"]) > 200
    assert summary["unplaced_figures"] == 0
    assert summary["errors"] == []  # every relation of the tables and the 情况说明 holds: nothing false is reported


@pytest.mark.parametrize("path", [p for p in documents() if p.stem.startswith(("sh_putuo_ghzy", "sh_putuo_shgzb"))],
                         ids=lambda p: p.stem)
def test_shanghai_final_accounts_read_every_printed_figure_with_their_own_template(path):
    """上海 决算: nine tables, the 基本支出 table printed in two blocks and the “三公” table by item then 预算/决算."""
    summary = summarise(path)
    assert summary["template"] == "sh-final-accounts" and summary["year"] == 2024
    assert len(summary["tables"]) == 9
    assert summary["placed"] == sum(t["printed"] for t in summary["tables"]) > 200
    assert summary["unplaced_figures"] == 0
    assert [e for e in summary["errors"] if not e["rule"].startswith("NARR-")] == []


def test_every_error_kept_in_the_golden_files_is_verified_true_or_a_reading_error():
    """No false alarm: each error a real package gives is a real inconsistency checked by hand (真, with the
    arithmetic), or an error about the reading itself (读入错误: a table not read, said as such)."""
    for path in GOLDEN.glob("*.json"):
        for error in json.loads(path.read_text(encoding="utf-8"))["errors"]:
            note = error["verified"]
            assert note.startswith("真") or (note.startswith("读入") and error["rule"].startswith("IMPORT-")), \
                (path.name, error["rule"], error["message"], note)


def test_the_corpus_spans_provinces_beyond_the_seeds():
    regions = {line.split("\t")[4][:2] for line in
               (documents()[0].parent / "PROVENANCE.tsv").read_text(encoding="utf-8").splitlines()[1:]}
    assert len(regions - {"中央"}) >= 4, regions
