"""Everyday habits: file filters, 查找, the toolbar, frozen columns, copying rows, adding a row by name, Ctrl+Y."""

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog

from budgetdesk.core.document import UnitMeta
from budgetdesk.resources import catalogue_provider
from budgetdesk.ui.dialogs.common import AddRowDialog
from budgetdesk.ui.flows.row_copy import copy_rows, selected_codes, targets


def page(window, table):
    window.select_table(table)
    return window.current_page()


def test_open_and_prior_year_dialogs_list_legacy_xls(window, monkeypatch):
    filters = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: filters.append(a[3]) or ("", ""))
    window.open_dialog()
    window.import_prior_dialog()
    assert len(filters) == 2
    for f in filters:
        first = f.split(";;")[0]
        assert "*.xls " in first and "*.xlsx" in first and "*.bdesk" in first and "*.txt" in first


def test_find_by_code_name_and_amount_across_tables(window, qtbot):
    window.named_actions["查找"].trigger()
    bar = window.find_bar
    assert bar.isVisible() and bar.edit.hasFocus()
    qtbot.keyClicks(bar.edit, "2080105")
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    first = window.current_page()
    assert first.table_id == "income"  # the first table in publication order listing 2080105
    assert first.model.logical(first.view.currentIndex().row(), 0)[0].key == "2080105"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert window.current_page().table_id == "expenditure"  # next match, next table
    assert "第 2/" in bar.result.text()
    bar.edit.setText("1,734.08")  # an amount as printed
    hit = bar.next()
    assert hit.what == "金额" and window.doc.amount(hit.table, hit.row, hit.column) == Decimal("1734.08")
    p = window.current_page()
    assert p.view.currentIndex() == p.model.index_of(hit.row, hit.column)
    bar.edit.setText("劳动保障监察")
    assert bar.next().row == "2080105"
    bar.edit.setText("不存在的名称")
    assert bar.next() is None and "找不到" in bar.result.text()


def test_toolbar_offers_the_frequent_actions(window, qtbot):
    bar = window.toolbar
    assert bar.isVisible()
    names = [a.iconText() for a in bar.actions() if not a.isSeparator()]
    for name in ("新建", "打开", "保存", "撤销", "重做", "添加科目行", "删除科目行", "实时合计", "查找", "导出 Excel", "打印"):
        assert name in names
    undo = next(a for a in bar.actions() if a.iconText() == "撤销")
    assert not undo.isEnabled()
    p = page(window, "expenditure")
    p.model.setData(p.model.index_of("2080102", "total"), "1.00")
    assert undo.isEnabled()
    undo.trigger()
    assert window.doc.amount("expenditure", "2080102", "total") == Decimal("322.00")


def test_code_and_name_columns_stay_while_scrolling_right(window, qtbot):
    window.resize(980, 700)
    p = page(window, "income")  # 11 columns: wider than the view
    qtbot.waitUntil(lambda: p.view.horizontalScrollBar().maximum() > 0)
    frozen = p.view.frozen
    assert frozen.isVisible() and frozen.count == 2
    assert not frozen.isColumnHidden(1) and frozen.isColumnHidden(2)
    x = frozen.geometry().x()
    p.view.horizontalScrollBar().setValue(p.view.horizontalScrollBar().maximum())
    qtbot.wait(10)
    assert p.view.columnViewportPosition(1) < 0  # the main view's name column scrolled away …
    assert frozen.geometry().x() == x and frozen.columnViewportPosition(1) >= 0  # … the frozen one stays
    assert frozen.model().data(frozen.model().index(1, 1)).strip() == "社会保障和就业支出"
    p.view.verticalScrollBar().setValue(5)
    assert frozen.verticalScrollBar().value() == 5


