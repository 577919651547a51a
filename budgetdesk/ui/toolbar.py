"""The toolbar of frequent actions, built from the menu actions so shortcuts and states stay in one place."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QStyle, QToolBar

# (menu action name, standard icon or None); None separates groups
FREQUENT = [
    ("新建", QStyle.StandardPixmap.SP_FileIcon), ("打开", QStyle.StandardPixmap.SP_DialogOpenButton),
    ("保存", QStyle.StandardPixmap.SP_DialogSaveButton), None,
    ("撤销", QStyle.StandardPixmap.SP_ArrowBack), ("重做", QStyle.StandardPixmap.SP_ArrowForward), None,
    ("添加科目行", None), ("删除科目行", None), ("复制科目行到其他表", None), None,
    ("实时合计", None), ("计算本表合计", None), ("查找", None), ("下一个问题", None), None,
    ("导出 Excel", None), ("导出 PDF", None), ("打印", QStyle.StandardPixmap.SP_FileDialogDetailedView),
]


def build_toolbar(window) -> QToolBar:
    bar = QToolBar("常用", window)
    bar.setObjectName("frequent")
    bar.setIconSize(QSize(16, 16))
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    short = _short_undo_actions(window)
    for entry in FREQUENT:
        if entry is None:
            bar.addSeparator()
            continue
        name, icon = entry
        action = short.get(name) or window.named_actions[name]
        if icon is not None and action.icon().isNull():
            action.setIcon(window.style().standardIcon(icon))
        bar.addAction(action)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    return bar


def _short_undo_actions(window) -> dict[str, QAction]:
    """撤销/重做 buttons with short labels (the menu's say what is undone); no shortcuts of their own."""
    out = {}
    for name, stack_slot, signal in (("撤销", window.undo.undo, window.undo.canUndoChanged),
                                     ("重做", window.undo.redo, window.undo.canRedoChanged)):
        action = QAction(name, window)
        action.triggered.connect(stack_slot)
        signal.connect(action.setEnabled)
        action.setEnabled(False)
        menu_action = window.named_actions.get(name)
        if menu_action is not None:
            action.setToolTip(f"{name}（{menu_action.shortcut().toString()}）")
        out[name] = action
    return out
