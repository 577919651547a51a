"""From plain text (a published 情况说明 as extracted from Word or PDF) to a ``Narrative``.

The 情况说明 stands before the tables (Chongqing) or after them under its own "…情况说明" heading
(Hebei); table rows (tab-separated) are never narrative. Extracted text breaks lines in the middle of sentences (a page end after "住房保障支出", a line
after "农林水支出（类）"), carries chart residue ("[image: …]", OCR digits) and a table of contents.
Lines are joined while a sentence is unfinished, residue without Chinese characters is dropped, and
reading stops at the 名词解释/附件/附表 part or at the first table — but only after a figure has been
seen, so the same words in a table of contents do not end it early.
"""

from __future__ import annotations

import re
from typing import Callable, Iterable

from budgetdesk.core.narrative.model import Block, Narrative
from budgetdesk.core.text import drop_format_characters

_BOOKMARK = re.compile(r"\[bookmark:[^\[\]]*\]")  # [^[]: an unclosed "[bookmark:" is scanned once, not per "["
_CJK = re.compile(r"[\u4e00-\u9fff]")
_HEADING_MARK = re.compile(
    r"^(?:#+\s*|第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d{1,2}[.．、](?!\d))")
_TERMINAL = tuple("。；：！？;:!?")
_AMOUNT = re.compile(r"\d\s*(?:万元|元)")
_COLUMN_GAP = re.compile(r" {3,}")  # issue 25: `pdftotext -layout` sets table columns apart with runs of spaces
_CARRIED = re.compile(r"[\d.,]{1,20}\s?[%％][；;。，,]?$")  # issue 25: the tail of a sentence, only a percentage
DEFAULT_STOP = ("名词解释", "附件", "附表")
# “（二）项目支出：2025 年本单位项目支出预算 40233.95 万” — a heading run into its paragraph, or a figure: body text
_RUN_IN = re.compile(r"[：:]\s*(?:\S\s*){6,}|\d\.\d")
# “1.行政事业单位养老支出（款）行政单位离退休（项）支出” / “155.66 万元，…” (苏州 2026): a numbered item, not a heading
_LIST_ITEM = re.compile(r"^\d{1,2}[.．、](?!\d)")
# a line of a 公文 holds 28 characters (GB/T 9704); shorter lines without a full stop are not yet known unfinished
_FULL_LINE = 24


_WIDE = "\u4e00-\u9fff，、。；：！？（）“”"
_SPACED_PAIR = re.compile(f"(?<=[{_WIDE}]) (?=[{_WIDE}])")


def _unletterspaced(line: str) -> str:
    """“与 上 年 相 比 ， 财 政 拨 款 收 、 支 总 计 各 减 少5,951.66 万元” (无锡 2025, a line set one character
    apart) read as written: the spaces between characters go when most characters are followed by one."""
    pairs = len(_SPACED_PAIR.findall(line))
    return _SPACED_PAIR.sub("", line) if pairs >= 4 and pairs * 2 >= len(_CJK.findall(line)) else line


def _is_heading(line: str) -> bool:
    if line.startswith("#"):
        return True
    if line.endswith(("（类）", "（款）", "(类)", "(款)")):
        return False
    if len(line) > 40 or _AMOUNT.search(line) or line.endswith(_TERMINAL) or _RUN_IN.search(line):
        return False
    if _HEADING_MARK.match(line):
        return True
    return len(line) <= 30 and not re.search(r"[，。；：、]", line)


def _unfinished(text: str) -> bool:
    """A body line that stops mid-sentence, or a 类/款 name waiting for the rest of its subject."""
    t = text.rstrip()
    return bool(t) and (t.endswith(("（类）", "（款）", "(类)", "(款)")) or (len(t) >= _FULL_LINE and not t.endswith(_TERMINAL + ("）", ")"))))


def _in_a_list(first: str, last: str) -> bool:
    """A paragraph opening a “其中：” list whose last line ends in “；”: the next unnumbered line is its next part
    (湖州交通运输局: “其中：一般公共预算拨款收入 52244.36 万元，占 26.0%；” / “政府性基金收入 139963.40 万元，” …),
    not a paragraph of its own — read apart, the parts after the break were taken for a whole list of their own."""
    return first.lstrip().startswith("其中") and (last or first).rstrip().endswith(("；", ";"))


