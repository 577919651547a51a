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


PACKAGE = {"tables": None, "cover": True, "contents": True}  # the whole package: cover, contents, charts, tables


class ExportFlow:
    def _default_export_path(self, suffix: str) -> Path:
        """Beside the open project, else in the folder last saved to (Documents), named after unit and year."""
        return self._output_path(suffix, f"{self.doc.meta.unit_name or '部门预算'}{self.doc.meta.year or ''}公开表")

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
        self._remember_save_dir(path)
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
        if whole or self.current_page() is None:
            return self._export(path, ".pdf", dict(PACKAGE))
        return self._export(path, ".pdf", {"tables": [self.current_page().table_id], "cover": False, "contents": False})

    def export_annotated_dialog(self) -> None:
        """The opened PDF with the current problems boxed where they are printed (what a bureau sends back)."""
        source = getattr(self, "source", None)
        if self.doc is None or source is None or source.suffix.lower() != ".pdf":
            QMessageBox.information(self, "导出标注 PDF", "先打开一份 PDF（文件 → 打开），才能把问题标在它上面。")
            return
        name, _ = QFileDialog.getSaveFileName(self, "导出标注 PDF", str(source.with_name(f"{source.stem}（标注）.pdf")),
                                              "PDF (*.pdf)")
        if name:
            self.export_annotated(Path(name))

    def export_annotated(self, path: Path) -> bool:
        from budgetdesk.io.write.pdf_annotate import annotate_pdf

        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        try:
            check_output(path, [self.source], suffixes=(".pdf",), what="标注 PDF")
            result = annotate_pdf(self.source, path, self.all_findings())  # tables and 情况说明 alike
        except (OSError, ValueError) as exc:
            QMessageBox.critical(self, "导出标注 PDF 失败", str(exc))
            return False
        self.statusBar().showMessage(
            f"已导出标注 PDF {path}：{result.boxed} 处问题已框出"
            + (f"，{len(result.listed)} 处无法确定位置、列在第 1 页的批注中" if result.listed else ""), 12000)
        return True

    def package_pdf(self) -> Path:
        """The publication PDF of the whole package — the very pages 导出 PDF writes (cover, contents, charts) —
        in the user's data folder, for preview and printing."""
        from budgetdesk.ui.userdata import user_dir

        path = user_dir() / "print" / "当前文档.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        save_document(self.doc, path, dict(PACKAGE))
        return path

    def print_preview(self) -> None:
        from budgetdesk.ui.flows.printing import preview_dialog

        if self.doc is None or not confirm_despite_errors(self, "打印预览"):
            return
        self.preview = preview_dialog(self.package_pdf(), self)  # page 1 is drawn before it opens
        self.preview.exec()

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
