"""The 情况说明 page: an editor of headings and paragraphs, checked live against the tables.

A wrong figure is underlined (wave underline, red for errors, amber for warnings) and its tooltip
shows the figure as written against the expected one. Every change goes through the window's undo
stack as a ``NarrativeCommand`` (typing merges into one step), so Ctrl+Z undoes text edits and
generation alike. 生成 writes the whole text from the tables; 重新生成本节 rewrites one section and
keeps the reasons (主要原因是…) the officer already wrote there.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (QAction, QColor, QFont, QTextBlockFormat, QTextCharFormat, QTextCursor, QTextFormat,
                           QUndoCommand)
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QPushButton, QTextEdit, QToolTip, QVBoxLayout,
                               QWidget)

from budgetdesk.core.document import Document, Event, NarrativeChanged
from budgetdesk.core.findings import Finding, Severity
from budgetdesk.core.money import format_amount
from budgetdesk.core.narrative.check import NARRATIVE_TABLE
from budgetdesk.core.narrative.generate import generate, regenerate
from budgetdesk.core.narrative.model import Block, Narrative
from budgetdesk.core.narrative.more_checks import blanks
from budgetdesk.io.limits import MAX_NARRATIVE_BLOCKS, MAX_NARRATIVE_CHARS, MAX_PARAGRAPH_CHARS, narrative_too_large
from budgetdesk.io.narrative_check import narrative_check
from budgetdesk.resources import narrative_policy, narrative_sections, narrative_vocabulary
from budgetdesk.ui.undo_stack import history_key
from budgetdesk.ui.tooltips import wrapped

HEADING = QTextFormat.Property.UserProperty + 1
SECTION = QTextFormat.Property.UserProperty + 2
UNDERLINE = {Severity.ERROR: "#d32f2f", Severity.WARNING: "#c77700", Severity.ROUNDING: "#58704a",
             Severity.INFO: "#9e9e9e"}
TITLE = "情况说明"
CHECK_DELAY_MS = 250


def pasted_too_large(document, cursor: QTextCursor, text: str) -> str | None:
    """Why pasting ``text`` over the cursor's selection would pass a read limit, or None (a cheap bound first)."""
    if not text:
        return None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2029", "\n").split("\n")
    chars = document.characterCount() - len(cursor.selectedText()) + len(text) - len(lines)
    if chars > MAX_NARRATIVE_CHARS:
        return f"粘贴后情况说明共约 {chars:,} 字，超过上限 {MAX_NARRATIVE_CHARS:,} 字"
    blocks = document.blockCount() + len(lines) - 1
    if blocks > MAX_NARRATIVE_BLOCKS:
        return f"粘贴后情况说明有 {blocks:,} 段，超过上限 {MAX_NARRATIVE_BLOCKS:,} 段"
    longest = max(len(line) for line in lines)
    if longest > MAX_PARAGRAPH_CHARS:
        return f"粘贴的一段有 {longest:,} 字，超过上限 {MAX_PARAGRAPH_CHARS:,} 字"
    return None


class NarrativeCommand(QUndoCommand):
    """Replace the narrative; consecutive typing merges into one undo step."""

    TYPING_ID = 0x4E41
    MERGE_SECONDS = 3.0  # pauses longer than this start a new undo step

    def __init__(self, doc: Document, new: Narrative, text: str, typing: bool = False):
        super().__init__(text)
        self.doc, self.old, self.new, self.typing = doc, doc.narrative, new, typing
        self.last = time.monotonic()

    def id(self) -> int:
        return self.TYPING_ID if self.typing else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (self.typing and isinstance(other, NarrativeCommand) and other.typing):
            return False
        if other.last - self.last > self.MERGE_SECONDS:
            return False
        self.new, self.last = other.new, other.last
        return True

    def redo(self) -> None:
        self.doc.set_narrative(self.new)

    def undo(self) -> None:
        self.doc.set_narrative(self.old)


