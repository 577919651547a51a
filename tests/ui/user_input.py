"""Driving the window as its user does, in ways that hold under every PySide6 the app ships with: 6.9.3 on
Windows (packaging/requirements-windows.txt) and the current release on Linux.

- Menus are found among the menu bar's (or a menu's) child menus, not through ``QAction.menu()``: PySide6 6.9
  ties the QMenu wrapper it returns to the QAction wrapper it was asked through, and once that temporary is
  collected the menu reads as “Internal C++ object already deleted” although the menu lives on (later
  PySide6 marks the result as not owned by the action).
- Chinese is typed as a Chinese input method types it: composition events (拼音 letters as pre-edit text,
  then the chosen characters as a commit) sent to whatever has the keyboard focus, as Qt's input method
  support delivers them. Not ``QTest.keyClicks`` (Qt's key simulation knows only Latin-1: it aborts on 机)
  nor ``QTest.sendKeyEvent(..., "机", ...)``, which PySide6 6.9 binds to its ``char`` overload and so sends
  the first byte of the UTF-8 encoding (“æ”).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication, QInputMethodEvent, QInputMethodQueryEvent
from PySide6.QtWidgets import QMenu


def child_menu(parent, title: str) -> QMenu:
    """The menu directly under ``parent`` (the menu bar or a menu) whose title starts with ``title``."""
    menus = parent.findChildren(QMenu, options=Qt.FindChildOption.FindDirectChildrenOnly)
    found = [m for m in menus if m.title().startswith(title)]
    assert len(found) == 1, f"menus titled {title}: {[m.title() for m in menus]}"
    return found[0]


def menu(window, title: str) -> QMenu:
    """The window's menu-bar menu whose title starts with ``title`` (文件, 视图 …)."""
    return child_menu(window.menuBar(), title)


def menu_action(window, menu_title: str, text: str):
    """The entry of menu ``menu_title`` whose text starts with ``text``."""
    found = [a for a in menu(window, menu_title).actions() if a.text().startswith(text)]
    assert len(found) == 1, f"{menu_title} → {text}: {len(found)} entries"
    return found[0]


def type_with_input_method(pinyin: str, text: str) -> None:
    """Types ``text`` through a Chinese input method into the focused widget: each letter of ``pinyin`` grows
    the pre-edit (composition) text, then the characters chosen arrive as one commit.

    Each event goes to the focus object of that moment, as Qt's input method support sends it: a table
    that opens its editor at the first letter receives the rest wherever it put the keyboard. The focus
    object must accept an input method (Qt turns the input method off for widgets that do not)."""
    target = QGuiApplication.focusObject()
    assert target is not None, "nothing has the keyboard focus"
    query = QInputMethodQueryEvent(Qt.InputMethodQuery.ImEnabled)
    QCoreApplication.sendEvent(target, query)
    assert query.value(Qt.InputMethodQuery.ImEnabled), f"{target} takes no input method: no Chinese can be typed"
    for n in range(1, len(pinyin) + 1):
        QCoreApplication.sendEvent(QGuiApplication.focusObject(), QInputMethodEvent(pinyin[:n], []))
    commit = QInputMethodEvent()
    commit.setCommitString(text)
    QCoreApplication.sendEvent(QGuiApplication.focusObject(), commit)