def test_copy_subject_rows_to_the_fiscal_tables_in_one_undo_step(window):
    window.new_document("cq-budget", UnitMeta(unit_name="某某局", year=2024))
    window.set_live_totals(False)
    doc = window.doc
    p = page(window, "expenditure")
    window.add_code_row("2080101")
    window.add_code_row("2080102")
    doc.set("expenditure", "2080101", "basic", "10.00")
    doc.set("expenditure", "2080101", "total", "10.00")
    doc.set("expenditure", "2080102", "project", "5.00")
    p.view.setCurrentIndex(p.model.index_of("208", "name"))  # a 类 brings its 款 and 项
    codes = selected_codes(p)
    assert codes == ["208", "20801", "2080101", "2080102"]
    offered = {t.table: t for t in targets(doc, "expenditure", codes)}
    assert "gpb_expenditure" in offered and "gpb_basic" not in offered  # economic classification: not offered
    assert offered["gpb_expenditure"].columns == ("total", "basic", "project")
    steps = window.undo.count()
    assert copy_rows(window, "expenditure", codes, ["gpb_expenditure"]) == 3
    assert [r.key for r in doc.table("gpb_expenditure").code_rows()] == codes
    assert doc.amount("gpb_expenditure", "2080101", "basic") == Decimal("10.00")
    assert doc.table("gpb_expenditure").row("2080102").label == "一般行政管理事务"
    assert window.undo.count() == steps + 1
    window.undo.undo()
    assert doc.table("gpb_expenditure").code_rows() == []


def test_a_unique_name_typed_without_picking_adds_the_row(window, qtbot):
    catalogue = catalogue_provider(window.doc.template_set)(
        window.doc.table("expenditure").template.code_side.classification, 2024)
    dialog = AddRowDialog(catalogue, window)
    qtbot.addWidget(dialog)
    dialog.edit.setText("儿童福利")
    assert dialog.code_and_name() == ("2081001", "儿童福利")
    dialog.edit.setText("行政运行")  # many 款 have one
    code, _ = dialog.code_and_name()
    assert code is None and "个科目" in dialog.problem and "2010101" in dialog.problem
    dialog.edit.setText("2080101 行政运行")
    assert dialog.code_and_name() == ("2080101", "行政运行")


def test_ctrl_y_redoes_and_is_bound_once(window, qtbot):
    bindings = [k.toString() for a in window.findChildren(type(window.named_actions["重做"])) for k in a.shortcuts()]
    assert bindings.count(QKeySequence("Ctrl+Y").toString()) == 1
    p = page(window, "expenditure")
    p.model.setData(p.model.index_of("2080102", "total"), "1.00")
    window.undo.undo()
    p.view.setFocus()
    qtbot.keyClick(p.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.doc.amount("expenditure", "2080102", "total") == Decimal("1.00"))


def test_status_message_is_cleared_when_another_document_opens(window):
    window.statusBar().showMessage("关于上一份文档的消息")
    window.new_document("cq-budget", UnitMeta(unit_name="某某局", year=2024))
    assert window.statusBar().currentMessage() == ""


def test_subject_rows_past_the_limit_are_refused_with_a_message(window, monkeypatch):
    """添加科目行 and 复制科目行 stop at MAX_CODE_ROWS (with the 类/款 they would bring): saved, it could not be opened."""
    import pytest
    from PySide6.QtWidgets import QMessageBox

    from budgetdesk.core.document import Document
    from budgetdesk.io.limits import MAX_CODE_ROWS, code_rows
    from budgetdesk.resources import load_template
    from budgetdesk.ui.flows.row_copy import RowsRefused

    doc = Document(load_template("cq-budget"), UnitMeta(unit_name="某某局", year=2024))
    doc.add_code_row("expenditure", "2080101", with_parents=True)
    filler, k = doc.table("gpb_basic"), 0
    while code_rows(doc) < MAX_CODE_ROWS - 2:  # filled before the window shows it: one refresh, not 5,000
        doc.add_code_row("gpb_basic", f"3{k // 100 % 100:02d}{k % 100:02d}", f"科目{k}", position=len(filler.rows))
        k += 1
    window.set_document(doc, None)
    page(window, "expenditure")
    said = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: said.append(text))
    steps = window.undo.count()
    assert not window.add_code_row("2010101")  # 项 + 款 + 类: three rows, two left
    assert said and "再加 3 个将超过上限 5,000" in said[0] and window.undo.count() == steps
    assert window.add_code_row("2080102")  # its 类 and 款 are there: one row
    codes = [r.key for r in doc.table("expenditure").code_rows()]
    with pytest.raises(RowsRefused, match="再加 4 个"):
        copy_rows(window, "expenditure", codes, ["gpb_expenditure"])
    assert doc.table("gpb_expenditure").code_rows() == [] and window.undo.count() == steps + 1
