"""The main window driven through real widgets, offscreen."""

from decimal import Decimal

import pytest

from PySide6.QtCore import QPoint, QRect, QSettings, Qt
from PySide6.QtGui import QInputMethodEvent, QInputMethodQueryEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QMessageBox

from budgetdesk.io.store import interchange
from budgetdesk.ui.app import offer_recovery
from budgetdesk.ui.main_window import MainWindow
from budgetdesk.ui.pages.table_model import ERROR_CELL, ERROR_ROW, EXPLAINED_CELL, ROUNDING_CELL, SUSPECT_CELL
from budgetdesk.ui.userdata import pending_recoveries
from tests.ui.user_input import type_with_input_method


def page(window, table):
    window.select_table(table)
    return window.current_page()


def background(p, row, column):
    brush = p.model.data(p.model.index_of(row, column), Qt.ItemDataRole.BackgroundRole)
    return brush.color() if brush is not None else None


def type_into(qtbot, p, row, column, text):
    index = p.model.index_of(row, column)
    p.view.setFocus()
    p.view.setCurrentIndex(index)
    qtbot.keyClicks(p.view, text[0])  # the first key opens the editor, as in Excel ("type to replace")
    editor = p.view.focusWidget()
    assert editor is not p.view
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_sample_opens_with_every_table_and_no_errors(window):
    assert window.navigator.count() == 1 + 9 + 1  # the 情况说明, the nine tables, then 绩效目标表
    assert all(window.navigator.item(i).text().startswith("✓") for i in range(10))
    assert "错误 0" in window.counts.text() and "尾差 29" in window.counts.text()
    p = page(window, "three_public")
    assert p.title.text() == "一般公共预算“三公”经费支出表"
    assert "重庆市永川区人力资源和社会保障局" in p.left.text() and p.right.text() == "单位：万元"
    cells, rows = p.model.header_cells()
    assert rows == 3 and any(c.label == "公务用车购置及运行费" and c.colspan == 3 for c in cells)


def test_typing_a_wrong_figure_lights_the_row_and_fixing_it_clears(window, qtbot):
    p = page(window, "expenditure")
    type_into(qtbot, p, "2080101", "total", "1834.08")
    qtbot.waitUntil(lambda: window.doc.amount("expenditure", "2080101", "total") == Decimal("1834.08"))
    assert background(p, "2080101", "total") == SUSPECT_CELL  # the offending cell, named as the one to look at first
    assert background(p, "20801", "total") == ERROR_CELL  # the parent's sum fails too, but it is not suspect
    assert background(p, "20801", "basic") == ERROR_ROW  # its parent row lights up
    tip = p.model.data(p.model.index_of("2080101", "total"), Qt.ItemDataRole.ToolTipRole)
    assert "应为" in tip and "最可能有误" in tip
    assert window.navigator.item(3).text().startswith("✗")
    assert "错误 3" in window.counts.text()
    assert p.view.currentIndex().row() == p.model.index_of("2080102", "total").row()  # Enter moved down
    type_into(qtbot, p, "2080101", "total", "1734.08")
    qtbot.waitUntil(lambda: window.doc.amount("expenditure", "2080101", "total") == Decimal("1734.08"))
    assert background(p, "2080101", "total") is None and "错误 0" in window.counts.text()
    assert background(p, "208", "total") == ROUNDING_CELL  # a real ±0.01 of the sample, shown quietly


def test_bad_value_is_refused_at_the_cell_and_nothing_changes(window, qtbot):
    p = page(window, "expenditure")
    index = p.model.index_of("2080101", "total")
    with qtbot.waitSignal(p.model.rejected) as blocker:
        assert not p.model.setData(index, "一千", Qt.ItemDataRole.EditRole)
    assert "不是有效的金额" in blocker.args[1]
    assert window.doc.amount("expenditure", "2080101", "total") == Decimal("1734.08")
    assert window.undo.count() == 0


