"""文件 → 从上年新建 / 从本年预算新建决算: a new document started from last year's file or from the year's 预算.

The work is ``core.new_year``; this flow picks the file, asks before replacing an unsaved document, opens
the result as a new unsaved document and says what was carried and what was not.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from budgetdesk.core.new_year import final_from_budget, new_year
from budgetdesk.io.files import OpenError, open_document
from budgetdesk.resources import load_template, narrative_data, template_ids

FILTER = "公开表文件 (*.bdesk *.json *.xlsx *.xlsm *.xls *.txt);;所有文件 (*)"


def install_new_year_actions(window, menu) -> None:
    """The two 文件 menu entries (the main window calls this once)."""
    window._action(menu, "从上年新建(&Y)…", lambda: _pick(window, "从上年新建：选择上年的文件", new_from_last_year))
    window._action(menu, "从本年预算新建决算(&G)…", lambda: _pick(window, "从本年预算新建决算：选择本年预算", new_final_from_budget))


def _pick(window, title: str, then) -> None:
    name, _ = QFileDialog.getOpenFileName(window, title, str(window._last_dir()), FILTER)
    if name:
        then(window, Path(name))


def new_from_last_year(window, path: Path) -> bool:
    try:
        last, _ = open_document(path)
        doc, report = new_year(last, narrative_data("carry-over"), source=path.name)
    except (OpenError, ValueError) as exc:
        QMessageBox.warning(window, "无法从上年新建", str(exc))
        return False
    if not _take(window, doc, report.lines(), f"已从 {path.name} 新建 {doc.meta.year} 年文档；请另存为 .bdesk"):
        return False
    QMessageBox.information(window, "从上年新建", "\n".join(report.lines()[:40]))
    return True


def new_final_from_budget(window, path: Path, template: str | None = None) -> bool:
    finals = [t for t in template_ids() if load_template(t).kind == "final_accounts"]
    if template is None:
        if len(finals) == 1:
            template = finals[0]
        else:
            names = [f"{load_template(t).name}（{t}）" for t in finals]
            chosen, ok = QInputDialog.getItem(window, "从本年预算新建决算", "决算模板：", names, 0, False)
            if not ok:
                return False
            template = finals[names.index(chosen)]
    try:
        budget, _ = open_document(path)
        doc, lines = final_from_budget(budget, load_template(template))
    except (OpenError, ValueError) as exc:
        QMessageBox.warning(window, "无法从预算新建决算", str(exc))
        return False
    return _take(window, doc, lines,
                 f"已从 {path.name} 新建 {doc.meta.year} 年度决算（{'；'.join(lines[:2])}）；请另存为 .bdesk")


def _take(window, doc, lines: list[str], message: str) -> bool:
    """The new, unsaved document in the window (after the open one is saved or let go), with what was carried."""
    if not window.maybe_save():
        return False
    window.set_document(doc, None, dirty=True)
    window.new_year_report = lines
    window.statusBar().showMessage(message, 15000)
    return True