class NarrativeEditor(QTextEdit):
    """Return starts a plain body paragraph written by hand (not another heading, not generated text).

    Ctrl+Z / Ctrl+Y (Ctrl+Shift+Z) undo and redo here as everywhere else: the editor's own history is off
    (the window's stack holds every edit), so the keys go to ``history`` — the page commits what was just
    typed and then steps the window's stack.
    """

    history = None  # set by the page: history("undo") / history("redo")
    refuse = None  # set by the page: refuse(reason) says why a paste was not taken

    def insertFromMimeData(self, source) -> None:
        """A paste that would take the text past the read limits is refused whole, before Qt lays it out."""
        reason = pasted_too_large(self.document(), self.textCursor(), source.text() if source.hasText() else "")
        if reason and self.refuse is not None:
            self.refuse(reason)
            return
        super().insertFromMimeData(source)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and history_key(event) and self.history is not None:
            event.accept()  # ours, not the window's action's: what was just typed is committed first
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        which = history_key(event)
        if which and self.history is not None:
            self.history(which)
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            bf, cf = QTextBlockFormat(), QTextCharFormat()
            bf.setProperty(HEADING, False)
            bf.setProperty(SECTION, "")
            bf.setTextIndent(24)
            self.textCursor().insertBlock(bf, cf)
            self.ensureCursorVisible()
            return
        super().keyPressEvent(event)


class _ToolTips(QObject):
    def __init__(self, page: "NarrativePage"):
        super().__init__(page)
        self.page = page

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            f = self.page.finding_at(self.page.editor.cursorForPosition(event.pos()))
            if f is not None:
                QToolTip.showText(event.globalPos(), self.page.tooltip(f), self.page.editor)
            else:
                QToolTip.hideText()
            return True
        return False


