"""Checking a 情况说明 against its tables, or against itself when it stands alone (text-only mode).

Each check is a pure function over the ``NarrativeContext`` yielding ``Hit``s; ``CHECKS`` registers
them under the rule ids of ``templates/narrative/rules.json``, which decides severity and wording.
Every hit becomes the same ``Finding`` the table rules produce, with ``quote`` (the clause as
written), ``stated`` (the figure as written), ``expected`` and ``position`` (where to underline).
"""

from __future__ import annotations

import re

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterator

from budgetdesk.core.document import Document
from budgetdesk.core.findings import CellRef, Finding, Severity, TextPosition
from budgetdesk.core.money import format_amount
from budgetdesk.core.narrative.claims import NarrativeClaim, Statement
from budgetdesk.core.narrative.context import NarrativeContext
from budgetdesk.core.narrative.coverage import coverage
from budgetdesk.core.narrative.extract import extract
from budgetdesk.core.narrative.hits import Hit
from budgetdesk.core.narrative.lists import regroup
from budgetdesk.core.narrative.model import NarrativeReport, Narrative
from budgetdesk.core.narrative.more_checks import MORE_CHECKS
from budgetdesk.core.narrative.policy import Policy
from budgetdesk.core.narrative.numbers import (
    amount_agrees, half_unit, percent, percent_agrees, round_to, written_places,
)
from budgetdesk.core.narrative.readings import Readings
from budgetdesk.core.narrative.vocabulary import Vocabulary
from budgetdesk.core.narrative.year import document_year
from budgetdesk.core.text import fill, fold

NARRATIVE_TABLE = "narrative"


@dataclass(frozen=True)
class RuleText:
    id: str
    severity: Severity
    title: str
    message: str


def rules_from_data(data: dict) -> dict[str, RuleText]:
    return {r["id"]: RuleText(r["id"], Severity(r["severity"]), r["title"], r["message"]) for r in data["rules"]}


def money(v: Decimal | None) -> str:
    return "—" if v is None else f"{format_amount(v)}万元"


def pct(v: Decimal | None, places: int = 2) -> str:
    return "—" if v is None else f"{round_to(v, places)}%"


def signed_change(c: NarrativeClaim) -> Decimal:
    """The change a clause states, with its sign: 减少4 → −4, 增加-0.64 → −0.64, 持平 → 0."""
    v = c.value or Decimal(0)
    if c.direction == "down":
        return -abs(v) if v >= 0 else abs(v)
    if c.direction == "flat":
        return Decimal(0)
    return v


# -- checks ------------------------------------------------------------------------------------


def check_amounts(ctx: NarrativeContext) -> Iterator[Hit]:
    for st in ctx.extraction.statements:
        if st.amount is None:
            continue
        expected, where = ctx.table_value(st.refers)
        # as written, not at the claim's two places: a whole “40,870万元” for the table's 40,869.60 is the figure
        # rounded (上海 2026), not a slip (agreeing at the claim's places implies agreeing as written)
        if expected is None or any(amount_agrees(st.amount.value, written_places(st.amount.text), v, Decimal(0))
                                   for v in ctx.table_values(st.refers)):
            continue
        suspects = (CellRef(*where),) if where else ()
        yield Hit("NARR-AMOUNT", st.amount, {"subject": ctx.label(st), "stated": st.amount.text,
                                              "expected": money(expected)}, expected, st.amount.value, suspects)


def _this_and_last(ctx: NarrativeContext, st: Statement) -> tuple[Decimal | None, Decimal | None, Decimal]:
    """This year's figure, last year's and how far rounding may move their difference."""
    this, _ = ctx.table_value(st.refers)
    last, _ = ctx.table_value(st.refers, prior=True)
    if this is not None and last is not None:
        return this, last, Decimal("0.01")
    if st.amount is not None and st.change is not None:  # no last-year table: the text's own arithmetic
        err = half_unit(st.amount.places) + half_unit(st.change.places)
        return st.amount.value, st.amount.value - signed_change(st.change), err
    return None, None, Decimal(0)


