"""Offering autosaved work at start-up: newest first, one decision per file, never a crash loop.

Each autosave is described with its time, unit and original file. 恢复 opens it; 删除 deletes only
that one; 暂不处理 keeps it for the next start. A file that cannot be loaded is renamed ``….bad``
and reported, so a broken autosave cannot crash every start.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import QMessageBox

from budgetdesk.io.store.project import load_project
from budgetdesk.resources import load_template
from budgetdesk.ui.userdata import clean_stale_temp_files, discard_recovery, pending_recoveries, set_aside

RESTORE, DISCARD, KEEP = True, False, None
Ask = Callable[[str], "bool | None"]


def describe_entry(info: dict) -> str:
    unit = f"{info.get('unit_name') or '（未填单位）'} {info.get('year') or ''}".strip()
    original = info.get("original") or "未命名文档"
    return f"{info.get('saved_at', '未知时间')}　{unit}　原文件：{original}"


def offer_recovery(window, ask: Ask | None = None) -> bool:
    """After a crash or kill, offer each autosave (newest first); True if a document was restored.

    ``ask(question)`` returns True (恢复), False (删除) or None (暂不处理); by default a message box.
    """
    from budgetdesk.ui.flows.crash import log

    clean_stale_temp_files()
    pending = pending_recoveries()
    listing = "\n".join(f"{i + 1}. {describe_entry(info)}" for i, (_p, info) in enumerate(pending))
    for i, (path, info) in enumerate(pending):
        head = f"上次关闭前有 {len(pending)} 份未保存的工作（按时间从新到旧）：\n{listing}\n\n" if len(pending) > 1 else (
            "上次关闭前有未保存的工作：\n")
        question = f"{head}第 {i + 1} 份：{describe_entry(info)}\n是否恢复？（“删除这一份”只删除这一份，其余的保留）"
        decision = ask(question) if ask is not None else _ask_box(window, question)
        if decision is KEEP:
            continue
        if decision is DISCARD:
            discard_recovery(path)
            continue
        try:
            doc = load_project(path, load_template)
        except Exception as exc:  # noqa: BLE001 - whatever is wrong with it, it must not stop the start
            bad = set_aside(path)
            log.warning("恢复文件无法读取，已改名为 %s：%s", bad, exc)
            message = f"自动保存的文件无法读取，已改名为“{bad.name}”保存在恢复文件夹中：{exc}"
            if ask is None:
                QMessageBox.warning(window, "无法恢复", message)
            window.statusBar().showMessage(message, 15000)
            continue
        window.set_document(doc, Path(info["original"]) if info.get("original") else None, dirty=True)
        discard_recovery(path)
        window.write_recovery()  # keep the restored work protected under the new session
        return True
    return False


def _ask_box(window, question: str) -> bool | None:
    box = QMessageBox(QMessageBox.Icon.Question, "恢复未保存的工作", question, parent=window)
    restore = box.addButton("恢复", QMessageBox.ButtonRole.YesRole)
    delete = box.addButton("删除这一份", QMessageBox.ButtonRole.NoRole)
    box.addButton("暂不处理", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.exec()
    clicked = box.clickedButton()
    return RESTORE if clicked is restore else DISCARD if clicked is delete else KEEP
