"""调整表 in the window: shown after a 部门汇总, an elimination added by hand and taken out, both undoable."""

from decimal import Decimal as D

from budgetdesk.core.adjustments import ELIMINATED, Adjustment, Leg
from budgetdesk.core.consolidate import consolidate
from budgetdesk.ui.dialogs.adjustments import AddEliminationDialog, show_adjustments_dialog
from tests.department_units import department, unit
from tests.ui.user_input import menu_action

NAMES = ["某局本级", "甲中心", "乙中心"]


def merged_with_a_missed_remittance():
    """本级 recorded 乙's 30 上缴 as 其他收入: the merge eliminates the 200 补助 and lists 乙's 30 as unmatched."""
    dept = unit("sc-final-accounts", "某局本级", "301001", {"fiscal": D(830), "other": D(200)},
                {"basic": D(830), "affiliated": D(200)}, fiscal=D(830))
    _, a, b = department("sc-final-accounts")
    return consolidate([dept, a, b], names=NAMES, unit_name="某局")


def test_the_table_is_shown_and_an_elimination_added_and_undone(window, qtbot):
    window.set_document(merged_with_a_missed_remittance(), None, dirty=True)
    dialog = show_adjustments_dialog(window)
    assert dialog.isVisible() and dialog.table.rowCount() == 2
    assert [dialog.table.item(0, j).text() for j in range(6)] == ["1", "抵销", "对附属单位补助", "某局本级", "甲中心", "200.00"]
    assert dialog.table.item(1, 1).text() == "无对应"
    doc = window.doc
    assert doc.amount("income", "total", "total") == D("1180")
    form = AddEliminationDialog(doc, dialog)
    form.title.setText("上缴记在其他收入")
    form.payer.setText("乙中心")
    form.payee.setText("某局本级")
    form.amount.setText("30")
    form.paid.row.setCurrentIndex(form.paid.row.findData("2080101"))
    form.paid.column.setCurrentIndex(form.paid.column.findData("upper"))  # 上缴上级支出
    form.received.row.setCurrentIndex(form.received.row.findData("2080101"))
    form.received.column.setCurrentIndex(form.received.column.findData("other"))
    form.take()
    manual = form.result_adjustment
    assert manual == Adjustment(ELIMINATED, "", "上缴记在其他收入", "乙中心", "某局本级", D("30"),
                                (Leg("expenditure", "2080101", "upper", D("30")),),
                                (Leg("income", "2080101", "other", D("30")),), manual=True)
    assert dialog.add_elimination(manual)
    assert dialog.table.rowCount() == 3 and dialog.table.item(2, 8).text() == "手工"
    assert doc.amount("income", "total", "total") == D("1150") and doc.amount("summary", "in.total", "in_amount") == D("1150")
    assert "错误 0" in window.counts.text()
    window.undo.undo()
    assert dialog.table.rowCount() == 2 and doc.amount("income", "total", "total") == D("1180")
    assert doc.amount("income", "2080101", "other") == D("200")
    window.undo.redo()
    assert dialog.table.rowCount() == 3 and doc.amount("income", "total", "total") == D("1150")
    # the automatic elimination taken out: the 200 comes back on both sides, and again with undo
    dialog.table.selectRow(0)
    dialog.remove_selected()
    assert dialog.table.rowCount() == 2 and doc.amount("expenditure", "total", "total") == D("1350")
    window.undo.undo()
    assert dialog.table.rowCount() == 3 and doc.amount("expenditure", "total", "total") == D("1150")


def test_a_total_or_a_cell_the_relations_cannot_carry_is_refused_with_a_sentence(window):
    window.set_document(merged_with_a_missed_remittance(), None, dirty=True)
    dialog = show_adjustments_dialog(window)
    before = window.undo.count()
    total = Adjustment(ELIMINATED, "", "x", "乙中心", "某局本级", D("30"), (Leg("expenditure", "208", "upper", D("30")),),
                       (Leg("income", "2080101", "other", D("30")),), manual=True)
    assert not dialog.add_elimination(total)
    assert "合计格" in dialog.error.text() and window.undo.count() == before and dialog.table.rowCount() == 2


def test_the_file_menu_opens_the_adjustments_of_a_merge_made_in_the_window(window, qtbot, tmp_path):
    from budgetdesk.io.files import save_document
    from budgetdesk.ui.dialogs.merge_dialog import show_merge_dialog

    paths = [save_document(d, tmp_path / f"{i}.json") for i, d in enumerate(department("hebei-budget"))]
    merge = show_merge_dialog(window)
    merge.add_files(paths)
    merge.merge()
    qtbot.waitUntil(lambda: window.doc.consolidated_from == 3)
    assert "抵销内部往来 2 项" in window.statusBar().currentMessage()
    assert "本级按单位编码认定" in window.statusBar().currentMessage()
    menu_action(window, "文件", "调整表").trigger()
    assert window.adjustments_dialog.isVisible() and window.adjustments_dialog.table.rowCount() == 2
    assert window.doc.amount("income", "total", "subtotal") == D("1150")


def test_merging_again_offers_the_manual_entries_and_a_chosen_department(window, qtbot, tmp_path):
    """The officer's elimination survives a new 汇总 after a unit's file changed; the 本级 can be chosen by hand."""
    from budgetdesk.io.files import save_document
    from budgetdesk.ui.dialogs.merge_dialog import show_merge_dialog

    window.set_document(merged_with_a_missed_remittance(), None, dirty=True)
    show_adjustments_dialog(window).add_elimination(
        Adjustment(ELIMINATED, "", "上缴记在其他收入", "乙中心", "某局本级", D("30"),
                   (Leg("expenditure", "2080101", "upper", D("30")),),
                   (Leg("income", "2080101", "other", D("30")),), manual=True))
    dept = unit("sc-final-accounts", "某局本级", "", {"fiscal": D(830), "other": D(200)},  # no code: chosen by hand
                {"basic": D(830), "affiliated": D(200)}, fiscal=D(830))
    _, a, b = department("sc-final-accounts")
    paths = [save_document(d, tmp_path / f"{i}.json") for i, d in enumerate((a, b, dept))]
    merge = show_merge_dialog(window)
    assert merge.keep_manual.isVisible() and merge.keep_manual.isChecked()
    merge.add_files(paths)
    merge.department.setCurrentIndex(merge.department.findData(str(paths[2])))
    merge.merge()
    qtbot.waitUntil(lambda: window.doc.consolidated_from == 3)
    assert "本级按指定" in window.statusBar().currentMessage()
    assert [x.manual for x in window.doc.adjustments] == [False, False, True]
    assert window.doc.amount("income", "total", "total") == D("1150")