def _from_tables(ctx: NarrativeContext, st: Statement) -> bool:
    return not ctx.text_only and ctx.table_value(st.refers, prior=True)[0] is not None


def check_changes(ctx: NarrativeContext) -> Iterator[Hit]:
    for st in ctx.extraction.statements:
        change = st.change or st.flat
        subject = ctx.label(st)
        if change is not None and change.value is not None and change.value < 0 and change.direction in ("up", "down"):
            right = "减少" if change.direction == "up" else "增加"
            yield Hit("NARR-NEGATIVE", change, {"subject": subject, "stated": f"{change.word}{change.text}",
                                                 "expected": f"{right}{change.text.lstrip('-－−')}"})
        this, last, err = _this_and_last(ctx, st)
        if change is None or this is None or last is None:
            continue
        expected = this - last
        stated = signed_change(change)
        values = {"subject": subject, "word": change.word, "stated": change.text, "this": money(this),
                  "last": money(last), "expected": money(expected)}
        if change.direction == "flat":
            if abs(expected) > err:
                yield Hit("NARR-FLAT", change, values, expected, Decimal(0))
        elif _from_tables(ctx, st) and not amount_agrees(stated, change.places, expected, err):
            if amount_agrees(-stated, change.places, expected, err):
                values["detail"] = f"文中写“{change.word}{change.text}”，实际{'增加' if expected > 0 else '减少'} {money(abs(expected))}"
                yield Hit("NARR-DIRECTION", change, values, expected, stated)
            else:
                yield Hit("NARR-CHANGE", change, values, expected, stated)


def check_change_pcts(ctx: NarrativeContext) -> Iterator[Hit]:
    for st in ctx.extraction.statements:
        p = st.change_pct
        change = st.change or st.flat
        if p is None:
            continue
        this, last, err = _this_and_last(ctx, st)
        delta = (this - last) if this is not None and last is not None else (
            signed_change(change) if change is not None else None)
        subject = ctx.label(st)
        if delta is not None and p.direction in ("up", "down") and delta != 0 and (delta > 0) != (p.direction == "up"):
            said = f"{change.word}{change.text}" if change is not None else money(delta)
            yield Hit("NARR-DIRECTION", p, {"subject": subject,
                                             "detail": f"{said}，却写“{p.word}{p.text}”"}, None, p.value)
        if this is None or last is None or last == 0:
            continue
        tables = _from_tables(ctx, st)
        d_err = Decimal("0.01") if tables else err
        l_err = half_unit(2) if tables else err
        if percent_agrees(p.value, p.places, this - last, d_err, last, l_err):
            continue
        expected = percent(abs(this - last), last)
        yield Hit("NARR-CHANGE-PCT", p, {"subject": subject, "word": p.word, "stated": p.text,
                                          "change": money(abs(this - last)), "last": money(last),
                                          "expected": pct(expected, max(p.places, 2))}, round_to(expected, max(p.places, 2)), p.value)


def check_execution(ctx: NarrativeContext) -> Iterator[Hit]:
    """决算: "支出决算6,385.21万元，完成预算6,385.21万元，完成100%" — the rate is 决算 ÷ 预算."""
    for st in ctx.extraction.statements:
        a, b, p = st.amount, st.budget, st.execution
        if a is None or p is None:
            continue
        if b is not None:
            budget, b_err = b.value, half_unit(b.places)
        else:  # "完成预算100%" alone: the 预算 the 决算 tables (or the linked 预算) hold
            budget, b_err = ctx.budget_value(st.refers), half_unit(2)
        if budget is None or budget == 0:
            continue
        if percent_agrees(p.value, p.places, a.value, half_unit(a.places), budget, b_err):
            continue
        expected = percent(a.value, budget)
        yield Hit("NARR-EXECUTION", p, {"subject": ctx.label(st), "stated": p.text, "part": money(a.value),
                                         "whole": money(budget), "expected": pct(expected, max(p.places, 2))},
                  round_to(expected, max(p.places, 2)), p.value)