def test_paste_block_from_a_spreadsheet_then_undo_and_redo(window, qtbot):
    p = page(window, "expenditure")
    p.view.setCurrentIndex(p.model.index_of("2080102", "total"))
    assert p.view.paste("1,000.00\t２００．５０\t-\n\t\t33\n")
    doc = window.doc
    assert doc.amount("expenditure", "2080102", "total") == Decimal("1000.00")
    assert doc.amount("expenditure", "2080102", "basic") == Decimal("200.50")
    assert doc.amount("expenditure", "2080102", "project") == Decimal("0")
    assert doc.amount("expenditure", "2080105", "total") is None and doc.amount("expenditure", "2080105", "project") == Decimal(33)
    window.undo.undo()
    assert doc.amount("expenditure", "2080102", "total") == Decimal("322.00")
    assert doc.amount("expenditure", "2080102", "project") == Decimal("322.00")
    window.undo.redo()
    assert doc.amount("expenditure", "2080102", "basic") == Decimal("200.50")


def test_paste_with_one_bad_value_changes_nothing(window):
    p = page(window, "expenditure")
    p.view.setCurrentIndex(p.model.index_of("2080102", "total"))
    assert not p.view.paste("1.00\tabc\n")
    assert window.doc.amount("expenditure", "2080102", "total") == Decimal("322.00")


def test_copy_gives_tab_separated_plain_numbers(window):
    p = page(window, "expenditure")
    p.view.setCurrentIndex(p.model.index_of("208", "code"))
    p.view.selectionModel().select(p.model.index_of("208", "total"), p.view.selectionModel().SelectionFlag.Select)
    assert p.view.copy_selection().split("\t")[-1] == "12968.46"


def test_delete_clears_selection_and_undo_restores(window, qtbot):
    p = page(window, "gpb_expenditure")
    p.view.setCurrentIndex(p.model.index_of("2080101", "total"))
    p.view.setFocus()
    qtbot.keyClick(p.view, Qt.Key.Key_Delete)
    assert window.doc.amount("gpb_expenditure", "2080101", "total") is None
    window.undo.undo()
    assert window.doc.amount("gpb_expenditure", "2080101", "total") == Decimal("1734.08")


def test_add_row_by_code_creates_parents_in_order_and_undo_removes_them(window):
    p = page(window, "expenditure")
    assert window.add_code_row("2081001")  # 儿童福利; 款 20810 is missing
    keys = [r.key for r in window.doc.table("expenditure").rows]
    assert keys.index("20810") == keys.index("2081001") - 1
    assert keys.index("2081001") < keys.index("20899")
    assert window.doc.table("expenditure").row("2081001").label == "儿童福利"
    assert window.doc.table("expenditure").row("20810").label == "社会福利"
    assert p.model.index_of("2081001", None).isValid()
    window.undo.undo()
    assert not window.doc.table("expenditure").has_row("20810")
    assert not window.doc.table("expenditure").has_row("2081001")


def test_remove_row_is_undoable(window):
    p = page(window, "expenditure")
    p.view.setCurrentIndex(p.model.index_of("2080102", "total"))
    assert window.remove_current_row()
    assert not window.doc.table("expenditure").has_row("2080102")
    assert "错误" in window.counts.text() and "错误 0" not in window.counts.text()
    window.undo.undo()
    assert window.doc.amount("expenditure", "2080102", "project") == Decimal("322.00")
    assert "错误 0" in window.counts.text()


def test_jump_from_a_finding_switches_table_and_selects_the_cell(window):
    window.select_table("summary")
    finding = next(f for f in window.checker.findings() if f.table == "gpb_basic")
    window.findings_panel.jump.emit(finding)
    p = window.current_page()
    assert p.table_id == "gpb_basic"
    assert p.view.currentIndex() == p.model.index_of(finding.row, finding.column)


def test_explained_warning_shows_as_explained(window):
    doc = window.doc
    page(window, "three_public")
    doc.set("three_public", "amount", "reception", "9.00")  # below 基本支出 30217 公务接待费 10.60
    doc.set("three_public", "amount", "total", "25.00")  # keep 合计 = Σ items: only the warning remains
    finding = next(f for f in window.checker.findings() if f.rule == "BD-3GONG-RECEPTION")
    assert window.navigator.item(8).text().startswith("！")
    window.explain(finding, "公务接待费含项目支出安排部分")
    assert "已说明 1" in window.counts.text()
    p = window.current_page()
    assert background(p, "amount", "reception") == EXPLAINED_CELL
    window.undo.undo()
    assert "已说明 0" in window.counts.text()


