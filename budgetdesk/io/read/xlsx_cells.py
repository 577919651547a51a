"""The cell values of an .xlsx, read straight from its sheet XML (defusedxml), as openpyxl would give them.

Importing openpyxl costs a one-shot command about 60 ms — its reader pulls in the writer, charts,
drawings and pivot tables — and its read-only parse about as much again; a ``convert`` or a batch
of a thousand files pays that per process. Reading values needs far less: the workbook's sheet
list, the shared strings, which cell styles are dates, and each sheet's ``<c>`` elements. Values
come out typed like openpyxl's ``values_only`` rows (str, int, float, bool, datetime/time, the
error text such as ``#DIV/0!``), rows numbered from 1 with missing rows given as empty lists, so
the placement and its checks are unchanged. Formulas are never evaluated: a formula cell is its
stored result, and a formula without one is reported with its text. Limits (rows, columns, cells,
parse time) are ticked through the current read budget; DTDs are refused before this runs
(``limits.member_with_dtd``) and the parser forbids entities and external references besides.
"""

from __future__ import annotations

import datetime as _dt
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from typing import Iterator

from xml.etree.ElementTree import ParseError

from defusedxml.ElementTree import iterparse, parse

from budgetdesk.io.limits import ReadError, current_budget

MAX_COLUMN = 16_384  # XFD, the last column Excel has
_WINDOWS_EPOCH = _dt.datetime(1899, 12, 30)
_MAC_EPOCH = _dt.datetime(1904, 1, 1)
# built-in number formats that show dates or times (Excel's list, with the East Asian ids 27–36 and 50–58)
_BUILTIN_DATES = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])
_BUILTIN_DURATION = frozenset({46})  # [h]:mm:ss
_LITERAL_OR_LOCALE = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_TOKEN = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_DURATION = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)
_REF = re.compile(r"([A-Z]{1,3})([0-9]+)$")


class XlsxError(ReadError):
    pass


def column_letter(n: int) -> str:
    """1 → A, 28 → AB (Excel's column names)."""
    if 0 < n < len(_LETTERS):
        return _LETTERS[n]
    return _letters(n)


def _letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


_LETTERS = ["", *(_letters(n) for n in range(1, 703))]  # A … ZZ: every cell of a real table is named, often


