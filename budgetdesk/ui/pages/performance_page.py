"""The 绩效目标表 page: the list of targets (整体, 重点专项, projects) and the selected form as printed.

Indicator rows are edited like table rows: type into a cell, paste a block from Excel (Ctrl+V), add,
remove and move rows with the buttons; every change is one undo step and the live checks colour
the cells and fill the findings list. ``install`` adds the page and its navigator entry to the
main window with as little reach into the window as possible. A region whose project form is a wide
table (one row per project) shows that table as printed (``performance_wide_view``); the list then
scrolls to a project's band, and the cursor's band selects the project in the list.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QListWidget,
                               QListWidgetItem, QMessageBox, QPushButton, QSplitter, QStackedWidget, QTableView,
                               QToolTip, QVBoxLayout, QWidget)

from budgetdesk.core.document import Document, MetaChanged
from budgetdesk.core.findings import Finding, Severity
from budgetdesk.core.performance.edit import insert_indicators, move_indicator, parse_clipboard, paste_indicators, \
    remove_indicators
from budgetdesk.core.performance.model import (EVALUATION, MAX_TARGETS, Indicator, PerformanceChanged,
                                               PerformanceTarget, TargetKind)
from budgetdesk.resources import load_performance
from budgetdesk.ui.pages.performance_model import (AddTargetCommand, MoveTargetCommand, PerformanceFormModel,
                                             RemoveTargetCommand, is_wide)
from budgetdesk.ui.pages.performance_wide import WideTableModel
from budgetdesk.ui.pages.performance_wide_view import WideTableView
from budgetdesk.ui.title import title_label

PAGE_ID = "performance"
NAV_TITLE = "绩效目标表"
EVALUATION_TITLE = "绩效自评表"


class PerformanceFormView(QTableView):
    """The form grid: spans from the layout, no headers, paste of tab-separated blocks."""

    def __init__(self, model: PerformanceFormModel):
        super().__init__()
        self.setModel(model)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setWordWrap(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed | QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)  # typing replaces, as in the tables
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        model.layoutRebuilt.connect(self.apply_spans)
        model.rejected.connect(self._rejected)

    def form_model(self) -> PerformanceFormModel:
        return self.model()  # type: ignore[return-value]

    def apply_spans(self) -> None:
        self.clearSpans()
        for c in self.form_model().layout_.cells:
            if c.rowspan > 1 or c.colspan > 1:
                self.setSpan(c.row, c.col, c.rowspan, c.colspan)
        self.resizeRowsToContents()

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste(QGuiApplication.clipboard().text())
            return
        super().keyPressEvent(event)

    def paste(self, text: str) -> bool:
        """A block into the indicator rows (adding rows as needed), or one value into a field."""
        model = self.form_model()
        index = self.currentIndex()
        cell = model.cell(index) if index.isValid() else None
        target, form = model.target(), model.form()
        if cell is None or target is None or form is None or not text:
            return False
        rows = parse_clipboard(text)
        if cell.field.startswith("indicator:"):
            _, at, column = cell.field.split(":")
            columns = list(form.indicator_columns)
            new = paste_indicators(target, int(at), columns[columns.index(column):], rows)
            model.replace_target(new, f"粘贴 {len(rows)} 行绩效指标")
            return True
        if cell.field:
            return model.setData(index, rows[0][0] if rows else "")
        return False

    def _rejected(self, index: QModelIndex, message: str) -> None:
        rect = self.visualRect(index)
        QToolTip.showText(self.viewport().mapToGlobal(rect.bottomLeft()), message, self.viewport(), rect)


class PerformancePage(QWidget):
    def __init__(self, doc: Document, undo, findings: list[Finding]):
        super().__init__()
        self.doc, self.undo = doc, undo
        self.table_id = PAGE_ID
        self.forms = load_performance(doc.template_set.performance)
        self.model = PerformanceFormModel(doc, undo, self.forms, self)
        self.wide_model = WideTableModel(doc, undo, self.forms, self)
        self.key: str | None = None
        self.findings = findings
        self.targets = QListWidget()
        self.targets.currentRowChanged.connect(self._show_target)
        add_project, remove_target = QPushButton("添加项目"), QPushButton("删除")
        add_project.clicked.connect(lambda: self.add_target(TargetKind.PROJECT))
        remove_target.clicked.connect(self.remove_current_target)
        left = QVBoxLayout()
        left.addWidget(QLabel("整体与项目"))
        left.addWidget(self.targets, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(add_project)
        buttons.addWidget(remove_target)
        for text, step in (("↑", -1), ("↓", 1)):
            b = QPushButton(text)
            b.setToolTip("项目上移（打印顺序）" if step < 0 else "项目下移（打印顺序）")
            b.setMaximumWidth(32)
            b.clicked.connect(lambda _=False, step=step: self.move_current_target(step))
            buttons.addWidget(b)
        left.addLayout(buttons)
        self.add_overall = QPushButton("添加整体绩效自评" if self.forms.stage == EVALUATION else "添加整体绩效目标")
        self.add_overall.clicked.connect(lambda: self.add_target(TargetKind.OVERALL))
        left.addWidget(self.add_overall)
        self.title = title_label()
        self.left_line, self.right_line = QLabel(), QLabel()
        meta = QHBoxLayout()
        meta.addWidget(self.left_line)
        meta.addStretch(1)
        meta.addWidget(self.right_line)
        self.view = PerformanceFormView(self.model)
        self.wide = WideTableView(self.wide_model)
        self.wide.bandEntered.connect(self._follow_band)
        self.sheets = QStackedWidget()
        self.sheets.addWidget(self.view)
        self.sheets.addWidget(self.wide.sheet)
        row_buttons = QHBoxLayout()
        for text, slot in (("添加指标", self.add_indicator), ("删除指标", self.remove_indicator),
                           ("上移", lambda: self.move_indicator(-1)), ("下移", lambda: self.move_indicator(1))):
            b = QPushButton(text)
            b.clicked.connect(slot)
            row_buttons.addWidget(b)
        row_buttons.addStretch(1)
        row_buttons.addWidget(QLabel("可从 Excel 复制多行指标后按 Ctrl+V 粘贴"))
        right = QVBoxLayout()
        right.addWidget(self.title)
        right.addLayout(meta)
        right.addWidget(self.sheets, 1)
        right.addLayout(row_buttons)
        left_w, right_w = QWidget(), QWidget()
        left_w.setLayout(left)
        right_w.setLayout(right)
        splitter = QSplitter()
        splitter.addWidget(left_w)
        splitter.addWidget(right_w)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 900])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(splitter)
        self._unsubscribe = doc.subscribe(self._on_event)
        self.refresh_list()
        self.set_findings(findings)
        if self.targets.count():
            self.targets.setCurrentRow(0)

    # -- list of targets ---------------------------------------------------------------------
    def refresh_list(self) -> None:
        current = self.key
        self.targets.blockSignals(True)
        self.targets.clear()
        for t in self.doc.performance:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, t.key)
            self.targets.addItem(item)
        self.targets.blockSignals(False)
        self._decorate_list()
        self.add_overall.setVisible(self.doc.performance.overall() is None)
        keys = self.doc.performance.keys()
        if current in keys:
            self.targets.setCurrentRow(keys.index(current))
        elif keys:
            self.targets.setCurrentRow(0)
        else:
            self._show_target(-1)

    def _decorate_list(self) -> None:
        by_target: dict[str, list[Finding]] = {}  # one pass: scanning every finding per target was quadratic
        for f in self.findings:
            by_target.setdefault(f.row or "", []).append(f)
        for i in range(self.targets.count()):
            item = self.targets.item(i)
            t = self.doc.performance.get(item.data(Qt.ItemDataRole.UserRole))
            if t is None:
                continue
            mine = by_target.get(t.key, [])
            errors = sum(1 for f in mine if f.severity is Severity.ERROR)
            warnings = sum(1 for f in mine if f.severity is Severity.WARNING and not f.explained)
            head = {TargetKind.OVERALL: "整体", TargetKind.PROGRAM: "专项", TargetKind.PROJECT: "项目"}[t.kind]
            mark = f"✗{errors} " if errors else f"！{warnings} " if warnings else ""
            item.setText(f"{mark}{head}｜{t.name or t.title}")
            item.setToolTip(t.title)
            item.setForeground(QColor("#b3261e") if errors else QColor("#9a5b00") if warnings else QColor("#202020"))

    def current_target(self) -> PerformanceTarget | None:
        return self.doc.performance.get(self.key) if self.key else None

    def wide_active(self) -> bool:
        return self.sheets.currentWidget() is self.wide.sheet

    def _show_target(self, row: int) -> None:
        key = self.targets.item(row).data(Qt.ItemDataRole.UserRole) if 0 <= row < self.targets.count() else None
        self.key = key
        t = self.current_target()
        if t is not None and is_wide(self.forms, t.kind) and self.forms.forms_of(t) is self.forms:
            self.model.show_target(None)
            self.wide_model.show_kind(t.kind)
            self.sheets.setCurrentWidget(self.wide.sheet)
            self.wide.select_band(t.key)
        else:
            self.model.show_target(key)
            self.sheets.setCurrentWidget(self.view)
        self.refresh_texts()

    def _follow_band(self, key: str) -> None:
        """The cursor entered another project's band: select it in the list (without scrolling the table)."""
        keys = self.doc.performance.keys()
        if key == self.key or key not in keys:
            return
        self.key = key
        self.targets.blockSignals(True)
        self.targets.setCurrentRow(keys.index(key))
        self.targets.blockSignals(False)

    def refresh_texts(self) -> None:
        t = self.current_target()
        form = self.forms.form_of(t) if t else None
        year = f"{self.doc.meta.year}年" if self.doc.meta.year else ""
        what = "整体绩效自评或项目" if self.nav_title == EVALUATION_TITLE else "整体绩效目标或项目"
        empty = f"没有读到{self.nav_title}（可添加{what}）" if not len(self.doc.performance) \
            else f"{self.nav_title}（请选择{what}）"
        self.title.setText(f"{year}{form.title}" if form else empty)
        made_by = self.doc.meta.unit_name if self.wide_active() else (t.unit if t else "") or self.doc.meta.unit_name
        self.left_line.setText(f"编制单位：{made_by}")
        self.right_line.setText(f"单位：{t.money_unit}" if t else "")

    def select_key(self, key: str) -> None:
        keys = self.doc.performance.keys()
        if key in keys:
            if self.targets.currentRow() == keys.index(key):
                self._show_target(keys.index(key))
            self.targets.setCurrentRow(keys.index(key))

    # -- edits -------------------------------------------------------------------------------
    def add_target(self, kind: TargetKind, name: str | None = None) -> str | None:
        if len(self.doc.performance) >= MAX_TARGETS:  # the book refuses the next one: say so before asking a name
            QMessageBox.information(self, "添加项目", f"绩效目标表最多 {MAX_TARGETS:,} 个项目（真实的公开件有几十个），"
                                    f"本文件已有 {len(self.doc.performance):,} 个，不能再添加。")
            return None
        if name is None:
            name, ok = QInputDialog.getText(self, "添加项目", "项目名称（可写成“项目编码-项目名称”）：")
            if not ok or not name.strip():
                return None
        from budgetdesk.core.performance.edit import split_code_name
        code, pname = split_code_name(name) if kind is not TargetKind.OVERALL else ("", name.strip())
        if kind is TargetKind.OVERALL:
            pname = pname or self.doc.meta.unit_name
        key = self.doc.performance.new_key("overall" if kind is TargetKind.OVERALL else code or pname)
        target = PerformanceTarget(key, kind, name=pname, code=code, money_unit=self.forms.money_unit,
                                   unit=self.doc.meta.unit_name, stage=self.forms.stage)
        self.undo.push(AddTargetCommand(self.doc, target, 0 if kind is TargetKind.OVERALL else None))
        self.select_key(key)
        return key

    def remove_current_target(self) -> None:
        t = self.current_target()
        if t is not None:
            self.undo.push(RemoveTargetCommand(self.doc, t.key))

    def move_current_target(self, step: int) -> bool:
        """The selected target one place up or down among those of its kind (the order they are printed in)."""
        t = self.current_target()
        position = self.doc.performance.neighbour_position(t.key, step) if t is not None else None
        if position is None:
            return False
        self.undo.push(MoveTargetCommand(self.doc, t.key, position))
        self.select_key(t.key)
        return True

    def _selected_indicators(self) -> list[int]:
        rows = {self.model.indicator_of(i) for i in self.view.selectionModel().selectedIndexes()} \
            if self.view.selectionModel() else set()
        current = self.model.indicator_of(self.view.currentIndex()) if self.view.currentIndex().isValid() else None
        found = sorted(r for r in rows | {current} if r is not None)
        t = self.current_target()
        return [r for r in found if t is not None and 0 <= r < len(t.indicators)]

    def add_indicator(self) -> None:
        if self.wide_active():
            return self.wide.add_indicator()
        t = self.current_target()
        if t is None:
            return
        chosen = self._selected_indicators()
        at = chosen[-1] + 1 if chosen else len(t.indicators)
        self.model.replace_target(insert_indicators(t, at, [Indicator()]), "添加绩效指标")
        self._focus_indicator(at)

    def remove_indicator(self) -> None:
        if self.wide_active():
            return self.wide.remove_indicator()
        t, chosen = self.current_target(), self._selected_indicators()
        if t is not None and chosen:
            self.model.replace_target(remove_indicators(t, chosen), f"删除 {len(chosen)} 个绩效指标")

    def move_indicator(self, step: int) -> None:
        if self.wide_active():
            return self.wide.move_indicator(step)
        t, chosen = self.current_target(), self._selected_indicators()
        if t is None or len(chosen) != 1:
            return
        to = chosen[0] + step
        if 0 <= to < len(t.indicators):
            self.model.replace_target(move_indicator(t, chosen[0], to), "移动绩效指标")
            self._focus_indicator(to)

    def _focus_indicator(self, position: int) -> None:
        form = self.model.form()
        if form is None:
            return
        index = self.model.index_of_field(f"indicator:{position}:{form.indicator_columns[0]}")
        self.view.setCurrentIndex(index)

    # -- document and findings ---------------------------------------------------------------
    def _on_event(self, event) -> None:
        if isinstance(event, MetaChanged):
            self.refresh_texts()
        if isinstance(event, PerformanceChanged):
            if event.old is None or event.new is None or event.moved or event.old.name != event.new.name:
                self.refresh_list()
            self.refresh_texts()

    def set_findings(self, findings: list[Finding]) -> None:
        self.findings = [f for f in findings if f.table == PAGE_ID]
        self.model.set_findings(self.findings)
        self.wide_model.set_findings(self.findings)
        self._decorate_list()

    def jump(self, finding: Finding) -> None:
        if finding.row:
            self.select_key(finding.row)
        elif finding.column in ("project_sum",) or (finding.column or "").startswith("function:"):
            first = next(iter(self.doc.performance.of_kind(TargetKind.PROJECT)), None)
            if first is not None and is_wide(self.forms, TargetKind.PROJECT):
                self.select_key(first.key)
        if self.wide_active():
            self.wide.go_to(self.wide_model.index_of_finding(finding))
            self.wide.setFocus()
            return
        index = self.model.index_of_field(finding.column)
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
        self.view.setFocus()

    def nav_text(self) -> tuple[str, QColor]:
        errors = sum(1 for f in self.findings if f.severity is Severity.ERROR)
        warnings = sum(1 for f in self.findings if f.severity is Severity.WARNING and not f.explained)
        if errors:
            return f"✗ {errors}　{self.nav_title}", QColor("#b3261e")
        if warnings:
            return f"！{warnings}　{self.nav_title}", QColor("#9a5b00")
        if not len(self.doc.performance):  # nothing checked is not a pass
            return f"—　{self.nav_title}（没有读到{self.nav_title}）", QColor("#6b6b6b")
        return f"✓　{self.nav_title}", QColor("#2e6b34")

    @property
    def nav_title(self) -> str:
        """绩效目标表, or — for a 决算's forms — 绩效自评表."""
        return EVALUATION_TITLE if self.forms.stage == EVALUATION else NAV_TITLE

    def close(self) -> bool:
        if self._unsubscribe:
            self._unsubscribe()
            self._unsubscribe = None
        self.model.close()
        self.wide_model.close()
        return super().close()


def install(window, doc: Document, findings: list[Finding]) -> PerformancePage | None:
    """Add the 绩效目标表 page and its navigator entry; findings keep both up to date."""
    if not doc.template_set.performance:
        return None
    page = PerformancePage(doc, window.undo, findings)
    window.stack.addWidget(page)
    item = QListWidgetItem(page.nav_title)
    item.setData(Qt.ItemDataRole.UserRole, PAGE_ID)
    window.navigator.addItem(item)

    def refresh(_delta=None) -> None:
        page.set_findings(window.checker.findings())
        text, color = page.nav_text()
        item.setText(text)
        item.setForeground(color)

    window.checker.findingsChanged.connect(refresh)
    refresh()
    return page