def test_fill_totals_recomputes_parents_and_is_one_undo_step(window):
    doc = window.doc
    page(window, "gpb_expenditure")
    doc.set("gpb_expenditure", "20801", "total", None)
    doc.set("gpb_expenditure", "208", "total", None)
    changed = window.fill_totals(all_tables=False)
    assert changed >= 2
    assert doc.amount("gpb_expenditure", "20801", "total") == Decimal("5596.37")  # Σ of the published 项
    # a blank total another table publishes takes that figure when within rounding: no cross-table errors
    assert [f for f in window.checker.findings() if f.severity.value == "error"] == []
    assert window.undo.count() == 1  # every recomputed cell in one undo step
    window.undo.undo()
    assert doc.amount("gpb_expenditure", "20801", "total") is None
    assert doc.amount("gpb_expenditure", "2080199", "total") == Decimal("798.38")  # leaf identities restored too


def test_prior_year_columns_show_change_and_percent(window):
    doc = window.doc
    doc.set_prior("gpb_expenditure", "total", "total", Decimal("13000.00"))
    p = page(window, "gpb_expenditure")
    columns = p.model.columnCount()
    window.toggle_prior(True)
    assert p.model.columnCount() == columns + 9  # three amount columns × (上年, 增减, 增减%)
    labels = [vc.label for vc in p.model.view_columns()]
    assert labels[2:6] == ["小计", "上年", "增减", "增减%"]
    row = p.model.index_of("total", "total").row()
    assert p.model.data(p.model.index(row, 3)) == "13,000.00"
    assert p.model.data(p.model.index(row, 4)) == "1,854.63"
    assert p.model.data(p.model.index(row, 5)) == "14.27%"
    cells, header_rows = p.model.header_cells()
    assert header_rows == 3 and any(c.label == "本年" for c in cells)


def select_with_keyboard(qtbot, p, row, column):
    p.view.setCurrentIndex(p.model.index_of(row, column))
    p.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is p.view)


def test_cjk_text_typed_into_a_name_cell(window, qtbot):
    """A name typed with a Chinese input method on the selected cell (no F2 first) replaces it, as in Excel."""
    p = page(window, "expenditure")
    select_with_keyboard(qtbot, p, "2080101", "name")
    type_with_input_method("jiguanyunxing", "机关运行")
    editor = QApplication.focusWidget()
    assert editor is not p.view and editor.text() == "机关运行"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.doc.get("expenditure", "2080101", "name") == "机关运行")
    assert any(f.rule == "BD-CAT-NAME" and f.row == "2080101" for f in window.checker.findings())


def test_the_keyboard_stays_on_the_table_while_a_name_is_composed(window, qtbot):
    """The 名称 column is drawn by the frozen overlay; an input method's composition on it is handled where
    the editor is. Handled in the main view, the editor took the keyboard at the first 拼音 letter (on Windows
    the input method then drops the composition), and the main view waited for a commit that never came:
    afterwards F2 on an amount opened an editor without the keyboard, and the digits typed were lost."""
    p = page(window, "expenditure")
    select_with_keyboard(qtbot, p, "2080101", "name")
    for letters in ("j", "ji", "jig"):
        QApplication.sendEvent(QApplication.focusWidget(), QInputMethodEvent(letters, []))
        assert QApplication.focusWidget() is p.view and p.view.frozen.state() == QAbstractItemView.State.EditingState
    type_with_input_method("jiguan", "机关")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.doc.get("expenditure", "2080101", "name") == "机关")
    select_with_keyboard(qtbot, p, "2080102", "total")
    qtbot.keyClick(p.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not p.view and editor.text() == "322.00"
    editor.selectAll()
    qtbot.keyClicks(editor, "321.50")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.doc.get("expenditure", "2080102", "total") == Decimal("321.50"))