def _figure(ctx: NarrativeContext, st: Statement) -> tuple[Decimal | None, Decimal]:
    """A statement's figure for arithmetic: the table's when known, else as written (with its rounding)."""
    candidates = ctx.table_values(st.refers)
    if st.amount is not None:  # the table figure the sentence speaks of, when it matches one
        candidates.sort(key=lambda c: not amount_agrees(st.amount.value, st.amount.places, c, Decimal(0)))
    if candidates:
        return candidates[0], half_unit(2)
    if st.amount is not None:  # a whole “6,672万元” stands for every figure that rounds to it (上海 2026);
        if st.amount.value == 0:  # “0万元” is nothing at all: 0.3万元 would be written 0.3
            return st.amount.value, Decimal(0)
        return st.amount.value, half_unit(min(st.amount.places, written_places(st.amount.text)))
    return None, Decimal(0)


WHOLE_CANDIDATES = 200


def _named_whole(ctx: NarrativeContext, st: Statement,
                 by_paragraph: dict[int, list[Statement]]) -> tuple[Decimal | None, Decimal]:
    wanted = fold(st.share_whole_text)
    # only the statement's own paragraph, and there its first WHOLE_CANDIDATES amounts: a whole named in words is
    # written near its share, and looking through every statement for every share made a long paragraph quadratic
    for other in by_paragraph.get(st.paragraph, ())[:WHOLE_CANDIDATES]:
        if other is not st and wanted and (
                wanted in fold(other.subject_text) or fold(other.subject_text).endswith(wanted)):
            return _figure(ctx, other)
    return None, Decimal(0)


def _written_over(head: Statement, parts: list[Statement]) -> bool:
    """Whether the parts as written add up to more than the head as written (beyond their rounding)."""
    if head.amount is None or any(p.amount is None for p in parts):
        return False
    tol = half_unit(head.amount.places) + sum(half_unit(p.amount.places) for p in parts)
    return sum(p.amount.value for p in parts) - head.amount.value > tol


def _shares_make_100(parts: list[Statement]) -> bool:
    """Whether every part states its share and the shares add up to 100% within their rounding."""
    shares = [p.share for p in parts]
    return bool(shares) and all(s is not None for s in shares) and \
        abs(sum(s.value for s in shares) - 100) <= sum(half_unit(s.places) for s in shares)


def _exhaustive(ctx: NarrativeContext, head: Statement, parts: list[Statement]) -> bool:
    """Whether ``parts`` claim to be all of ``head``: their shares add up to 100%, or they are its declared parts."""
    if _shares_make_100(parts):
        return True
    q = ctx.quantity(head.refers.key) if head.refers is not None and head.refers.kind == "quantity" else None
    named = {p.refers.key for p in parts if p.refers is not None and p.refers.kind == "quantity"}
    return q is not None and bool(q.parts) and set(q.parts) <= named


def _closed_list(ctx: NarrativeContext, head: Statement | None, parts: list[Statement]) -> list[Statement]:
    """A list ends where its first parts add up to its head: what follows is the next sentence's subject.

    西安 “本部门当年预算收入30,331.26万元，其中：一般公共预算拨款30,331.26万元……；本部门当年预算支出30,331.26万元”:
    the 预算支出 after the semicolon is not a second part of 预算收入.
    """
    if head is None or head.amount is None or len(parts) < 2:
        return parts
    whole, w_err = _figure(ctx, head)
    if whole is None:
        return parts
    total = Decimal(0)
    for k, part in enumerate(parts[:-1], 1):
        figure, _err = _figure(ctx, part)
        if figure is None:
            return parts
        total += figure
        # exactly (within rounding small parts would close a list too soon), and the next “part” begins as the
        # head began (“本部门当年预算收入…；本部门当年预算支出…”): a sibling of the head, not its part
        if whole != 0 and total == whole and _same_opening(head.subject_text, parts[k].subject_text):
            return parts[:k]
    return parts


