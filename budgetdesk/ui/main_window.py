"""The main window: table navigator, the tables as printed, the findings panel, menus and files."""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QKeySequence, QUndoStack
from PySide6.QtWidgets import (QDockWidget, QFileDialog, QHBoxLayout, QLabel, QListWidget, QListWidgetItem,
                               QMainWindow, QMessageBox, QSplitter, QStackedWidget, QVBoxLayout, QWidget)

from budgetdesk import __version__
from budgetdesk.core.document import Document, Event, LiveTotalsChanged, MetaChanged, NoteChanged, UnitMeta
from budgetdesk.core.fill import compute_totals
from budgetdesk.core.prior import load_prior, prior_mismatch
from budgetdesk.core.findings import Finding, FindingDelta, Severity, Summary
from budgetdesk.core.text import fill
from budgetdesk.io.files import OpenError, SaveError, open_document, save_document
from budgetdesk.ui.notices import show_notices
from budgetdesk.io.project import ProjectError
from budgetdesk.resources import catalogue_provider, load_template
from budgetdesk.ui.batch_page import add_batch_actions
from budgetdesk.ui.budget_compare import install_budget_actions
from budgetdesk.ui.checker import LiveChecker
from budgetdesk.ui.commands import (AddCodeRowCommand, ExplainCommand, LiveTotalsCommand, NoteCommand, RemoveRowCommand,
                                    SetCellsCommand, subtree)
from budgetdesk.ui.dialogs import AddRowDialog, ExplainDialog, ImportReportDialog, NewDocumentDialog
from budgetdesk.ui.export_guard import confirm_despite_errors
from budgetdesk.ui.find_bar import FindBar
from budgetdesk.ui.chart_preview import show_chart_preview
from budgetdesk.ui.catalogue_ui import import_catalogue_dialog, show_catalogue_notice
from budgetdesk.ui.unit_info import edit_unit_info
from budgetdesk.ui.teach_mappings import attach_teach_panel, mapping_store
from budgetdesk.ui.findings_panel import FindingsPanel
from budgetdesk.ui.narrative_page import NARRATIVE_TABLE, NarrativePage, TITLE as NARRATIVE_TITLE
from budgetdesk.ui.table_model import TableModel
from budgetdesk.ui.row_copy import copy_rows_dialog
from budgetdesk.ui.table_view import BudgetTableView
from budgetdesk.ui.toolbar import build_toolbar
from budgetdesk.ui.undo_stack import BatchedUndoStack
from budgetdesk.ui.userdata import Recovery, sweep_at_start
from budgetdesk.ui.title import title_label

AUTOSAVE_MS = 3000
MAX_RECENT = 8
_untitled = itertools.count(1)
OPEN_FILTER = ("可打开的文件 (*.bdesk *.json *.xlsx *.xlsm *.xls *.txt);;budgetdesk 文件 (*.bdesk *.json);;"
               "Excel 工作簿 (*.xlsx *.xlsm *.xls);;公开件文本 (*.txt);;所有文件 (*)")


def redo_shortcuts() -> list[QKeySequence]:
    """The platform's redo keys plus Ctrl+Y, each once (a key listed twice makes Qt call it ambiguous)."""
    keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
    if not any(k.matches(QKeySequence("Ctrl+Y")) == QKeySequence.SequenceMatch.ExactMatch for k in keys):
        keys.append(QKeySequence("Ctrl+Y"))
    return keys


