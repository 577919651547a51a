"""Subject codes (科目编码) and the catalogue they come from.

功能分类 codes have three levels — 类 (3 digits), 款 (5), 项 (7); 部门预算支出经济分类 codes have
two — 类 (3), 款 (5). A code's parent is the code with its last two digits removed.
Catalogue files are plain text (``code<TAB>name`` per line, ``#`` comments), one file per
classification and year, so a new year is a new file.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from budgetdesk.core.text import fold


class Classification(str, Enum):
    FUNCTIONAL = "functional"  # 支出功能分类
    ECONOMIC = "economic"  # 部门预算支出经济分类

    @property
    def label(self) -> str:
        return {"functional": "功能分类", "economic": "经济分类"}[self.value]

    @property
    def lengths(self) -> tuple[int, ...]:
        return (3, 5, 7) if self is Classification.FUNCTIONAL else (3, 5)


LEVEL_NAMES = ("类", "款", "项")


@dataclass(frozen=True)
class SubjectCode:
    code: str
    name: str
    classification: Classification

    @property
    def level(self) -> int:
        """1 for 类, 2 for 款, 3 for 项."""
        return code_level(self.code)

    @property
    def parent(self) -> str | None:
        return parent_code(self.code)


def code_level(code: str) -> int:
    return {3: 1, 5: 2, 7: 3}.get(len(code), 0)


def parent_code(code: str) -> str | None:
    return code[:-2] if len(code) > 3 else None


def is_code(text: str, classification: Classification) -> bool:
    return text.isdigit() and len(text) in classification.lengths


def normalize_code(raw: object) -> str | None:
    """``"208 01 01"``, ``2080101`` (a number), ``"2080101 "`` → ``"2080101"``; anything else → None."""
    if raw is None:
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    s = "".join(str(raw).split())
    s = fold(s)
    return s if s.isdigit() and len(s) in (3, 5, 7) else None


def code_sort_key(code: str) -> tuple[str, ...]:
    """Code order: a parent comes before its children, siblings in numeric order."""
    return tuple(code[:i] for i in range(3, len(code) + 1, 2))


class Catalogue:
    """The codes valid for one classification in one year."""

    def __init__(self, classification: Classification, year: int, codes: dict[str, str], source: str = ""):
        self.classification = classification
        self.year = year
        self.source = source
        self.requested_year = year  # differs from ``year`` when this catalogue stands in for a missing year
        self._codes = {c: SubjectCode(c, n, classification) for c, n in codes.items()}

    def standing_in_for(self, requested_year: int) -> "Catalogue":
        """A copy used for a year that has no catalogue of its own (the nearest year's)."""
        copy = Catalogue(self.classification, self.year, {}, self.source)
        copy._codes, copy.requested_year = self._codes, requested_year
        return copy

    @property
    def fallback_notice(self) -> str:
        """Empty for the year's own catalogue; else a sentence telling which year's catalogue is used."""
        if self.requested_year == self.year:
            return ""
        return (f"没有 {self.requested_year} 年的{self.classification.label}科目目录，"
                f"按最接近的 {self.year} 年目录核对")

    @property
    def distant(self) -> bool:
        """A stand-in more than a year from the year asked for: subjects are renamed and renumbered over such a gap
        (2017's 30311 住房公积金 is 2024's 代缴社会保险费), so a code or name it lacks is no mistake of the document."""
        return abs(self.requested_year - self.year) > 1

    @classmethod
    def parse(cls, text: str, classification: Classification, year: int) -> "Catalogue":
        codes: dict[str, str] = {}
        source_lines = []
        for number, line in enumerate(text.splitlines(), 1):
            stripped = line.strip()
            if not stripped:
                continue
            if stripped.startswith("#"):
                source_lines.append(stripped.lstrip("# "))
                continue
            code, _, name = stripped.partition("\t")
            code, name = code.strip(), name.strip()
            if not is_code(code, classification) or not name:
                raise ValueError(f"科目目录第 {number} 行格式不对：{line!r}")
            codes[code] = name
        return cls(classification, year, codes, "\n".join(source_lines))

    def __contains__(self, code: str) -> bool:
        return code in self._codes

    def __len__(self) -> int:
        return len(self._codes)

    def get(self, code: str) -> SubjectCode | None:
        return self._codes.get(code)

    def name(self, code: str) -> str | None:
        entry = self._codes.get(code)
        return entry.name if entry else None

    def name_matches(self, code: str, name: str | None) -> bool:
        """Whitespace and full-width differences are not mismatches."""
        expected = self.name(code)
        return expected is not None and fold(expected) == fold(name)

    def _index(self) -> tuple[list[SubjectCode], dict[str, list[SubjectCode]]]:
        """All codes in code order and the children of each code, built once (the codes never change after
        construction): the 情况说明 checks ask for them per claim, and sorting 5,000 codes each time made a long
        text quadratic."""
        cached = getattr(self, "_cached_index", None)
        if cached is None or cached[0] is not self._codes:
            ordered = sorted(self._codes.values(), key=lambda c: code_sort_key(c.code))
            children: dict[str, list[SubjectCode]] = {}
            for c in sorted(self._codes.values(), key=lambda c: c.code):
                children.setdefault(c.code[:-2] if len(c.code) > 3 else "", []).append(c)
            named: dict[str, list[SubjectCode]] = {}
            for c in ordered:
                named.setdefault(fold(c.name), []).append(c)
            cached = self._cached_index = (self._codes, ordered, children, named)
        return cached[1], cached[2]

    def named(self, name: str) -> list[SubjectCode]:
        """The codes whose name is ``name`` (whitespace and full-width differences aside), in code order."""
        self._index()
        return list(self._cached_index[3].get(fold(name), ()))

    def children(self, code: str) -> list[SubjectCode]:
        """The codes one level below ``code``, in code order."""
        return list(self._index()[1].get(code, ())) if code else []

    def top_level(self) -> list[SubjectCode]:
        """The 类 (three-digit codes), in code order."""
        return list(self._index()[1].get("", ()))

    def search(self, text: str, limit: int = 50) -> list[SubjectCode]:
        """Codes whose code starts with, or whose name contains, ``text`` — for completers."""
        key = fold(text)
        hits = [c for c in self._codes.values() if c.code.startswith(key) or key in fold(c.name)]
        return sorted(hits, key=lambda c: code_sort_key(c.code))[:limit]

    def all(self) -> list[SubjectCode]:
        return list(self._index()[0])
