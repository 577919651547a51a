"""One text sanitiser for every writer (xlsx, PDF, .bdesk): user text stays inert and the file stays valid.

- Text beginning with = + - @ is text: never a formula (also in titles, header rows and the hidden sheet).
- Characters XML 1.0 forbids (C0 controls other than tab/newline/return, U+FFFE, U+FFFF) and lone
  surrogates, which no UTF encoding can write, are replaced by U+FFFD — and reported, never silently.
- Text longer than a cell holds (Excel: 32,767 characters) is cut, with a notice.
- Sheet names are made valid for Excel: no []:*?/\\, no leading or trailing ', at most 31 characters,
  unique regardless of case, never the reserved name History.
"""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@")
REPLACEMENT = "\ufffd"
MAX_CELL_TEXT = 32_767
MAX_SHEET_NAME = 31
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def escaped_name(text: str) -> str:
    """A file name as it can be shown and written: bytes that are not UTF-8 (kept by Python as surrogate escapes)
    as ``\\xff``, any other lone surrogate as ``\\ud800`` — the name stays recognisable, unlike U+FFFD."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def is_formula_like(text: object) -> bool:
    return isinstance(text, str) and text.startswith(FORMULA_START)


def _describe(chars: list[str]) -> str:
    shown = sorted({f"U+{ord(c):04X}" for c in chars})
    return "、".join(shown[:5]) + ("等" if len(shown) > 5 else "")


class Sanitizer:
    """Cleans the text one export writes and collects what it had to change, for the export's notices."""

    def __init__(self, max_length: int = MAX_CELL_TEXT):
        self.max_length = max_length
        self.notices: list[str] = []

    def text(self, value: str, where: str) -> str:
        """``value`` made writable; a notice naming ``where`` for every change."""
        bad = _XML_ILLEGAL.findall(value)
        if bad:
            value = _XML_ILLEGAL.sub(REPLACEMENT, value)
            self.notices.append(f"{where}：含不能写入文件的字符（{_describe(bad)}），已替换为“{REPLACEMENT}”")
        if len(value) > self.max_length:
            self.notices.append(f"{where}：文字长 {len(value):,} 字，超过 {self.max_length:,} 字的上限，已截断")
            value = value[: self.max_length - 1] + "…"
        return value

    def storable(self, value: str, where: str) -> str:
        """For SQLite (.bdesk): only lone surrogates cannot be stored; everything else is kept exactly."""
        bad = _SURROGATE.findall(value)
        if not bad:
            return value
        self.notices.append(f"{where}：含无法保存的字符（{_describe(bad)}，孤立的代理项），已替换为“{REPLACEMENT}”")
        return _SURROGATE.sub(REPLACEMENT, value)

    def sheet_name(self, title: str, used: set[str]) -> str:
        """A name Excel accepts, unique (case-insensitively) among ``used``, which it joins."""
        name = _XML_ILLEGAL.sub("", _BAD_SHEET_CHARS.sub("", title)).strip().strip("'").strip()
        name = name[:MAX_SHEET_NAME].rstrip("'").strip() or "表"
        base, n = name, 2
        taken = {u.casefold() for u in used} | {"history"}
        while name.casefold() in taken:
            suffix = f"({n})"
            name, n = base[: MAX_SHEET_NAME - len(suffix)].rstrip("'") + suffix, n + 1
        if name != title:
            self.notices.append(f"表“{_XML_ILLEGAL.sub(REPLACEMENT, title[:40])}”的工作表名改为“{name}”（Excel 不允许原名）")
        used.add(name)
        return name


def write_cell_text(cell, value: str, sanitizer: Sanitizer, where: str) -> None:
    """Put text in an openpyxl cell as text: cleaned, never a formula, marked so Excel keeps it text when edited."""
    cell.value = sanitizer.text(value, where)
    cell.data_type = "s"
    if is_formula_like(value):
        cell.quotePrefix = True


def neutralise_workbook(wb, sanitizer: Sanitizer) -> None:
    """Last pass over every cell of every sheet before saving: no text may be a formula or invalid XML."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and (cell.data_type != "s" or _XML_ILLEGAL.search(cell.value)
                                                    or len(cell.value) > sanitizer.max_length):
                    write_cell_text(cell, cell.value, sanitizer, f"工作表“{ws.title}”{cell.coordinate}")
    props = wb.properties
    for attr in ("title", "creator", "subject", "description"):
        value = getattr(props, attr, None)
        if isinstance(value, str):
            setattr(props, attr, _XML_ILLEGAL.sub(REPLACEMENT, value)[:255])
