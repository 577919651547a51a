"""Printing and print preview: each page in its own orientation, preview fit to width with pages upright."""

from PySide6.QtPrintSupport import QPrinter

from budgetdesk.ui.flows.printing import page_sizes, preview_dialog, print_pdf


def _pdf_printer(path):
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)  # fast; the real path uses HighResolution
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def _ink_box(pdf_path, index):
    """Width and height of the printed content (non-white pixels) of one page."""
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(str(pdf_path))
    image = pdf[index].render(scale=0.5).to_pil().convert("L").point(lambda v: 255 if v < 200 else 0)
    left, top, right, bottom = image.getbbox()
    pdf.close()
    return right - left, bottom - top


def test_landscape_pages_print_upright_on_landscape_pages(window, tmp_path):
    from pypdf import PdfReader
    pdf = window.package_pdf()
    source = page_sizes(pdf)
    assert any(w > h for w, h in source) and any(w < h for w, h in source)
    assert print_pdf(_pdf_printer(tmp_path / "printed.pdf"), pdf) == len(source)
    printed = PdfReader(tmp_path / "printed.pdf").pages
    for (w, h), page in zip(source, printed):
        box = page.mediabox
        assert (w > h) == (float(box.width) > float(box.height))  # not turned sideways onto portrait paper


def test_preview_draws_landscape_pages_upright(window, tmp_path):
    pdf = window.package_pdf()
    source = page_sizes(pdf)
    out = tmp_path / "preview.pdf"
    assert print_pdf(_pdf_printer(out), pdf, per_page_orientation=False) == len(source)
    landscape = next(i for i, (w, h) in enumerate(source) if w > h)
    width, height = _ink_box(out, landscape)
    assert width > height  # the wide table reads left to right on the preview page, not rotated


def test_preview_opens_fit_to_width(window, qtbot):
    dialog = preview_dialog(window.package_pdf(), window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: len(dialog.rendered) == len(dialog.sizes))
    assert dialog.fit_width
    assert dialog.zoom > 0.6  # a table's figures readable at once, not a 51 % thumbnail
    widest = max(label.width() for label in dialog.labels)
    assert widest <= dialog.scroll.viewport().width() <= widest + 40  # the widest page fills the width
    dialog.close()


def test_print_preview_is_the_published_pdf_and_shows_page_one_at_once(tmp_path, qtbot, monkeypatch):
    """打印预览 from the menu: the same pages as 导出 PDF (cover, contents, charts), page 1 drawn before it opens."""
    import time

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox
    from pypdf import PdfReader

    from budgetdesk.resources import sample_path
    from budgetdesk.ui.flows.printing import PdfPreview
    from budgetdesk.ui.main_window import MainWindow

    w = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    monkeypatch.setattr(w, "ask_unsaved", lambda: QMessageBox.StandardButton.Discard)
    assert w.open_path(sample_path("leshan-2024-final.json"))  # with a 情况说明, so with charts
    w.show()
    shown = []
    monkeypatch.setattr(PdfPreview, "exec", lambda self: shown.append((time.perf_counter(), self)) or 0)
    started = time.perf_counter()
    w.named_actions["打印预览"].trigger()
    [(opened, dialog)] = shown
    assert 0 in dialog.rendered and not dialog.labels[0].pixmap().isNull()  # page 1 is there when it opens
    assert opened - started < 3.0  # was 4.5–15 s; about 1.2 s (0.8 s of it writing the PDF) on a shared 2-core machine
    assert w.export_pdf(tmp_path / "published.pdf", whole=True)
    published = PdfReader(tmp_path / "published.pdf").pages
    previewed = PdfReader(dialog.pdf_path).pages
    assert len(previewed) == len(published)
    assert [p.extract_text() for p in previewed] == [p.extract_text() for p in published]
    flat = ["".join(p.extract_text().split()) for p in previewed]
    assert "部门决算公开" in flat[0] and flat[1].startswith("目录")  # the cover, the contents
    assert "情况说明附图" in flat[2] and "图1：" in flat[2]  # the charts
    dialog.done(0)
