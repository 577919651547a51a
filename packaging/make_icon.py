"""Draw the budgetdesk icon: a ruled table with a check mark — the app's job in one picture.

Writes ``resources/icons/budgetdesk.png`` (window and taskbar icon) and ``packaging/budgetdesk.ico``
(executable, installer, .bdesk files). Run after changing the drawing; both outputs are committed.

    QT_QPA_PLATFORM=offscreen python packaging/make_icon.py
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

ROOT = Path(__file__).resolve().parent.parent
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def draw(size: int) -> QImage:
    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 256, size / 256)
    # background tile
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#1f4e79"))
    p.drawRoundedRect(QRectF(8, 8, 240, 240), 44, 44)
    # the sheet: a table with a header band and ruled rows
    sheet = QRectF(48, 40, 160, 176)
    p.setBrush(QColor("#ffffff"))
    p.drawRoundedRect(sheet, 10, 10)
    outline = QPainterPath()
    outline.addRoundedRect(sheet, 10, 10)
    p.setClipPath(outline)
    p.fillRect(QRectF(48, 40, 160, 40), QColor("#c9daf0"))
    p.setClipping(False)
    pen = QPen(QColor("#7f9cbf"), 6 if size < 48 else 4)
    p.setPen(pen)
    for y in (112, 144, 176):
        p.drawLine(QPointF(60, y), QPointF(196, y))
    p.drawLine(QPointF(112, 84), QPointF(112, 208))
    # the check: everything balances
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#2e9d4f"))
    p.drawEllipse(QPointF(186, 186), 50, 50)
    tick = QPen(QColor("#ffffff"), 16, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    p.setPen(tick)
    p.setBrush(Qt.BrushStyle.NoBrush)
    path = QPainterPath(QPointF(162, 188))
    path.lineTo(180, 206)
    path.lineTo(212, 168)
    p.drawPath(path)
    p.end()
    return img


def png_bytes(img: QImage) -> bytes:
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    buf.close()
    return bytes(data)


def ico_bytes(images: list[QImage]) -> bytes:
    """An .ico holding PNG-compressed images (read by Windows Vista and later, and by Inno Setup)."""
    pngs = [png_bytes(img) for img in images]
    out = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    for img, data in zip(images, pngs):
        w = img.width() if img.width() < 256 else 0  # 0 means 256
        out += struct.pack("<BBBBHHII", w, w, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return out + b"".join(pngs)


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    png = ROOT / "resources" / "icons" / "budgetdesk.png"
    png.parent.mkdir(parents=True, exist_ok=True)
    png.write_bytes(png_bytes(draw(256)))
    (ROOT / "packaging" / "budgetdesk.ico").write_bytes(ico_bytes([draw(s) for s in ICO_SIZES]))
    print(f"已写出 {png} 和 packaging/budgetdesk.ico")
    app.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
