"""Starting the desktop app: fonts, recovery of unsaved work after a crash, the first document."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from budgetdesk.io.files import OpenError, open_document
from budgetdesk.io.project import ProjectError, load_project
from budgetdesk.resources import load_template, sample_path
from budgetdesk.ui.main_window import MainWindow
from budgetdesk.ui.userdata import discard_recovery, pending_recoveries

CJK_FAMILIES = ["Microsoft YaHei UI", "Microsoft YaHei", "SimSun", "PingFang SC", "Noto Sans CJK SC",
                "WenQuanYi Micro Hei", "Source Han Sans SC"]


def ensure_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv or sys.argv[:1])
    app.setOrganizationName("budgetdesk")
    app.setApplicationName("budgetdesk")
    available = set(QFontDatabase.families())
    families = [f for f in CJK_FAMILIES if f in available]
    if families:
        font = QFont(app.font())
        font.setFamilies(families + [app.font().family()])
        app.setFont(font)
    return app


def offer_recovery(window: MainWindow, ask=None) -> bool:
    """After a crash or kill, offer the autosaved work; True if a document was restored."""
    pending = pending_recoveries()
    if not pending:
        return False
    path, info = pending[-1]
    original = info.get("original") or "未命名文档"
    question = (f"上次关闭前有未保存的工作（{info.get('unit_name', '')} {info.get('year', '')}，"
                f"自动保存于 {info.get('saved_at', '未知时间')}，原文件：{original}）。\n是否恢复？")
    if ask is None:
        answer = QMessageBox.question(window, "恢复未保存的工作", question)
        restore = answer == QMessageBox.StandardButton.Yes
    else:
        restore = ask(question)
    if not restore:
        for p, _ in pending:
            discard_recovery(p)
        return False
    try:
        doc = load_project(path, load_template)
    except ProjectError as exc:
        QMessageBox.warning(window, "无法恢复", str(exc))
        return False
    window.set_document(doc, Path(info["original"]) if info.get("original") else None, dirty=True)
    discard_recovery(path)
    window.write_recovery()  # keep the restored work protected under the new session
    return True


def open_initial(window: MainWindow, path: str | None) -> None:
    if path:
        if window.open_path(path):
            return
    doc, _ = open_document(sample_path())
    window.set_document(doc, None)
    window.statusBar().showMessage("已打开自带样例：重庆市永川区人力资源和社会保障局 2024 年部门预算", 10000)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    app = ensure_app([sys.argv[0]])
    window = MainWindow(QSettings())
    if not offer_recovery(window):
        try:
            open_initial(window, argv[0] if argv else None)
        except OpenError as exc:
            QMessageBox.critical(window, "无法打开", str(exc))
    window.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