def test_the_candidate_window_opens_at_the_name_being_composed(window, qtbot):
    """While a name is composed the input method asks the table where the text cursor is (its candidate list
    is shown there): the cursor in the overlay's editor, also when the amounts are scrolled sideways."""
    p = page(window, "expenditure")
    window.resize(window.minimumSize())
    bar = p.view.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    select_with_keyboard(qtbot, p, "2080101", "name")
    QApplication.sendEvent(p.view, QInputMethodEvent("ji", []))
    editor = p.view.frozen.findChild(QLineEdit)
    assert editor is not None and editor.isVisible() and QApplication.focusWidget() is p.view
    query = QInputMethodQueryEvent(Qt.InputMethodQuery.ImCursorRectangle)
    QApplication.sendEvent(p.view, query)
    cursor = query.value(Qt.InputMethodQuery.ImCursorRectangle)
    assert QRect(editor.mapTo(p.view, QPoint(0, 0)), editor.size()).contains(cursor), (cursor, bar.value())


def test_save_reopen_and_compare(window, tmp_path):
    window.doc.set("expenditure", "2080102", "project", "322.00")
    target = tmp_path / "永川.bdesk"
    assert window.save_to(target)
    assert window.undo.isClean() and "永川.bdesk" in window.windowTitle() and not window.isWindowModified()
    before = interchange.dumps(window.doc)
    assert window.open_path(target)
    assert interchange.dumps(window.doc) == before
    assert window.recent_files()[0] == str(target.resolve())


def test_title_shows_unsaved_state_and_close_asks(window, monkeypatch):
    p = page(window, "expenditure")
    p.model.setData(p.model.index_of("2080102", "total"), "323.00")
    assert window.windowTitle().startswith("未命名") and window.isWindowModified()
    monkeypatch.setattr(window, "ask_unsaved", lambda: QMessageBox.StandardButton.Cancel)
    assert not window.close()
    assert window.isVisible()
    monkeypatch.setattr(window, "ask_unsaved", lambda: QMessageBox.StandardButton.Discard)
    assert window.close()


def test_autosave_and_recovery_after_a_crash(window, qtbot, tmp_path):
    p = page(window, "expenditure")
    p.model.setData(p.model.index_of("2080102", "total"), "999.00")
    qtbot.waitUntil(lambda: len(pending_recoveries(include_held=True)) == 1, timeout=8000)  # the autosave timer wrote it
    assert pending_recoveries() == []  # held by this running instance: a second one would not offer it
    # the process "dies" here: no close, no save, its lock goes stale. The next start finds the recovery file.
    window.recovery.release()
    fresh = MainWindow(QSettings(str(tmp_path / "s2.ini"), QSettings.Format.IniFormat))
    fresh.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    qtbot.addWidget(fresh)
    questions = []
    assert offer_recovery(fresh, ask=lambda q: questions.append(q) or True)
    assert "重庆市永川区人力资源和社会保障局" in questions[0]
    assert fresh.doc.amount("expenditure", "2080102", "total") == Decimal("999.00")
    assert fresh.isWindowModified()


