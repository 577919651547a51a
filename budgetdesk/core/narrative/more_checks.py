"""Checks of a 情况说明 beyond its arithmetic (issue 25): blanks, completeness, reasons, wording.

Each is a pure function of the ``NarrativeContext`` and the ``Policy`` (template data) yielding
``Hit``s under a rule id of ``templates/narrative/rules.json``; ``MORE_CHECKS`` registers them. Checks
that need the policy do nothing without one (the core can be driven without template data).
"""

from __future__ import annotations

import bisect
import re
from decimal import Decimal
from typing import Callable, Iterator

from budgetdesk.core.document import WHOLE_READING
from budgetdesk.core.findings import CellRef
from budgetdesk.core.narrative.claims import NarrativeClaim, Reference, Statement
from budgetdesk.core.narrative.hits import Hit
from budgetdesk.core.narrative.numbers import amount_agrees, half_unit, percent, places
from budgetdesk.core.narrative.policy import Policy
from budgetdesk.core.text import fold

_DOUBLED = re.compile(r"([\u4e00-\u9fff]{2,6})\1")
_SHARE_NO_PCT = re.compile(r"占(?![地用有据])[^，。；,;\d%％]{0,20}?(\d{1,3}(?:\.\d{1,2})?)(?=[，。；;、）)]|,(?!\d)|$)")
_GENERIC_NAME = re.compile(r"^(?:20\d\d年度?|本年|[，,])+|预算数?|决算数?|合计$|总计$")
_RATE_NO_PCT = re.compile(r"(?:增长|下降|上升|降低)了?\s?(\d{1,3}\.\d{1,2})(?=\s?[，。；;、）)]|,(?!\d)|$)")
_CHANGE_PART = re.compile(r"([\u4e00-\u9fff“”（）()]{2,24}?)(增加|减少|增长|下降)了?\s?(\d{1,3}(?:,\d{3}){1,4}(?:\.\d{1,4})?|\d{1,13}(?:\.\d{1,4})?)\s?万元")
_ORG = re.compile(r"(?:^|[，。；,])\s?(?:20\d\d\s?年度?\s?[，,]?\s?)?([\u4e00-\u9fff]{4,30}?(?:委员会|办公室|办公厅|人民法院|人民检察院|人民政府|局|中心))"
                  r"(?=\s?(?:20\d\d|本年|收入|支出|财政拨款|一般公共预算|共有))")
# reduplications that are words, not slips
_WORDS_DOUBLED = ("谢谢", "常常", "人人", "年年", "天天", "个个", "处处", "事事", "渐渐", "层层", "步步")


def _claim(kind: str, para: int, start: int, end: int, text: str) -> NarrativeClaim:
    return NarrativeClaim(kind, para, start, end, text)


def _paragraphs(ctx) -> Iterator[tuple[int, str]]:
    for i, b in enumerate(ctx.narrative.blocks):
        if not b.heading:
            yield i, b.text


# -- blanks -----------------------------------------------------------------------------------

def _placeholder_spans(text: str, policy: Policy):
    """(start, end, placeholder) of each blank in ``text``, the first pattern to claim a stretch keeping it;
    linear in the text (a mark per character taken, not a scan of the spans found so far)."""
    taken = bytearray(len(text))
    for ph in policy.placeholders:
        for m in ph.pattern.finditer(text):
            if any(taken[m.start():m.end()]):
                continue
            taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
            yield m.start(), m.end(), ph


def check_placeholders(ctx, policy: Policy | None) -> Iterator[Hit]:
    """Blanks a draft leaves ("____", "XX", "××", "待填", "【…】", "主要原因是。"): errors until filled."""
    if policy is None:
        return
    for i, b in enumerate(ctx.narrative.blocks):
        for start, end, ph in _placeholder_spans(b.text, policy):
            yield Hit("NARR-PLACEHOLDER", _claim("placeholder", i, start, end, b.text[start:end]),
                      {"stated": b.text[start:end], "what": ph.what})


def blanks(narrative, policy: Policy) -> list[tuple[int, int, int]]:
    """(block, start, end) of every blank, in order: for the editor's "下一个空白"."""
    out = []
    for i, b in enumerate(narrative.blocks):
        out += [(i, a, z) for a, z, _ in sorted(_placeholder_spans(b.text, policy), key=lambda s: s[:2])]
    return out


# -- completeness -----------------------------------------------------------------------------

def _kind(ctx) -> str:
    if ctx.document is not None:
        return ctx.document.template_set.kind
    heads = "".join(b.text for b in ctx.narrative.blocks[:60] if b.heading)
    return "final_accounts" if "决算" in heads and "预算情况" not in heads else "budget"


