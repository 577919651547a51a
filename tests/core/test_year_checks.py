"""Year-to-year checks (rules ``prior_equal``, ``prior_columns``): run by the one engine once last year's file is loaded."""

from decimal import Decimal as D

from budgetdesk.core.document import UnitMeta
from budgetdesk.core.engine import Engine
from budgetdesk.core.prior import load_prior
from budgetdesk.io.files import open_document
from budgetdesk.io.read.disclosure_text import read_disclosure
from budgetdesk.resources import load_template, sample_path
from tests.conftest import SEED_FILES, engine_for

YEAR_RULES = {"BD-FA-YEAR-CARRY", "BD-FA-YEAR-CARRY-GF", "BD-FA-YEAR-CARRY-SOE", "BD-FA-YEAR-PRIOR-COLUMNS",
              "BD-YEAR-PRIOR-COLUMNS"}


def leshan(year=2024):
    doc = open_document(sample_path("leshan-2024-final.json"))[0]
    doc.set_meta(UnitMeta(doc.meta.unit_name, doc.meta.unit_code, year, doc.meta.money_unit))
    return doc


def year_findings(doc):
    return [f for f in engine_for(doc).findings() if f.rule in YEAR_RULES]


def test_a_seeded_opening_balance_mismatch_is_an_error_per_fund_source():
    """Last year closed with 12.34 of 一般公共预算 结转和结余; this year opens with 0 (乐山 2024: all 0)."""
    last = leshan(2024)
    for row, column in (("out.carry_end", "out_total"), ("out.carry_end", "out_gpb")):
        last.set("fiscal_summary", row, column, "12.34")
    last.set("summary", "out.carry_end", "out_amount", "12.34")
    this = leshan(2025)
    assert year_findings(this) == []  # no last year loaded: nothing to compare
    load_prior(this, last, source="2024决算.bdesk")
    found = {(f.rule, f.table, f.row, f.column): f for f in year_findings(this)}
    assert set(found) == {
        ("BD-FA-YEAR-CARRY", "summary", "in.carry", "in_amount"),
        ("BD-FA-YEAR-CARRY", "fiscal_summary", "in.carry", "in_amount"),
        ("BD-FA-YEAR-CARRY", "fiscal_summary", "in.carry_gpb", "in_amount"),
    }
    f = found[("BD-FA-YEAR-CARRY", "fiscal_summary", "in.carry_gpb", "in_amount")]
    assert f.severity.value == "error"
    assert (f.expected, f.actual, f.difference) == (D("12.34"), D(0), D("-12.34"))
    assert "上年文件“2024决算.bdesk”" in f.message and "年末财政拨款结转和结余" in f.message and "12.34" in f.message


def test_the_checks_follow_loading_and_editing_live():
    last = leshan(2024)
    last.set("summary", "out.carry_end", "out_amount", "5.00")
    this = leshan(2025)
    engine = Engine(this)
    engine.watch()
    assert not [f for f in engine.findings() if f.rule == "BD-FA-YEAR-CARRY"]
    load_prior(this, last, source="2024.bdesk")  # announced to the engine
    assert [f.row for f in engine.findings() if f.rule == "BD-FA-YEAR-CARRY"] == ["in.carry"]
    this.set("summary", "in.carry", "in_amount", "5.00")
    assert not [f for f in engine.findings() if f.rule == "BD-FA-YEAR-CARRY"]


def test_per_subject_opening_balances_of_the_fund_tables():
    last, this = leshan(2024), leshan(2025)
    names = {"212": "城乡社区支出", "21208": "国有土地使用权出让收入安排的支出", "2120801": "征地和拆迁补偿支出"}
    for doc in (last, this):
        doc.add_code_row("gf_inout", "2120801", names["2120801"], with_parents=True, names=names.get)
    last.set("gf_inout", "2120801", "end", "8.00")
    this.set("gf_inout", "2120801", "begin", "6.00")
    load_prior(this, last)
    rows = {f.row: f for f in year_findings(this) if f.rule == "BD-FA-YEAR-CARRY-GF"}
    assert set(rows) == {"2120801"}  # the 合计 row is blank in both years
    assert (rows["2120801"].expected, rows["2120801"].actual) == (D("8.00"), D("6.00"))
    assert "载入的上年文件" in rows["2120801"].message


def test_printed_last_year_columns_are_compared_with_last_years_figures_naming_both_files():
    this, _ = read_disclosure(SEED_FILES["beibei"][0], load_template("cq-budget-beibei"))
    last, _ = read_disclosure(SEED_FILES["beibei"][0], load_template("cq-budget-beibei"))
    for tid, table in this.tables.items():  # last year's published figures = this year's printed 上年数
        for column in table.template.columns:
            if column.prior_of:
                for row in table.rows:
                    last.set(tid, row.key, column.prior_of, table.amount(row.key, column.key))
    printed = this.amount("gpb_expenditure", "total", "prior_total")
    assert printed is not None
    last.set("gpb_expenditure", "total", "total", printed + D("1.00"))
    this.source_name = "北碚2024.txt"
    load_prior(this, last, fill_prior_columns=False, source="北碚2023.bdesk")
    found = [f for f in year_findings(this)]
    assert [(f.rule, f.table, f.row, f.column) for f in found] == [
        ("BD-YEAR-PRIOR-COLUMNS", "gpb_expenditure", "total", "prior_total")]
    f = found[0]
    assert f.severity.value == "warning" and f.difference == D("-1.00")
    assert "北碚2024.txt" in f.message and "北碚2023.bdesk" in f.message
    assert f"{printed:,}" in f.message and f"{printed + 1:,}" in f.message


def test_the_seeds_have_no_year_findings_without_last_year():
    for name, (path, template) in SEED_FILES.items():
        doc, _ = read_disclosure(path, load_template(template))
        assert year_findings(doc) == [], name


def test_check_with_last_years_file_reports_the_mismatch(tmp_path, capsys):
    from budgetdesk.cli import main
    from budgetdesk.io.files import save_document

    last = leshan(2024)
    last.set("summary", "out.carry_end", "out_amount", "7.00")
    last_path = save_document(last, tmp_path / "2024决算.json")
    this_path = save_document(leshan(2025), tmp_path / "2025决算.json")
    assert main(["check", str(this_path)]) == 0
    capsys.readouterr()
    assert main(["check", str(this_path), "--prior", str(last_path)]) == 1
    out = capsys.readouterr().out
    assert "[错误] BD-FA-YEAR-CARRY" in out and "上年文件“2024决算.json”" in out and "7.00" in out
