"""Teach once, in the import report: assign a row or column the import could not place to a template row/column.

The choices are saved per template set in the user data folder (``mappings/<template set>.json``,
see ``io.mappings``) and applied at every later import; they can be exported to a file for
colleagues (and for ``budgetdesk check --aliases FILE``) and imported from one.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from budgetdesk.core.template import TemplateSet
from budgetdesk.io.read.mappings import MappingError, MappingStore, save_file
from budgetdesk.io.read.import_report import ImportReport
from budgetdesk.ui.userdata import user_dir

NOT_ASSIGNED = "（不对应）"


def mapping_store() -> MappingStore:
    return MappingStore(user_dir() / "mappings")


class TeachPanel(QWidget):
    """One line per unplaced row or column: where it is, how the file words it, and a choice of template row/column."""

    taught = Signal(int)  # number of mappings saved

    def __init__(self, report: ImportReport, template_set: TemplateSet, store: MappingStore | None = None, parent=None):
        super().__init__(parent)
        self.template_set = template_set
        self.store = store or mapping_store()
        self.items: list[tuple[str, str, str]] = []  # (kind "row"/"column", table id, label as written)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["位置", "表", "文件中的写法", "对应到模板中的"])
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        seen = set()
        for kind, entries in (("row", report.unknown_rows), ("column", report.unknown_columns)):
            for table_id, label, where in entries:
                if (kind, table_id, label) in seen or not template_set.has_table(table_id):
                    continue
                seen.add((kind, table_id, label))
                self._add_line(kind, table_id, label, where)
        self.status = QLabel("为文件中没有识别的行或列选择模板中的对应项，保存后每次导入都会自动应用。")
        self.status.setWordWrap(True)
        self.save_button = QPushButton("保存对应(&S)")
        self.save_button.clicked.connect(self.save)
        export_button = QPushButton("导出对应表…")
        export_button.clicked.connect(self.export_file)
        import_button = QPushButton("导入对应表…")
        import_button.clicked.connect(self.import_file)
        buttons = QHBoxLayout()
        for b in (self.save_button, export_button, import_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("<b>教一次：未识别的行和列</b>"))
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.status)

    def _add_line(self, kind: str, table_id: str, label: str, where: str) -> None:
        template = self.template_set.table(table_id)
        combo = QComboBox()
        combo.addItem(NOT_ASSIGNED, None)
        if kind == "row":
            for spec in template.fixed_rows:
                combo.addItem(f"{spec.label}（{spec.key}）", spec.key)
        else:
            for col in template.columns:
                if col.kind in ("amount", "text"):
                    combo.addItem(f"{'/'.join(col.path)}（{col.key}）", col.key)
        n = self.table.rowCount()
        self.table.insertRow(n)
        for j, text in enumerate((where, template.title, label)):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            self.table.setItem(n, j, item)
        self.table.setCellWidget(n, 3, combo)
        self.items.append((kind, table_id, label))

    def combo(self, line: int) -> QComboBox:
        return self.table.cellWidget(line, 3)

    def choose(self, line: int, key: str) -> None:
        """Select template row/column ``key`` for ``line`` (what the officer does with the drop-down)."""
        combo = self.combo(line)
        combo.setCurrentIndex(combo.findData(key))

    def save(self) -> int:
        mappings = self.store.load(self.template_set.id)
        count = 0
        for line, (kind, table_id, label) in enumerate(self.items):
            key = self.combo(line).currentData()
            if not key:
                continue
            if kind == "row":
                mappings.teach_row(table_id, label, key)
            else:
                mappings.teach_column(table_id, label, key)
            count += 1
        if count:
            path = self.store.save(mappings)
            self.status.setText(f"已保存 {count} 条对应（{path}），下次导入时自动应用；重新导入本文件即可生效。")
        else:
            self.status.setText("没有选择任何对应。")
        self.taught.emit(count)
        return count

    def export_file(self, path: Path | None = None) -> Path | None:
        if not path:
            chosen, _ = QFileDialog.getSaveFileName(self, "导出对应表", f"{self.template_set.id}-对应表.json", "对应表 (*.json)")
            if not chosen:
                return None
            path = Path(chosen)
        out = save_file(self.store.load(self.template_set.id), Path(path))
        self.status.setText(f"已导出对应表到 {out}")
        return out

    def import_file(self, path: Path | None = None) -> bool:
        if not path:
            chosen, _ = QFileDialog.getOpenFileName(self, "导入对应表", "", "对应表 (*.json)")
            if not chosen:
                return False
            path = Path(chosen)
        try:
            merged = self.store.import_file(Path(path))
        except MappingError as exc:
            self.status.setText(f"无法导入：{exc}")
            return False
        self.status.setText(f"已导入对应表，模板“{merged.template_set}”现有 {len(merged)} 条对应，下次导入时自动应用。")
        return True


def attach_teach_panel(dialog, report: ImportReport | None, template_set: TemplateSet | None) -> TeachPanel | None:
    """Add the teaching panel under the report text when the import left rows or columns unrecognised."""
    if report is None or template_set is None or not (report.unknown_rows or report.unknown_columns):
        return None
    panel = TeachPanel(report, template_set, parent=dialog)
    dialog.layout().insertWidget(1, panel)
    dialog.resize(max(dialog.width(), 820), max(dialog.height(), 620))
    dialog.teach_panel = panel
    return panel
