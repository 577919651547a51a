"""Decoding a disclosure text file: UTF-8 or GB18030, and a UTF-8 file damaged in a few places still read.

A file cut in the middle of a character (a download that stopped, a copy off a full disk) is UTF-8
with a broken last character; rejecting the whole file for it loses everything else. Such bytes are
replaced by U+FFFD and each one is reported with its line, so nothing changes silently.
"""

from __future__ import annotations

from budgetdesk.io.limits import MAX_TEXT_CELLS, ReadError

MAX_BROKEN = 16  # more broken bytes than this and the file is not UTF-8 with a few accidents


def decode_text(data: bytes, name: str) -> tuple[str, list[str]]:
    """The text of ``data`` and notices about every byte that could not be decoded."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    broken: list[int] = []
    pos = 0
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    while len(broken) <= MAX_BROKEN:
        try:
            body[pos:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            broken.append(pos + exc.start)
            pos += exc.end
    if len(broken) <= MAX_BROKEN and len(body) > 4 * len(broken):
        text = body.decode("utf-8", errors="replace")
        newline = b"\n"
        notices = [f"{name} 第{body.count(newline, 0, at) + 1}行有无法识别的字节（{body[at:at + 4].hex(' ')}…），"
                   "已显示为“\ufffd”，请核对原文件" for at in broken]
        return text, notices
    try:
        return data.decode("gb18030"), []
    except UnicodeDecodeError:
        raise ReadError(f"{name}：无法识别文件编码（既不是 UTF-8 也不是 GB18030）") from None


def check_text_size(text: str, name: str) -> None:
    """Refuse a text with more cells than any disclosure, before splitting it into cells."""
    cells = text.count("\t") + text.count("\n")
    if cells > MAX_TEXT_CELLS:
        raise ReadError(f"{name}：文本含约 {cells:,} 个单元格，超过上限 {MAX_TEXT_CELLS:,}，不像公开件，未读取")
