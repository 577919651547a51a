"""文件 → 批量自检 and 文件 → 部门汇总, driven through the real dialogs offscreen."""

import shutil
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from budgetdesk.io.files import open_document, save_document
from budgetdesk.resources import sample_path
from budgetdesk.ui.pages.batch_page import show_batch_dialog
from budgetdesk.ui.dialogs.merge_dialog import show_merge_dialog
from tests.conftest import another_unit
from tests.ui.user_input import menu_action, type_with_input_method


def folder_with_units(tmp_path: Path) -> Path:
    root = tmp_path / "units"
    root.mkdir()
    shutil.copy(sample_path(), root / "a.json")
    doc, _ = open_document(sample_path())
    doc.set("expenditure", "210", "total", "185.28")
    save_document(doc, root / "b.bdesk")
    (root / "broken.xlsx").write_bytes(b"PK\x03\x04 not really")
    return root


def double_click_cell(table, row, column):
    table.scrollToItem(table.item(row, column))
    rect = table.visualItemRect(table.item(row, column))
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_batch_dialog_checks_in_the_background_and_opens_a_file_at_its_error(window, qtbot, tmp_path):
    menu_action(window, "文件", "批量自检").trigger()
    dialog = window.batch_dialog
    assert dialog.isVisible()
    dialog.jobs = 2
    dialog.add_paths([folder_with_units(tmp_path)])
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.running and dialog.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.running, timeout=60000)
    table = dialog.files_table
    assert table.rowCount() == 3 and dialog.progress.value() == 3
    states = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(3)}
    assert states == {"a.json": "通过", "b.bdesk": "未通过", "broken.xlsx": "无法读取"}
    assert "完成：共 3 个文件，通过 1，有错误 1，无法检查 1" == dialog.status.text()
    b_row = next(r for r in range(3) if table.item(r, 0).text() == "b.bdesk")
    double_click_cell(table, b_row, 0)
    assert dialog.findings_table.rowCount() > 5
    qtbot.waitUntil(lambda: window.doc.amount("expenditure", "210", "total") == Decimal("185.28"))
    first_error = next(f for f in dialog.rows[[Path(r["file"]).name for r in dialog.rows].index("b.bdesk")]["findings"]
                       if f["severity"] == "error")
    assert window.navigator.currentItem().data(Qt.ItemDataRole.UserRole) == first_error["table"]
    page = window.current_page()
    assert page.view.currentIndex() == page.model.index_of(first_error["row"], first_error["column"])
    assert "错误 5" in window.counts.text()
    # a finding further down: opens at that very cell
    error_rows = [r for r in range(dialog.findings_table.rowCount()) if dialog.findings_table.item(r, 0).text() == "错误"]
    double_click_cell(dialog.findings_table, error_rows[-1], 4)
    finding = dialog.rows[[Path(r["file"]).name for r in dialog.rows].index("b.bdesk")]["findings"][error_rows[-1]]
    page = window.current_page()
    assert page.view.currentIndex() == page.model.index_of(finding["row"], finding["column"])
    report = tmp_path / "报告.xlsx"
    assert dialog.report_button.isEnabled() and dialog.write_report(report) and report.exists()


def test_cancel_stops_the_batch(window, qtbot, tmp_path):
    root = tmp_path / "many"
    root.mkdir()
    for i in range(40):
        shutil.copy(sample_path(), root / f"u{i:02}.json")
    dialog = show_batch_dialog(window)
    dialog.jobs = 1
    dialog.add_paths([root])
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.files_table.rowCount() >= 1, timeout=60000)
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running, timeout=60000)
    assert dialog.status.text().startswith("已取消") and dialog.files_table.rowCount() < 40
    assert dialog.start_button.isEnabled()


def test_merge_dialog_opens_the_consolidated_document(window, qtbot, tmp_path):
    menu_action(window, "文件", "部门汇总").trigger()
    dialog = window.merge_dialog
    assert dialog.isVisible()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.add_files([sample_path()])
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "请至少选择两个单位文件。" and dialog.isVisible()
    dialog.add_files([sample_path()])  # the same unit twice: refused, naming both files
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert "同一单位出现了两次" in dialog.error.text() and dialog.error.text().count("yongchuan-2024.json") == 2
    assert dialog.isVisible()
    dialog.files.takeItem(1)
    dialog.add_files([another_unit(tmp_path)])
    dialog.unit_name.setFocus()
    qtbot.waitUntil(dialog.unit_name.hasFocus)
    type_with_input_method("yongchuanqurensheju", "永川区人社局")
    qtbot.keyClicks(dialog.unit_code, "500118")
    single, _ = open_document(sample_path())
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.doc.meta.unit_name == "永川区人社局")
    assert window.doc.consolidated_from == 2 and window.doc.meta.unit_code == "500118"
    assert window.doc.amount("summary", "in.total", "in_amount") == 2 * single.amount("summary", "in.total", "in_amount")
    assert "错误 0" in window.counts.text()


def test_merge_dialog_refuses_mixed_templates(window, qtbot):
    from tests.conftest import SEED_FILES

    dialog = show_merge_dialog(window)
    dialog.add_files([sample_path(), SEED_FILES["haigang"][0]])
    before = window.doc
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert "不能汇总模板不同的文件" in dialog.error.text() and dialog.isVisible()
    assert window.doc is before
