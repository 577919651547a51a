"""Decoding a disclosure text file: UTF-8 or GB18030, and a UTF-8 file damaged in a few places still read.

GB18030 decodes nearly any sequence of bytes, so a file in another encoding (Big5) "decodes" into nonsense that
checks as 0 errors: a GB18030 reading is accepted only when it looks like Chinese text (``gb18030_doubt``), else
the file is refused with a reason instead of misread without a word.

A file cut in the middle of a character (a download that stopped, a copy off a full disk) is UTF-8
with a broken last character; rejecting the whole file for it loses everything else. Such bytes are
replaced by U+FFFD and each one is reported with its line, so nothing changes silently.
"""

from __future__ import annotations

import re

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
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise ReadError(f"{name}：无法识别文件编码（既不是 UTF-8 也不是 GB18030）") from None
    doubt = gb18030_doubt(text)
    if doubt:
        raise ReadError(f"{name}：无法确定文件编码：{doubt}，像是繁体 Big5 或其他编码，按 GB18030 读会读错。"
                        "请在记事本或 WPS 中另存为 UTF-8 后再读")
    return text, []


_CJK = re.compile(r"[\u4e00-\u9fff]")
# what Big5 bytes read as GB18030 turn into: kana, Greek, Cyrillic, box drawing, enclosed and CJK-compatibility
# signs, private use — a Chinese finance text has next to none of them
_UNLIKELY = re.compile(r"[\u0370-\u04ff\u2460-\u24ff\u2500-\u257f\u3040-\u30ff\u3200-\u33ff\ue000-\uf8ff]")
MIN_COMMON_SHARE = 0.8  # of the Chinese characters, how many must be common (GB2312): real texts 100 %, Big5 36-45 %
MAX_UNLIKELY_SHARE = 0.05  # of the non-ASCII characters: real texts 0 %, Big5 read as GB18030 over 60 %


def gb18030_doubt(text: str, sample: int = 200_000) -> str:
    """Why ``text``, decoded as GB18030, is probably not what the file says (GB18030 decodes nearly any bytes,
    so Big5 reads "successfully" as nonsense); "" when it reads as a Chinese text. Looks at the first
    ``sample`` characters."""
    head = text[:sample]
    cjk = _CJK.findall(head)
    unlikely = len(_UNLIKELY.findall(head))
    non_ascii = sum(1 for c in head if c > "\x7f") if unlikely else 0
    if non_ascii >= 20 and unlikely > MAX_UNLIKELY_SHARE * non_ascii:
        return f"读出的文字中有 {unlikely:,} 个假名、希腊或西里尔字母、框线符号等中文公开件中不该出现的字符"
    if len(cjk) >= 20:
        common = len(cjk) - "".join(cjk).encode("gb2312", errors="replace").count(b"?")
        if common < MIN_COMMON_SHARE * len(cjk):
            return f"读出的汉字中常用字只占 {common / len(cjk):.0%}"
    return ""


def check_text_size(text: str, name: str) -> None:
    """Refuse a text with more cells than any disclosure, before splitting it into cells."""
    cells = text.count("\t") + text.count("\n")
    if cells > MAX_TEXT_CELLS:
        raise ReadError(f"{name}：文本含约 {cells:,} 个单元格，超过上限 {MAX_TEXT_CELLS:,}，不像公开件，未读取")