def check_completeness(ctx, policy: Policy | None) -> Iterator[Hit]:
    """A required section or item (部门职责 … 名词解释) the text never mentions: an error naming it."""
    if policy is None or not any(c.kind == "amount" for c in ctx.extraction.claims):
        return  # no 情况说明 to speak of (a title over tables): nothing to be complete
    text = fold("".join(b.text for b in ctx.narrative.blocks))
    opening = "".join(b.text for b in ctx.narrative.blocks[:8])
    region = ctx.document.template_set.region if ctx.document is not None else policy.region_of(opening)
    first = next((i for i, b in enumerate(ctx.narrative.blocks) if b.text.strip()), 0)
    set_id = ctx.document.template_set.id if ctx.document is not None else ""
    for item in policy.required_for(_kind(ctx), region, set_id):
        if any(fold(w) in text for w in item.any) or (item.from_year and ctx.year and ctx.year < item.from_year):
            continue
        claim = _claim("section", first, 0, 0, item.label)
        uncertain = ctx.document is not None and WHOLE_READING in ctx.document.unread
        if item.after_text:  # the reader stops before it (名词解释, 附件): absent here says nothing
            yield Hit("NARR-UNCHECKED", claim, {"subject": item.label, "why": "读入的文字止于名词解释、附件之前，无法确认有没有这一部分"})
        elif item.in_tables and ctx.document is None:  # the text alone (a package published as two files)
            yield Hit("NARR-UNCHECKED", claim, {"subject": item.label, "why": "只查了文字：这一部分由标准表载明，"
                                                "表格不在这份文字里（文字与表分开公开时在另一个文件中）"})
        elif uncertain:  # a file read too uncertainly: its 情况说明 may have gone with the tables, or be elsewhere
            yield Hit("NARR-UNCHECKED", claim, {"subject": item.label, "why": f"读到的文字中没有这一部分，但"
                                                f"{ctx.document.unread[WHOLE_READING]}，文字与表可能没有分开读对"})
        else:
            yield Hit("NARR-MISSING-SECTION", claim, {"stated": item.label,
                                                      "kind": "决算" if _kind(ctx) == "final_accounts" else "预算"})


# -- wording ----------------------------------------------------------------------------------

def check_doubled(ctx, policy: Policy | None) -> Iterator[Hit]:
    """The same word written twice in a row: "本单位本单位"."""
    for i, text in _paragraphs(ctx):
        if "   " in text:  # cells of a table laid out with spaces ("小计  小计"), not a sentence
            continue
        for m in _DOUBLED.finditer(text):
            word = m.group(1)
            if word in _WORDS_DOUBLED or len(set(word)) == 1:
                continue
            if _starts_a_term(ctx, text, m.start() + len(word)):
                continue  # “在职人员人员经费”: 在职人员 | 人员经费, two words meeting, not one written twice
            yield Hit("NARR-DOUBLED", _claim("doubled", i, m.start(), m.end(), m.group(0)), {"stated": m.group(0),
                                                                                              "word": word})


def _starts_a_term(ctx, text: str, at: int) -> bool:
    """The second copy begins a term the tables name (人员经费, 基本支出 …): the first ends a word of its own."""
    rest = fold(text[at:at + 12])
    return any(rest.startswith(fold(p)) for q in ctx.vocabulary.quantities.values() for p in q.phrases if len(p) >= 3)


def check_share_without_percent(ctx, policy: Policy | None) -> Iterator[Hit]:
    """A share or a rate written without its % sign: "占76.23，", "增长 13.95。"."""
    for i, text in _paragraphs(ctx):
        for pattern in (_SHARE_NO_PCT, _RATE_NO_PCT):
            for m in pattern.finditer(text):
                yield Hit("NARR-PERCENT-SIGN", _claim("share", i, m.start(1), m.end(1), m.group(1)),
                          {"stated": m.group(0), "number": m.group(1)})


def _last_year(ctx, st: Statement) -> tuple[Decimal | None, Decimal]:
    """Last year's figure of a statement and how far it may be off: the tables', else this year − change."""
    if not ctx.text_only and st.refers is not None:
        last, _ = ctx.table_value(st.refers, prior=True)
        if last is not None:
            return last, Decimal("0.005")
    if st.amount is not None and st.change is not None and st.change.value is not None:
        change = abs(st.change.value) if st.change.direction == "up" else -abs(st.change.value)
        return st.amount.value - change, half_unit(st.amount.places) + half_unit(st.change.places)
    return None, Decimal(0)