def _same_opening(a: str, b: str) -> bool:
    a, b = fold(re.sub(r"[\s，,；;。：:]", "", a or "")), fold(re.sub(r"[\s，,；;。：:]", "", b or ""))
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n >= 4


def _parts_are_the_whole(ctx: NarrativeContext, parts: list[Statement]) -> bool:
    """Whether a list read without its head is the whole list, so the sum of its parts is what its shares are of.

    A list may have lost a part the reader did not take for one (江苏 “单位预留机动经费” after 基本支出 and
    项目支出): then no share agrees with the sum of the parts read. The list is taken as whole when its
    shares add up to 100%, or when at least one share agrees with the sum (the others may then be wrong).
    """
    figures = [_figure(ctx, p) for p in parts]
    if any(f is None for f, _ in figures):
        return False
    with_share = [(p, f, e) for p, (f, e) in zip(parts, figures) if p.share is not None]
    if not with_share:
        return True
    if _shares_make_100(parts):
        return True
    whole, err = sum(f for f, _ in figures), sum(e for _, e in figures)
    return any(percent_agrees(p.share.value, p.share.places, f, e, whole, err) for p, f, e in with_share)


def _wholes(ctx: NarrativeContext) -> dict[int, tuple[Decimal | None, Decimal, str]]:
    """For each statement carrying a share: its whole (figure, rounding, label)."""
    sts = ctx.extraction.statements
    out: dict[int, tuple[Decimal | None, Decimal, str]] = {}
    for g in ctx.extraction.groups:
        if g.head is not None:
            whole, err = _figure(ctx, sts[g.head])
            label = ctx.label(sts[g.head])
        else:
            figures = [_figure(ctx, sts[i]) for i in g.parts]
            if any(f is None for f, _ in figures) or not _parts_are_the_whole(ctx, [sts[i] for i in g.parts]):
                continue
            whole, err, label = sum(f for f, _ in figures), sum(e for _, e in figures), "各项合计"
        for i in g.parts:
            out[i] = (whole, err, label)
    by_paragraph: dict[int, list[Statement]] = {}
    for st in sts:
        if st.amount is not None:
            by_paragraph.setdefault(st.paragraph, []).append(st)
    for i, st in enumerate(sts):
        if st.share is not None and i not in out:
            if st.share_whole is not None:
                out[i] = (st.share_whole, half_unit(2), "所写整体")
            elif st.share_whole_text:
                w, e = _named_whole(ctx, st, by_paragraph)
                out[i] = (w, e, st.share_whole_text)
    return out


def check_shares(ctx: NarrativeContext) -> Iterator[Hit]:
    sts = ctx.extraction.statements
    for i, (whole, w_err, label) in _wholes(ctx).items():
        st = sts[i]
        part, p_err = _figure(ctx, st)
        if st.share is None or whole is None or part is None:
            continue
        if whole == 0 and part == 0:
            continue
        if percent_agrees(st.share.value, st.share.places, part, p_err, whole, w_err):
            continue
        expected = percent(part, whole)
        yield Hit("NARR-SHARE", st.share, {"subject": ctx.label(st), "stated": st.share.text, "part": money(part),
                                            "whole": money(whole), "expected": pct(expected, max(st.share.places, 2))},
                  None if expected is None else round_to(expected, max(st.share.places, 2)), st.share.value)


