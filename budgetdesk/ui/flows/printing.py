"""Print preview and printing show exactly the published PDF's pages: the PDF is rendered page by page.

The package is first written as the publication PDF (io.pdf_export); its pages are rasterised with
PDFium at the printer's resolution (so one image pixel is one printer pixel: crisp text, every grid
line) and drawn onto the printer. Each page is printed in its own orientation — a landscape table on a
landscape page — rather than turned sideways onto portrait paper; the preview shows it upright too. What
the officer previews, prints and publishes is therefore the same document.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QRectF, Qt, QTimer
from PySide6.QtGui import QImage, QPageLayout, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QScrollArea, QToolBar, QVBoxLayout, QWidget

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


class PdfPreview(QDialog):
    """The print preview: the publication PDF's own pages, the first shown at once, the rest as they render.

    Qt's QPrintPreviewDialog draws every page at the printer's resolution before it shows anything (4–15 s for
    a package); here each page is rendered by PDFium at the screen's resolution, page 1 before the dialog
    opens and the others one per event-loop pass, so the officer reads page 1 while the rest appear. 打印…
    prints the same file through ``print_pdf`` at the printer's resolution.
    """

    GAP = 12

    def __init__(self, pdf_path: Path, parent=None):
        import pypdfium2 as pdfium

        super().__init__(parent)
        self.setWindowTitle("打印预览")
        self.pdf_path = Path(pdf_path)
        self.pdf = pdfium.PdfDocument(str(self.pdf_path))
        self.sizes = [tuple(self.pdf[i].get_size()) for i in range(len(self.pdf))]
        self.zoom = 1.0  # screen pixels per PDF point (before the device pixel ratio)
        self.fit_width = True
        self.rendered: set[int] = set()
        bar = QToolBar()
        self.print_action = bar.addAction("打印…", self.print_now)
        bar.addSeparator()
        bar.addAction("适合宽度", self.set_fit_width)
        bar.addAction("放大", lambda: self.set_zoom(self.zoom * 1.25))
        bar.addAction("缩小", lambda: self.set_zoom(self.zoom / 1.25))
        self.pages_label = QLabel(f"　共 {len(self.sizes)} 页")
        bar.addWidget(self.pages_label)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        holder = QWidget()
        holder.setStyleSheet("background: #808080")
        column = QVBoxLayout(holder)
        column.setSpacing(self.GAP)
        column.setContentsMargins(self.GAP, self.GAP, self.GAP, self.GAP)
        self.labels: list[QLabel] = []
        for _ in self.sizes:
            label = QLabel()
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setStyleSheet("background: white")
            column.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
            self.labels.append(label)
        self.scroll.setWidget(holder)
        self.scroll.viewport().installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(bar)
        layout.addWidget(self.scroll)
        self.resize(1000, 800)
        self.timer = QTimer(self)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self._render_next)
        self._layout_pages()

    def _fit_zoom(self) -> float:
        width = max(self.scroll.viewport().width(), 400) - 2 * self.GAP - 4
        return width / max(w for w, _ in self.sizes) if self.sizes else 1.0

    def _layout_pages(self) -> None:
        """Size every page at the current zoom, render page 1 now and the others one by one."""
        if self.pdf is None:  # closed
            return
        if self.fit_width:
            self.zoom = self._fit_zoom()
        self.rendered.clear()
        for label, (w, h) in zip(self.labels, self.sizes):
            label.setFixedSize(round(w * self.zoom), round(h * self.zoom))
            label.clear()
        if self.labels:
            self._render(0)
            self.timer.start()

    def _render(self, index: int) -> None:
        ratio = self.devicePixelRatioF()
        image = page_image(self.pdf, index, round(72 * self.zoom * ratio))
        image.setDevicePixelRatio(ratio)
        self.labels[index].setPixmap(QPixmap.fromImage(image))
        self.rendered.add(index)

    def _render_next(self) -> None:
        todo = next((i for i in range(len(self.labels)) if i not in self.rendered), None)
        if todo is None:
            self.timer.stop()
            return
        self._render(todo)

    def set_zoom(self, zoom: float) -> None:
        self.fit_width = False
        self.zoom = min(max(zoom, 0.2), 6.0)
        self._layout_pages()

    def set_fit_width(self) -> None:
        self.fit_width = True
        self._layout_pages()

    def eventFilter(self, obj, event) -> bool:
        """The viewport resized (the dialog opened or was resized): fit the pages to its width again."""
        if (event.type() == QEvent.Type.Resize and self.fit_width and self.pdf is not None
                and abs(self._fit_zoom() - self.zoom) > 0.005):
            QTimer.singleShot(0, self._layout_pages)
        return False

    def print_now(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec():
            try:
                print_pdf(printer, self.pdf_path)
            except OSError as exc:
                QMessageBox.critical(self, "打印失败", str(exc))

    def done(self, result: int) -> None:
        self.timer.stop()
        super().done(result)
        if self.pdf is not None:
            self.pdf.close()
            self.pdf = None


def preview_dialog(pdf_path: Path, parent=None) -> PdfPreview:
    """The print preview of ``pdf_path`` (the publication PDF), opened fit to width with page 1 drawn."""
    return PdfPreview(pdf_path, parent)
