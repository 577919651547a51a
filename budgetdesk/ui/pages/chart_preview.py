"""视图 → 图表预览: the 情况说明 charts as they will print, redrawn when a figure changes.

A dock beside the tables. Each chart is the very drawing the PDF carries (reportlab, rasterised by
PDFium as for Word), with its caption and the notes on what was left out. It listens to the
document's change events and redraws after a short pause (typing a column of figures redraws once);
a chart whose data did not change is not drawn again. While visible it also follows the window to
another document, so main_window needs only the menu entry.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDockWidget, QLabel, QScrollArea, QVBoxLayout, QWidget

from budgetdesk.core.charts import ChartData
from budgetdesk.core.document import Document

REDRAW_MS = 400
PREVIEW_DPI = 96


class ChartPreview(QDockWidget):
    def __init__(self, window):
        super().__init__("图表预览", window)
        self.setObjectName("chart_preview")
        self.window_ = window
        self.doc: Document | None = None
        self._unsubscribe = None
        self._png: dict[ChartData, bytes] = {}
        self.charts: list[ChartData] = []
        self.redraws = 0
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(REDRAW_MS)
        self.timer.timeout.connect(self.redraw)
        self.follow = QTimer(self)  # the window may open another document
        self.follow.setInterval(500)
        self.follow.timeout.connect(self._follow_window)
        self.body = QWidget()
        self.layout_ = QVBoxLayout(self.body)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        self.setWidget(scroll)

    def set_document(self, doc: Document | None) -> None:
        if self._unsubscribe:
            self._unsubscribe()
            self._unsubscribe = None
        self.doc = doc
        if doc is not None:
            self._unsubscribe = doc.subscribe(lambda _event: self.timer.start())
        self.redraw()

    def _follow_window(self) -> None:
        if not self.isVisible():
            self.follow.stop()
        elif self.window_.doc is not self.doc:
            self.set_document(self.window_.doc)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.follow.start()
        self._follow_window()

    def closeEvent(self, event) -> None:
        self.follow.stop()
        super().closeEvent(event)

    def _clear(self) -> None:
        while self.layout_.count():
            item = self.layout_.takeAt(0)
            if item.widget():
                item.widget().deleteLater()

    def redraw(self) -> None:
        from budgetdesk.io.write.chart_draw import chart_png, document_charts

        self.timer.stop()
        self._clear()
        self.charts = document_charts(self.doc) if self.doc is not None else []
        if not self.charts:
            self.layout_.addWidget(QLabel("本模板没有情况说明图表。" if self.doc is not None else "没有打开的文档。"))
        png = {}
        for chart in self.charts:
            png[chart] = self._png.get(chart) or chart_png(chart, dpi=PREVIEW_DPI)
            picture = QLabel()
            pixmap = QPixmap()
            pixmap.loadFromData(png[chart], "PNG")
            picture.setPixmap(pixmap)
            picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
            caption = QLabel(chart.caption)
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.layout_.addWidget(picture)
            self.layout_.addWidget(caption)
            notes = list(chart.notes) + ([chart.refused] if chart.refused else [])
            if notes:
                note = QLabel("注：" + "；".join(notes))
                note.setWordWrap(True)
                note.setStyleSheet("color: #555;")
                self.layout_.addWidget(note)
        self.layout_.addStretch(1)
        self._png = png
        self.redraws += 1


def show_chart_preview(window) -> ChartPreview:
    """Open (or raise) the window's chart preview dock."""
    dock = getattr(window, "chart_preview", None)
    if dock is None:
        dock = ChartPreview(window)
        window.chart_preview = dock
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.show()
    dock.raise_()
    if dock.doc is not window.doc:
        dock.set_document(window.doc)
    return dock
