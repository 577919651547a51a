"""The file flow of the main window: new, open, save, autosave recovery, 导入上年数, recent files.

A mixin of ``MainWindow`` (which owns the document, undo stack, settings and status bar): the methods
stay the window's own, so menus, tests and other modules call ``window.save()`` as before.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox

from budgetdesk.core.document import Document, UnitMeta
from budgetdesk.core.narrative.check import NARRATIVE_TABLE
from budgetdesk.core.prior import load_prior, prior_mismatch
from budgetdesk.io.files import OpenError, SaveError, open_document, save_document
from budgetdesk.io.store.project import ProjectError
from budgetdesk.resources import data_root, load_template
from budgetdesk.ui.dialogs.common import NewDocumentDialog
from budgetdesk.ui.notices import show_notices
from budgetdesk.ui.dialogs.teach_mappings import mapping_store
from budgetdesk.ui.userdata import Recovery

MAX_RECENT = 8


def documents_dir() -> Path:
    """The officer's Documents folder (QStandardPaths), where saves and exports go unless they chose another."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def writable_folder(folder: Path | None) -> bool:
    """A folder a save may be offered in: it exists, can be written, and is not the program's own (whose
    samples and templates are read-only once installed)."""
    if folder is None or not folder.is_dir() or not os.access(folder, os.W_OK):
        return False
    try:
        folder.resolve().relative_to(data_root().resolve())
        return False
    except ValueError:
        return True


OPEN_FILTER = ("可打开的文件 (*.bdesk *.json *.xlsx *.xlsm *.xls *.txt *.pdf);;budgetdesk 文件 (*.bdesk *.json);;"
               "Excel 工作簿 (*.xlsx *.xlsm *.xls);;公开的 PDF (*.pdf);;公开件文本 (*.txt);;所有文件 (*)")


