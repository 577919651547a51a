"""Lines around a printed table that are not data: 备注 notes and 编制单位/单位/预算年度 metadata lines."""

from __future__ import annotations

import re

_UNIT_WITH_CODE = re.compile(r"^(\d{3,})\s*-?\s*((?![年月日])[\u4e00-\u9fff].*)$")
_META_SENTENCE = re.compile(r"[，。；、：:]")


def is_note_line(text: str) -> bool:
    """A 备注/注 line printed under a table (or a sentence about the table), not a data row."""
    t = text.strip()
    return bool(t) and (t.startswith(("备注", "注：", "注:", "（注：", "(注：", "(注:")) or "本表" in t or "此表" in t or "空表" in t)


def read_meta_line(text: str, meta: dict[str, str]) -> bool:
    """Read a 编制单位/单位/预算年度 line or a "code name" unit line into ``meta``; True if it was one."""
    t = text.strip()
    if not t:
        return False
    for key, label in (("unit_name", "编制单位"), ("money_unit", "单位"), ("money_unit", "金额单位"), ("year", "预算年度")):
        for sep in ("：", ":"):
            if t.startswith(label + sep):
                meta.setdefault(key, t[len(label) + 1:].strip())
                return True
    m = _UNIT_WITH_CODE.match(t)
    if m and not _META_SENTENCE.search(t) and len(t) < 60 and not t.isdigit():
        meta.setdefault("unit_code", m.group(1))
        meta.setdefault("unit_name", m.group(2).strip())
        return True
    return False
