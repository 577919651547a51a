"""Nearest-year catalogue: checks still run for a year without a catalogue and say which year they used."""

from budgetdesk.cli import main
from budgetdesk.core.codes import Classification
from budgetdesk.core.document import Document, UnitMeta
from budgetdesk.core.engine import Engine
from budgetdesk.io.store.project import save_project
from budgetdesk.resources import catalogue_notices, catalogue_provider, load_template, nearest_year


def test_nearest_year_prefers_the_closest_then_the_earlier():
    assert nearest_year([2024, 2025], 2031) == 2025
    assert nearest_year([2024, 2025], 2020) == 2024
    assert nearest_year([2024, 2026], 2025) == 2024
    assert nearest_year([], 2025) is None


def test_unknown_code_in_a_year_without_catalogue_is_checked_against_the_nearest(tmp_path, capsys):
    ts = load_template("cq-budget")
    found = catalogue_provider(ts)(Classification.FUNCTIONAL, 2031)
    assert (found.year, found.requested_year) == (2025, 2031)
    doc = Document(ts, UnitMeta(unit_name="某某局", year=2031))
    doc.add_code_row("expenditure", "2089998", "不存在的科目", with_parents=True, names=found.name)
    messages = [f.message for f in Engine(doc, catalogue_provider(ts)).findings() if f.row == "2089998"]
    assert any("不在 2025 年功能分类科目目录中（没有 2031 年的功能分类科目目录，按最接近的 2025 年目录核对）" in m for m in messages)
    assert catalogue_notices(doc) == ["没有 2031 年的功能分类科目目录，按最接近的 2025 年目录核对",
                                      "没有 2031 年的经济分类科目目录，按最接近的 2025 年目录核对"]
    main(["check", str(save_project(doc, tmp_path / "d.bdesk"))])
    assert "注意：没有 2031 年的功能分类科目目录" in capsys.readouterr().out


def test_cli_imports_a_subject_table_into_the_user_folder(tmp_path, monkeypatch, capsys):
    import openpyxl
    monkeypatch.setenv("BUDGETDESK_USER_DIR", str(tmp_path / "user"))
    wb = openpyxl.Workbook()
    for row in (["类", "款", "项", "科目名称"], [205, None, None, "教育支出"], [205, 1, None, "教育管理事务"], [205, 1, 1, "行政运行"]):
        wb.active.append(row)
    wb.save(tmp_path / "k.xlsx")
    assert main(["catalogue", str(tmp_path / "k.xlsx"), "--year", "2026"]) == 0
    out = capsys.readouterr().out
    assert "功能分类 3 个科目" in out and (tmp_path / "user" / "catalogue" / "functional-2026.tsv").is_file()
    assert main(["catalogue", str(tmp_path / "nothing.xlsx"), "--year", "2026"]) == 2
    assert "无法导入科目表" in capsys.readouterr().err


def test_a_catalogue_years_away_does_not_make_a_name_a_warning():
    """2017's 30311 was 住房公积金 (2024's is 代缴社会保险费): against a catalogue more than a year away a code or name
    it lacks is 未核对, not a warning; a year away (2025 against 2024's or 2026's) it still is one."""
    from budgetdesk.core.findings import Severity

    ts = load_template("cq-budget")

    def findings(year):
        doc = Document(ts, UnitMeta(unit_name="某某局", year=year))
        doc.add_code_row("gpb_basic", "30311", "住房公积金", with_parents=True)
        doc.add_code_row("gpb_basic", "30198", "不存在的科目", with_parents=True)
        return {(f.row, f.rule): f for f in Engine(doc, catalogue_provider(ts)).findings() if f.rule.startswith("BD-CAT")}

    old = findings(2017)
    assert old[("30311", "BD-CAT-NAME")].severity is Severity.INFO and "未核对" in old[("30311", "BD-CAT-NAME")].message
    assert old[("30198", "BD-CAT-CODE")].severity is Severity.INFO
    near = findings(2025)
    assert near[("30311", "BD-CAT-NAME")].severity is Severity.WARNING
