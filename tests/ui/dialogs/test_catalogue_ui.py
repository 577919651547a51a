"""Catalogue fallback and 科目表 import as the user meets them: status-bar notice, names filled, re-check."""

import datetime

import openpyxl
import pytest

from budgetdesk.core.document import UnitMeta
from budgetdesk.resources import clear_catalogue_cache
from budgetdesk.ui.dialogs.catalogue import import_catalogue_file
from budgetdesk.ui.dialogs.common import NewDocumentDialog


@pytest.fixture(autouse=True)
def fresh_catalogues():
    clear_catalogue_cache()
    yield
    clear_catalogue_cache()


def test_a_year_without_catalogue_uses_the_nearest_with_a_notice(window):
    window.new_document("cq-budget", UnitMeta(unit_name="某某局", year=2031))
    assert "按最接近的 2025 年目录核对" in window.statusBar().currentMessage()
    window.select_table("expenditure")
    assert window.add_code_row("2080101")
    assert window.doc.table("expenditure").row("2080101").label == "行政运行"  # named from the 2025 catalogue
    assert not [f for f in window.checker.findings() if "科目目录" in f.message]


def test_new_document_defaults_to_a_year_that_has_a_catalogue(qtbot):
    dialog = NewDocumentDialog()
    qtbot.addWidget(dialog)
    next_year = datetime.date.today().year + 1
    assert dialog.year.value() == (next_year if next_year in (2024, 2025) else 2025)


def test_imported_subject_table_names_an_education_code_and_clears_the_warning(window, tmp_path):
    window.new_document("cq-budget", UnitMeta(unit_name="某某中学", year=2024))
    window.select_table("expenditure")
    assert window.add_code_row("2050101")
    assert window.doc.table("expenditure").row("2050101").label == ""
    assert [f for f in window.checker.findings() if f.row == "2050101" and "不在" in f.message]
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["科目编码", "科目名称"], [205, "教育支出"], [20501, "教育管理事务"], [2050101, "行政运行"]):
        ws.append(row)
    wb.save(tmp_path / "2024年科目表.xlsx")
    lines = import_catalogue_file(window, tmp_path / "2024年科目表.xlsx", 2024)
    assert "功能分类 3 个科目" in lines[0]
    assert not [f for f in window.checker.findings() if f.row == "2050101" and "不在" in f.message]
    assert window.add_code_row("2050102", "") is True  # unknown here, still allowed; named by the user


def test_menu_entry_imports_the_chosen_workbook_for_the_chosen_year(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

    from tests.ui.dialogs.test_unit_info import menu_action

    wb = openpyxl.Workbook()
    for row in (["科目编码", "科目名称"], [205, "教育支出"], [20502, "普通教育"], [2050201, "学前教育"]):
        wb.active.append(row)
    wb.save(tmp_path / "bureau.xlsx")
    asked, shown = [], []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(tmp_path / "bureau.xlsx"), ""))
    monkeypatch.setattr(QInputDialog, "getInt", lambda *a, **k: asked.append(a[3]) or (2024, True))
    monkeypatch.setattr(QMessageBox, "information", lambda *a: shown.append(a[2]))
    menu_action(window, "导入科目表(&K)…").trigger()
    assert asked == [2024]  # the open document's year is offered
    assert "功能分类 3 个科目" in shown[0]
    window.select_table("expenditure")
    window.add_code_row("2050201")
    assert window.doc.table("expenditure").row("2050201").label == "学前教育"
