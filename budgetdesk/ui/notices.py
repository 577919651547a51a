"""What a save or export had to change (characters replaced, long text cut, glyphs missing), shown without blocking."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

MAX_SHOWN = 12


def show_notices(parent: QWidget, title: str, notices: list[str]) -> QMessageBox | None:
    """A non-modal box listing ``notices`` (the first few; all under “显示详情”); None when there are none."""
    if not notices:
        return None
    box = QMessageBox(QMessageBox.Icon.Information, title,
                      f"文件已写出，但有 {len(notices)} 处内容作了调整：\n" + "\n".join(notices[:MAX_SHOWN])
                      + ("\n……" if len(notices) > MAX_SHOWN else ""), QMessageBox.StandardButton.Ok, parent)
    box.setDetailedText("\n".join(notices))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowModality(Qt.WindowModality.NonModal)
    box.show()
    parent.statusBar().showMessage(f"{title}：{notices[0]}", 15000) if hasattr(parent, "statusBar") else None
    return box