class TablePage(QWidget):
    """One table as printed: title, 编制单位/单位 line, the grid, the 备注 lines and the table's note."""

    def __init__(self, doc: Document, table_id: str, undo: QUndoStack, findings: list[Finding]):
        super().__init__()
        self.doc = doc
        self.table_id = table_id
        self.model = TableModel(doc, table_id, undo, findings)
        self.title = title_label()
        self.left = QLabel()
        self.right = QLabel()
        meta_line = QHBoxLayout()
        meta_line.addWidget(self.left)
        meta_line.addStretch(1)
        meta_line.addWidget(self.right)
        self.view = BudgetTableView(self.model, doc.meta.format_values())
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(meta_line)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.notes)
        self.refresh_texts()

    def refresh_texts(self) -> None:
        values = self.doc.meta.format_values()
        tpl = self.model.template
        self.title.setText(tpl.printed_title(values))
        lines = self.doc.template_set.header_lines
        left = "　".join(fill(l, values) for l, _ in lines if fill(l, values))
        right = "　".join(fill(r, values) for _, r in lines if fill(r, values))
        self.left.setText(left)
        self.right.setText(right)
        notes = [fill(n, values) for n in tpl.notes]
        if self.doc.note(self.table_id):
            notes.append(self.doc.note(self.table_id))
        self.notes.setText("\n".join(notes))
        self.view.set_values(values)



