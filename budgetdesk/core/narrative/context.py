"""What the narrative checks need to know: the claims, the tables behind them, the year, the catalogue."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from budgetdesk.core.budget_link import budget_for
from budgetdesk.core.codes import Catalogue
from budgetdesk.core.document import WHOLE_READING, Document
from budgetdesk.core.narrative.claims import Extraction, NarrativeClaim, Reference, Statement
from budgetdesk.core.narrative.model import Narrative
from budgetdesk.core.narrative.vocabulary import Vocabulary
from budgetdesk.core.text import fold

_UNKNOWN = object()


def _has_figures(table) -> bool:
    return any(table.amount(r.key, c.key) for r in table.rows for c in table.template.columns if c.is_amount)


@dataclass
class NarrativeContext:
    narrative: Narrative
    extraction: Extraction
    vocabulary: Vocabulary
    document: Document | None = None
    year: int = 0
    _codes: dict[Reference, str | None] = field(default_factory=dict)
    _sections: list[str] | None = None  # the section title of each block, found once
    _clause_marks: dict[int, list[int]] = field(default_factory=dict)  # per paragraph: where ；;。 stand

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
                found = [c.code for p in parents for c in (cat.children(p) if p else cat.top_level()) if fold(c.name) == fold(name)]
                if not found:
                    parents = []
                    break
                parents = found
            code = parents[0] if parents and parents[0] else None
        self._codes[ref] = code
        return code

    # -- table figures -----------------------------------------------------------------------
    def _cell(self, places: tuple[tuple[str, str, str], ...]):
        """The figure in the first of ``places`` this document's tables have (a blank cell is 0)."""
        doc = self.document
        if doc is None:
            return _UNKNOWN, None
        for where in places:
            table, row, column = where
            if table not in doc.tables:
                continue
            t = doc.table(table)
            if not t.has_row(row) or column not in {c.key for c in t.template.columns}:
                continue
            if doc.unread_blank(table, row, column):  # blank because the file's table was not read: unknown
                return _UNKNOWN, None
            value = t.amount(row, column)
            if value is None and t.row(row).spec is not None and t.row(row).spec.band == "total" and _has_figures(t):
                return _UNKNOWN, None  # a 收入总计 left blank in a table of figures (上海市审计局 2026) is not a 0
            return value or Decimal(0), where
        return _UNKNOWN, None

    SUBJECT_TABLES = ("expenditure", "gpb_expenditure", "gf_expenditure")

    def _subject_cells(self, code: str, prior: bool) -> list[Decimal]:
        """A subject's figure in each 功能分类 table that has it: 部门支出总表 (all funds), then the
        一般公共预算 and 政府性基金 tables — a sentence may speak of any of them."""
        doc = self.document
        if doc is None:
            return []
        out = []
        for table in self.SUBJECT_TABLES[1:2] if prior else self.SUBJECT_TABLES:
            if table not in doc.tables:
                continue
            t = doc.table(table)
            row = t.row_for_code(code)
            if (table in doc.unread or WHOLE_READING in doc.unread) and (
                    row is None or doc.unread_blank(table, row.key, "total")):
                continue  # the 科目 may be printed in the part of the table that was not read
            columns = {c.key for c in t.template.columns}
            if prior and "prior_total" in columns:
                v = t.amount(row.key, "prior_total") if row is not None else None
                out.append(v or Decimal(0))
            elif prior:
                v = doc.prior_amount(table, row.key if row is not None else code, "total")
                if v is not None:
                    out.append(v)
            elif row is not None or table != "gf_expenditure":
                out.append((t.amount(row.key, "total") if row is not None else None) or Decimal(0))
        return out

    def unread_reason(self, ref: Reference | None) -> str:
        """Why the tables do not give this reference's figure, when it is that their file was not read; else ""."""
        doc = self.document
        if doc is None or ref is None or not doc.unread:
            return ""
        if WHOLE_READING in doc.unread:
            return doc.unread[WHOLE_READING] + "，表中的数都不作核对依据"
        if ref.kind == "quantity":
            q = self.quantity(ref.key)
            places = q.places(False) if q is not None else ()
        else:
            code = self.code_of(ref)
            places = tuple((t, code, "total") for t in self.SUBJECT_TABLES if code) if code else ()
        for table, row, column in places:
            if table in doc.unread and (not doc.table(table).has_row(row) or doc.unread_blank(table, row, column)):
                return f"《{doc.table(table).template.title}》{doc.unread[table]}，表中这个数没有读出"
        return ""

    def table_value(self, ref: Reference | None, *, prior: bool = False) -> tuple[Decimal | None, tuple | None]:
        """This year's (or last year's) figure of a reference and the cell it stands in; None if unknown."""
        if ref is None:
            return None, None
        if ref.kind == "quantity":
            q = self.quantity(ref.key)
            v, where = self._cell(q.places(prior) if q is not None else ())
            if v is _UNKNOWN and prior and q is not None:  # no last-year column: the loaded prior figures
                v, where = self._prior_cell(q.places())
            return (None, None) if v is _UNKNOWN else (v, where)
        candidates = self.table_values(ref, prior=prior)
        return (candidates[0], None) if candidates else (None, None)

    def quantity(self, qid: str):
        """A quantity as this document's kind of package keeps it (a 决算 may keep it elsewhere or not at all)."""
        q = self.vocabulary.quantity(qid)
        ts = self.document.template_set if self.document is not None else None
        return None if q is None else q.for_kind(ts.kind if ts else None, ts.region if ts else None,
                                                 ts.id if ts else None)

    def _prior_cell(self, places: tuple[tuple[str, str, str], ...]):
        """Last year's figure of a cell from the prior-year figures loaded beside the document."""
        doc = self.document
        for table, row, column in places if doc is not None else ():
            if table in doc.tables:
                v = doc.prior_amount(table, row, column)
                return (_UNKNOWN, None) if v is None else (v, (table, row, column))
        return _UNKNOWN, None

    def budget_value(self, ref: Reference | None) -> Decimal | None:
        """决算: the year's 预算 figure of a reference (a 预算数 column, or the linked 预算), None if unknown."""
        doc = self.document
        if doc is None or ref is None or doc.template_set.kind != "final_accounts":
            return None
        if ref.kind == "quantity":
            q = self.quantity(ref.key)
            _, where = self._cell(q.places() if q is not None else ())
            return None if where is None else budget_for(doc, *where)
        code = self.code_of(ref)
        if code is None or "gpb_expenditure" not in doc.tables:
            return None
        row = doc.table("gpb_expenditure").row_for_code(code)
        return None if row is None else budget_for(doc, "gpb_expenditure", row.key, "total")

    def table_values(self, ref: Reference | None, *, prior: bool = False) -> list[Decimal]:
        """Every figure the tables hold for ``ref`` (a subject may stand in several tables)."""
        if ref is None:
            return []
        if ref.kind == "quantity":
            v, _ = self.table_value(ref, prior=prior)
            q = self.quantity(ref.key)
            also = [] if prior or q is None else [self._cell((where,))[0] for where in q.also]
            return ([] if v is None else [v]) + [a for a in also if a is not _UNKNOWN]
        code = self.code_of(ref)
        return [] if code is None else self._subject_cells(code, prior)

    def label(self, st: Statement) -> str:
        if st.refers is not None and st.refers.kind == "quantity":
            q = self.quantity(st.refers.key)
            if q is not None:
                return q.label
        if st.refers is not None:
            return st.refers.label()
        text = re.sub(r"^(?:[（(]?[一二三四五六七八九十\d]+[）)、.]|\s|20\d\d\s*年度?|，)+", "", st.subject_text)
        return re.sub(r"(?:均为|为|是|共计|合计)$", "", text.strip("，,：: ")) or "该项"

    def section(self, claim: NarrativeClaim) -> str:
        if self._sections is None:  # once for the whole text, not a walk from the top for every finding
            titles, title = [], ""
            for b in self.narrative.blocks:
                if b.heading:
                    title = b.text
                titles.append(title)
            self._sections = titles
        return self._sections[claim.paragraph] if claim.paragraph < len(self._sections) else ""

    def clause(self, claim: NarrativeClaim) -> str:
        """The clause a claim stands in, as written (between the nearest ；。 marks)."""
        text = self.narrative.blocks[claim.paragraph].text
        marks = self._clause_marks.get(claim.paragraph)
        if marks is None:
            marks = self._clause_marks[claim.paragraph] = [i for i, ch in enumerate(text) if ch in "；;。"]
        i = bisect_left(marks, claim.start)
        start = marks[i - 1] + 1 if i else 0
        j = bisect_left(marks, claim.end)
        end = marks[j] + 1 if j < len(marks) else len(text)
        return text[start:end].strip()