class NarrativePage(QWidget):
    findingsChanged = Signal()

    def __init__(self, doc: Document, undo, parent=None):
        super().__init__(parent)
        self.doc, self.undo = doc, undo
        self.findings: list[Finding] = []
        self.unchecked: list[Finding] = []
        self._rendering = False
        self.spec = narrative_sections(doc.template_set) or {"sections": []}
        self.title = QLabel(f"<b>{TITLE}</b>")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.generate_button = QPushButton("生成")
        self.generate_button.setToolTip("按表中数字生成完整的情况说明（已写的原因保留）")
        self.generate_button.clicked.connect(self.generate_all)
        self.sections = QComboBox()
        for s in self.spec["sections"]:
            self.sections.addItem(s["heading"], s["id"])
        self.regenerate_button = QPushButton("重新生成本节")
        self.regenerate_button.clicked.connect(lambda: self.regenerate_section(self.sections.currentData()))
        self.heading_button = QPushButton("标题/正文")
        self.heading_button.setToolTip("把光标所在段设为标题或改回正文")
        self.heading_button.clicked.connect(self.toggle_heading)
        self.status = QLabel()
        # issue 25: the blanks left (a draft never passes until they are filled) and F4 to the next one
        self.blanks_label = QLabel()
        self.next_blank_action = QAction("下一个空白", self)
        self.next_blank_action.setShortcut("F4")
        self.next_blank_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.next_blank_action.triggered.connect(self.next_blank)
        self.addAction(self.next_blank_action)
        bar = QHBoxLayout()
        for w in (self.generate_button, self.sections, self.regenerate_button, self.heading_button):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.blanks_label)
        bar.addWidget(self.status)
        self.editor = NarrativeEditor()
        self.editor.history = self.step_history
        self.editor.refuse = lambda reason: self.refuse(reason)  # (late-bound: tests replace the page's refuse)
        self.editor.setPlaceholderText("点“生成”按表中数字写出情况说明，或把已有的情况说明粘贴进来：边写边与表核对。")
        if not self.spec["sections"]:
            for w in (self.generate_button, self.sections, self.regenerate_button):
                w.setEnabled(False)
                w.setToolTip("这类公开件的情况说明章节还没有写成模板数据，只能检查，不能生成")
        self.editor.setAcceptRichText(False)
        self.editor.setUndoRedoEnabled(False)  # the window's undo stack holds every edit
        self.editor.setFont(QFont(self.editor.font().family(), 12))
        self.editor.viewport().installEventFilter(_ToolTips(self))
        self.editor.setMouseTracking(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(bar)
        layout.addWidget(self.editor)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(CHECK_DELAY_MS)
        self.timer.timeout.connect(self.commit_edit)
        self.check_timer = QTimer(self)
        self.check_timer.setSingleShot(True)
        self.check_timer.setInterval(CHECK_DELAY_MS)
        self.check_timer.timeout.connect(self.recheck)
        self.editor.document().contentsChanged.connect(self._edited)
        self._unsubscribe = doc.subscribe(self._on_event)
        self.render(doc.narrative)
        self.recheck()

    def close_page(self) -> None:
        self.timer.stop()
        self.check_timer.stop()
        if self._unsubscribe:
            self._unsubscribe()
            self._unsubscribe = None

    # -- text ↔ narrative --------------------------------------------------------------------
    def render(self, narrative: Narrative) -> None:
        """Show ``narrative`` in the editor, keeping the cursor where it was as far as possible."""
        self._rendering = True
        old = self.editor.textCursor()
        where = (old.blockNumber(), old.positionInBlock())
        doc = self.editor.document()
        doc.clear()
        cursor = QTextCursor(doc)
        for i, b in enumerate(narrative.blocks):
            bf, cf = QTextBlockFormat(), QTextCharFormat()
            bf.setProperty(HEADING, b.heading)
            bf.setProperty(SECTION, b.section_key)
            if b.heading:
                cf.setFontWeight(QFont.Weight.Bold)
                cf.setFontPointSize(13)
                bf.setTopMargin(8)
            else:
                bf.setTextIndent(24)
            if i == 0:
                cursor.setBlockFormat(bf)
                cursor.setBlockCharFormat(cf)
                cursor.setCharFormat(cf)
            else:
                cursor.insertBlock(bf, cf)
            cursor.insertText(b.text, cf)
        block = doc.findBlockByNumber(min(where[0], doc.blockCount() - 1))
        cursor = QTextCursor(block)
        cursor.movePosition(QTextCursor.MoveOperation.Right, n=min(where[1], max(block.length() - 1, 0)))
        self.editor.setTextCursor(cursor)
        self._rendering = False

    def narrative(self) -> Narrative:
        """What the editor holds, block by block (a block's number is its paragraph index)."""
        blocks = []
        block = self.editor.document().begin()
        while block.isValid():
            fmt = block.blockFormat()
            blocks.append(Block(block.text(), bool(fmt.property(HEADING)), fmt.property(SECTION) or ""))
            block = block.next()
        if len(blocks) == 1 and not blocks[0].text:
            return Narrative()
        return Narrative(tuple(blocks))

    def step_history(self, which: str) -> None:
        """Ctrl+Z / Ctrl+Y in the editor: commit the typing still pending, then undo or redo one step."""
        self.commit_edit()
        (self.undo.undo if which == "undo" else self.undo.redo)()

    def refuse(self, reason: str) -> None:
        """Say why an edit was not taken (the text stays as it was)."""
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(self, "情况说明过长", f"{reason}，这次输入未接受。\n"
                                f"情况说明最多 {MAX_NARRATIVE_BLOCKS:,} 段、每段 {MAX_PARAGRAPH_CHARS:,} 字、"
                                f"共 {MAX_NARRATIVE_CHARS:,} 字（最长的真实情况说明约 3 万字），超过的文件保存后将无法再打开。")

    def confirm(self, title: str, text: str) -> bool:
        """Ask a yes/no question (the window puts its own here, which tests replace)."""
        from PySide6.QtWidgets import QMessageBox

        return QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes

    def _edited(self) -> None:
        if not self._rendering:
            self.timer.start()

    def commit_edit(self) -> None:
        """Put what was typed into the document (one merged undo step) and check it.

        A text past the read limits is not taken — it could be saved but never opened again: the editor goes
        back to the last text taken and says why.
        """
        self.timer.stop()
        new = self.narrative()
        too_large = narrative_too_large(new) if new != self.doc.narrative else None
        if too_large:
            self.render(self.doc.narrative)
            self.refuse(too_large)
            return
        if new != self.doc.narrative:
            self.undo.push(NarrativeCommand(self.doc, new, "编辑情况说明", typing=True))

    def _on_event(self, event: Event) -> None:
        if isinstance(event, NarrativeChanged):
            if event.new != self.narrative():
                self.render(event.new)
            self.recheck()
        else:  # a table figure changed: the text may no longer agree with it
            self.check_timer.start()

    # -- generation --------------------------------------------------------------------------
    def _vocabulary(self):
        return narrative_vocabulary(self.doc.meta.year)

    def generate_all(self) -> bool:
        """Write the whole text from the tables; over a text already there, only after asking (one undo step)."""
        self.commit_edit()
        current = self.doc.narrative
        if any(b.text.strip() for b in current.blocks) and not self.confirm(
                "生成情况说明", "情况说明中已有文字。按表中数字重新生成全文？\n"
                "生成的各节将替换现有各节（各节中已写的原因保留；自己写的其他段落放在生成的文字之后）。\n"
                "生成后可以用 Ctrl+Z 撤销。"):
            return False
        if any(b.section_key for b in current.blocks):
            new = regenerate(current, self.doc, self._vocabulary(), self.spec)
        else:
            new = generate(self.doc, self._vocabulary(), self.spec)
            hand = [b for b in current.blocks if b.text.strip()]
            if hand:  # a text written by hand stays, after the generated one
                new = Narrative(new.blocks + tuple(hand))
        self.undo.push(NarrativeCommand(self.doc, new, "生成情况说明"))
        return True

    def regenerate_section(self, section_id: str) -> None:
        self.commit_edit()
        new = regenerate(self.doc.narrative, self.doc, self._vocabulary(), self.spec, section_id)
        self.undo.push(NarrativeCommand(self.doc, new, "重新生成情况说明一节"))

    def toggle_heading(self) -> None:
        self.commit_edit()
        n = self.editor.textCursor().blockNumber()
        blocks = list(self.doc.narrative.blocks)
        if 0 <= n < len(blocks):
            blocks[n] = Block(blocks[n].text, not blocks[n].heading, blocks[n].section_key)
            self.undo.push(NarrativeCommand(self.doc, Narrative(tuple(blocks)), "标题/正文"))

    # -- checking ----------------------------------------------------------------------------
    def recheck(self) -> None:
        self.check_timer.stop()
        result = narrative_check(self.doc.narrative, self.doc)
        self.findings = [f for f in result.findings if f.severity is not Severity.INFO]
        # 未核对: listed in the problem list under its own filter (never counted as errors), each with its reason
        self.unchecked = [f for f in result.findings if f.severity is Severity.INFO]
        left = len(blanks(self.doc.narrative, narrative_policy()))
        self.blanks_label.setText(f"待填空白 {left} 处（F4 下一个）" if left else "")
        self.blanks_label.setToolTip(f"情况说明：{result.counts()}；未核对的说法不计入错误，"
                                     "在问题列表中选“未核对”可逐条查看原因")
        selections = []
        doc = self.editor.document()
        for f in self.findings:
            block = doc.findBlockByNumber(f.position.paragraph)
            if not block.isValid() or f.position.end > block.length():
                continue
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(block)
            cursor.setPosition(block.position() + f.position.start)
            cursor.setPosition(block.position() + f.position.end, QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cursor
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(QColor(UNDERLINE[f.severity]))
            fmt.setToolTip(self.tooltip(f))
            sel.format = fmt
            selections.append(sel)
        self.editor.setExtraSelections(selections)
        errors = sum(1 for f in self.findings if f.severity is Severity.ERROR)
        warnings = sum(1 for f in self.findings if f.severity is Severity.WARNING and not f.explained)
        self.status.setText(f"错误 {errors}　警告 {warnings}" if self.findings else "与表一致")
        self.findingsChanged.emit()

    def next_blank(self) -> bool:
        """Select the next blank after the cursor (from the top after the last); False when none is left."""
        spots = blanks(self.doc.narrative, narrative_policy())
        if not spots:
            return False
        cursor = self.editor.textCursor()
        here = (cursor.blockNumber(), cursor.positionInBlock())
        block, start, end = next((b for b in spots if (b[0], b[1]) >= here and (b[0], b[2]) != here), spots[0])
        found = self.editor.document().findBlockByNumber(block)
        cursor = QTextCursor(found)
        cursor.setPosition(found.position() + start)
        cursor.setPosition(found.position() + end, QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)
        self.editor.ensureCursorVisible()
        return True

    def finding_at(self, cursor: QTextCursor) -> Finding | None:
        n, p = cursor.blockNumber(), cursor.positionInBlock()
        for f in self.findings:
            if f.position.paragraph == n and f.position.start <= p <= f.position.end:
                return f
        return None

    @staticmethod
    def tooltip(f: Finding) -> str:
        expected = "" if f.expected is None else (
            format_amount(f.expected) if f.rule in ("NARR-AMOUNT", "NARR-CHANGE", "NARR-PARTS-SUM") else format(f.expected, "f"))
        lines = [f"{f.severity.label}：{f.column_label}", f"文中：{f.stated}"]
        if expected:
            lines.append(f"应为：{expected}")
        lines.append(f.message)
        return wrapped("\n".join(lines))

    def select_finding(self, f: Finding) -> None:
        """Select the clause a finding quotes (or at least its figure) and show it."""
        if f.table != NARRATIVE_TABLE or f.position is None:
            return
        block = self.editor.document().findBlockByNumber(f.position.paragraph)
        if not block.isValid():
            return
        text = block.text()
        start, end = f.position.start, f.position.end
        if f.quote:
            at = text.rfind(f.quote, 0, end + len(f.quote))
            if at >= 0 and at <= start:
                start, end = at, at + len(f.quote)
        cursor = QTextCursor(block)
        cursor.setPosition(block.position() + start)
        cursor.setPosition(block.position() + min(end, block.length() - 1), QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)
        self.editor.ensureCursorVisible()
        self.editor.setFocus()