def check_zero_base(ctx, policy: Policy | None) -> Iterator[Hit]:
    """Growth from nothing written as a percentage ("增长100%" when last year was 0)."""
    for st in ctx.extraction.statements:
        p = st.change_pct
        if p is None or p.direction != "up":
            continue
        last, err = _last_year(ctx, st)
        # only a base that is 0 as written (or 0 in the tables): a tiny base may round to 0.01
        if last is not None and last == 0 and (st.amount is None or st.amount.value > 0):
            yield Hit("NARR-ZERO-BASE", p, {"subject": ctx.label(st), "stated": f"{p.word}{p.text}"}, None, p.value)


def check_unit_slip(ctx, policy: Policy | None) -> Iterator[Hit]:
    """A figure 10,000 times the table's, or a 10,000th of it: 元 written as 万元 or the other way."""
    if ctx.text_only:
        return
    for st in ctx.extraction.statements:
        a = st.amount
        if a is None or not a.value:
            continue
        for v in ctx.table_values(st.refers):
            if not v:
                continue
            for factor, said in ((Decimal(10000), "元"), (Decimal("0.0001"), "亿元或万万元")):
                if abs(a.value - v * factor) <= max(half_unit(a.places), abs(v * factor) * Decimal("0.00005")):
                    yield Hit("NARR-UNIT-SLIP", a, {"subject": ctx.label(st), "stated": a.text, "expected": f"{v}万元",
                                                    "said": said}, v, a.value)
                    break


def check_unit_name(ctx, policy: Policy | None) -> Iterator[Hit]:
    """The unit named at the head of a sentence differs from the cover's (or the title's) name."""
    cover = ctx.document.meta.unit_name.strip() if ctx.document is not None else ""
    if not cover:
        heads = [b.text for b in ctx.narrative.blocks[:5] if b.heading]
        for h in heads:
            m = re.match(r"([\u4e00-\u9fff]{4,30}?(?:委员会|办公室|办公厅|人民法院|人民检察院|人民政府|局|中心))\s?20\d\d", h)
            if m:
                cover = m.group(1)
                break
    if not cover:
        return
    want = fold(cover)
    for i, text in _paragraphs(ctx):
        for m in _ORG.finditer(text):
            name = fold(m.group(1))
            if name == want or name.endswith(want) or want.endswith(name):
                continue
            yield Hit("NARR-UNIT-NAME", _claim("unit", i, m.start(1), m.end(1), m.group(1)),
                      {"stated": m.group(1), "expected": cover})


# -- reasons ----------------------------------------------------------------------------------

def _rate(ctx, st: Statement) -> Decimal | None:
    if st.change_pct is not None and st.change_pct.value is not None:
        return abs(st.change_pct.value)
    if st.change is None or st.change.direction not in ("up", "down"):
        return None
    last, _ = _last_year(ctx, st)
    if last is None or last <= 0:
        return None
    return percent(abs(st.change.value), last)


def _changes(ctx) -> list[tuple[int, int, int]]:
    """(paragraph, start, statement) of every increase or decrease stated, in reading order."""
    return sorted((s.paragraph, s.change.start, i) for i, s in enumerate(ctx.extraction.statements)
                  if s.change is not None and s.change.direction in ("up", "down"))


def _reason_follows(ctx, st: Statement, policy: Policy, me: int, changes: list, heads: dict) -> bool:
    """A reason for this change: in its sentence or after it, up to the next change stated (of another
    quantity), or later in the section in a sentence on 原因 that names it ("财政拨款收入支出增加的主要原因是…")."""
    blocks = ctx.narrative.blocks
    sts = ctx.extraction.statements
    # a whole whose parts follow ("其中：基本支出…增加…，主要是…"): its parts' reasons are its reasons
    after = max([(sts[p].paragraph, sts[p].end) for p in heads.get(me, ())], default=(st.paragraph, st.start))
    at = bisect.bisect_right(changes, (after[0], after[1], len(sts)))
    stop = next(((pa, start) for pa, start, i in changes[at:at + 2] if i != me), None)
    text = blocks[st.paragraph].text
    at = (st.change or st.change_pct).start  # the sentence of the change ("主要用于…" before it is no reason)
    window, rest = text[text.rfind("。", 0, at) + 1:], ""
    if stop is not None and stop[0] == st.paragraph:
        window = text[text.rfind("。", 0, at) + 1: stop[1]]
    nxt = st.paragraph + 1
    while nxt < len(blocks) and not blocks[nxt].heading:
        if stop is None or nxt < stop[0]:
            window += blocks[nxt].text
        elif nxt == stop[0]:
            window += blocks[nxt].text[: stop[1]]
            rest += blocks[nxt].text[stop[1]:]
        else:
            rest += blocks[nxt].text
        nxt += 1
    if any(w in window for w in policy.reason_words):
        return True
    names = {n for n in (_GENERIC_NAME.sub("", fold(st.subject_text)), fold(ctx.label(st))) if len(n) >= 2}
    # "财政拨款收入支出增加的主要原因是…" names 财政拨款支出 and 财政拨款收入 at once
    names |= {n.replace("支出", "收入支出") for n in names} | {n.replace("收入", "收入支出") for n in names}
    return any("原因" in sentence and any(n in fold(sentence) for n in names) for sentence in rest.split("。"))


