"""The main window, a thin shell: table navigator, the pages, the findings panel, menus, live findings.

Each page has its own module (``table_page``, ``narrative_page``, ``performance_page``, ``batch_page``) and
so does each flow (``file_flow``, ``export_flow``, ``table_actions``: mixins, so their methods are the
window's own).
"""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import QDockWidget, QLabel, QListWidget, QListWidgetItem, QMainWindow, QSplitter, QStackedWidget

from budgetdesk import __version__
from budgetdesk.core.document import Document, Event, LiveTotalsChanged, MetaChanged, NoteChanged
from budgetdesk.core.findings import Finding, FindingDelta, Severity, Summary
from budgetdesk.ui.pages.batch_page import add_batch_actions
from budgetdesk.ui.dialogs.budget_compare import install_budget_actions
from budgetdesk.ui.flows.new_year import install_new_year_actions
from budgetdesk.ui.checker import LiveChecker
from budgetdesk.ui.commands import SetCellsCommand
from budgetdesk.ui.dialogs.common import ImportReportDialog
from budgetdesk.ui.flows.export_flow import ExportFlow
from budgetdesk.ui.flows.file_flow import FileFlow
from budgetdesk.ui.find_bar import FindBar
from budgetdesk.ui.pages.chart_preview import show_chart_preview
from budgetdesk.ui.dialogs.catalogue import import_catalogue_dialog, show_catalogue_notice
from budgetdesk.ui.dialogs.unit_info import edit_unit_info
from budgetdesk.ui.dialogs.teach_mappings import attach_teach_panel
from budgetdesk.ui.findings_panel import FindingsPanel
from budgetdesk.ui.pages.narrative_page import NARRATIVE_TABLE, NarrativePage, TITLE as NARRATIVE_TITLE
from budgetdesk.ui.flows.table_actions import TableActions
from budgetdesk.ui.pages.table_page import TablePage
from budgetdesk.ui.toolbar import build_toolbar
from budgetdesk.ui.undo_stack import BatchedUndoStack, redo_shortcuts
from budgetdesk.ui.userdata import Recovery, sweep_at_start

AUTOSAVE_MS = 3000
_untitled = itertools.count(1)


class MainWindow(FileFlow, ExportFlow, TableActions, QMainWindow):
    """The shell: navigator, pages, findings panel and menus; the flows live in their own modules (mixins)."""

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
        self._last_problem: Finding | None = None  # where 下一个问题 (F8) went last
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
        install_new_year_actions(self, f)  # 从上年新建, 从本年预算新建决算 (ui/flows/new_year.py)
        self._action(f, "打开(&O)…", self.open_dialog, QKeySequence.StandardKey.Open)
        self._action(f, "保存(&S)", self.save, QKeySequence.StandardKey.Save)
        self._action(f, "另存为(&A)…", self.save_as_dialog, QKeySequence.StandardKey.SaveAs)
        self._action(f, "导出 Excel(&E)…", self.export_xlsx_dialog, "Ctrl+Shift+E")
        self._action(f, "导出 PDF(&P)…", self.export_pdf_dialog, "Ctrl+Shift+P")
        self._action(f, "导出标注 PDF(&M)…", self.export_annotated_dialog)
        self._action(f, "打印预览(&V)…", self.print_preview, None)
        self._action(f, "打印(&T)…", self.print_dialog, QKeySequence.StandardKey.Print)
        f.addSeparator()
        self._action(f, "导入上年数(&L)…", self.import_prior_dialog)
        self._action(f, "导入情况说明(&N)…", self.import_narrative_dialog)
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
    def set_document(self, doc: Document, path: Path | None, *, dirty: bool = False,
                     source: Path | None = None) -> None:
        """``source``: the file an imported document was read from (a unit's workbook), never written over."""
        self.statusBar().clearMessage()  # a message about the previous document would now mislead
        self._drop_recovery()  # the previous document was saved or its changes discarded (maybe_save)
        self._teardown()
        self.doc, self.path = doc, path
        self.source = source or path
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
        self.narrative_page.confirm = lambda title, text: self.confirm(title, text)  # the window asks
        self.narrative_page.findingsChanged.connect(lambda: self._refresh_findings(models=False))
        self.stack.addWidget(self.narrative_page)
        item = QListWidgetItem(NARRATIVE_TITLE)
        item.setData(Qt.ItemDataRole.UserRole, NARRATIVE_TABLE)
        self.navigator.insertItem(0, item)
        from budgetdesk.ui.pages import performance_page  # 绩效目标表: its own page and navigator entry, after the tables
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
            self.write_recovery()  # imported or merged work is protected at once, not after the first edit
        self._update_title()
        show_catalogue_notice(self)

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

    def all_findings(self) -> list:
        """The tables' findings and the 情况说明's: what the problem list shows and the export question counts."""
        if self.checker is None:
            return []
        page = self.narrative_page
        narrative = page.findings + page.unchecked if page is not None else []
        return self.checker.findings() + narrative

    def _refresh_findings(self, models: bool = True) -> None:
        if self.checker is None:
            return
        if models:
            tables = self.checker.findings()
            for page in self.pages.values():
                page.model.reset_findings(tables)
        findings = self.all_findings()
        self.findings_panel.set_findings(findings)
        s = Summary.of(findings)
        self.counts.setText(f"错误 {s.errors}　警告 {s.warnings}　已说明 {s.explained}　尾差 {s.rounding}"
                            + (f"　未核对 {s.unchecked}" if s.unchecked else ""))
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
        self._fit_navigator()

    def _fit_navigator(self) -> None:
        """The table list as wide as its longest entry with a two-digit count (the 决算's
        “国有资本经营预算财政拨款收入支出决算表”): read whole, no sideways scrolling."""
        nav = self.navigator
        metrics = nav.fontMetrics()
        widest = max((metrics.horizontalAdvance(f"✗ 99　{nav.item(i).text().split('　', 1)[-1]}")
                      for i in range(nav.count())), default=0)
        need = widest + 2 * nav.frameWidth() + nav.verticalScrollBar().sizeHint().width() + 12
        if need > nav.minimumWidth():
            nav.setMinimumWidth(need)

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
        problems = [f for f in self.all_findings() if f.severity is not Severity.ROUNDING and not f.explained]
        if not problems:
            self.statusBar().showMessage("没有未说明的问题", 5000)
            return
        last = self._last_problem  # each press goes on to the next one, then round again
        at = problems.index(last) + 1 if last in problems else 0
        self._last_problem = problems[at % len(problems)]
        self.jump_to(self._last_problem)

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

    # -- title ------------------------------------------------------------------------------
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
