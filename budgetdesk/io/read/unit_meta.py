"""The unit name, unit code, year and money unit printed above a table, however a workbook lays them out.

Finance offices put these lines in many shapes: one item per row (what ``read_meta_line`` reads),
three items across one row (河北: ``323某某局 | 预算年度：2024 | 单位：万元``), several items in one
merged cell separated by spaces, a label cell followed by its value cell (``预算年度： | 2024``), or
the unit code in its own cell. A row counts as metadata only when every piece of it is one, so a
data row is never taken for a meta line. When no line states the year, it is taken from the titles,
column headers or the file name — a document with year 0 would print “年部门预算公开表”.
"""

from __future__ import annotations

import re

from budgetdesk.io.read.meta_lines import read_meta_line

MONEY_UNITS = ("元", "万元", "千元", "亿元")
# label → field; longer labels first, so 单位名称 is not read as 单位 (the money unit)
_LABELS = sorted({
    "编制单位": "unit_name", "编制部门": "unit_name", "单位名称": "unit_name", "部门名称": "unit_name", "预算单位": "unit_name",
    "填报单位": "unit_name", "部门": "unit_name", "部门（单位）": "unit_name", "部门(单位)": "unit_name",
    "单位编码": "unit_code", "单位代码": "unit_code", "部门编码": "unit_code", "部门代码": "unit_code",
    "预算单位编码": "unit_code",
    "预算年度": "year", "年度": "year", "金额单位": "money_unit", "单位": "money_unit",
}.items(), key=lambda kv: -len(kv[0]))
_SPLIT = re.compile(r"[ \t\u3000]{2,}|\t|\u3000")
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
_YEAR_WITH_NIAN = re.compile(r"(?<!\d)(20\d\d)\s*年")
_CODE_THEN_NAME = re.compile(r"^(\d{3,})\s*[-－]?\s*((?![年月日])[\u4e00-\u9fff（(].*)$")
_BARE_CODE = re.compile(r"^\d{3,12}$")


def year_in(text: str) -> int:
    """The year a title, header or file name names (``2024年``, ``2024``), or 0."""
    m = _YEAR_WITH_NIAN.search(text) or _YEAR.search(text)
    return int(m.group(1)) if m else 0


def _bare_label(piece: str) -> str | None:
    stripped = piece.rstrip("：: ")
    for label, key in _LABELS:
        if stripped == label:
            return key
    return None


_MONEY_UNIT_RUN_ON = re.compile(r"(?:金额)?单位\s*[:：]\s*(万元|元|千元|亿元)\s*$")


def _store(key: str, value: str, meta: dict[str, str]) -> bool:
    value = value.strip()
    if key == "year":
        year = year_in(value)
        if not year:
            return False
        meta.setdefault("year", str(year))
    elif key == "money_unit":
        if value in MONEY_UNITS:
            meta.setdefault("money_unit", value)
        elif _CODE_THEN_NAME.match(value):  # “单位：323某某局” names the unit, not the money unit
            return _store("unit_name", value, meta)
        else:
            return False
    elif key == "unit_name":
        run_on = _MONEY_UNIT_RUN_ON.search(value)  # 杭州交通运输局: “部门名称：杭州市交通运输局单位：万元” set close
        if run_on and value[:run_on.start()].strip():
            _store("money_unit", run_on.group(1), meta)
            value = value[:run_on.start()]
        m = _CODE_THEN_NAME.match(value)
        if m:
            meta.setdefault("unit_code", m.group(1))
            value = m.group(2)
        if not value:
            return False
        meta.setdefault("unit_name", value.strip())
    elif key == "unit_code":
        if not _BARE_CODE.match(value):
            return False
        meta.setdefault("unit_code", value)
    return True


def _read_piece(piece: str, meta: dict[str, str]) -> bool:
    for label, key in _LABELS:
        for sep in ("：", ":"):
            if piece.startswith(label + sep):
                return _store(key, piece[len(label) + 1:], meta)
    return read_meta_line(piece, meta)


def read_meta_row(texts: list[str], meta: dict[str, str]) -> bool:
    """Read a row of cell texts above a table into ``meta``; True (and ``meta`` updated) only if all of it is metadata."""
    pieces = [p.strip() for t in texts for p in _SPLIT.split(t.strip()) if p.strip()]
    if not pieces:
        return False
    found: dict[str, str] = {}
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        key = _bare_label(piece)
        if key is not None and i + 1 < len(pieces) and _bare_label(pieces[i + 1]) is None:
            if not _store(key, pieces[i + 1], found):
                return False
            i += 2
            continue
        if _BARE_CODE.match(piece) and i + 1 < len(pieces) and _CODE_THEN_NAME.match(piece + pieces[i + 1]):
            if not _store("unit_name", piece + pieces[i + 1], found):  # code and name in two cells
                return False
            i += 2
            continue
        if not _read_piece(piece, found):
            return False
        i += 1
    for k, v in found.items():
        meta.setdefault(k, v)
    return True
