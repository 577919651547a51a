"""Print preview and printing show exactly the PDF's pages: the PDF is rendered page by page.

The package is first written as the publication PDF (io.pdf_export); its pages are rasterised with
PDFium at the printer's resolution (so one image pixel is one printer pixel: crisp text, every grid
line) and drawn onto the printer. Each page is printed in its own orientation — a landscape table on a
landscape page — rather than turned sideways onto portrait paper; the preview shows it upright too. What
the officer previews, prints and publishes is therefore the same document.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QAction, QImage, QPageLayout, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget

MAX_DPI = 600  # a 600 dpi A4 page is 35 MB as RGB; finer printers get a 600 dpi image, drawn smoothly


def page_sizes(pdf_path: Path) -> list[tuple[float, float]]:
    import pypdfium2 as pdfium  # imported when printing, not at start-up

    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        return [tuple(pdf[i].get_size()) for i in range(len(pdf))]
    finally:
        pdf.close()


def page_image(pdf, index: int, dpi: int) -> QImage:
    page = pdf[index]
    bitmap = page.render(scale=min(dpi, MAX_DPI) / 72, rev_byteorder=True)
    image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride,
                   QImage.Format.Format_RGB888).copy()
    bitmap.close()
    page.close()
    return image


def _orientation(size: tuple[float, float]) -> QPageLayout.Orientation:
    w, h = size
    return QPageLayout.Orientation.Landscape if w > h else QPageLayout.Orientation.Portrait


def print_pdf(printer: QPrinter, pdf_path: Path, *, per_page_orientation: bool = True) -> int:
    """Draw every page of ``pdf_path`` on ``printer``, each in its own orientation; returns the pages printed.

    Qt's preview shows every page in one orientation, so there (``per_page_orientation=False``) pages are
    drawn upright on portrait pages, a landscape table scaled to the page width — never turned sideways.
    """
    import pypdfium2 as pdfium

    sizes = page_sizes(pdf_path)
    if not sizes:
        return 0
    printer.setPageOrientation(_orientation(sizes[0]) if per_page_orientation else QPageLayout.Orientation.Portrait)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("无法开始打印（打印机不可用）")
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    pdf = pdfium.PdfDocument(str(pdf_path))
    count = 0
    try:
        for index, size in enumerate(sizes):
            if count:
                if per_page_orientation:
                    printer.setPageOrientation(_orientation(size))  # applies from the next page on
                printer.newPage()
            dpi = printer.resolution()
            target = QRectF(printer.pageLayout().paintRectPixels(dpi))
            target.moveTo(0, 0)
            image = page_image(pdf, index, dpi)
            scaled = image.size().scaled(target.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
            x = (target.width() - scaled.width()) / 2
            y = (target.height() - scaled.height()) / 2 if per_page_orientation else 0
            painter.drawImage(QRectF(x, y, scaled.width(), scaled.height()), image)
            count += 1
    finally:
        painter.end()
        pdf.close()
    return count


def preview_dialog(pdf_path: Path, parent=None) -> QPrintPreviewDialog:
    """The print preview, opened fit-to-width (a table's figures readable at once, not a 51 % thumbnail)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.printer_ = printer  # the dialog does not own its printer: keep it alive as long as the dialog
    dialog.setWindowTitle("打印预览")
    dialog.paintRequested.connect(lambda p: print_pdf(p, pdf_path, per_page_orientation=False))
    fit_width = next((a for a in dialog.findChildren(QAction) if a.objectName() == "fitWidthAction"), None)
    if fit_width is not None:
        fit_width.trigger()  # the dialog's own button, so its toolbar shows the mode too
    preview = dialog.findChild(QPrintPreviewWidget)
    if preview is not None:
        preview.setZoomMode(QPrintPreviewWidget.ZoomMode.FitToWidth)
    dialog.resize(1000, 800)
    return dialog
