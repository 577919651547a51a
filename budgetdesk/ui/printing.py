"""Print preview and printing show exactly the PDF's pages: the PDF is rendered page by page.

The package is first written as the publication PDF (io.pdf_export); its pages are rasterised with
PDFium at the printer's resolution and drawn onto the printer, landscape pages rotated onto portrait
paper when needed. What the officer previews, prints and publishes is therefore the same document.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QTransform
from PySide6.QtPrintSupport import QPrinter

MAX_DPI = 300


def page_images(pdf_path: Path, dpi: int):
    """Each page of the PDF as a QImage at ``dpi`` (capped), with its size in points."""
    import pypdfium2 as pdfium  # imported when printing, not at start-up

    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            width, height = page.get_size()
            bitmap = page.render(scale=min(dpi, MAX_DPI) / 72, rev_byteorder=True)
            image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride,
                           QImage.Format.Format_RGB888).copy()
            bitmap.close()
            page.close()
            yield image, (width, height)
    finally:
        pdf.close()


def print_pdf(printer: QPrinter, pdf_path: Path) -> int:
    """Draw every page of ``pdf_path`` on ``printer``; returns the number of pages printed."""
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("无法开始打印（打印机不可用）")
    count = 0
    try:
        for image, (w, h) in page_images(pdf_path, printer.resolution()):
            if count:
                printer.newPage()
            target = QRectF(printer.pageLayout().paintRectPixels(printer.resolution()))
            target.moveTo(0, 0)
            if (w > h) != (target.width() > target.height()):
                image = image.transformed(QTransform().rotate(90))
            scaled = image.size().scaled(target.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
            x = (target.width() - scaled.width()) / 2
            y = (target.height() - scaled.height()) / 2
            painter.drawImage(QRectF(x, y, scaled.width(), scaled.height()), image)
            count += 1
    finally:
        painter.end()
    return count
