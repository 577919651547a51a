"""The 决算 package in the window: 新建 offers it, the Leshan sample opens clean, live checks follow edits."""

from decimal import Decimal

from PySide6.QtCore import Qt

from budgetdesk.core.document import UnitMeta
from budgetdesk.resources import sample_path
from budgetdesk.ui.dialogs.common import NewDocumentDialog


def page(window, table):
    window.select_table(table)
    return window.current_page()


def test_new_dialog_offers_the_final_accounts_set(qtbot):
    dialog = NewDocumentDialog()
    qtbot.addWidget(dialog)
    ids = [dialog.template.itemData(i) for i in range(dialog.template.count())]
    assert "sc-final-accounts" in ids


def test_new_final_accounts_document_has_thirteen_tables_with_line_numbers(window):
    window.new_document("sc-final-accounts", UnitMeta(unit_name="某某区人力资源和社会保障局", year=2024))
    assert window.navigator.count() == 1 + 13 + 1  # the 情况说明, the 13 tables, the 绩效自评表
    assert window.navigator.item(14).text() == "—　绩效自评表（没有读到绩效自评表）"  # none yet: not a pass
    p = page(window, "summary")
    assert p.title.text() == "收入支出决算总表"
    first = p.model.index_of("in.gpb", "in_line")
    assert p.model.data(first) == "1"
    assert not (p.model.flags(first) & Qt.ItemFlag.ItemIsEditable)


def test_leshan_opens_clean_and_a_wrong_figure_is_found_live(window):
    assert window.open_path(sample_path("leshan-2024-final.json"))
    assert window.checker.summary().errors == 0
    p = page(window, "gpb_basic")
    index = p.model.index_of("total", "personnel")
    assert p.model.data(index) == "1,571.21"
    assert p.model.setData(index, "1,600.00", Qt.ItemDataRole.EditRole)
    rules = {f.rule for f in window.checker.findings() if f.table == "gpb_basic" and f.row == "total"}
    assert "BD-FA-COL-BASIC" in rules
    window.undo.undo()
    assert window.checker.summary().errors == 0


def test_import_budget_fills_budget_cells_as_one_undo_step_and_shows_completion(window, tmp_path):
    from budgetdesk.io.files import save_document
    from budgetdesk.ui.dialogs.budget_compare import import_budget, show_comparison
    from tests.core.test_budget_link import small_budget
    assert window.open_path(sample_path("leshan-2024-final.json"))
    path = save_document(small_budget(), tmp_path / "2024预算.bdesk")
    assert import_budget(window, path)
    assert window.doc.amount("three_public", "amount", "b_reception") == Decimal("1.50")
    dialog = show_comparison(window)
    dialog.table_choice.setCurrentIndex(dialog.table_choice.findData("gpb_expenditure"))
    rows = {dialog.grid.item(i, 0).text(): [dialog.grid.item(i, j).text() for j in range(7)]
            for i in range(dialog.grid.rowCount())}
    assert rows["2080101 行政运行（合计）"][1:4] == ["320.00", "298.88", "93.40%"]
    dialog.table_choice.setCurrentIndex(dialog.table_choice.findData("three_public"))
    texts = [dialog.grid.item(i, 0).text() for i in range(dialog.grid.rowCount())]
    assert "公务接待费" in texts and "尚未导入：上年数" in dialog.hint.text()
    window.undo.undo()
    assert window.doc.amount("three_public", "amount", "b_reception") == Decimal("1.15")


def test_new_dialog_shows_names_and_a_year_that_follows_the_template(window, monkeypatch):
    """文件 → 新建: template names without internal ids; the year follows the template chosen (its catalogue's)."""
    import datetime

    from PySide6.QtWidgets import QDialog

    from budgetdesk.resources import default_new_year, load_template

    seen = []
    monkeypatch.setattr(NewDocumentDialog, "exec", lambda self: seen.append(self) or QDialog.DialogCode.Rejected)
    window.named_actions["新建"].trigger()
    [dialog] = seen
    texts = [dialog.template.itemText(i) for i in range(dialog.template.count())]
    ids = [dialog.template.itemData(i) for i in range(dialog.template.count())]
    assert not any(tid in text for tid in ids for text in texts)  # no “（cq-budget）”
    assert dialog.template.currentData() == window.doc.template_set.id  # the kind of document open now
    for i, tid in enumerate(ids):
        dialog.template.setCurrentIndex((i + 1) % len(ids))
        dialog.year.setValue(2000)  # whatever was there: choosing another template sets its year
        dialog.template.setCurrentIndex(i)
        assert dialog.year.value() == default_new_year(load_template(tid), datetime.date.today().year), tid
