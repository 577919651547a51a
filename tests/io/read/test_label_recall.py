"""Recall of workbook import on the seed workbooks rewritten as other units write them (a fixed slice).

The full run (≥ 500 variants) is ``benchmarks/recall_bench.py``; this slice keeps the suite fast and
fails on the first variant that loses an amount or gains an error the original does not have.
"""


import pytest

from budgetdesk.io.read.disclosure_text import read_disclosure
from budgetdesk.io.files import open_document
from budgetdesk.resources import load_template, template_ids
from tests.io.workbook_variants import SEED_FILES, amounts, error_keys, make_variant, measure, seed_books, write_book


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    return seed_books(tmp_path_factory.mktemp("seeds"))


def test_every_amount_of_the_seed_workbooks_survives_a_foreign_import(seeds):
    for seed in seeds:
        path, template = SEED_FILES[seed.name]
        original, _ = read_disclosure(path, load_template(template))
        assert seed.baseline == amounts(original), seed.name
        assert seed.errors == set()


@pytest.mark.parametrize("n", range(6))
def test_rewritten_workbooks_place_every_amount_without_false_errors(seeds, n):
    candidates = [load_template(t) for t in template_ids()]
    for seed in seeds:
        sheets, kinds = make_variant(seed, n)
        outcome = measure(seed, sheets, candidates)
        assert outcome.misses == [], (seed.name, n, kinds, outcome.misses[:5])
        assert outcome.false_errors == [], (seed.name, n, kinds, outcome.false_errors[:5])


def test_variants_really_differ_from_the_original(seeds):
    """The generator is not a no-op: labels, structure and units change."""
    seed = seeds[0]
    changed = set()
    for n in range(12):
        sheets, kinds = make_variant(seed, n)
        changed |= set(kinds)
        assert sheets != seed.sheets
    assert {"total", "funding", "numbering", "spacing", "yuan", "split_header", "merge_header"} <= changed


def test_a_rewritten_workbook_file_with_numeric_codes_opens_like_the_original(seeds, tmp_path):
    seed = next(s for s in seeds if s.name == "yongchuan")
    sheets, _ = make_variant(seed, 3)
    doc, report = open_document(write_book(sheets, tmp_path / "v.xlsx"))
    assert doc.template_set.id == "cq-budget"
    assert amounts(doc) == seed.baseline
    assert report.unplaced == []
    assert error_keys(doc) == set()
    assert doc.amount("expenditure", "2080101", "total") == seed.baseline[("expenditure", "2080101", "total")]


def test_total_words_and_numbering_are_read_by_meaning(seeds):
    seed = next(s for s in seeds if s.name == "haigang")
    sheets = [(name, [[{"收入总计": "（五）收入  合计", "合计": "总数"}.get(t, t) for t in row] for row in rows])
              for name, rows in seed.sheets]
    outcome = measure(seed, sheets)
    assert outcome.misses == [] and outcome.false_errors == []
    assert outcome.placed == len(seed.baseline) and outcome.placed > 300


def test_totals_under_an_unknown_word_are_found_by_position_and_sums(seeds):
    seed = next(s for s in seeds if s.name == "beibei")
    sheets = [(name, [["汇总数" if t in ("合计", "小计", "总计") else t for t in row] for row in rows])
              for name, rows in seed.sheets]
    outcome = measure(seed, sheets)
    assert outcome.misses == [] and outcome.false_errors == []


def test_code_and_name_in_one_cell_and_a_total_called_zongshu(tmp_path):
    import openpyxl

    from budgetdesk.io.read.workbook_import import read_workbook

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2024年支出总表"])
    ws.append(["编制单位：某某局", None, None, "单位：万元"])
    ws.append(["科目", "合 计", "基本\n支出", "项目支出"])
    ws.append(["总数", "10.50", "10.50", None])
    ws.append(["208 社会保障和就业支出", 10.5, 10.5, None])
    ws.append(["20801 人力资源和社会保障管理事务", 10.5, 10.5, None])
    ws.append(["2080101 行政运行", 10.5, 10.5, None])
    wb.save(tmp_path / "one.xlsx")
    doc, report = read_workbook(tmp_path / "one.xlsx", load_template("cq-budget"))
    assert report.unplaced == []
    assert [r.key for r in doc.table("expenditure").rows] == ["total", "208", "20801", "2080101"]
    assert doc.table("expenditure").row("2080101").label == "行政运行"
    assert doc.amount("expenditure", "total", "basic") == doc.amount("expenditure", "2080101", "total")