def column_number(letters: str) -> int:
    """A → 1, AB → 28."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def split_cell_ref(ref: str) -> tuple[str, int]:
    """"AB12" → ("AB", 12); ValueError for anything else."""
    match = _REF.match(ref)
    if match is None:
        raise ValueError(f"不是单元格编号：{ref[:20]}")
    return match.group(1), int(match.group(2))


def is_date_format(code: str) -> bool:
    """Whether a number format shows a date or time (first section, quoted text and [colours] ignored)."""
    first = _LITERAL_OR_LOCALE.sub("", code.split(";")[0])
    return _DATE_TOKEN.search(first) is not None


@dataclass
class Sheet:
    """One worksheet: its name, state (visible/hidden/veryHidden) and the zip member holding its cells."""

    title: str
    state: str
    member: str
    uncached: list[tuple[str, str]] = field(default_factory=list)  # (cell, formula) read as blank


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _attr(element, name: str) -> str | None:
    """An attribute by local name, in whatever namespace (transitional or strict OOXML)."""
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return None


class XlsxBook:
    """An open .xlsx: its worksheets in order, and their rows on demand."""

    def __init__(self, path, name: str):
        self.name = name
        self.zip = zipfile.ZipFile(path)
        try:
            self._read_workbook()
        except Exception:
            self.zip.close()
            raise

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> XlsxBook:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _xml(self, member: str):
        try:
            with self.zip.open(member) as fh:
                return parse(fh).getroot()
        except KeyError:
            raise XlsxError(f"{self.name}：压缩包中没有 {member}，工作簿不完整") from None

    def _read_workbook(self) -> None:
        targets: dict[str, tuple[str, str]] = {}  # relationship id → (type, member)
        if "xl/_rels/workbook.xml.rels" in self.zip.NameToInfo:
            for rel in self._xml("xl/_rels/workbook.xml.rels"):
                target = rel.get("Target") or ""
                member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
                targets[rel.get("Id") or ""] = ((rel.get("Type") or "").rpartition("/")[2], member)
        workbook = self._xml("xl/workbook.xml")
        self.epoch = _WINDOWS_EPOCH
        self.sheets: list[Sheet] = []
        for element in workbook.iter():
            tag = _local(element.tag)
            if tag == "workbookPr" and (element.get("date1904") or "").lower() in ("1", "true"):
                self.epoch = _MAC_EPOCH
            elif tag == "sheet":
                kind, member = targets.get(_attr(element, "id") or "", ("", ""))
                if kind == "worksheet":  # chart sheets and dialog sheets hold no cells
                    self.sheets.append(Sheet(element.get("name") or "", element.get("state") or "visible", member))
        by_kind = {kind: member for kind, member in targets.values()}
        self.strings = self._shared_strings(by_kind.get("sharedStrings"))
        self.dates, self.durations = self._date_styles(by_kind.get("styles"))

    def _shared_strings(self, member: str | None) -> list[str]:
        if not member or member not in self.zip.NameToInfo:
            return []
        budget = current_budget()
        budget.at("", "共享字符串表")
        strings: list[str] = []
        with self.zip.open(member) as fh:
            for _, element in iterparse(fh):
                if _local(element.tag) == "si":
                    strings.append(_text(element).replace("x005F_", ""))
                    element.clear()
                    if len(strings) % 1000 == 0:
                        budget.tick(0)  # time only: strings are not cells
        budget.at("", "")
        return strings

    def _date_styles(self, member: str | None) -> tuple[frozenset[int], frozenset[int]]:
        """The cell style indexes (``s``) whose number format is a date, and those that are durations."""
        if not member or member not in self.zip.NameToInfo:
            return frozenset(), frozenset()
        root = self._xml(member)
        custom = {}
        dates, durations = set(), set()
        for element in root.iter():
            if _local(element.tag) == "numFmt":
                custom[element.get("numFmtId")] = element.get("formatCode") or ""
        xfs = next((e for e in root.iter() if _local(e.tag) == "cellXfs"), None)
        for index, xf in enumerate(xfs if xfs is not None else ()):
            number_format = xf.get("numFmtId") or "0"
            if number_format in custom:
                if is_date_format(custom[number_format]):
                    dates.add(index)
                if _DURATION.search(custom[number_format].split(";")[0]):
                    durations.add(index)
            elif number_format.isdigit() and int(number_format) in _BUILTIN_DATES:
                dates.add(index)
                if int(number_format) in _BUILTIN_DURATION:
                    durations.add(index)
        return frozenset(dates), frozenset(durations)

    def rows(self, sheet: Sheet) -> Iterator[list]:
        """The sheet's rows from row 1: a list of values per row (None for an empty cell), [] for a missing row.

        Formula cells without a stored result are blank here and listed in ``sheet.uncached``."""
        try:
            yield from self._rows(sheet)
        except ParseError as exc:
            raise XlsxError(f"{self.name}：工作表“{sheet.title}”的内容已损坏（XML 第 {exc.position[0]} 行第 "
                            f"{exc.position[1]} 列），未导入") from None
        except KeyError:
            raise XlsxError(f"{self.name}：压缩包中没有工作表“{sheet.title}”的内容 {sheet.member}，工作簿不完整") from None

    def _rows(self, sheet: Sheet) -> Iterator[list]:
        expected = 1
        with self.zip.open(sheet.member) as fh:
            for _, element in iterparse(fh):
                if _local(element.tag) != "row":
                    continue
                number = element.get("r")
                index = int(number) if number and number.isdigit() else expected
                if index < expected:
                    raise XlsxError(f"{self.name}：工作表“{sheet.title}”第 {index} 行出现在第 {expected - 1} 行之后，"
                                    "文件已损坏")
                while expected < index:
                    expected += 1
                    yield []
                yield self._row(sheet, element, index)
                expected = index + 1
                element.clear()

    def _row(self, sheet: Sheet, row, index: int) -> list:
        """The row's values by column. A cell's own number is trusted for its column only (openpyxl does
        the same); cells out of order are placed where they belong, two cells in one place are refused."""
        placed: dict[int, object] = {}
        column = 0
        for cell in row:
            if _local(cell.tag) != "c":
                continue
            ref = cell.get("r")
            if ref:
                try:
                    column = column_number(split_cell_ref(ref)[0])
                except ValueError:
                    raise XlsxError(f"{self.name}：工作表“{sheet.title}”第 {index} 行有单元格编号“{ref[:20]}”，"
                                    "文件已损坏") from None
            else:
                column += 1
            if column > MAX_COLUMN or column in placed:
                raise XlsxError(f"{self.name}：工作表“{sheet.title}”第 {index} 行的单元格“{(ref or '')[:20]}”"
                                f"{'超出最后一列' if column > MAX_COLUMN else '重复出现'}，文件已损坏")
            placed[column] = self._value(sheet, cell, f"{column_letter(column)}{index}")
        values = [None] * max(placed, default=0)
        for column, value in placed.items():
            values[column - 1] = value
        return values

    def _value(self, sheet: Sheet, cell, ref: str):
        kind = cell.get("t") or "n"
        stored = formula = inline = None
        for child in cell:
            tag = _local(child.tag)
            if tag == "v":
                stored = child.text or None
            elif tag == "f":
                formula = child.text or ""
            elif tag == "is":
                inline = child
        if kind == "inlineStr":
            return _text(inline) if inline is not None else None
        if stored is None:
            if formula is not None:
                sheet.uncached.append((ref, formula))
            return None
        if kind == "n":
            try:
                number = int(stored)
            except ValueError:
                try:
                    number = float(stored)  # inf and nan too: the placement refuses them naming this cell
                except ValueError:
                    raise XlsxError(f"{self.name}：工作表“{sheet.title}”{ref} 的数值“{stored[:20]}”无法识别，"
                                    "文件已损坏") from None
            style = int(cell.get("s") or 0)
            if style in self.dates:
                return self._date(number, style in self.durations)
            return number
        if kind == "s":
            try:
                return self.strings[int(stored)]
            except (ValueError, IndexError):
                raise XlsxError(f"{self.name}：工作表“{sheet.title}”{ref} 引用了不存在的共享字符串 {stored[:20]}，"
                                "文件已损坏") from None
        if kind == "b":
            return stored.strip() not in ("0", "false")
        if kind == "d":
            try:
                return _dt.datetime.fromisoformat(stored.rstrip("Z"))
            except ValueError:
                return _dt.date.min  # an impossible date is still a date, not an amount
        return stored  # "str" (a formula's text result) and "e" (an error value such as #DIV/0!)

    def _date(self, serial: float, duration: bool):
        """A serial number shown as a date (openpyxl's conversion; Excel's 1900 leap-year bug kept)."""
        try:
            if duration:
                return _dt.timedelta(days=serial)
            day, fraction = divmod(serial, 1)
            moment = _dt.timedelta(milliseconds=round(fraction * 86_400_000))
            if 0 <= serial < 1 and moment.days == 0:
                return (_dt.datetime.min + moment).time()
            if 0 < serial < 60 and self.epoch == _WINDOWS_EPOCH:
                day += 1
            return self.epoch + _dt.timedelta(days=day) + moment
        except (OverflowError, ValueError):
            return _dt.date.min  # out of the calendar: still a date cell, reported, never an amount


def _text(element) -> str:
    """The text of a string item: plain ``<t>`` and rich-text runs, without phonetic guides (``<rPh>``)."""
    parts = []
    for child in element:
        tag = _local(child.tag)
        if tag == "t":
            parts.append(child.text or "")
        elif tag == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return "".join(parts)