class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings | None = None):
        super().__init__()
        self.settings = settings or QSettings("budgetdesk", "budgetdesk")
        self.undo = BatchedUndoStack(self)
        self.undo.finished.connect(self._flush_findings)
        self._findings_stale = False
        self.doc: Document | None = None
        self.path: Path | None = None
        self.checker: LiveChecker | None = None
        self.pages: dict[str, TablePage] = {}
        self.narrative_page: NarrativePage | None = None
        self.performance_page = None  # ui/performance_page.py
        self.recovery: Recovery | None = None
        self.last_report: list[str] = []
        self.report_dialog: ImportReportDialog | None = None
        self._unsubscribe = None
        self._abandoned = False
        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self.write_recovery)

        self.navigator = QListWidget()
        self.navigator.setMinimumWidth(220)
        self.navigator.currentRowChanged.connect(self._show_page)
        self.stack = QStackedWidget()
        splitter = QSplitter()
        splitter.addWidget(self.navigator)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        self.setCentralWidget(splitter)
        self.findings_dock = QDockWidget("问题清单", self)
        self.findings_dock.setObjectName("findings")
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.findings_dock)
        self.counts = QLabel()
        self.live_label = QLabel()
        self.statusBar().addPermanentWidget(self.live_label)
        self.statusBar().addPermanentWidget(self.counts)
        self.undo.cleanChanged.connect(self._on_clean_changed)
        self._build_menus()
        self.temp_sweep = sweep_at_start(self.recent_files())  # stale save temporaries, in the background
        self.toolbar = build_toolbar(self)
        self.addToolBarBreak()
        self.find_bar = FindBar(self)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.find_bar)
        self.setMinimumSize(960, 640)
        self.resize(1280, 860)
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    # -- menus -------------------------------------------------------------------------------
    def _action(self, menu, text, slot, shortcut=None, checkable=False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        menu.addAction(action)
        name = text.split("(")[0].rstrip("…")
        action.setIconText(name)  # toolbar buttons: the plain name, no accelerator
        self.named_actions[name] = action
        return action

    def _build_menus(self) -> None:
        self.named_actions: dict[str, QAction] = {}
        bar = self.menuBar()
        f = bar.addMenu("文件(&F)")
        self._action(f, "新建(&N)…", self.new_document_dialog, QKeySequence.StandardKey.New)
        self._action(f, "打开(&O)…", self.open_dialog, QKeySequence.StandardKey.Open)
        self._action(f, "保存(&S)", self.save, QKeySequence.StandardKey.Save)
        self._action(f, "另存为(&A)…", self.save_as_dialog, QKeySequence.StandardKey.SaveAs)
        self._action(f, "导出 Excel(&E)…", self.export_xlsx_dialog, "Ctrl+Shift+E")
        self._action(f, "导出 PDF(&P)…", self.export_pdf_dialog, "Ctrl+Shift+P")
        self._action(f, "打印预览(&V)…", self.print_preview, None)
        self._action(f, "打印(&T)…", self.print_dialog, QKeySequence.StandardKey.Print)
        f.addSeparator()
        self._action(f, "导入上年数(&L)…", self.import_prior_dialog)
        install_budget_actions(self, f)
        self._action(f, "导入报告(&I)…", self.show_import_report)
        self._action(f, "单位信息(&U)…", lambda: edit_unit_info(self))
        self._action(f, "导入科目表(&K)…", lambda: import_catalogue_dialog(self))
        add_batch_actions(self, f)  # 批量自检, 部门汇总 (budgetdesk/ui/batch_page.py)
        self.recent_menu = f.addMenu("最近打开(&R)")
        self._refresh_recent()
        f.addSeparator()
        self._action(f, "退出(&X)", self.close, QKeySequence.StandardKey.Quit)
        e = bar.addMenu("编辑(&E)")
        undo = self.undo.createUndoAction(self, "撤销(&U)")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo.createRedoAction(self, "重做(&R)")
        redo.setShortcuts(redo_shortcuts())
        e.addAction(undo)
        e.addAction(redo)
        self.named_actions.update({"撤销": undo, "重做": redo})
        e.addSeparator()
        self._action(e, "添加科目行(&A)…", self.add_row_dialog, "Ctrl+Shift+=")
        self._action(e, "删除科目行(&D)", self.remove_current_row, "Ctrl+-")
        self._action(e, "复制科目行到其他表(&C)…", self.copy_rows_dialog, "Ctrl+Shift+C")
        self._action(e, "查找(&F)…", lambda: self.find_bar.open(), QKeySequence.StandardKey.Find)
        e.addSeparator()
        self._action(e, "计算本表合计(&T)", lambda: self.fill_totals(all_tables=False), "Ctrl+T")
        self._action(e, "计算全部表合计", lambda: self.fill_totals(all_tables=True), "Ctrl+Shift+T")
        self.live_action = self._action(e, "实时合计(&L)", self.set_live_totals, "Ctrl+Shift+L", checkable=True)
        v = bar.addMenu("视图(&V)")
        self.prior_action = self._action(v, "显示上年数及增减(&P)", self.toggle_prior, "F7", checkable=True)
        v.addAction(self.findings_dock.toggleViewAction())
        self._action(v, "图表预览(&G)", lambda: show_chart_preview(self))
        v.addSeparator()
        self._action(v, "转到表目录", lambda: self.navigator.setFocus(), "Ctrl+1")
        self._action(v, "转到表格", self.focus_table, "Ctrl+2")
        self._action(v, "转到问题清单", self.focus_findings, "Ctrl+3")
        c = bar.addMenu("检查(&C)")
        self._action(c, "出错说明(&E)…", self.explain_selected, "Ctrl+E")
        self._action(c, "表下说明（空表原因等）(&M)…", self.note_dialog, "Ctrl+M")
        self._action(c, "下一个问题(&N)", self.next_problem, "F8")

    # -- documents ---------------------------------------------------------------------------
    def set_document(self, doc: Document, path: Path | None, *, dirty: bool = False) -> None:
        self.statusBar().clearMessage()  # a message about the previous document would now mislead
        self._drop_recovery()  # the previous document was saved or its changes discarded (maybe_save)
        self._teardown()
        self.doc, self.path = doc, path
        self.undo.clear()
        self.checker = LiveChecker(doc, self)
        self.checker.findingsChanged.connect(self._on_findings)
        findings = self.checker.findings()
        self.navigator.blockSignals(True)  # no page switching while pages and items are rebuilt
        self.navigator.clear()
        for table in doc.template_set.tables:
            page = TablePage(doc, table.id, self.undo, findings)
            page.view.message.connect(lambda m: self.statusBar().showMessage(m, 8000))
            self.pages[table.id] = page
            self.stack.addWidget(page)
            item = QListWidgetItem(table.title)
            item.setData(Qt.ItemDataRole.UserRole, table.id)
            self.navigator.addItem(item)
        self.narrative_page = NarrativePage(doc, self.undo)  # the 情况说明 comes first, as printed
        self.narrative_page.findingsChanged.connect(lambda: self._refresh_findings(models=False))
        self.stack.addWidget(self.narrative_page)
        item = QListWidgetItem(NARRATIVE_TITLE)
        item.setData(Qt.ItemDataRole.UserRole, NARRATIVE_TABLE)
        self.navigator.insertItem(0, item)
        from budgetdesk.ui import performance_page  # 绩效目标表: its own page and navigator entry, after the tables
        self.performance_page = performance_page.install(self, doc, findings)
        self.navigator.blockSignals(False)
        panel = FindingsPanel([(NARRATIVE_TABLE, NARRATIVE_TITLE)] + [(t.id, t.title) for t in doc.template_set.tables]
                              + [("performance", "绩效目标表")])
        panel.jump.connect(self.jump_to)
        panel.explain.connect(self.explain_dialog)
        self.findings_panel = panel
        self.findings_dock.setWidget(panel)
        self._unsubscribe = doc.subscribe(self._on_document_event)
        self.recovery = Recovery(str(path.resolve()) if path else f"untitled-{id(self)}-{next(_untitled)}")
        self._refresh_findings()
        self._show_live_totals()
        self.navigator.setCurrentRow(1)  # the first table; the 情况说明 is one row above
        self._show_page(1)
        if dirty:
            self.undo.resetClean()
            self.undo.push(SetCellsCommand(doc, [], "恢复的内容"))  # an unsaved state the title shows
        self._update_title()
        show_catalogue_notice(self)

    def _drop_recovery(self) -> None:
        if self.recovery is not None:
            self.recovery.discard()
            self.recovery.release()
            self.recovery = None

    def _teardown(self) -> None:
        if self._unsubscribe:
            self._unsubscribe()
            self._unsubscribe = None
        for page in self.pages.values():
            page.model.close()
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages.clear()
        if self.narrative_page is not None:
            self.narrative_page.close_page()
            self.stack.removeWidget(self.narrative_page)
            self.narrative_page.deleteLater()
            self.narrative_page = None
        if getattr(self, "performance_page", None) is not None:
            self.performance_page.close()
            self.stack.removeWidget(self.performance_page)
            self.performance_page.deleteLater()
            self.performance_page = None
        if self.checker:
            self.checker.close()
            self.checker.deleteLater()
            self.checker = None

    def open_path(self, path: Path | str) -> bool:
        path = Path(path)
        try:
            doc, report = open_document(path, mappings=mapping_store().source())
        except OpenError as exc:
            QMessageBox.warning(self, "无法打开", str(exc))
            return False
        native = path.suffix.lower() == ".bdesk"
        self.set_document(doc, path if native else None, dirty=not native)
        if report is not None:
            self.last_report = report.lines(detail=True)
            self.last_import = (report, doc.template_set)  # for teaching unrecognised labels in the report
            self.statusBar().showMessage(f"已导入 {path.name}：{report.placed} 个数；"
                                         f"{len(report.unplaced)} 处未能放入（见 文件 → 导入报告）", 15000)
            if report.unplaced or report.notices:
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
        suggested = self.path or self._last_dir() / (
            f"{self.doc.meta.unit_name or '部门预算'}{self.doc.meta.year or ''}.bdesk")
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

    def closeEvent(self, event) -> None:
        if self._abandoned:
            event.accept()
            return
        if not self.maybe_save():
            event.ignore()
            return
        self._drop_recovery()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self._teardown()
        event.accept()

    # -- autosave ----------------------------------------------------------------------------
    def _on_document_event(self, event: Event) -> None:
        if not self.autosave.isActive():
            self.autosave.start()
        if isinstance(event, (NoteChanged, MetaChanged)):
            for page in self.pages.values():
                page.refresh_texts()
            self._update_title()
        if isinstance(event, LiveTotalsChanged):
            self._show_live_totals()
        if isinstance(event, MetaChanged):
            show_catalogue_notice(self)

    def write_recovery(self) -> Path | None:
        """Autosave unsaved work to the recovery folder; the path written, or None if nothing is unsaved."""
        if self.doc is not None and self.recovery is not None and not self.undo.isClean():
            try:
                return self.recovery.save(self.doc, self.path)
            except ProjectError as exc:
                self.statusBar().showMessage(f"自动保存失败：{exc}", 10000)
        return None

    # -- findings ----------------------------------------------------------------------------
    def _on_findings(self, delta: FindingDelta) -> None:
        for page in self.pages.values():
            page.model.apply_delta(delta)
        if self.undo.busy:  # inside one command: refresh the panel and counts once, when it has finished
            self._findings_stale = True
            return
        self._refresh_findings(models=False)

    def _flush_findings(self) -> None:
        if self._findings_stale:
            self._findings_stale = False
            self._refresh_findings(models=False)

    def _refresh_findings(self, models: bool = True) -> None:
        if self.checker is None:
            return
        findings = self.checker.findings()
        if models:
            for page in self.pages.values():
                page.model.reset_findings(findings)
        if self.narrative_page is not None:
            findings = findings + self.narrative_page.findings
        self.findings_panel.set_findings(findings)
        s = Summary.of(findings)
        self.counts.setText(f"错误 {s.errors}　警告 {s.warnings}　已说明 {s.explained}　尾差 {s.rounding}")
        for i in range(self.navigator.count()):
            item = self.navigator.item(i)
            tid = item.data(Qt.ItemDataRole.UserRole)
            if tid not in self.doc.tables and tid != NARRATIVE_TABLE:
                continue  # other pages (绩效目标表) mark their own entry
            table_findings = [f for f in findings if f.table == tid]
            errors = sum(1 for f in table_findings if f.severity is Severity.ERROR)
            warnings = sum(1 for f in table_findings if f.severity is Severity.WARNING and not f.explained)
            title = NARRATIVE_TITLE if tid == NARRATIVE_TABLE else self.doc.table(tid).template.title
            if errors:
                item.setText(f"✗ {errors}　{title}")
                item.setForeground(QColor("#b3261e"))
            elif warnings:
                item.setText(f"！{warnings}　{title}")
                item.setForeground(QColor("#9a5b00"))
            else:
                item.setText(f"✓　{title}")
                item.setForeground(QColor("#2e6b34"))

    def jump_to(self, finding: Finding) -> None:
        self.select_table(finding.table)
        if finding.table == NARRATIVE_TABLE:
            self.narrative_page.select_finding(finding)
            self.statusBar().showMessage(finding.message, 15000)
            return
        if finding.table not in self.pages and getattr(self, "performance_page", None) is not None:
            self.performance_page.jump(finding)
            self.statusBar().showMessage(finding.message, 15000)
            return
        page = self.pages[finding.table]
        index = page.model.index_of(finding.row, finding.column) if finding.row else page.model.index(0, 0)
        if index.isValid():
            page.view.setCurrentIndex(index)
            page.view.scrollTo(index)
            page.view.setFocus()
        self.statusBar().showMessage(finding.message, 15000)

    def next_problem(self) -> None:
        if self.checker is None:
            return
        problems = [f for f in self.checker.findings() if f.severity is not Severity.ROUNDING and not f.explained]
        if problems:
            self.jump_to(problems[0])

    def explain_selected(self) -> None:
        f = self.findings_panel.selected() if self.doc else None
        if f is None and self.current_page():
            page = self.current_page()
            index = page.view.currentIndex()
            found = page.model.data(index, Qt.ItemDataRole.UserRole + 1) if index.isValid() else []
            f = next((x for x in found or [] if x.severity is Severity.WARNING), None)
        if f is not None:
            self.explain_dialog(f)

    def explain_dialog(self, finding: Finding) -> None:
        if finding.severity is not Severity.WARNING:
            QMessageBox.information(self, "出错说明", "只有警告可以写出错说明；错误必须改正，尾差无需说明。")
            return
        dialog = ExplainDialog(finding.message, finding.explanation or "", self)
        if dialog.exec():
            self.explain(finding, dialog.text.toPlainText())

    def explain(self, finding: Finding, text: str) -> None:
        self.undo.push(ExplainCommand(self.doc, finding.key, text))

    def note_dialog(self) -> None:
        page = self.current_page()
        if page is None:
            return
        tpl = page.model.template
        hint = f"例如：“{tpl.empty_note}”" if tpl.empty_note else "写在本表下方的说明。"
        dialog = ExplainDialog(f"《{tpl.title}》的表下说明。{hint}", self.doc.note(page.table_id), self)
        dialog.setWindowTitle("表下说明")
        if dialog.exec():
            self.set_note(page.table_id, dialog.text.toPlainText().strip())

    def set_note(self, table_id: str, text: str) -> None:
        self.undo.push(NoteCommand(self.doc, table_id, text))

    # -- tables ------------------------------------------------------------------------------
    def _show_page(self, row: int) -> None:
        if 0 <= row < self.navigator.count():
            key = self.navigator.item(row).data(Qt.ItemDataRole.UserRole)
            page = (self.narrative_page if key == NARRATIVE_TABLE
                    else self.pages.get(key) or (self.performance_page if key == "performance" else None))
            if page is not None:
                self.stack.setCurrentWidget(page)

    def select_table(self, table_id: str) -> None:
        for i in range(self.navigator.count()):
            if self.navigator.item(i).data(Qt.ItemDataRole.UserRole) == table_id:
                self.navigator.setCurrentRow(i)
                return

    def current_page(self) -> TablePage | None:
        w = self.stack.currentWidget()
        return w if isinstance(w, TablePage) else None

    def add_row_dialog(self) -> None:
        page = self.current_page()
        if page is None:
            return
        side = page.model.template.code_side
        if side is None:
            QMessageBox.information(self, "添加科目行", "本表是固定行的表，不能添加科目行。")
            return
        catalogue = catalogue_provider(self.doc.template_set)(side.classification, self.doc.meta.year)
        dialog = AddRowDialog(catalogue, self)
        if dialog.exec():
            code, name = dialog.code_and_name()
            if code is None:
                QMessageBox.warning(self, "添加科目行", dialog.problem)
                return
            self.add_code_row(code, name)

    def add_code_row(self, code: str, name: str = "") -> bool:
        page = self.current_page()
        side = page.model.template.code_side if page else None
        if side is None:
            return False
        if page.model.table.has_row(code):
            page.view.setCurrentIndex(page.model.index_of(code, None))
            self.statusBar().showMessage(f"本表已有科目 {code}", 5000)
            return False
        catalogue = catalogue_provider(self.doc.template_set)(side.classification, self.doc.meta.year)
        names = catalogue.name if catalogue else (lambda c: None)
        self.undo.push(AddCodeRowCommand(self.doc, page.table_id, code, name or (names(code) or ""), names))
        index = page.model.index_of(code, None)
        page.view.setCurrentIndex(index)
        return True

    def remove_current_row(self) -> bool:
        page = self.current_page()
        if page is None:
            return False
        found = page.model.logical(page.view.currentIndex().row(), page.view.currentIndex().column())
        if found is None or not (found[0].is_code_row or found[0].is_extra):
            self.statusBar().showMessage("只能删除科目行和附加行；固定行和合计行不能删除", 5000)
            return False
        row = found[0]
        rows = subtree(self.doc, page.table_id, row.key)
        if len(rows) > 1 and not self.confirm(
                "删除科目行", f"“{row.code} {row.label}”下还有 {len(rows) - 1} 个下级科目"
                f"（{'、'.join(rows[1:6])}{'…' if len(rows) > 6 else ''}）。\n"
                f"删除它将一并删除这些下级科目行及其数字（可撤销）。是否删除？"):
            return False
        self.undo.push(RemoveRowCommand(self.doc, page.table_id, row.key))
        return True

    def confirm(self, title: str, text: str) -> bool:
        """Ask a yes/no question (tests replace this)."""
        return QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes

    def set_live_totals(self, on: bool) -> None:
        if self.doc is not None and bool(on) != self.doc.live_totals:
            self.undo.push(LiveTotalsCommand(self.doc, bool(on)))
        self._show_live_totals()

    def _show_live_totals(self) -> None:
        on = bool(self.doc and self.doc.live_totals)
        self.live_action.setChecked(on)
        self.live_label.setText("实时合计：开" if on else "实时合计：关")
        self.live_label.setToolTip("开：合计、小计、上级科目由明细自动计算（灰底，不能直接输入）；"
                                   "关：保持公布的数字。编辑 → 实时合计 切换。")

    def fill_totals(self, all_tables: bool) -> int:
        if self.doc is None:
            return 0
        tables = [t.id for t in self.doc.template_set.tables] if all_tables else (
            [self.current_page().table_id] if self.current_page() else [])
        changes = []
        for tid in tables:
            changes.extend((tid, r, c, old, new) for r, c, old, new in compute_totals(self.doc, tid))
        if changes:
            self.undo.push(SetCellsCommand(self.doc, changes, f"计算合计（{len(changes)} 个单元格）", derive=False))
        self.statusBar().showMessage(f"已计算 {len(changes)} 个合计/小计单元格", 6000)
        return len(changes)

    def go_to_cell(self, table_id: str, row: str, column: str | None) -> None:
        """Show a cell (or a row's first cell) and make it current, without taking the keyboard focus."""
        self.select_table(table_id)
        page = self.pages[table_id]
        index = page.model.index_of(row, column)
        if index.isValid():
            page.view.setCurrentIndex(index)
            page.view.scrollTo(index)

    def copy_rows_dialog(self) -> None:
        copy_rows_dialog(self)

    def focus_table(self) -> None:
        page = self.current_page()
        if page is not None:
            page.view.setFocus()
            if not page.view.currentIndex().isValid():
                page.view.setCurrentIndex(page.model.index(0, 0))

    def focus_findings(self) -> None:
        self.findings_dock.show()
        self.findings_panel.view.setFocus()

    def show_import_report(self) -> None:
        """Non-modal: the officer keeps working with the report open beside the tables."""
        if not self.last_report:
            self.statusBar().showMessage("本次没有导入过文件", 5000)
            return
        if self.report_dialog is not None:
            self.report_dialog.close()
        self.report_dialog = ImportReportDialog(self.last_report, self)
        attach_teach_panel(self.report_dialog, *getattr(self, "last_import", (None, None)))
        self.report_dialog.show()

    def _last_dir(self) -> Path:
        """The folder of the last file opened or saved (the home folder at first)."""
        return Path(self.settings.value("paths/last_dir", str(Path.home())))

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
        from budgetdesk.ui.printing import preview_dialog

        if self.doc is None or not confirm_despite_errors(self, "打印预览"):
            return
        preview_dialog(self.package_pdf(), self).exec()

    def print_dialog(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from budgetdesk.ui.printing import print_pdf

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
        report = load_prior(self.doc, last_year)
        self.prior_action.setChecked(True)
        self.toggle_prior(True)
        message = f"已导入上年数 {report.placed} 个（{path.name}）"
        if report.unmatched:
            message += f"；{len(report.unmatched)} 个找不到对应位置：" + "；".join(report.unmatched[:5])
            QMessageBox.information(self, "导入上年数", message)
        self.statusBar().showMessage(message, 15000)
        return True

    def toggle_prior(self, on: bool) -> None:
        for page in self.pages.values():
            page.model.set_show_prior(bool(on))
        if on and self.doc is not None and not self.doc.prior:
            self.statusBar().showMessage("尚未导入上年数：上年列为空。可从上年的 Excel 或项目文件导入。", 8000)

    # -- title and recent files -------------------------------------------------------------
    def _on_clean_changed(self, clean: bool) -> None:
        if clean and self.recovery is not None:
            self.autosave.stop()
            self.recovery.discard()  # undone back to the saved state: nothing left to recover
        self._update_title()

    def _update_title(self) -> None:
        name = self.path.name if self.path else "未命名"
        unit = self.doc.meta.unit_name if self.doc else ""
        self.setWindowTitle(f"{name}[*] — {unit} — budgetdesk {__version__}")
        self.setWindowModified(not self.undo.isClean())

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