def check_groups(ctx: NarrativeContext) -> Iterator[Hit]:
    sts = ctx.extraction.statements
    for g in ctx.extraction.groups:
        parts = [sts[i] for i in g.parts]
        head = sts[g.head] if g.head is not None else None
        parts = _closed_list(ctx, head, parts)
        figures = [_figure(ctx, p) for p in parts]
        complete = False
        if head is not None and head.amount is not None and len(parts) >= 2 and all(f is not None for f, _ in figures):
            whole, w_err = _figure(ctx, head)  # against the tables the head's own figure is NARR-AMOUNT's
            total = sum(f for f, _ in figures)
            tol = w_err + sum(e for _, e in figures)
            complete = abs(total - whole) <= tol
            # more than the whole is wrong whatever the list; less is wrong only for a list known to be all of it
            # (its shares add up to 100%, or its parts are the head's declared parts): “其中” often names only
            # the main items (西安市财政局 2026: 30,331.26万元, of which eight 项 are described)
            if not complete and (total > whole or _written_over(head, parts) or _exhaustive(ctx, head, parts)):
                yield Hit("NARR-PARTS-SUM", head.amount, {"subject": ctx.label(head), "whole": money(whole),
                                                          "stated": money(total), "difference": money(total - whole)},
                          whole, total)
            changes = [p.change or p.flat for p in parts]
            if head.change is not None and all(c is not None for c in changes):
                got = sum(signed_change(c) for c in changes)
                if abs(got - signed_change(head.change)) > half_unit(head.change.places) + sum(half_unit(c.places) for c in changes):
                    yield Hit("NARR-CHANGE-SUM", head.change, {"subject": ctx.label(head),
                                                               "whole": money(signed_change(head.change)),
                                                               "stated": money(got)}, signed_change(head.change), got)
        elif head is None:  # no whole written: the list is all of it only if its shares say so
            complete = _parts_are_the_whole(ctx, parts)
        shares = [p.share for p in parts]
        if len(shares) >= 2 and all(s is not None for s in shares):
            total_pct = sum(s.value for s in shares)
            tol = sum(half_unit(s.places) for s in shares)
            # shares cut off after their last digit (accepted one by one, ``percent_agrees``) may fall short by
            # one unit each: 33.33 + 33.33 + 33.33
            if total_pct > 100 + tol or (complete and total_pct < 100 - 2 * tol and any(f for f, _ in figures)):
                subject = ctx.label(head) if head is not None else "、".join(ctx.label(p) for p in parts)
                yield Hit("NARR-SHARE-SUM", shares[-1], {"subject": subject, "stated": f"{total_pct}%"},
                          Decimal(100), total_pct)


def _stated(ctx: NarrativeContext) -> dict[str, list[Statement]]:
    """Statements with a written amount, by the quantity they name (in order of appearance)."""
    out: dict[str, list[Statement]] = {}
    for st in ctx.extraction.statements:
        if st.amount is not None and st.refers is not None and st.refers.kind == "quantity":
            if _CLASSIFICATION_ITEM.search(st.subject_text or ""):
                continue  # “公务接待费（款）支出16万元”: the 经济分类 item of that name, not the “三公” 公务接待费
            out.setdefault(st.refers.key, []).append(st)
    return out


_CLASSIFICATION_ITEM = re.compile(r"[（(][类款项][）)]")


_FUNDS = ("财政拨款", "一般公共预算", "政府性基金", "国有资本经营")


def _funds(subject: str) -> frozenset[str]:
    return frozenset(f for f in _FUNDS if f in (subject or ""))


def check_consistency(ctx: NarrativeContext) -> Iterator[Hit]:
    """Text-only: one quantity written twice with different figures (against tables, NARR-AMOUNT says it)."""
    if not ctx.text_only:
        return
    for qid, sts in _stated(ctx).items():
        first = sts[0]
        for st in sts[1:]:
            if _funds(st.subject_text) != _funds(first.subject_text):
                continue  # “一般公共预算财政拨款基本支出” is not the 基本支出 of all funds (西安市卫健委 2022)
            if not amount_agrees(st.amount.value, st.amount.places, first.amount.value, half_unit(first.amount.places)):
                yield Hit("NARR-INCONSISTENT", st.amount, {"subject": ctx.label(st), "stated": st.amount.text,
                                                           "expected": first.amount.text},
                          first.amount.value, st.amount.value)


