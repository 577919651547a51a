"""The export and print flow of the main window: Excel, PDF (whole package or one table), preview, print.

A mixin of ``MainWindow``. Every export first asks when errors remain (``export_guard``) and shows the
writer's notices (text cut, characters replaced, glyphs missing) after it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from budgetdesk.io.files import OpenError, SaveError, save_document
from budgetdesk.io.store.output_guard import check_output
from budgetdesk.ui.flows.export_guard import confirm_despite_errors
from budgetdesk.ui.notices import show_notices


class ExportFlow:
    def _default_export_path(self, suffix: str) -> Path:
        """Beside the open file, else in the last folder used, named after the unit and year."""
        if self.path:
            return self.path.with_suffix(suffix)
        return self._last_dir() / f"{self.doc.meta.unit_name or '部门预算'}{self.doc.meta.year or ''}公开表{suffix}"

    def _export(self, path: Path, suffix: str, options: dict | None = None) -> bool:
        if not confirm_despite_errors(self, "导出 Excel" if suffix == ".xlsx" else "导出 PDF"):
            return False
        if path.suffix.lower() != suffix:
            path = path.with_suffix(suffix)
        notices: list[str] = []
        try:
            check_output(path, rewrites=getattr(self, "source", None))  # never over the file read
            save_document(self.doc, path, options, notices=notices)
        except (OpenError, SaveError, OSError, ValueError) as exc:
            QMessageBox.critical(self, "导出失败", str(exc))
            return False
        show_notices(self, "导出提示", notices)
        self.statusBar().showMessage(f"已导出 {path}", 8000)
        return True

    def export_xlsx_dialog(self) -> None:
        if self.doc is None:
            return
        name, _ = QFileDialog.getSaveFileName(self, "导出 Excel", str(self._default_export_path(".xlsx")),
                                              "Excel 工作簿 (*.xlsx)")
        if name:
            self.export_xlsx(Path(name))

    def export_xlsx(self, path: Path) -> bool:
        return self._export(path, ".xlsx")

    def export_pdf_dialog(self) -> None:
        if self.doc is None:
            return
        choice = QMessageBox.question(
            self, "导出 PDF", "导出整套公开表（含封面和目录）？\n选“否”只导出当前这张表。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No | QMessageBox.StandardButton.Cancel)
        if choice == QMessageBox.StandardButton.Cancel:
            return
        whole = choice == QMessageBox.StandardButton.Yes
        name, _ = QFileDialog.getSaveFileName(self, "导出 PDF", str(self._default_export_path(".pdf")), "PDF (*.pdf)")
        if name:
            self.export_pdf(Path(name), whole=whole)

    def export_pdf(self, path: Path, *, whole: bool = True) -> bool:
        tables = None if whole or self.current_page() is None else [self.current_page().table_id]
        return self._export(path, ".pdf", {"tables": tables, "cover": whole, "contents": whole})

    def package_pdf(self) -> Path:
        """The publication PDF of the whole package, in the user's data folder, for preview and printing."""
        from budgetdesk.ui.userdata import user_dir

        path = user_dir() / "print" / "当前文档.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        save_document(self.doc, path, {"tables": None, "cover": False, "contents": False})
        return path

    def print_preview(self) -> None:
        from budgetdesk.ui.flows.printing import preview_dialog

        if self.doc is None or not confirm_despite_errors(self, "打印预览"):
            return
        preview_dialog(self.package_pdf(), self).exec()

    def print_dialog(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from budgetdesk.ui.flows.printing import print_pdf

        if self.doc is None or not confirm_despite_errors(self, "打印"):
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec():
            try:
                pages = print_pdf(printer, self.package_pdf())
            except OSError as exc:
                QMessageBox.critical(self, "打印失败", str(exc))
                return
            self.statusBar().showMessage(f"已送打印 {pages} 页", 8000)
