"""Export, print preview and print ask before publishing tables that still have errors."""


def _break(window):
    window.doc.set("expenditure", "2080101", "total", "1834.08")  # 3 errors
    return sum(1 for f in window.checker.findings() if f.severity.value == "error")


def test_export_with_errors_asks_lists_the_count_and_can_go_on(window, tmp_path):
    errors = _break(window)
    asked = []
    window.confirm = lambda title, text: asked.append((title, text)) or False
    assert not window.export_xlsx(tmp_path / "a.xlsx")
    assert not (tmp_path / "a.xlsx").exists()
    title, text = asked[0]
    assert f"还有 {errors} 个错误" in title and "《支出总表》" in text and "仍要导出 Excel" in text
    assert not window.export_pdf(tmp_path / "a.pdf")
    assert "导出 PDF" in asked[1][0]
    window.print_preview()  # declined before any dialog opens
    window.print_dialog()
    assert [a[0].split("：")[0] for a in asked[2:]] == ["打印预览", "打印"]
    window.confirm = lambda title, text: True
    assert window.export_xlsx(tmp_path / "a.xlsx") and (tmp_path / "a.xlsx").exists()


def test_export_of_a_clean_document_asks_nothing(window, tmp_path):
    assert window.export_xlsx(tmp_path / "clean.xlsx")  # the fixture fails the test on any question


def test_a_narrative_error_is_counted_by_the_export_and_print_questions(window, qtbot, tmp_path, monkeypatch):
    """A wrong figure typed into the 情况说明 is an error like a table's: 导出 and 打印预览 ask about it."""
    from PySide6.QtWidgets import QFileDialog

    from budgetdesk.core.narrative.check import NARRATIVE_TABLE
    from tests.conftest import SEED_FILES

    assert window.open_path(SEED_FILES["beibei"][0])
    window.select_table(NARRATIVE_TABLE)
    page = window.narrative_page
    page.editor.setTextCursor(page.editor.document().find("3,032.55"))
    qtbot.keyClicks(page.editor, "3,023.55")  # and at once, before the live check's timer has run
    asked = []
    window.confirm = lambda title, text: asked.append((title, text)) or False
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "b.xlsx"), ""))
    window.named_actions["导出 Excel"].trigger()
    assert not (tmp_path / "b.xlsx").exists()
    [(title, text)] = asked
    assert "还有 1 个错误" in title and "3,023.55" in text
    window.named_actions["打印预览"].trigger()
    assert len(asked) == 2 and "打印预览：还有 1 个错误" == asked[1][0]
    assert "错误 1" in window.counts.text()  # the status bar counts it too: one number everywhere
