"""A bureau's 科目表 workbook becomes the user's catalogue for its year, preferred to the bundled one."""

import openpyxl
import pytest

from budgetdesk.core.codes import Classification
from budgetdesk.io.catalogue.imported import CatalogueImportError, read_catalogue_workbook, write_user_catalogues
from budgetdesk.resources import catalogue_provider, clear_catalogue_cache, load_template, user_catalogue_dir

ROWS = [
    ["科目编码", "科目名称"],
    [205, "教育支出"],
    [20501, "教育管理事务"],
    ["2050101", "行政运行"],
    [20502, "普通教育"],
    [2050201, "学前教育"],
    [301, "工资福利支出"],
    [30101, "基本工资"],
    [101, "税收收入"],
    [2050299, ""],
]


def book(path, rows, title="2026年政府收支分类科目"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "功能分类"
    ws.append([title])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


@pytest.fixture(autouse=True)
def user_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETDESK_USER_DIR", str(tmp_path / "user"))
    clear_catalogue_cache()
    yield
    clear_catalogue_cache()


def test_code_and_name_columns_become_the_users_catalogue_for_that_year(tmp_path):
    result = read_catalogue_workbook(book(tmp_path / "科目表.xlsx", ROWS))
    assert result.year == 2026
    assert result.codes[Classification.FUNCTIONAL]["2050201"] == "学前教育"
    assert result.codes[Classification.ECONOMIC] == {"301": "工资福利支出", "30101": "基本工资"}
    assert any("101 税收收入" in s for s in result.skipped)  # a revenue code is listed, not dropped
    assert any("2050299" in s and "没有名称" in s for s in result.skipped)
    paths = write_user_catalogues(result, user_catalogue_dir())
    assert [p.name for p in paths] == ["functional-2026.tsv", "economic-2026.tsv"]
    assert "科目表.xlsx" in paths[0].read_text(encoding="utf-8").splitlines()[1]
    clear_catalogue_cache()
    provide = catalogue_provider(load_template("cq-budget"))
    functional = provide(Classification.FUNCTIONAL, 2026)
    assert functional.name("2050201") == "学前教育" and functional.fallback_notice == ""
    assert [c.code for c in functional.search("学前")] == ["2050201"]


def test_imported_catalogue_is_preferred_to_the_bundled_one_of_the_same_year(tmp_path):
    provide = catalogue_provider(load_template("cq-budget"))
    assert provide(Classification.FUNCTIONAL, 2024).name("2050101") is None
    write_user_catalogues(read_catalogue_workbook(book(tmp_path / "k.xlsx", ROWS), year=2024), user_catalogue_dir())
    clear_catalogue_cache()
    assert provide(Classification.FUNCTIONAL, 2024).name("2050101") == "行政运行"
    assert provide(Classification.ECONOMIC, 2024).name("30101") == "基本工资"
    # laid over the bundled catalogue: codes the bureau's list does not cover stay known
    assert provide(Classification.FUNCTIONAL, 2024).name("2080101") == "行政运行"
    assert "k.xlsx" in provide(Classification.FUNCTIONAL, 2024).source


def test_code_split_over_class_section_item_columns_and_code_with_name_in_one_cell(tmp_path):
    split = read_catalogue_workbook(book(tmp_path / "s.xlsx", [
        ["类", "款", "项", "科目名称"], [205, None, None, "教育支出"], [205, "01", None, "教育管理事务"],
        ["205", "01", "01", "行政运行"]]), year=2025)
    assert split.codes[Classification.FUNCTIONAL] == {"205": "教育支出", "20501": "教育管理事务", "2050101": "行政运行"}
    one_cell = read_catalogue_workbook(book(tmp_path / "o.xlsx", [["[2050101]行政运行"], ["2050201 学前教育"]]), year=2025)
    assert one_cell.codes[Classification.FUNCTIONAL] == {"2050101": "行政运行", "2050201": "学前教育"}


def test_a_workbook_without_subjects_or_year_is_refused_with_a_reason(tmp_path):
    with pytest.raises(CatalogueImportError, match="没有找到科目编码"):
        read_catalogue_workbook(book(tmp_path / "x2026.xlsx", [["姓名", "电话"], ["张三", "123"]]))
    with pytest.raises(CatalogueImportError, match="请指定年度"):
        read_catalogue_workbook(book(tmp_path / "k.xlsx", ROWS, title="科目表"))


def test_a_published_disclosure_workbook_gives_its_subjects_without_layout_noise(tmp_path):
    from budgetdesk.io.read.disclosure_text import read_disclosure
    from budgetdesk.io.write.xlsx_export import export_xlsx
    from tests.conftest import SEED_FILES

    path, template = SEED_FILES["haigang"]
    doc, _ = read_disclosure(path, load_template(template))
    result = read_catalogue_workbook(export_xlsx(doc, tmp_path / "hg.xlsx"), year=2024)
    printed = {r.code: r.label for t in doc.template_set.tables if t.code_side for r in doc.table(t.id).rows if r.code}
    got = {**result.codes[Classification.FUNCTIONAL], **result.codes[Classification.ECONOMIC]}
    assert got == printed and result.skipped == []  # no unit line, 栏次, 合计 or amounts taken for subjects