def test_declined_recovery_is_discarded(window, qtbot, tmp_path):
    p = page(window, "expenditure")
    p.model.setData(p.model.index_of("2080102", "total"), "999.00")
    window.write_recovery()
    fresh = MainWindow(QSettings(str(tmp_path / "s3.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(fresh)
    assert not offer_recovery(fresh, ask=lambda q: False)
    assert pending_recoveries() == []


def test_empty_table_note_clears_the_warning_and_is_undoable(window):
    page(window, "gf_expenditure")
    window.set_note("gf_expenditure", "")
    assert any(f.rule == "BD-EMPTY-NOTE" for f in window.checker.findings())
    assert window.navigator.item(7).text().startswith("！")
    window.set_note("gf_expenditure", "本单位年初未安排政府性基金预算，故本表无数据。")
    assert not any(f.rule == "BD-EMPTY-NOTE" for f in window.checker.findings())
    assert "故本表无数据" in window.current_page().notes.text()
    window.undo.undo()
    assert any(f.rule == "BD-EMPTY-NOTE" for f in window.checker.findings())


def test_new_document_starts_from_a_template_with_unit_metadata(window):
    from budgetdesk.core.document import UnitMeta
    window.new_document("hebei-budget", UnitMeta(unit_name="某某区人力资源和社会保障局", unit_code="323", year=2025))
    assert window.navigator.count() == 1 + 9 + 1  # and 绩效目标表
    p = page(window, "income")
    assert p.title.text() == "部门预算收入总表"
    assert "323某某区人力资源和社会保障局" in p.left.text() and "预算年度：2025" in p.left.text()
    assert p.model.rowCount() == 1  # only the 合计 row until codes are added
    assert window.add_code_row("2080101")
    assert [r.key for r in window.doc.table("income").rows] == ["total", "208", "20801", "2080101"]
    assert window.doc.table("income").row("2080101").label == "行政运行"


def test_import_last_years_document_fills_the_comparison(window, tmp_path):
    from budgetdesk.io.files import open_document, save_document
    from budgetdesk.resources import sample_path
    from budgetdesk.core.document import UnitMeta
    last, _ = open_document(sample_path())
    last.set_meta(UnitMeta(last.meta.unit_name, last.meta.unit_code, 2023, last.meta.money_unit))
    last.set("gpb_expenditure", "total", "total", "13000.00")
    path = save_document(last, tmp_path / "2023.bdesk")
    assert window.import_prior(path)
    assert window.prior_action.isChecked()
    p = page(window, "gpb_expenditure")
    row = p.model.index_of("total", "total").row()
    assert p.model.data(p.model.index(row, 3)) == "13,000.00" and p.model.data(p.model.index(row, 5)) == "14.27%"


def test_keyboard_focus_moves_between_panes(window, qtbot):
    window.select_table("income")
    window.focus_table()
    assert window.focusWidget() is window.current_page().view
    window.focus_findings()
    assert window.focusWidget() is window.findings_panel.view


def test_export_excel_and_open_it_again(window, tmp_path):
    book = tmp_path / "永川.xlsx"
    assert window.export_xlsx(book)
    assert window.open_path(book)
    assert window.doc.amount("summary", "in.gpb", "in_amount") == Decimal("14236.27")
    assert window.path is None and window.isWindowModified()  # imported, not yet saved as a project
    assert "错误 0" in window.counts.text()


def test_opening_a_workbook_with_leftovers_shows_the_import_report(window, tmp_path):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["支出总表"])
    ws.append(["科目编码", "科目名称", "合计", "基本支出", "项目支出", "备用列"])
    ws.append([2080101, "行政运行", 10, 10, None, 99])
    wb.save(tmp_path / "b.xlsx")
    assert window.open_path(tmp_path / "b.xlsx")
    assert window.report_dialog is not None and window.report_dialog.isVisible()
    text = window.report_dialog.text.toPlainText()
    assert "Sheet!F3" in text and "99" in text  # the value it could not place, with its cell
    assert "Sheet!C3 → 《支出总表》“2080101 行政运行”行“合计”列 = 10" in text  # and every value it placed
    assert window.doc.amount("expenditure", "2080101", "total") == Decimal("10")


def test_export_pdf_of_the_whole_package_or_the_current_table(window, tmp_path):
    from pypdf import PdfReader
    assert window.export_pdf(tmp_path / "all.pdf", whole=True)
    assert len(PdfReader(tmp_path / "all.pdf").pages) >= 11
    page(window, "three_public")
    assert window.export_pdf(tmp_path / "one.pdf", whole=False)
    pages = PdfReader(tmp_path / "one.pdf").pages
    assert len(pages) == 1 and "公务接待费" in pages[0].extract_text()


def test_printing_draws_exactly_the_pdf_pages(window, tmp_path):
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrinter
    from budgetdesk.ui.flows.printing import print_pdf
    pdf = window.package_pdf()
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    pages = print_pdf(printer, pdf)
    assert pages == len(PdfReader(pdf).pages) == len(PdfReader(tmp_path / "printed.pdf").pages)


def test_prior_year_of_another_unit_or_template_asks_naming_both(window, tmp_path):
    from budgetdesk.io.files import open_document, save_document
    from budgetdesk.resources import load_template
    from budgetdesk.core.document import Document, UnitMeta
    other = Document(load_template("hebei-budget"), UnitMeta(unit_name="某某区财政局", year=2023))
    path = save_document(other, tmp_path / "other.bdesk")
    asked = []
    window.confirm = lambda title, text: asked.append(text) or False
    assert not window.import_prior(path)
    assert "某某区财政局" in asked[0] and "重庆市永川区人力资源和社会保障局" in asked[0]
    assert "hebei-budget" in asked[0] and "cq-budget" in asked[0]
    assert not window.doc.prior
    window.confirm = lambda title, text: True
    assert window.import_prior(path)
    window.confirm = lambda title, text: pytest.fail("the sample's own last year needs no question")
    from budgetdesk.resources import sample_path
    last, _ = open_document(sample_path())
    last.set_meta(UnitMeta(last.meta.unit_name, last.meta.unit_code, 2023, last.meta.money_unit))
    assert window.import_prior(save_document(last, tmp_path / "2023.bdesk"))


def test_typing_a_name_in_the_frozen_column_is_seen_and_entered_once(window, qtbot):
    """The 名称 column stays in view as the amounts scroll (an overlay); typing there shows the editor and
    enters exactly the keys typed, Enter moving down once (issue 27: 金额 “500” once became 5,500.00)."""
    p = page(window, "expenditure")
    view, frozen = p.view, p.view.frozen
    index = p.model.index_of("2080101", "name")
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum())  # amounts scrolled right
    qtbot.mouseClick(frozen.viewport(), Qt.MouseButton.LeftButton, pos=frozen.visualRect(index).center())
    assert view.currentIndex() == index and window.focusWidget() is view
    qtbot.keyClicks(window.focusWidget(), "A")
    editor = window.focusWidget()
    assert editor.parentWidget() is frozen.viewport() and editor.isVisible()
    qtbot.keyClicks(editor, "BC")
    assert editor.text() == "ABC"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.doc.table("expenditure").row("2080101").label == "ABC")
    assert view.currentIndex().row() == index.row() + 1 and window.focusWidget() is view


