"""The checked PDF returned with its findings boxed on it (issue 24, item 6): ``check X.pdf --annotate Y.pdf``."""

from __future__ import annotations

from decimal import Decimal

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest

from budgetdesk.cli import main
from budgetdesk.io.files import save_document


def annotations(path):
    """(page number, rect, contents) of every annotation in the PDF."""
    doc = pypdfium2.PdfDocument(str(path))
    out = []
    try:
        for i in range(len(doc)):
            page = doc[i]
            for n in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
                annot = pdfium_c.FPDFPage_GetAnnot(page.raw, n)
                rect = pdfium_c.FS_RECTF()
                pdfium_c.FPDFAnnot_GetRect(annot, rect)
                size = pdfium_c.FPDFAnnot_GetStringValue(annot, b"Contents", None, 0)
                buffer = (pdfium_c.FPDF_WCHAR * (size // 2))()
                pdfium_c.FPDFAnnot_GetStringValue(annot, b"Contents", buffer, size)
                text = bytes(buffer).decode("utf-16-le").rstrip("\0")
                out.append((i + 1, (rect.left, rect.bottom, rect.right, rect.top), text))
                pdfium_c.FPDFPage_CloseAnnot(annot)
    finally:
        doc.close()
    return out


def figure_box(path, page_number, text):
    doc = pypdfium2.PdfDocument(str(path))
    try:
        textpage = doc[page_number - 1].get_textpage()
        searcher = textpage.search(text, match_case=True)
        found = []
        while (hit := searcher.get_next()) is not None:
            found.append(textpage.get_charbox(hit[0]))
        return found
    finally:
        doc.close()


def test_a_wrong_figure_is_boxed_where_it_is_printed_with_its_message(sample_doc, tmp_path, capsys):
    sample_doc.set("expenditure", "2080101", "total", Decimal("1834.08"))  # 1,734.08 published
    pdf = save_document(sample_doc, tmp_path / "单位.pdf")
    before = pdf.read_bytes()
    out = tmp_path / "标注.pdf"
    assert main(["check", str(pdf), "--annotate", str(out)]) == 1
    assert "已写出标注 PDF" in capsys.readouterr().err
    assert pdf.read_bytes() == before  # the department's PDF itself untouched
    boxes = annotations(out)
    wrong = [b for b in boxes if b[2].startswith("[错误] BD-COL-EXPEND") and "2080101 行政运行" in b[2]]
    assert len(wrong) == 1, boxes  # the total that disagrees with its parts, boxed at the figure printed
    page, (left, bottom, right, top), text = wrong[0]
    assert "应为 1,734.08" in text
    printed = figure_box(out, page, "1,834.08")
    assert any(left <= x0 and x1 <= right and bottom <= y0 and y1 <= top for x0, y0, x1, y1 in printed)


def test_a_clean_pdf_gets_no_box(sample_doc, tmp_path):
    pdf = save_document(sample_doc, tmp_path / "单位.pdf")
    assert main(["check", str(pdf), "--annotate", str(tmp_path / "标注.pdf")]) == 0
    assert annotations(tmp_path / "标注.pdf") == []


@pytest.mark.parametrize("args, said", [(["a.json"], "只能用于检查一份 PDF"), (["a.pdf"], "就是输入文件")])
def test_annotate_needs_one_pdf_and_another_file(sample_doc, tmp_path, capsys, args, said):
    save_document(sample_doc, tmp_path / "a.json")
    save_document(sample_doc, tmp_path / "a.pdf")
    target = tmp_path / ("a.pdf" if said == "就是输入文件" else "out.pdf")
    assert main(["check", *[str(tmp_path / a) for a in args], "--annotate", str(target)]) == 2
    assert said in capsys.readouterr().err
