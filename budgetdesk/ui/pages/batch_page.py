"""文件 → 批量自检: check many files off the GUI thread, show one row per file, open a file at a finding.

The work is ``budgetdesk.io.batch.run.run_batch`` (worker processes) driven from a ``QThread``; rows
come back through a queued signal, so the window stays responsive and 取消 takes effect after the
files in flight. Double-clicking a file opens it at its first problem; double-clicking a finding
opens the file at that cell.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from budgetdesk.core.findings import Finding, Severity

OK = "ok"  # budgetdesk.io.batch.run.OK; the module (process pools) is imported only when a batch starts

FILE_HEADERS = ["文件", "状态", "单位", "错误", "警告", "尾差", "第一个错误 / 原因"]
FINDING_HEADERS = ["级别", "表", "行", "列", "说明"]
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "rounding": "尾差"}


def finding_from_dict(d: dict) -> Finding:
    """Enough of a finding to locate it (table, row, column, message) from the batch's plain dict."""
    return Finding(rule=d["rule"], severity=Severity(d["severity"]), table=d["table"], row=d.get("row"),
                   column=d.get("column"), message=d.get("message", ""), source=d.get("source"))


class BatchWorker(QObject):
    """Runs one batch in its own thread; ``row`` for each file, ``finished`` with all rows."""

    row = Signal(dict)
    finished = Signal(list)
    failed = Signal(str)

    def __init__(self, files: list[Path], jobs: int | None = None):
        super().__init__()
        self.files, self.jobs = files, jobs
        self._cancel = False

    def cancel(self) -> None:
        self._cancel = True

    @property
    def cancelled(self) -> bool:
        return self._cancel

    def run(self) -> None:
        from budgetdesk.io.batch.run import run_batch

        try:
            rows = run_batch(self.files, jobs=self.jobs, progress=self.row.emit, cancelled=lambda: self._cancel)
        except Exception as exc:  # noqa: BLE001 — the batch machinery failed: say so instead of dying
            self.failed.emit(f"{type(exc).__name__}: {exc}")
            return
        self.finished.emit(rows)


