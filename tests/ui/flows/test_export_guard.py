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
