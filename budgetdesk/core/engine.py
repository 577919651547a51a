"""The rule engine: full audit of a document, and live re-checking of just what a change touches.

``Engine`` expands every rule of the document's template set into checks and indexes them by the
cells they read. A cell edit re-evaluates only the checks reading that cell; a row added or removed
re-expands only the rules whose checks depend on that table's rows. Each update returns a
``FindingDelta`` (findings added and removed) so a GUI repaints just the affected rows.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from budgetdesk.core.document import (
    CellChanged,
    Document,
    Event,
    ExplanationChanged,
    MetaChanged,
    NoteChanged,
    PriorLoaded,
    ReadingChanged,
    RowsChanged,
    PERFORMANCE_MARK,
    WHOLE_READING,
    performance_mark,
)
from budgetdesk.core.findings import Finding, FindingDelta, Severity, Summary
from budgetdesk.core.performance.checks import PERFORMANCE_RULE_KINDS as TARGET_RULE_KINDS
from budgetdesk.core.performance.checks import performance_structural_tables
from budgetdesk.core.performance.evaluation_checks import EVALUATION_RULE_KINDS
from budgetdesk.core.performance.model import PerformanceChanged
from budgetdesk.core.cell_names import describe
from budgetdesk.core.checks import CatalogueProvider, Check, Context
from budgetdesk.core.rules import RULE_KINDS, structural_tables
from budgetdesk.core.suspects import rank_suspects, relation_cells

from budgetdesk.core.template import RuleSpec, TemplateError

PERFORMANCE_RULE_KINDS = {**TARGET_RULE_KINDS, **EVALUATION_RULE_KINDS}  # 绩效目标表 and 自评表
ALL_RULE_KINDS = {**RULE_KINDS, **PERFORMANCE_RULE_KINDS}


class Engine:
    def __init__(self, document: Document, catalogues: CatalogueProvider | None = None):
        self.document = document
        self.context = Context(catalogues)
        self._rule_checks: dict[str, list[Check]] = {}
        self._index: dict[tuple, set[Check]] = {}
        self._results: dict[Check, Finding] = {}
        self._by_key: dict[str, Check] = {}
        self._structural: dict[str, set[str]] = {}  # table → rule ids to re-expand on row changes
        self._unsubscribe: Callable[[], None] | None = None
        self._listeners: list[Callable[[FindingDelta], None]] = []
        # the sorted findings with their suspects, kept until a result changes (the GUI asks after every edit),
        # and each check's finding with its suspects, kept until a check sharing one of its cells passes or fails anew
        self._sorted: list[Finding] | None = None
        self._decorated: dict[Check, Finding] = {}
        self._dormant: set[str] = set()  # optional tables without figures: rules reading them wait (Document.dormant_tables)
        for rule in document.template_set.rules:
            if rule.kind not in ALL_RULE_KINDS:
                raise TemplateError(f"规则 {rule.id}：未知的规则类型 {rule.kind!r}")
            for table in structural_tables(rule, document) | performance_structural_tables(rule):
                self._structural.setdefault(table, set()).add(rule.id)
        self.run()

    # -- full audit --------------------------------------------------------------------------
    def run(self) -> list[Finding]:
        self._sorted = None
        self._rule_checks.clear()
        self._index.clear()
        self._results.clear()
        self._by_key.clear()
        self._dormant = self.document.dormant_tables()
        for rule in self.document.template_set.rules:
            self._expand(rule)
        return self.findings()

    def findings(self) -> list[Finding]:
        if self._sorted is None:
            for check, finding in self._results.items():
                if check not in self._decorated:
                    self._decorated[check] = self._with_suspects(check, finding)
            self._sorted = sorted((self._decorated[c] for c in self._results), key=Finding.sort_key)
        return list(self._sorted)

    def _fails(self, check: Check) -> bool:
        found = self._results.get(check)
        return found is not None and found.severity not in (Severity.ROUNDING, Severity.INFO)

    def _with_suspects(self, check: Check, finding: Finding) -> Finding:
        """The finding with the cells most likely wrong (``core.suspects``) and a hint to look there first."""
        if finding.severity in (Severity.ROUNDING, Severity.INFO) or finding.explained:
            return finding
        suspects = rank_suspects(
            check, lambda ref: self._index.get(("cell", ref.table, ref.row, ref.column), ()), self._fails)
        if not suspects:
            return finding
        named = "、".join(describe(self.document, s) for s in suspects[:2]) + ("等" if len(suspects) > 2 else "")
        return replace(finding, suspects=suspects, message=f"{finding.message}；请先查看{named}")

    def summary(self) -> Summary:
        return Summary.of(list(self._results.values()))

    @property
    def check_count(self) -> int:
        return sum(len(c) for c in self._rule_checks.values())

    def findings_for(self, table: str, row: str | None = None) -> list[Finding]:
        return [f for f in self.findings() if f.table == table and (row is None or f.row == row)]

    # -- live updates ------------------------------------------------------------------------
    def update(self, event: Event) -> FindingDelta:
        """Re-check what ``event`` touched; returns the findings added and removed."""
        if isinstance(event, CellChanged) and self._wakes_or_sleeps(event.table):
            return self._reexpand_reading(event.table)
        if isinstance(event, CellChanged):
            checks = set(self._index.get(("cell", event.table, event.row, event.column), ()))
            checks |= self._index.get(("table", event.table), set())
            return self._reevaluate(checks)
        if isinstance(event, RowsChanged):
            before = dict(self._results)
            for rule_id in sorted(self._structural.get(event.table, ())):
                self._drop(rule_id)
                self._expand(self.document.template_set.rule(rule_id))
            extra = set(self._index.get(("table", event.table), ())) | self._checks_reading_rows(event)
            self._reevaluate(extra)
            delta = _diff(before, self._results)
            return FindingDelta(tuple(self._with_suspects(self._by_key[f.key], f) if f.key in self._by_key else f
                                      for f in delta.added), delta.removed)
        if isinstance(event, NoteChanged):
            return self._reevaluate(set(self._index.get(("note", event.table or ""), ())))
        if isinstance(event, ExplanationChanged):
            check = self._by_key.get(event.key)
            return self._reevaluate({check} if check else set())
        if isinstance(event, ReadingChanged):  # rare (an officer takes over an unread table): look at everything
            return self._reevaluate({c for checks in self._rule_checks.values() for c in checks})
        if isinstance(event, PriorLoaded):  # the year-to-year checks read last year's figures
            return self._reevaluate(set(self._index.get(("prior",), ())))
        if isinstance(event, MetaChanged):
            return self._reevaluate(set(self._index.get(("meta",), ())) | self._performance_checks())
        if isinstance(event, PerformanceChanged):  # targets and indicators decide the checks: re-expand
            before = dict(self._results)
            one_target = event.old is not None and event.new is not None and not event.moved
            for rule in self.document.template_set.rules:
                if rule.kind not in PERFORMANCE_RULE_KINDS:
                    continue
                if one_target:  # only that target's checks and those about all targets (row None)
                    self._reexpand_rows(rule, {event.key, None})
                else:
                    self._drop(rule.id)
                    self._expand(rule)
            return _diff(before, self._results)
        return FindingDelta()

    def _wakes_or_sleeps(self, table: str) -> bool:
        """Whether an optional table just got its first figure or lost its last one."""
        if not self.document.table(table).template.optional:
            return False
        dormant = self.document.dormant_tables()
        if (table in dormant) == (table in self._dormant):
            return False
        self._dormant = dormant
        return True

    def _reexpand_reading(self, table: str) -> FindingDelta:
        """Re-expand every rule that reads ``table`` (an optional table waking up or going back to sleep)."""
        before = dict(self._results)
        for rule in self.document.template_set.rules:
            if table in rule.tables():
                self._drop(rule.id)
                self._expand(rule)
        return _diff(before, self._results)

    def _performance_checks(self) -> set[Check]:
        """Amount ties convert with the document's money unit, so a unit change re-checks them."""
        return {c for rule_id, checks in self._rule_checks.items() for c in checks
                if self.document.template_set.rule(rule_id).kind in PERFORMANCE_RULE_KINDS}

    def watch(self, listener: Callable[[FindingDelta], None] | None = None) -> None:
        """Follow the document's changes from now on; ``listener`` receives each non-empty delta."""
        if listener is not None:
            self._listeners.append(listener)
        if self._unsubscribe is None:
            self._unsubscribe = self.document.subscribe(self._on_event)

    def close(self) -> None:
        if self._unsubscribe:
            self._unsubscribe()
            self._unsubscribe = None

    def _on_event(self, event: Event) -> None:
        delta = self.update(event)
        if delta:
            for listener in list(self._listeners):
                listener(delta)

    # -- internals ---------------------------------------------------------------------------
    def _evaluate(self, check: Check) -> Finding | None:
        """The check's finding; one that rests on a cell the document's file did not let us read is 未核对."""
        finding = check.evaluate(self.document, self.context)
        if finding is None or finding.severity not in (Severity.ERROR, Severity.WARNING) or not self.document.unread \
                or check.rule.kind == "read_complete":  # what was not read is itself the error
            return finding
        by_rows = {t for t, rules in self._structural.items() if check.rule.id in rules}
        return unread_to_unchecked(self.document, check, finding, by_rows)

    def _expand(self, rule: RuleSpec) -> None:
        self._decorated.clear()  # new readers change the scores of the cells they read
        # a rule relating an optional table the unit did not print has nothing to relate
        checks = [] if rule.tables() & self._dormant else ALL_RULE_KINDS[rule.kind](rule, self.document, self.context)
        self._rule_checks[rule.id] = checks
        for check in checks:
            for key in check.reads:
                self._index.setdefault(key, set()).add(check)
            self._store(check, self._evaluate(check))

    def _drop(self, rule_id: str) -> None:
        for check in self._rule_checks.pop(rule_id, []):
            self._forget(check)

    def _reexpand_rows(self, rule: RuleSpec, rows: set) -> None:
        """Replace the checks of ``rule`` whose target row is in ``rows``; the others keep their results."""
        self._decorated.clear()
        old = self._rule_checks.get(rule.id, [])
        for check in old:
            if check.target.row in rows:
                self._forget(check)
        fresh = [c for c in ALL_RULE_KINDS[rule.kind](rule, self.document, self.context) if c.target.row in rows]
        self._rule_checks[rule.id] = [c for c in old if c.target.row not in rows] + fresh
        for check in fresh:
            for key in check.reads:
                self._index.setdefault(key, set()).add(check)
            self._store(check, self._evaluate(check))

    def _forget(self, check: Check) -> None:
        for key in check.reads:
            bucket = self._index.get(key)
            if bucket is not None:
                bucket.discard(check)
                if not bucket:
                    del self._index[key]
        self._sorted = None
        self._decorated.clear()
        old = self._results.pop(check, None)
        if old is not None and self._by_key.get(old.key) is check:
            del self._by_key[old.key]

    def _checks_reading_rows(self, event: RowsChanged) -> set[Check]:
        rows = set(event.added) | set(event.removed)
        found: set[Check] = set()
        for key, checks in self._index.items():
            if key[0] == "cell" and key[1] == event.table and key[2] in rows:
                found |= checks
        return found

    def _store(self, check: Check, finding: Finding | None) -> None:
        if self._results.get(check) == finding:
            return  # unchanged: the sorted findings and their suspects still hold
        self._sorted = None
        self._decorated.pop(check, None)
        failed = self._fails(check)
        fails = finding is not None and finding.severity not in (Severity.ROUNDING, Severity.INFO)
        if failed != fails:  # the scores of this relation's cells change: so do the suspects of their readers
            for ref in relation_cells(check):
                for reader in self._index.get(("cell", ref.table, ref.row, ref.column), ()):
                    self._decorated.pop(reader, None)
        if finding is None:
            old = self._results.pop(check, None)
            if old is not None and self._by_key.get(old.key) is check:
                del self._by_key[old.key]
        else:
            self._results[check] = finding
            self._by_key[finding.key] = check

    def _reevaluate(self, checks: set[Check]) -> FindingDelta:
        added, removed = [], []
        for check in checks:
            old = self._results.get(check)
            new = self._evaluate(check)
            if old == new:
                continue
            self._store(check, new)
            if old is not None:
                removed.append(old)
            if new is not None:
                added.append((check, new))
        return FindingDelta(tuple(self._with_suspects(c, f) for c, f in added), tuple(removed))


