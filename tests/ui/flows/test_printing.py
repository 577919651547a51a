"""Printing and print preview: each page in its own orientation, preview fit to width with pages upright."""

from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget

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
    dialog.printer_.setResolution(96)  # keep the test quick
    dialog.show()
    preview = dialog.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: preview.pageCount() > 0)
    assert preview.zoomMode() == QPrintPreviewWidget.ZoomMode.FitToWidth
    assert preview.zoomFactor() > 0.6
    dialog.close()
