"""文件 → 导出标注 PDF: the opened PDF returned with its problems boxed on it (issue 24, item 6)."""

from __future__ import annotations

from decimal import Decimal

from budgetdesk.io.files import save_document
from tests.io.write.test_pdf_annotate import annotations


def test_the_opened_pdf_is_exported_with_its_problems_boxed(window, sample_doc, tmp_path):
    sample_doc.set("expenditure", "2080101", "total", Decimal("1834.08"))
    pdf = save_document(sample_doc, tmp_path / "单位.pdf")
    assert window.open_path(pdf)

    out = tmp_path / "单位（标注）.pdf"
    assert window.export_annotated(out)
    boxes = [a for a in annotations(out) if a[2].startswith("[错误] BD-COL-EXPEND")]
    assert len(boxes) == 1 and "2080101 行政运行" in boxes[0][2]
    assert "已导出标注 PDF" in window.statusBar().currentMessage()


def test_without_an_opened_pdf_it_says_what_to_do(window, monkeypatch):
    said = []
    monkeypatch.setattr("budgetdesk.ui.flows.export_flow.QMessageBox.information", lambda *a: said.append(a[2]))
    window.named_actions["导出标注 PDF"].trigger()
    assert said and "先打开一份 PDF" in said[0]