def _unfinished_joined(pieces: list[str], length: int) -> bool:
    """``_unfinished("".join(pieces))`` without joining: the pieces are stripped lines, so only the last few
    characters and the total length matter."""
    tail = ""
    for piece in reversed(pieces):
        tail = piece + tail
        if len(tail) >= 8:
            break
    return bool(tail) and (tail.endswith(("（类）", "（款）", "(类)", "(款)")) or (
        length >= _FULL_LINE and not tail.endswith(_TERMINAL + ("）", ")"))))


def _figure_follows(text: str, line: str) -> bool:
    """issue 25: a short line ending "…年初预算为" whose figure ("62.29 万元，…") starts the next line."""
    return text.rstrip().endswith(("为", "是", "计", "占", "达", "约", "，", "、")) and line[:1].isdigit()


def parse_text(text: str, *, stop: Iterable[str] = DEFAULT_STOP,
               is_table_title: Callable[[str], bool] | None = None, join_lines: bool = True) -> Narrative:
    """``join_lines``: join a line to the last paragraph while its sentence is unfinished (text extracted from a PDF
    breaks lines anywhere); off for Word, whose paragraphs are paragraphs."""
    stop = tuple(stop)
    blocks: list[Block] = []
    seen_figure = False
    in_tables = False  # the file opens with its tables: the 情况说明 starts at its own heading
    pending: list[str] = []  # the pieces of the last block while its sentence is unfinished, joined once at the end
    pending_len = [0]
    tentative = False  # the last block is a heading only because its line had no punctuation

    def flush() -> None:
        if pending:
            blocks[-1] = Block("".join(pending))
            pending.clear()

    def last_unfinished() -> bool:
        return _unfinished(blocks[-1].text) if not pending else _unfinished_joined(pending, pending_len[0])

    def append(piece: str) -> None:
        if not pending:
            pending.append(blocks[-1].text)
            pending_len[0] = len(blocks[-1].text)
        pending.append(piece)
        pending_len[0] += len(piece)

    text = drop_format_characters(text)  # the one place read text is cleaned: what is checked is what is seen
    for raw in text.splitlines():
        if "\t" in raw or len(_COLUMN_GAP.findall(raw.strip())) >= 2:  # a table row (tabs, or columns laid out with spaces)
            continue
        line = _unletterspaced(_BOOKMARK.sub("", raw).replace("\u3000", " ").strip())
        if not line or line.startswith("[image:"):
            continue
        if not _CJK.search(line):
            # issue 25: "…住房保障支出445.69万元，占" / "15.16%；" — a figure carried over a line break
            if join_lines and blocks and not blocks[-1].heading and _CARRIED.match(line) and last_unfinished():
                append(line)
            continue
        if is_table_title is not None and is_table_title(line):
            flush()
            if any(not b.heading for b in blocks):
                break
            blocks, in_tables = [], True
            continue
        if in_tables:
            if "情况说明" not in line or len(line) > 60:
                continue
            in_tables = False
        heading = _is_heading(line)
        clean = line.lstrip("#").strip()
        if join_lines and blocks and blocks[-1].heading and tentative and not heading and not _HEADING_MARK.match(line):
            # “苏州市审计局 2026 年度一般公共预算拨款安排的会议费预算” / “支出 10 万元，…”: a full line of a 公文
            # without a heading's number, that the next body line goes on from, began a paragraph
            blocks[-1] = Block(blocks[-1].text)
            append(clean)
            tentative = False
            continue
        tentative = False
        if seen_figure and heading and any(s in clean for s in stop):
            break
        # the last block's end and length tell whether it is unfinished: its pieces are not joined for every line
        if join_lines and blocks and not blocks[-1].heading and not _HEADING_MARK.match(line) and (
                last_unfinished() or _figure_follows(pending[-1] if pending else blocks[-1].text, line)
                or not heading and _in_a_list(pending[0] if pending else blocks[-1].text, pending[-1] if pending else "")):
            append(clean)
        else:
            flush()
            if heading:
                blocks.append(Block(clean, heading=True))
                tentative = not line.startswith("#") and len(clean) >= _FULL_LINE and (
                    not _HEADING_MARK.match(clean) or _LIST_ITEM.match(clean) is not None)
            else:
                blocks.append(Block(clean))
        if _AMOUNT.search(line):
            seen_figure = True
    flush()
    return Narrative(tuple(blocks))
