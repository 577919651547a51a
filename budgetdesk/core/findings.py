"""Findings: what a check says about the document, as plain immutable records.

Like beancount's errors, a finding carries its own location (table, row, column) and the figures
behind it (expected, actual, difference), so the GUI, the CLI and batch checks all report the
same thing. ``key`` is a stable identity (rule + location) under which the officer's explanation of
a warning is stored; it does not depend on the figures, so it survives edits elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"  # must be fixed
    WARNING = "warning"  # must be fixed or explained (出错说明)
    ROUNDING = "rounding"  # difference rounding alone explains; information
    INFO = "info"  # 未核对: a claim that could not be checked, and why; information, never counted against 通过

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "rounding": "尾差", "info": "未核对"}[self.value]

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "rounding": 2, "info": 3}[self.value]


@dataclass(frozen=True)
class CellRef:
    table: str
    row: str | None = None
    column: str | None = None
    # where the cell came from when the document was read from a file: "表1!C7"
    source: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        return ":".join(x or "" for x in (self.table, self.row, self.column))

    def to_dict(self) -> dict[str, str | None]:
        return {"table": self.table, "row": self.row, "column": self.column, "source": self.source}


@dataclass(frozen=True)
class TextPosition:
    """Where a narrative finding's clause stands: section, paragraph and character offsets [start, end)."""

    section: str = ""
    paragraph: int = 0
    start: int = 0
    end: int = 0

    def to_dict(self) -> dict[str, object]:
        return {"section": self.section, "paragraph": self.paragraph, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    table: str
    row: str | None
    column: str | None
    message: str
    expected: Decimal | None = None
    actual: Decimal | None = None
    difference: Decimal | None = None
    related: tuple[CellRef, ...] = ()
    explanation: str | None = None
    # where the figure came from when the document was read from a file: "表1!C7"
    source: str | None = None
    table_title: str = ""
    row_label: str = ""
    column_label: str = ""
    extra: tuple[tuple[str, str], ...] = field(default=())
    # the cells most likely wrong, best first (any finding may carry them)
    suspects: tuple[CellRef, ...] = ()
    # narrative findings: the clause as written, the value as written, and where the clause stands
    quote: str | None = None
    stated: str | None = None
    position: TextPosition | None = None

    @property
    def key(self) -> str:
        return finding_key(self.rule, self.table, self.row, self.column)

    @property
    def explained(self) -> bool:
        return self.severity is Severity.WARNING and bool(self.explanation)

    def with_explanation(self, text: str | None) -> "Finding":
        return replace(self, explanation=text or None)

    def with_source(self, source: str | None) -> "Finding":
        return replace(self, source=source)

    def sort_key(self) -> tuple:
        return (self.severity.rank, self.table, self.row or "", self.column or "", self.rule)

    def to_dict(self) -> dict[str, object]:
        def dec(v: Decimal | None) -> str | None:
            return None if v is None else format(v, "f")

        return {
            "key": self.key,
            "rule": self.rule,
            "severity": self.severity.value,
            "table": self.table,
            "table_title": self.table_title,
            "row": self.row,
            "row_label": self.row_label,
            "column": self.column,
            "column_label": self.column_label,
            "expected": dec(self.expected),
            "actual": dec(self.actual),
            "difference": dec(self.difference),
            "related": [str(r) for r in self.related],
            "message": self.message,
            "explained": self.explained,
            "explanation": self.explanation,
            "source": self.source,
            "suspects": [c.to_dict() for c in self.suspects],
            "quote": self.quote,
            "stated": self.stated,
            "position": None if self.position is None else self.position.to_dict(),
        }


def finding_key(rule: str, table: str, row: str | None, column: str | None) -> str:
    return "|".join((rule, table, row or "", column or ""))


@dataclass(frozen=True)
class FindingDelta:
    """What one change did to the findings: for the GUI to repaint only affected rows."""

    added: tuple[Finding, ...] = ()
    removed: tuple[Finding, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)

    def touched_rows(self) -> set[tuple[str, str | None]]:
        return {(f.table, f.row) for f in self.added + self.removed}


@dataclass(frozen=True)
class Summary:
    errors: int
    warnings: int
    explained: int
    rounding: int
    unchecked: int = 0  # 未核对: what could not be read with certainty, listed with its reason

    @property
    def passed(self) -> bool:
        return self.errors == 0

    @classmethod
    def of(cls, findings: "list[Finding] | tuple[Finding, ...]") -> "Summary":
        errors = sum(1 for f in findings if f.severity is Severity.ERROR)
        warnings = sum(1 for f in findings if f.severity is Severity.WARNING and not f.explained)
        explained = sum(1 for f in findings if f.explained)
        rounding = sum(1 for f in findings if f.severity is Severity.ROUNDING)
        unchecked = sum(1 for f in findings if f.severity is Severity.INFO)
        return cls(errors, warnings, explained, rounding, unchecked)

    def verdict(self) -> str:
        head = "通过" if self.passed else "未通过"
        return f"{head}（错误 {self.errors}，警告 {self.warnings}，已说明 {self.explained}，尾差 {self.rounding}）"