def check_quantity_parts(ctx: NarrativeContext) -> Iterator[Hit]:
    """Text-only: a whole and its parts written anywhere in the text (基本支出 = 人员经费 + 公用经费 …)."""
    if not ctx.text_only:
        return
    stated = _stated(ctx)
    sts = ctx.extraction.statements
    grouped = {(sts[g.head].refers, tuple(sts[i].refers for i in g.parts)) for g in ctx.extraction.groups
               if g.head is not None}
    for qid, whole_sts in stated.items():
        q = ctx.vocabulary.quantity(qid)
        if q is None or not q.parts or not all(p in stated for p in q.parts):
            continue
        whole = whole_sts[0]
        parts = [stated[p][0] for p in q.parts]
        if any(_funds(p.subject_text) != _funds(whole.subject_text) for p in parts):
            continue  # “项目支出 3,123.68万元” of all funds is not a part of the 一般公共预算财政拨款支出 (江苏省政协 2017)
        if any(h == whole.refers and {r.key for r in refs if r} == set(q.parts) for h, refs in grouped):
            continue  # already checked where the text lists them under "其中"
        total = sum(p.amount.value for p in parts)
        tol = half_unit(whole.amount.places) + sum(half_unit(p.amount.places) for p in parts)
        if abs(total - whole.amount.value) > tol:
            yield Hit("NARR-PARTS-SUM", whole.amount, {"subject": ctx.label(whole), "whole": money(whole.amount.value),
                                                       "stated": money(total), "difference": money(total - whole.amount.value)},
                      whole.amount.value, total)


def check_subjects(ctx: NarrativeContext) -> Iterator[Hit]:
    cat = ctx.catalogue
    if cat is None:
        return
    year = cat.year
    for c in ctx.extraction.claims:
        if c.kind != "subject" or c.refers is None:
            continue
        ref = c.refers
        if ref.key:
            name = cat.name(ref.key)
            if name is None:
                yield Hit("NARR-SUBJECT-UNKNOWN", c, {"stated": ref.key, "year": year, "parent": "—"})
            elif ref.names and ref.names[0] and not cat.name_matches(ref.key, ref.names[0]) and not fold(ref.names[0]).startswith(fold(name)):
                yield Hit("NARR-SUBJECT-CODE", c, {"code": ref.key, "year": year, "expected": name, "stated": ref.names[0]})
            continue
        parent_code, parent_name = "", "类级科目"
        for level, name in enumerate(ref.names):
            pool = cat.children(parent_code) if parent_code else cat.top_level()
            match = next((e for e in pool if fold(e.name) == fold(name)), None)
            if match is None:
                elsewhere = [e for e in cat.named(name) if len(e.code) == 3 + 2 * level]
                if elsewhere:
                    e = elsewhere[0]
                    where = f"{e.code}，属于“{cat.name(e.code[:-2]) or ''}”" if len(e.code) > 3 else e.code
                    yield Hit("NARR-SUBJECT-PARENT", c, {"stated": f"{name}（{'类款项'[level]}）", "parent": parent_name,
                                                          "expected": where})
                else:
                    yield Hit("NARR-SUBJECT-UNKNOWN", c, {"stated": f"{name}（{'类款项'[level]}）", "year": year,
                                                           "parent": parent_name})
                break
            parent_code, parent_name = match.code, match.name


def check_years(ctx: NarrativeContext) -> Iterator[Hit]:
    year = ctx.year
    if not year:
        return
    for c in ctx.extraction.claims:
        if c.kind != "year":
            continue
        y = int(c.value)
        if c.word and y != year - 1:
            yield Hit("NARR-YEAR-COMPARE", c, {"stated": c.text, "year": year, "expected": year - 1},
                      Decimal(year - 1), Decimal(y))
        elif not c.word and y not in (year, year - 1) and _fiscal_year(ctx, c) and not _dated_event(ctx, c) \
                and not _target_year(ctx, c, year):
            yield Hit("NARR-YEAR", c, {"stated": c.text, "year": year, "expected": year - 1}, None, Decimal(y))