def test_a_relation_with_a_table_the_pdf_did_not_let_us_read_is_listed_as_unchecked(window, qtbot):
    """普陀财政局 2024 决算 (GovBudgetChecker's planted version): it has no 支出决算表, so the relations with it are
    未核对, and the officer typing into that table takes it over, so the relation is checked again at once."""
    from pathlib import Path

    pdf = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "sh_putuo_czj_2024_budget_planted.pdf"
    assert window.open_path(pdf)
    panel = window.findings_panel
    everything = [panel.proxy.index(i, 0).data() for i in range(panel.proxy.rowCount())]
    assert "未核对" not in everything  # the problem list shows problems; what could not be checked has its filter
    panel.severity.setCurrentIndex(panel.severity.findText("未核对"))
    shown = [panel.proxy.index(i, 0).data() for i in range(panel.proxy.rowCount())]
    rules = [panel.proxy.index(i, 1).data() for i in range(panel.proxy.rowCount())]
    assert shown and set(shown) == {"未核对"} and "BD-FA-X-SUMMARY-CLASS" in rules
    assert "未核对 " in window.counts.text()
    assert not [f for f in window.checker.findings() if f.rule == "BD-FA-X-SUMMARY-CLASS" and f.severity.value == "error"]
    assert "expenditure" in window.doc.unread
    window.report_dialog.close()  # the import report opened with the file: the officer reads it and closes it
    window.activateWindow()
    p = page(window, "expenditure")
    type_into(qtbot, p, "total", "total", "0.00")  # the officer fills in the table: it is theirs now
    qtbot.waitUntil(lambda: window.doc.amount("expenditure", "total", "total") == Decimal("0"))
    assert "expenditure" not in window.doc.unread
    # its blanks are blanks now: the 支出决算表's 合计 of 0 is checked against the 收入支出决算总表's 本年支出合计
    assert "error" in [f.severity.value for f in window.checker.findings() if f.rule == "BD-FA-X-SUMMARY-CLASS"]
