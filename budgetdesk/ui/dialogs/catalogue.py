"""科目目录 in the window: the nearest-year notice, and 文件 → 导入科目表 (the bureau's workbook).

A year without a catalogue of its own is checked against the nearest year's; the status bar says
so whenever a document is opened or its year changes. An imported 科目表 goes to the user data
folder (``resources.user_catalogue_dir``), where it is laid over the bundled catalogue of its year;
the open document is checked again at once.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from budgetdesk.io.catalogue.imported import CatalogueImportError, import_catalogue
from budgetdesk.io.read.unit_meta import year_in
from budgetdesk.resources import catalogue_notices, clear_catalogue_cache, user_catalogue_dir
from budgetdesk.ui.checker import LiveChecker

NOTICE_MS = 15000


def show_catalogue_notice(window) -> str:
    """Put the fallback notice (if any) in the status bar; the text shown."""
    if window.doc is None:
        return ""
    text = "；".join(catalogue_notices(window.doc))
    if text:
        window.statusBar().showMessage(text, NOTICE_MS)
    return text


def recheck(window) -> None:
    """Check the open document again from scratch (the catalogue files changed)."""
    if window.doc is None:
        return
    if window.checker is not None:
        window.checker.close()
    window.checker = LiveChecker(window.doc, window)
    window.checker.findingsChanged.connect(window._on_findings)
    window._refresh_findings()


def import_catalogue_file(window, path: Path, year: int) -> list[str]:
    """Import, re-check, and return the report lines (raises CatalogueImportError with the reason)."""
    result = import_catalogue(path, user_catalogue_dir(), year)
    clear_catalogue_cache()
    recheck(window)
    show_catalogue_notice(window)
    return result.lines()


def import_catalogue_dialog(window) -> None:
    name, _ = QFileDialog.getOpenFileName(window, "导入科目表", str(window._last_dir()),
                                          "Excel 工作簿 (*.xlsx *.xlsm *.xls);;所有文件 (*)")
    if not name:
        return
    path = Path(name)
    default = year_in(path.stem) or (window.doc.meta.year if window.doc else 0) or 2025
    year, ok = QInputDialog.getInt(window, "导入科目表", "科目表的年度：", default, 2000, 2100)
    if not ok:
        return
    try:
        lines = import_catalogue_file(window, path, year)
    except CatalogueImportError as exc:
        QMessageBox.warning(window, "无法导入科目表", str(exc))
        return
    QMessageBox.information(window, "已导入科目表", "\n".join(lines[:40]))
