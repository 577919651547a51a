"""文件 → 从上年新建 and 从本年预算新建决算 in the window."""

from PySide6.QtWidgets import QMessageBox

from budgetdesk.resources import sample_path
from budgetdesk.ui.flows.new_year import new_final_from_budget, new_from_last_year
from tests.conftest import SEED_FILES
from tests.ui.user_input import menu_action


def test_a_new_year_document_opens_unsaved_and_checks(window, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append(text))
    assert menu_action(window, "文件", "从上年新建") and menu_action(window, "文件", "从本年预算新建决算")
    assert new_from_last_year(window, SEED_FILES["beibei"][0])
    assert window.doc.meta.year == 2025 and window.path is None and window.doc.prior
    assert window.doc.prior_source == SEED_FILES["beibei"][0].name
    assert "带入：情况说明" in shown[0]
    assert "错误 0" in window.counts.text()


def test_a_final_from_the_budget_opens_with_its_budget_figures(window):
    assert new_final_from_budget(window, sample_path(), "sc-final-accounts")
    doc = window.doc
    assert doc.template_set.id == "sc-final-accounts" and doc.meta.year == 2024 and doc.budget
    assert "预算数" in window.statusBar().currentMessage()
