"""What the narrative checks need to know: the claims, the tables behind them, the year, the catalogue."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from budgetdesk.core.codes import Catalogue
from budgetdesk.core.document import Document
from budgetdesk.core.narrative.claims import Extraction, NarrativeClaim, Reference, Statement
from budgetdesk.core.narrative.model import Narrative
from budgetdesk.core.narrative.vocabulary import Vocabulary
from budgetdesk.core.text import fold

_UNKNOWN = object()


@dataclass
class NarrativeContext:
    narrative: Narrative
    extraction: Extraction
    vocabulary: Vocabulary
    document: Document | None = None
    year: int = 0
    _codes: dict[Reference, str | None] = field(default_factory=dict)

    @property
    def catalogue(self) -> Catalogue | None:
        return self.vocabulary.catalogue

    @property
    def text_only(self) -> bool:
        return self.document is None

    @staticmethod
    def guess_year(extraction: Extraction) -> int:
        years = Counter(int(c.value) for c in extraction.claims if c.kind == "year" and not c.word)
        if not years:
            return 0
        top = max(years.values())
        return max(y for y, n in years.items() if n == top)

    # -- subjects ----------------------------------------------------------------------------
    def code_of(self, ref: Reference | None) -> str | None:
        """The catalogue code a subject reference names (by code, or by its 类/款/项 names)."""
        if ref is None or ref.kind != "subject":
            return None
        if ref.key:
            return ref.key
        if ref in self._codes:
            return self._codes[ref]
        code = None
        cat = self.catalogue
        if cat is not None:
            parents: list[str] = [""]
            for name in ref.names:
                found = [c.code for p in parents for c in (cat.children(p) if p else
                         [e for e in cat.all() if len(e.code) == 3]) if fold(c.name) == fold(name)]
                if not found:
                    parents = []
                    break
                parents = found
            code = parents[0] if parents and parents[0] else None
        self._codes[ref] = code
        return code

    # -- table figures -----------------------------------------------------------------------
    def _cell(self, where: tuple[str, str, str] | None):
        doc = self.document
        if doc is None or where is None:
            return _UNKNOWN
        table, row, column = where
        if table not in doc.tables:
            return _UNKNOWN
        t = doc.table(table)
        if not t.has_row(row) or column not in {c.key for c in t.template.columns}:
            return _UNKNOWN
        return t.amount(row, column) or Decimal(0)

    def _subject_cell(self, code: str, prior: bool):
        doc = self.document
        if doc is None:
            return _UNKNOWN
        order = ("gpb_expenditure",) if prior else ("expenditure", "gpb_expenditure")
        for table in order:
            if table not in doc.tables:
                continue
            t = doc.table(table)
            column = "prior_total" if prior else "total"
            if column not in {c.key for c in t.template.columns}:
                continue
            row = t.row_for_code(code)
            if row is None:
                return Decimal(0) if not prior else _UNKNOWN
            return t.amount(row.key, column) or Decimal(0)
        return _UNKNOWN

    def table_value(self, ref: Reference | None, *, prior: bool = False) -> tuple[Decimal | None, tuple | None]:
        """This year's (or last year's) figure of a reference and the cell it stands in; None if unknown."""
        if ref is None:
            return None, None
        if ref.kind == "quantity":
            q = self.vocabulary.quantity(ref.key)
            where = None if q is None else (q.prior if prior else q.cell)
            v = self._cell(where)
            return (None, None) if v is _UNKNOWN else (v, where)
        code = self.code_of(ref)
        if code is None:
            return None, None
        v = self._subject_cell(code, prior)
        return (None, None) if v is _UNKNOWN else (v, None)

    def label(self, st: Statement) -> str:
        if st.refers is not None and st.refers.kind == "quantity":
            q = self.vocabulary.quantity(st.refers.key)
            if q is not None:
                return q.label
        if st.refers is not None:
            return st.refers.label()
        text = re.sub(r"^(?:[（(]?[一二三四五六七八九十\d]+[）)、.]|\s|20\d\d\s*年度?|，)+", "", st.subject_text)
        return re.sub(r"(?:均为|为|是|共计|合计)$", "", text.strip("，,：: ")) or "该项"

    def section(self, claim: NarrativeClaim) -> str:
        return self.narrative.section_title_of(claim.paragraph)

    def clause(self, claim: NarrativeClaim) -> str:
        """The clause a claim stands in, as written (between the nearest ；。 marks)."""
        text = self.narrative.blocks[claim.paragraph].text
        start = max(text.rfind(m, 0, claim.start) for m in "；;。") + 1
        ends = [i for i in (text.find(m, claim.end) for m in "；;。") if i >= 0]
        end = min(ends) + 1 if ends else len(text)
        return text[start:end].strip()