def _target_year(ctx: NarrativeContext, c: NarrativeClaim, year: int) -> bool:
    """“争取到 2030 年，苏州交通全面建成…” (苏州市交通运输局 2026): a later year a plan aims at, not a stale one."""
    text = ctx.narrative.blocks[c.paragraph].text
    return int(c.value) > year and re.search(r"[到至]\s*$", text[max(0, c.start - 3):c.start]) is not None


# what a year names when it is the year a package is about: “2024年部门预算收入…”, “2019 年收入预算…”
_FISCAL_AFTER = re.compile(r"^\s*年?\s*度?\s*(?:本?部门|本?单位|年初)?\s*(?:预算|决算|收入|支出|收支|财政拨款|一般公共预算|"
                           r"政府性基金|国有资本经营|机关运行经费|政府采购|[“\"]?三公[”\"]?)")


def _fiscal_year(ctx: NarrativeContext, c: NarrativeClaim) -> bool:
    """The year is used as the package's own year — followed by 预算/决算/收入/支出 … — the mistake a year copied
    from an older package makes. A year that names an event (“2024年中央办公厅印发《意见》”, “于2028年支付”,
    “国家2030年预期指标”) is history or a plan, never a stale year (国家信访局 2026, 西安 2022/2026: all four
    warnings of the corpus were such)."""
    text = ctx.narrative.blocks[c.paragraph].text
    return _FISCAL_AFTER.match(text[c.end:c.end + 16]) is not None


def _dated_event(ctx: NarrativeContext, c: NarrativeClaim) -> bool:
    """“拱北口岸主厅于2024年3月15日顺利投入使用”: a year with its month is the date of an event told, not a year
    copied from an older package (a cut-off date, “截至2024年12月31日”, is NARR-CUTOFF-YEAR's)."""
    text = ctx.narrative.blocks[c.paragraph].text
    after = re.sub(r"^\s*年", "", text[c.end:c.end + 8])  # (the claim may or may not hold its 年)
    # (“于2024年3” at the end of a line of a table printed in the text: the month went on on the next line)
    dated = re.match(r"\s*\d{1,2}\s*(?:月|$)", after) is not None
    return dated and not re.search(r"截[至止]", text[max(0, c.start - 6):c.start])


def check_reasons(ctx: NarrativeContext) -> Iterator[Hit]:
    for c in ctx.extraction.claims:
        if c.kind == "reason" and c.direction == "empty":
            yield Hit("NARR-REASON-EMPTY", c, {"stated": c.word})


CHECKS: dict[str, Callable[[NarrativeContext], Iterator[Hit]]] = {
    "amounts": check_amounts,
    "changes": check_changes,
    "change_pcts": check_change_pcts,
    "shares": check_shares,
    "execution": check_execution,
    "groups": check_groups,
    "consistency": check_consistency,
    "quantity_parts": check_quantity_parts,
    "subjects": check_subjects,
    "years": check_years,
    "reasons": check_reasons,
}


def _finding(ctx: NarrativeContext, hit: Hit, rule: RuleText) -> Finding:
    c = hit.claim
    section = ctx.section(c)
    values = {k: (v if not isinstance(v, Decimal) else format(v, "f")) for k, v in hit.values.items()}
    diff = None if hit.expected is None or hit.actual is None else hit.actual - hit.expected
    return Finding(
        # keyed by the clause and the figure as written, so an explanation survives edits elsewhere in the text
        rule=rule.id, severity=rule.severity, table=NARRATIVE_TABLE, row=ctx.clause(c), column=c.text,
        message=fill(rule.message, values), expected=hit.expected, actual=hit.actual, difference=diff,
        table_title="情况说明", row_label=section, column_label=rule.title, suspects=hit.suspects,
        quote=ctx.clause(c), stated=c.text if c.kind != "reason" else c.word,
        position=TextPosition(section, c.paragraph, c.start, c.end))