class FileFlow:
    def _drop_recovery(self) -> None:
        if self.recovery is not None:
            self.recovery.discard()
            self.recovery.release()
            self.recovery = None

    def open_path(self, path: Path | str) -> bool:
        path = Path(path)
        try:
            doc, report = open_document(path, mappings=mapping_store().source())
        except OpenError as exc:
            QMessageBox.warning(self, "无法打开", str(exc))
            return False
        native = path.suffix.lower() == ".bdesk"
        self.set_document(doc, path if native else None, dirty=not native, source=path)
        if report is not None:
            self.last_report = report.lines(detail=True)
            self.last_import = (report, doc.template_set)  # for teaching unrecognised labels in the report
            forms = f"绩效目标表 {len(report.performance_read)} 张；" if report.performance_read else ""
            self.statusBar().showMessage(f"已导入 {path.name}：{report.placed} 个数；{forms}"
                                         f"{len(report.unplaced)} 处未能放入（见 文件 → 导入报告）", 15000)
            if report.unplaced or report.notices or report.performance_unread:
                self.show_import_report()
        self._add_recent(path)
        return True

    def save_to(self, path: Path) -> bool:
        if path.suffix.lower() not in (".bdesk", ".json"):
            path = path.with_suffix(".bdesk")
        notices: list[str] = []
        try:
            save_document(self.doc, path, notices=notices)
        except (OpenError, SaveError, ProjectError, OSError) as exc:
            QMessageBox.critical(self, "保存失败", str(exc))
            return False
        show_notices(self, "保存提示", notices)
        self._remember_save_dir(path)
        if path.suffix.lower() == ".bdesk":
            self._drop_recovery()
            self.path = path
            self.recovery = Recovery(str(path.resolve()))
            self.undo.setClean()
            self._add_recent(path)
        self.statusBar().showMessage(f"已保存 {path}", 5000)
        self._update_title()
        return True

    def save(self) -> bool:
        if self.doc is None:
            return False
        if self.path is None:
            return self.save_as_dialog()
        return self.save_to(self.path)

    def save_as_dialog(self) -> bool:
        if self.doc is None:
            return False
        suggested = self._output_path(".bdesk", f"{self.doc.meta.unit_name or '部门预算'}{self.doc.meta.year or ''}")
        name, _ = QFileDialog.getSaveFileName(self, "另存为", str(suggested), "budgetdesk 项目 (*.bdesk);;JSON (*.json)")
        return self.save_to(Path(name)) if name else False

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        name, _ = QFileDialog.getOpenFileName(self, "打开", str(self._last_dir()), OPEN_FILTER)
        if name:
            self.open_path(name)

    def new_document_dialog(self) -> None:
        if not self.maybe_save():
            return
        dialog = NewDocumentDialog(self)
        if dialog.exec():
            template, meta = dialog.result_values()
            self.new_document(template, meta)

    def new_document(self, template_id: str, meta: UnitMeta) -> None:
        doc = Document(load_template(template_id), meta)
        doc.set_live_totals(True)  # a document being prepared: totals follow the figures typed
        self.set_document(doc, None)

    def maybe_save(self) -> bool:
        """Ask about unsaved changes; False means the user cancelled."""
        if self.doc is None or self.undo.isClean():
            return True
        answer = self.ask_unsaved()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def ask_unsaved(self) -> QMessageBox.StandardButton:
        return QMessageBox.question(
            self, "未保存的修改", "当前文档有未保存的修改，是否保存？",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)

    def abandon(self) -> None:
        """Close after a crash: no questions, and the autosave stays for the next start."""
        self._abandoned = True
        self.autosave.stop()
        if self.recovery is not None:
            self.recovery.release()  # the process ends: its autosave is offered at the next start

    def write_recovery(self) -> Path | None:
        """Autosave unsaved work to the recovery folder; the path written, or None if nothing is unsaved."""
        if self.doc is not None and self.recovery is not None and not self.undo.isClean():
            try:
                return self.recovery.save(self.doc, self.path)
            except ProjectError as exc:
                self.statusBar().showMessage(f"自动保存失败：{exc}", 10000)
        return None

    def _last_dir(self) -> Path:
        """Where open dialogs start: the folder of the last file opened or saved (Documents at first)."""
        return Path(self.settings.value("paths/last_dir", str(documents_dir())))

    def _save_dir(self) -> Path:
        """Where save and export dialogs start: the folder last saved or exported to, else Documents —
        never the program's samples folder or another place that cannot be written."""
        remembered = self.settings.value("paths/save_dir")
        if remembered and writable_folder(Path(remembered)):
            return Path(remembered)
        return documents_dir()

    def _remember_save_dir(self, path: Path) -> None:
        self.settings.setValue("paths/save_dir", str(path.resolve().parent))

    def _output_path(self, suffix: str, stem: str) -> Path:
        """A save or export's suggested file: beside the open project when that folder can be written,
        else ``stem`` + ``suffix`` in the folder last saved to (Documents at first)."""
        if self.path is not None and writable_folder(self.path.parent):
            return self.path.with_suffix(suffix)
        return self._save_dir() / f"{stem}{suffix}"

    def import_prior_dialog(self) -> None:
        if self.doc is None:
            return
        name, _ = QFileDialog.getOpenFileName(self, "导入上年数", str(self._last_dir()), OPEN_FILTER)
        if name:
            self.import_prior(Path(name))

    def import_prior(self, path: Path) -> bool:
        try:
            last_year, _ = open_document(path)
        except OpenError as exc:
            QMessageBox.warning(self, "无法导入上年数", str(exc))
            return False
        mismatch = prior_mismatch(self.doc, last_year)
        if mismatch and not self.confirm("导入上年数", f"“{path.name}”可能不是本单位的上年数：\n· "
                                         + "\n· ".join(mismatch) + "\n\n仍要导入吗？"):
            self.statusBar().showMessage(f"未导入上年数（{path.name}）", 8000)
            return False
        self.doc.source_name = self.path.name if getattr(self, "path", None) else ""
        report = load_prior(self.doc, last_year, source=path.name)  # the year-to-year checks name both files
        self.prior_action.setChecked(True)
        self.toggle_prior(True)
        message = f"已导入上年数 {report.placed} 个（{path.name}）"
        if report.unmatched:
            message += f"；{len(report.unmatched)} 个找不到对应位置：" + "；".join(report.unmatched[:5])
            QMessageBox.information(self, "导入上年数", message)
        self.statusBar().showMessage(message, 15000)
        return True

    def import_narrative_dialog(self) -> None:
        """The 情况说明 published as a file of its own (北京's 文字 beside its 表格): checked against these tables."""
        if self.doc is None:
            return
        name, _ = QFileDialog.getOpenFileName(self, "导入情况说明", str(self._last_dir()),
                                              "情况说明 (*.pdf *.docx *.txt);;所有文件 (*)")
        if name:
            self.import_narrative(Path(name))

    def import_narrative(self, path: Path) -> bool:
        from budgetdesk.io.read.narrative import NarrativeReadError, take_narrative

        if self.doc.narrative and not self.confirm("导入情况说明", f"本文档已有情况说明，用“{path.name}”中的文字替换它吗？"):
            self.statusBar().showMessage(f"未导入情况说明（{path.name}）", 8000)
            return False
        try:
            narrative = take_narrative(self.doc, path)
        except NarrativeReadError as exc:
            QMessageBox.warning(self, "无法导入情况说明", str(exc))
            return False
        self.select_table(NARRATIVE_TABLE)
        paragraphs = sum(1 for b in narrative.blocks if b.text.strip() and not b.heading)
        self.statusBar().showMessage(f"已导入情况说明 {paragraphs} 段（{path.name}），与表格一起核对", 15000)
        return True

    def _add_recent(self, path: Path) -> None:
        recent = [str(path.resolve())] + [p for p in self.recent_files() if p != str(path.resolve())]
        self.settings.setValue("files/recent", recent[:MAX_RECENT])
        self.settings.setValue("paths/last_dir", str(path.resolve().parent))
        self._refresh_recent()

    def recent_files(self) -> list[str]:
        value = self.settings.value("files/recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value or []]

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        for p in self.recent_files():
            action = self.recent_menu.addAction(p)
            action.triggered.connect(lambda _checked=False, p=p: self.maybe_save() and self.open_path(p))
        self.recent_menu.setEnabled(bool(self.recent_files()))