def check_reason_needed(ctx, policy: Policy | None) -> Iterator[Hit]:
    """A change above the threshold (template data, 10% by default) must say why."""
    if policy is None:
        return
    changes = _changes(ctx)
    heads: dict[int, list[int]] = {}
    for g in ctx.extraction.groups:
        if g.head is not None:
            heads.setdefault(g.head, []).extend(g.parts)
    for me, st in enumerate(ctx.extraction.statements):
        change = st.change_pct or st.change
        if change is None or change.direction not in ("up", "down"):
            continue
        rate = _rate(ctx, st)
        if rate is None or rate <= policy.reason_threshold or _reason_follows(ctx, st, policy, me, changes, heads):
            continue
        yield Hit("NARR-REASON-MISSING", change, {"subject": ctx.label(st), "stated": f"{change.word}{change.text}",
                                                  "threshold": f"{policy.reason_threshold}%",
                                                  "rate": f"{rate.quantize(Decimal('0.01'))}%"})


def check_change_parts(ctx, policy: Policy | None) -> Iterator[Hit]:
    """"增加X万元，主要是A增加a万元，B增加b万元": when A, B are all the parts of the whole (vocabulary),
    a + b must be X. When they are only some of them nothing follows — the parts not named may have moved the
    other way (重庆规划和自然资源局 2026: 收入减少 29,815.76 万元，主要是两项共减少 38,057.48 万元, the rest up)."""
    vocab = ctx.vocabulary
    by_para: dict[int, list[Statement]] = {}
    for s in ctx.extraction.statements:
        if s.change is not None:
            by_para.setdefault(s.paragraph, []).append(s)
    for c in ctx.extraction.claims:
        if c.kind != "reason":
            continue
        head = next((s for s in reversed(by_para.get(c.paragraph, [])) if s.change.end <= c.start
                     and "。" not in ctx.narrative.blocks[c.paragraph].text[s.change.end:c.start]), None)
        if head is None or head.refers is None or head.refers.kind != "quantity" or head.change.direction not in ("up", "down"):
            continue
        parts = []
        for m in _CHANGE_PART.finditer(c.text):
            name = re.sub(r"^(?:主要变动原因是|主要原因是|变动原因是|原因是|主要是|其中|以及|和|及)", "", m.group(1).strip("，,、；"))
            ref = vocab.resolve(name, names=False)
            if ref is None or ref.kind != "quantity" or fold(name) not in {fold(p) for p in vocab.quantity(ref.key).phrases}:
                parts = None  # a component the vocabulary does not name exactly: not this check's to judge
                break
            value = Decimal(m.group(3).replace(",", ""))
            parts.append((ref.key, value if m.group(2) in ("增加", "增长") else -value, m))
        if not parts or len({k for k, _, _ in parts}) != len(parts):
            continue
        for key, value, m in parts:  # each component against the tables' prior-year column, where they have one
            yield from _component_against_tables(ctx, key, value, m, c)
        if len(parts) < 2:
            continue
        q = vocab.quantity(head.refers.key)
        whole = head.change.value if head.change.direction == "up" else -head.change.value
        total = sum(v for _, v, _ in parts)
        tol = half_unit(head.change.places) + sum(half_unit(2) for _ in parts)
        complete = q is not None and set(q.parts) == {k for k, _, _ in parts}
        if complete and abs(total - whole) > tol:
            last = parts[-1][2]
            claim = _claim("change", c.paragraph, c.start + last.start(3), c.start + last.end(0), last.group(0)[len(last.group(1)):])
            yield Hit("NARR-CHANGE-PARTS", claim, {"subject": ctx.label(head), "whole": f"{whole}万元",
                                                   "stated": f"{total}万元", "difference": f"{total - whole}万元"},
                      whole, total)


