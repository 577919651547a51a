import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from budgetdesk.ui.app import open_initial  # noqa: E402
from budgetdesk.ui.main_window import MainWindow  # noqa: E402


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    w = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    # a modal "save changes?" box would block an offscreen test run: answer it (tests of the prompt override this)
    monkeypatch.setattr(w, "ask_unsaved", lambda: QMessageBox.StandardButton.Discard)
    # any other yes/no question would block too: a test that expects one replaces this
    monkeypatch.setattr(w, "confirm", lambda title, text: pytest.fail(f"unexpected question: {title}: {text}"))
    qtbot.addWidget(w)
    open_initial(w, None)
    w.show()
    return w