def _drop_restated(findings: dict[tuple, Finding]) -> None:
    """One finding per slip: a blank is a NARR-PLACEHOLDER (error), not also an empty reason; a 元/万元
    slip is NARR-UNIT-SLIP, not also a wrong amount."""
    blanks = [f.position for f in findings.values() if f.rule == "NARR-PLACEHOLDER"]
    slips = {(f.position.paragraph, f.position.start) for f in findings.values() if f.rule == "NARR-UNIT-SLIP"}
    for key, f in list(findings.items()):
        p = f.position
        if f.rule == "NARR-REASON-EMPTY" and any(b.paragraph == p.paragraph and p.start <= b.start <= p.end + 2 for b in blanks):
            del findings[key]
        elif f.rule == "NARR-AMOUNT" and (p.paragraph, p.start) in slips:
            del findings[key]


def check_narrative(narrative: Narrative, vocabulary: Vocabulary, rules: dict[str, RuleText],
                    document: Document | None = None, *, year: int = 0, policy: Policy | None = None) -> list[Finding]:
    """Findings about the narrative: against ``document``'s tables, or text-only when it is None.

    Errors and warnings only; ``narrative_report`` adds what could not be checked (未核对)."""
    return narrative_report(narrative, vocabulary, rules, document, year=year, policy=policy, unchecked=False).findings


def narrative_report(narrative: Narrative, vocabulary: Vocabulary, rules: dict[str, RuleText],
                     document: Document | None = None, *, year: int = 0, policy: Policy | None = None,
                     unchecked: bool = True) -> NarrativeReport:
    """Findings, with what could not be checked (未核对) listed and counted. Without a ``policy``
    (template data: required sections, blanks, reason threshold) the checks that need one do not run."""
    extraction = extract(narrative, vocabulary, document.meta.money_unit if document is not None else "万元")
    lists = regroup(narrative, extraction)  # lists read with their level (issue 25)
    extraction = lists.extraction
    if not year:
        year = document.meta.year if document is not None and document.meta.year else document_year(narrative, extraction)
    ctx = NarrativeContext(narrative, extraction, vocabulary, document, year)
    readings = Readings(ctx, lists)
    findings: dict[tuple, Finding] = {}
    blocked: dict[int, str] = {}
    runs = [check(ctx) for check in CHECKS.values()] + [check(ctx, policy) for check in MORE_CHECKS.values()]
    for hits in runs:
        for hit in hits:
            rule = rules.get(hit.rule)
            if rule is None:
                continue
            # an error needs a single reading of everything it rests on; otherwise it is 未核对
            why = readings.blocked(hit.rule, hit.claim, hit.expected, hit.actual)
            if why:
                at = readings.statement_of(hit.claim)
                if at is not None:
                    blocked.setdefault(at, why)
                continue
            f = _finding(ctx, hit, rule)
            findings.setdefault((f.rule, f.position.paragraph, f.position.start), f)
    _drop_restated(findings)
    report = coverage(ctx, readings, _wholes(ctx), blocked)
    if unchecked and "NARR-UNCHECKED" in rules:
        for claim, label, reasons in report.notes:
            hit = Hit("NARR-UNCHECKED", claim, {"subject": label, "why": "；".join(reasons)})
            f = _finding(ctx, hit, rules["NARR-UNCHECKED"])
            findings.setdefault((f.rule, f.position.paragraph, f.position.start), f)
    if not unchecked:
        findings = {k: f for k, f in findings.items() if f.severity is not Severity.INFO}
    explanations = document.explanations if document is not None else {}
    out = [f.with_explanation(explanations.get(f.key)) if f.key in explanations else f for f in findings.values()]
    out = sorted(out, key=lambda f: (f.position.paragraph, f.position.start, f.rule))
    return NarrativeReport(out, report.checked, report.unchecked)