_PAIR = re.compile(r"预算数?为\s?(\d{1,3}(?:,\d{3}){1,4}(?:\.\d{1,2})?|\d{1,13}(?:\.\d{1,2})?)\s?万元"
                   r"[^。；]{0,24}?决算数?为\s?(\d{1,3}(?:,\d{3}){1,4}(?:\.\d{1,2})?|\d{1,13}(?:\.\d{1,2})?)\s?万元")
_COMPARE_WORD = re.compile(r"决算数?(大于|高于|超过|小于|低于|等于|同)预算数?(?!基本)")
_CUTOFF = re.compile(r"截[至止]\s?(20\d\d)\s?年\s?12\s?月\s?31\s?日")


def check_execution_word(ctx, policy: Policy | None) -> Iterator[Hit]:
    """决算: "年初预算为X万元，支出决算为Y万元。决算数大于预算数…" — the word must match Y against X."""
    for i, text in _paragraphs(ctx):
        pairs = list(_PAIR.finditer(text))
        for m in _COMPARE_WORD.finditer(text):
            before = [pm for pm in pairs if pm.end() <= m.start()
                      and "。" not in text[pm.end():m.start()].strip().rstrip("。")]
            if not before:
                continue
            pm = before[-1]
            if text.count("。", pm.end(), m.start()) > 1:
                continue  # the comparison is not about this pair
            opening = text.rfind("。", 0, pm.start()) + 1
            if len(re.findall(r"预算数?为", text[opening:pm.end()])) > 1:
                continue  # "年初预算为X，全年预算为Y，支出决算为Z": which 预算 the word means is not said
            budget, actual = (Decimal(g.replace(",", "")) for g in pm.groups())
            word = m.group(1)
            right = "大于" if actual > budget else "小于" if actual < budget else "等于"
            said = "大于" if word in ("大于", "高于", "超过") else "小于" if word in ("小于", "低于") else "等于"
            if said != right:
                yield Hit("NARR-EXECUTION-WORD", _claim("execution", i, m.start(), m.end(), m.group(0)),
                          {"stated": m.group(0), "budget": f"{budget}万元", "actual": f"{actual}万元",
                           "expected": f"决算数{right}预算数"}, actual - budget, None)


def check_cutoff_year(ctx, policy: Policy | None) -> Iterator[Hit]:
    """决算: the assets are counted at the end of the year the accounts close ("截至2024年12月31日")."""
    if _kind(ctx) != "final_accounts" or not ctx.year:
        return
    for i, text in _paragraphs(ctx):
        for m in _CUTOFF.finditer(text):
            if int(m.group(1)) != ctx.year:
                yield Hit("NARR-CUTOFF-YEAR", _claim("year", i, m.start(), m.end(), m.group(0)),
                          {"stated": m.group(0), "year": ctx.year}, Decimal(ctx.year), Decimal(m.group(1)))


def _component_against_tables(ctx, key: str, value: Decimal, m: re.Match, reason: NarrativeClaim) -> Iterator[Hit]:
    """"主要是公务接待费增加x万元": x against this year's figure minus last year's in the tables."""
    if ctx.text_only:
        return
    ref = Reference("quantity", key)
    this, where = ctx.table_value(ref)
    last, _ = ctx.table_value(ref, prior=True)
    if this is None or last is None:
        return
    expected = this - last
    if amount_agrees(value, max(places(m.group(3)), 2), expected, Decimal(0)):
        return
    claim = _claim("change", reason.paragraph, reason.start + m.start(2), reason.start + m.end(0), m.group(0)[len(m.group(1)):])
    yield Hit("NARR-CHANGE", claim, {"subject": ctx.label(Statement(reason.paragraph, "", ref)), "word": m.group(2),
                                     "stated": m.group(3) + "万元", "this": f"{this}万元", "last": f"{last}万元",
                                     "expected": f"{expected}万元"}, expected, value, (CellRef(*where),) if where else ())


MORE_CHECKS: dict[str, Callable] = {
    "execution_word": check_execution_word,
    "cutoff_year": check_cutoff_year,
    "placeholders": check_placeholders,
    "completeness": check_completeness,
    "doubled": check_doubled,
    "percent_sign": check_share_without_percent,
    "zero_base": check_zero_base,
    "unit_slip": check_unit_slip,
    "unit_name": check_unit_name,
    "reason_needed": check_reason_needed,
    "change_parts": check_change_parts,
}