class BatchDialog(QDialog):
    """Pick files/folders, 开始, watch progress, 取消, read the results, export the report."""

    openAt = Signal(str, object)  # path, Finding | None

    def __init__(self, parent=None, *, jobs: int | None = None, last_dir: Callable[[], Path] | None = None):
        super().__init__(parent)
        self.setWindowTitle("批量自检")
        self.resize(1000, 640)
        self.jobs = jobs
        self._last_dir = last_dir or Path.home
        self.paths: list[Path] = []
        self.rows: list[dict] = []
        self._thread: QThread | None = None
        self._worker: BatchWorker | None = None
        self.sources = QLabel("尚未选择文件。可添加文件或整个文件夹（含子文件夹）。")
        self.sources.setWordWrap(True)
        add_files = QPushButton("添加文件(&F)…")
        add_files.clicked.connect(self._pick_files)
        add_folder = QPushButton("添加文件夹(&D)…")
        add_folder.clicked.connect(self._pick_folder)
        self.start_button = QPushButton("开始检查(&S)")
        self.start_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("取消(&C)")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        self.report_button = QPushButton("导出报告(&R)…")
        self.report_button.clicked.connect(self._pick_report)
        self.report_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setFormat("%v / %m")
        self.status = QLabel("")
        self.files_table = self._table(FILE_HEADERS)
        self.files_table.itemSelectionChanged.connect(self._show_findings)
        self.files_table.cellDoubleClicked.connect(self._open_file_row)
        self.findings_table = self._table(FINDING_HEADERS)
        self.findings_table.cellDoubleClicked.connect(self._open_finding_row)
        buttons = QHBoxLayout()
        for b in (add_files, add_folder, self.start_button, self.cancel_button, self.report_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.files_table)
        split.addWidget(self.findings_table)
        split.setSizes([380, 200])
        layout = QVBoxLayout(self)
        layout.addWidget(self.sources)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)
        hint = QLabel("双击文件：打开并定位到第一个问题；双击问题：打开文件并定位到该单元格。")
        hint.setStyleSheet("color: #666")
        layout.addWidget(hint)

    @staticmethod
    def _table(headers: list[str]) -> QTableWidget:
        t = QTableWidget(0, len(headers))
        t.setHorizontalHeaderLabels(headers)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        t.verticalHeader().setVisible(False)
        t.horizontalHeader().setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
        return t

    # -- choosing ----------------------------------------------------------------------------
    def _pick_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "选择要检查的文件", str(self._last_dir()),
                                                "预算公开文件 (*.bdesk *.json *.xlsx *.xls *.txt *.pdf)")
        self.add_paths([Path(n) for n in names])

    def _pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择文件夹（含子文件夹）", str(self._last_dir()))
        if folder:
            self.add_paths([Path(folder)])

    def add_paths(self, paths: list[Path]) -> None:
        self.paths.extend(p for p in paths if p not in self.paths)
        if self.paths:
            self.sources.setText("待检查：" + "；".join(str(p) for p in self.paths))

    # -- running -----------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self) -> None:
        if self.running:
            return
        from budgetdesk.io.batch.run import collect_files

        files = collect_files(self.paths)
        if not files:
            self.status.setText("没有找到可检查的文件（.bdesk / .json / .xlsx / .xls / .txt / .pdf）")
            return
        self.rows = []
        self.files_table.setRowCount(0)
        self.findings_table.setRowCount(0)
        self.progress.setRange(0, len(files))
        self.progress.setValue(0)
        self.status.setText(f"正在检查 {len(files)} 个文件…")
        self.start_button.setEnabled(False)
        self.report_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self._thread = QThread(self)
        self._worker = BatchWorker(files, self.jobs)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.row.connect(self._add_row)
        self._worker.finished.connect(self._finished)
        self._worker.failed.connect(self._failed)
        self._thread.start()

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText("正在取消（等待正在检查的文件结束）…")

    def _add_row(self, row: dict) -> None:
        from budgetdesk.io.batch.run import STATUS_LABELS

        self.rows.append(row)
        self.progress.setValue(len(self.rows))
        r = self.files_table.rowCount()
        self.files_table.insertRow(r)
        ok = row["status"] == OK
        detail = row["first_error"] if ok else row["reason"]
        state = ("通过" if not row["errors"] else "未通过") if ok else STATUS_LABELS[row["status"]]
        values = [Path(row["file"]).name, state, row["unit"], row["errors"], row["warnings"], row["rounding"], detail]
        for c, v in enumerate(values):
            item = QTableWidgetItem(str(v))
            if c == 0:
                item.setToolTip(row["file"])
                item.setData(Qt.ItemDataRole.UserRole, len(self.rows) - 1)
            if not ok or row["errors"]:
                item.setForeground(Qt.GlobalColor.darkRed)
            self.files_table.setItem(r, c, item)

    def _finished(self, rows: list[dict]) -> None:
        cancelled = self._worker is not None and self._worker.cancelled
        self._stop_thread()
        bad = sum(r["status"] != OK for r in rows)
        failed = sum(r["status"] == OK and r["errors"] > 0 for r in rows)
        head = "已取消" if cancelled else "完成"
        self.status.setText(f"{head}：共 {len(rows)} 个文件，通过 {len(rows) - bad - failed}，有错误 {failed}，无法检查 {bad}")
        self.files_table.resizeColumnsToContents()

    def _failed(self, message: str) -> None:
        self._stop_thread()
        self.status.setText(f"批量自检失败（程序内部错误）：{message}")

    def _stop_thread(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread.deleteLater()
            self._worker.deleteLater()
        self._thread = None
        self.start_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.report_button.setEnabled(bool(self.rows))

    def done(self, result: int) -> None:  # closing the dialog cancels and waits for the thread
        if self._worker is not None:
            self._worker.cancel()
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
        super().done(result)

    # -- results -----------------------------------------------------------------------------
    def _row_at(self, table_row: int) -> dict | None:
        item = self.files_table.item(table_row, 0)
        return None if item is None else self.rows[item.data(Qt.ItemDataRole.UserRole)]

    def _show_findings(self) -> None:
        self.findings_table.setRowCount(0)
        selected = self.files_table.selectedItems()
        row = self._row_at(selected[0].row()) if selected else None
        if row is None:
            return
        for f in row["findings"]:
            r = self.findings_table.rowCount()
            self.findings_table.insertRow(r)
            values = [SEVERITY_LABELS[f["severity"]], f["table_title"], f["row_label"] or f["row"] or "",
                      f["column_label"] or f["column"] or "", f["message"]]
            for c, v in enumerate(values):
                self.findings_table.setItem(r, c, QTableWidgetItem(str(v)))

    def _open_file_row(self, table_row: int, _column: int) -> None:
        row = self._row_at(table_row)
        if row is None:
            return
        problems = [f for f in row["findings"] if f["severity"] != "rounding"] or row["findings"]
        self.openAt.emit(row["file"], finding_from_dict(problems[0]) if problems else None)

    def _open_finding_row(self, table_row: int, _column: int) -> None:
        selected = self.files_table.selectedItems()
        row = self._row_at(selected[0].row()) if selected else None
        if row is not None and table_row < len(row["findings"]):
            self.openAt.emit(row["file"], finding_from_dict(row["findings"][table_row]))

    def _pick_report(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "导出批量自检报告", str(self._last_dir() / "批量自检报告.xlsx"),
                                              "Excel 工作簿 (*.xlsx)")
        if name:
            self.write_report(Path(name))

    def write_report(self, path: Path) -> bool:
        from budgetdesk.io.batch.report import write_batch_report

        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        try:
            write_batch_report(self.rows, path)
        except OSError as exc:
            QMessageBox.critical(self, "无法写出报告", f"{path}：{exc}")
            return False
        self.status.setText(f"已写出报告 {path}")
        return True


def open_at(window, path: str, finding: Finding | None) -> bool:
    """Open ``path`` in the main window (asking to save changes first) and show ``finding``."""
    if not window.maybe_save() or not window.open_path(path):
        return False
    if finding is not None and finding.table in window.pages:
        window.jump_to(finding)
    window.raise_()
    window.activateWindow()
    return True


def add_batch_actions(window, menu) -> None:
    """The 文件 menu entries 批量自检 and 汇总 (one hook in the main window)."""
    from budgetdesk.ui.dialogs.merge_dialog import show_merge_dialog

    menu.addSeparator()
    menu.addAction("批量自检(&B)…").triggered.connect(lambda: show_batch_dialog(window))
    menu.addAction("部门汇总(&H)…").triggered.connect(lambda: show_merge_dialog(window))


def show_batch_dialog(window) -> BatchDialog:
    dialog = getattr(window, "batch_dialog", None)
    if dialog is None:
        dialog = BatchDialog(window, last_dir=window._last_dir)
        dialog.openAt.connect(lambda path, finding: open_at(window, path, finding))
        window.batch_dialog = dialog
    dialog.show()
    dialog.raise_()
    return dialog