def _diff(before: dict[Check, Finding], after: dict[Check, Finding]) -> FindingDelta:
    old = {f.key: f for f in before.values()}
    new = {f.key: f for f in after.values()}
    added = tuple(f for k, f in new.items() if old.get(k) != f)
    removed = tuple(f for k, f in old.items() if new.get(k) != f)
    return FindingDelta(added, removed)


def unread_to_unchecked(document: Document, check: Check, finding: Finding, by_rows: set[str] = frozenset()) -> Finding:
    """``finding`` as 未核对 when it rests on what the document's file did not let us read.

    That is a cell blank only because its table was not read, a 科目 looked for in such a table, or — for
    a rule whose cells are the table's rows (``by_rows``: a sum over its 科目) — any row of such a table.
    Precision first: a relation that fails because a figure printed in the file could not be placed, or
    because the file lacks the table, says nothing about the document — it is listed with the reason.
    """
    unread: dict[str, str] = {t: document.unread[t] for t in sorted(by_rows) if t in document.unread
                              and any(k[0] in ("cell", "table") and k[1] == t for k in check.reads)}
    for key in check.reads:
        if key[0] == "cell" and key[1] in document.unread and document.unread_blank(key[1], key[2], key[3]):
            unread.setdefault(key[1], document.unread[key[1]])
        elif key[0] == "table" and key[1] in document.unread:
            unread.setdefault(key[1], document.unread[key[1]])
    if WHOLE_READING in document.unread:  # most of the file's figures found no place: no relation is certain
        unread[WHOLE_READING] = document.unread[WHOLE_READING]
    if check.rule.kind in PERFORMANCE_RULE_KINDS and getattr(check, "reads_blanks", True):
        # a 绩效 form read from PDF pages: its blanks may be misread
        marks = [performance_mark(check.target.row)] if check.target.row else \
            [k for k in document.unread if k.startswith(PERFORMANCE_MARK)]
        for mark in marks:
            if mark in document.unread:
                unread.setdefault(mark, document.unread[mark])
    for table in check.looked_in:  # a 科目 missing from a table not read completely may be there in print
        if table in document.unread:
            unread.setdefault(table, document.unread[table])
    if not unread:
        return finding
    why = "；".join(f"《{document.tables[t].template.title}》{reason}" if t in document.tables else reason
                   for t, reason in list(unread.items())[:3])
    return replace(finding, severity=Severity.INFO, explanation=None,
                   message=f"未核对：{finding.message}。但{why}：这项关系所用的数没有读全，不能据此判断文档有错")


def check_document(document: Document, catalogues: CatalogueProvider | None = None) -> list[Finding]:
    """Every finding of a document, most severe first."""
    return Engine(document, catalogues).findings()
