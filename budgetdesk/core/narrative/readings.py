"""What each statement of a 情况说明 can mean, and the rule that an error needs exactly one meaning.

The sentence reader picks one quantity for the words before a figure. Here those words are read
again, for every quantity or qualifier they could name: "基本支出预算数为" names 基本支出 and 支出预算,
"政府性基金拨款支出预算" is a 支出预算 narrowed by words the vocabulary does not know, a bare "支出"
under a heading that names a 项 is that 项's expenditure, not the total. A ``Reading`` keeps the
quantity chosen and its alternatives; it is unambiguous only when there are none.

``depends`` says which statements (and which list) a hit relies on; ``gate`` keeps a hit only when
every one of them has a single reading and its list could be read. Everything else is listed once as
未核对 by ``coverage`` — with the clause and why — together with the claims no check could reach
(no table for the quantity, no prior-year figure), so that 通过 means checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from budgetdesk.core.narrative.claims import NarrativeClaim, Statement
from budgetdesk.core.narrative.lists import ListReading, marker
from budgetdesk.core.text import fold

# "预算" in "支出预算", "收入预算数" says only which kind of package this is; in 一般公共预算,
# 政府性基金预算, 国有资本经营预算 it is part of the name
_GENERIC = re.compile(r"(?<!公共)(?<!基金)(?<!经营)(?<!资本)预算数?|决算数?")
_SUBJECT_MARK = re.compile(r"[（(][类款项][)）]")
# words that may stand before a quantity's name without changing what it names
_NEUTRAL_TAIL = ("本年度", "本年", "全年", "当年", "年度", "年", "本部门", "本单位", "部门", "单位", "的", "此外",
                 "其中", "我单位", "我部门", "本级", "合计", "总计", "共计", "安排", "“", "”", "\"")
_MARK = re.compile(r"^(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.．、])")
# the funds a 财政拨款 quantity is paid from, written before its name ("一般公共预算财政拨款基本支出")
_FUNDS = ("一般公共预算财政拨款", "一般公共预算拨款", "一般公共预算资金", "一般公共预算", "财政拨款安排的", "财政拨款",
          "使用", "拨款安排的", "安排的")
# tables whose figures are all 财政拨款 (so those words add nothing to a quantity kept there)
_FUNDED_TABLES = ("gpb_expenditure", "gpb_basic", "three_public", "gpb_detail", "fiscal_detail")
_TRAILING = " \t\u30000123456789（）()、，,：:。；;.．-—"
_ORG_END = ("委员会", "办公室", "办公厅", "人民法院", "人民检察院", "政府", "院", "厅", "局", "委", "部", "中心",
            "所", "站", "队", "馆", "校", "会", "处", "室", "署", "办")
# words right before a figure that make it another figure than the quantity's own
_DOUBT = ("年初预算", "全年预算", "调整预算", "调整后预算", "上年", "去年", "上一年")
_DOUBT_FINAL = ("预算数", "预算为")  # in a 决算 the 预算 is the other figure
_GENERIC_WORDS = ("", "支出", "收入", "经费", "资金")
# a paragraph (or its heading) opening with one part of the spending: the 科目 figures under it are that part's
_PART_OPENING = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.．、])?\s*"
                           r"(基本支出|项目支出)")
NUMERIC = ("amount", "change", "change_pct", "share", "execution", "budget")


@dataclass(frozen=True)
class Reading:
    statement: int
    chosen: str  # the quantity or subject the sentence reader chose ("" when none)
    alternatives: tuple[str, ...] = ()  # what else the same words could name
    why: str = ""  # empty when the reading is unambiguous
    joint: bool = False  # the figure may not be the quantity's own value ("收入、支出预算总计", "年初预算为")

    @property
    def unambiguous(self) -> bool:
        return not self.why


def _norm(text: str) -> str:
    return _GENERIC.sub("", fold(text))


def _strip_neutral(prefix: str, funded: bool = False) -> str:
    """The words just before a quantity's name that narrow it (unit names, years, 本年 … removed);
    ``funded``: the quantity is a 财政拨款 one by definition, so naming its funds narrows nothing."""
    p = re.split(r"[，,；;：:。]", _MARK.sub("", prefix.strip()))[-1]  # words before a "：" or "，" qualify nothing here
    p = p.rstrip(_TRAILING)
    changed = True
    while p and changed:
        changed = False
        for w in _NEUTRAL_TAIL + (_FUNDS if funded else ()):
            if p.endswith(w):
                p, changed = p[: -len(w)], True
        p = p.rstrip(_TRAILING)
    # what is left ends with an organisation's name ("江苏省高级人民法院"): it names whose, not which
    if p.endswith(_ORG_END):
        return ""
    return p[-8:]


class Readings:
    def __init__(self, ctx, lists: ListReading):
        self.ctx = ctx
        self.lists = lists
        self.vocab = ctx.vocabulary
        # a phrase that is specific only through "预算" ("支出预算" → "支出") would be found in every name
        self._phrases = sorted({(_norm(p), q.id) for q in self.vocab.quantities.values() for p in q.phrases
                                if _norm(p) not in _GENERIC_WORDS}, key=lambda x: -len(x[0]))
        kind = ctx.document.template_set.kind if ctx.document is not None else ""
        heads = "".join(b.text for b in ctx.narrative.blocks[:80] if b.heading)
        self._final = kind == "final_accounts" or (not kind and "决算" in heads and "预算情况" not in heads)
        self.by_statement = [self._read(i, st) for i, st in enumerate(ctx.extraction.statements)]
        # which statement each claim belongs to, and which group each statement is in: looked up, not rescanned
        self._owner = {id(c): i for i, st in enumerate(ctx.extraction.statements) for c in st.claims()}
        self._groups: dict[int, list] = {}
        for g in ctx.extraction.groups:
            for m in ([g.head] if g.head is not None else []) + list(g.parts):
                self._groups.setdefault(m, []).append(g)

    # -- one statement -----------------------------------------------------------------------
    def _label(self, qid: str) -> str:
        q = self.ctx.quantity(qid)
        return q.label if q is not None else qid

    def _read(self, i: int, st: Statement) -> Reading:
        if st.amount is not None:  # "年初预算为X万元，支出决算为Y万元": X is the budget, not the quantity
            para = self.ctx.narrative.blocks[st.paragraph].text
            near = para[max(0, st.amount.start - 8): st.amount.start]
            near = near[max(near.rfind(m) for m in "，,；;。：:") + 1:]
            doubts = _DOUBT + (_DOUBT_FINAL if self._final else ())
            word = next((w for w in doubts if w in near), None)
            if word is not None:
                return Reading(i, st.refers.label() if st.refers is not None else "", (word,),
                               f"“{near.strip()}”：这个数是{word}数，不是本年的{'决算' if self._final else '预算'}数", True)
        return self._read_words(i, st)

    def _read_words(self, i: int, st: Statement) -> Reading:
        ref = st.refers
        if ref is None:
            return Reading(i, "", (), "文中没有指明这个数是哪个量")
        if ref.kind == "subject":
            part = self._part_section(st)
            if part:  # 长沙: "（二）项目支出：……其中：一般公共服务支出3.00万元。公共安全支出40230.95万元"
                return Reading(i, ref.label(), (f"该科目的{part}",),
                               f"写在“{part}”一段中，可能是该科目的{part}，不一定是科目合计")
            return Reading(i, ref.label())
        chosen = self._label(ref.key)
        if st.amount is not None:  # "收入、支出预算总计X万元": one figure said of two quantities
            para = self.ctx.narrative.blocks[st.paragraph].text
            lead = para[: max(0, st.amount.start - len(st.subject_text))].rstrip()
            if lead.endswith("、") and not st.subject_text.startswith(("支总计", "支预算")):
                return Reading(i, chosen, ("两个量",), f"“{lead[-6:]}{st.subject_text.strip()}”把一个数同时说成几个量", True)
        subject = _norm(st.subject_text)
        found = [(subject.find(p), subject.find(p) + len(p), qid) for p, qid in self._phrases if p in subject]
        # only the occurrences no longer one contains ("基本支出" holds "支出")
        maximal = [o for o in found if not any(x[0] <= o[0] and o[1] <= x[1] and (x[1] - x[0]) > (o[1] - o[0])
                                               for x in found)]
        # the name that stands nearest the figure, and whatever overlaps or touches it
        if maximal:
            last = max(maximal, key=lambda o: (o[1], o[1] - o[0]))
            qids = sorted({o[2] for o in maximal if o is last or o[1] >= last[0] - 1})
        else:
            qids = []
        if qids and ref.key not in qids:
            return Reading(i, chosen, tuple(self._label(q) for q in qids),
                           f"“{st.subject_text.strip()}”可读作{self._labels_of(qids)}，与所取的“{chosen}”不同")
        if len(qids) > 1:
            others = [q for q in qids if q != ref.key]
            return Reading(i, chosen, tuple(self._label(q) for q in others),
                           f"“{st.subject_text.strip()}”既可读作“{chosen}”，也可读作{self._labels_of(others)}")
        # the words the sentence reader took it by, and what stands right before them
        raw = fold(st.subject_text)
        q = self.vocab.quantity(ref.key)
        spots = [(raw.rfind(fold(p)), fold(p)) for p in (q.phrases if q is not None else ()) if fold(p) in raw]
        if spots:
            at, phrase = max(spots, key=lambda x: (x[0] + len(x[1]), len(x[1])))
            tail = _GENERIC.sub("", raw[at + len(phrase):])
            if ("支出" in tail and "收入" in chosen) or ("收入" in tail and "支出" in chosen):
                # "一般公共预算拨款支出预算": the words after the name turn an income into a spending
                return Reading(i, chosen, (phrase + tail,),
                               f"“{phrase}{tail}”说的是{'支出' if '支出' in tail else '收入'}，不是“{chosen}”")
            funded = q is not None and any(c and c[0] in _FUNDED_TABLES for c in (q.cell,) + q.cells + q.also)
            qualifier = _strip_neutral(raw[:at], funded)
            if qualifier and not re.search(r"[，,；;：:]$", raw[:at]):
                return Reading(i, chosen, (qualifier + phrase,),
                               f"“{qualifier}{phrase}”比“{chosen}”多了限定词“{qualifier}”，不知道表中哪个数与它对应")
            return Reading(i, chosen)
        # a bare word ("支出", "收入") that names the total only when nothing else is in play
        para = self.ctx.narrative.blocks[st.paragraph].text
        before = para[: st.start]
        prev = self.ctx.narrative.blocks[st.paragraph - 1].text if st.paragraph > 0 else ""
        if _SUBJECT_MARK.search(before) or _SUBJECT_MARK.search(prev) or marker(para) or marker(prev):
            return Reading(i, chosen, ("上文所列科目或项目",),
                           f"只写了“{st.subject_text.strip() or chosen}”，上文列的是科目或分项，不一定是“{chosen}”")
        return Reading(i, chosen)

    def _part_section(self, st: Statement) -> str:
        """基本支出 / 项目支出 when the statement's paragraph, or the heading right above it, opens with that part."""
        blocks = self.ctx.narrative.blocks
        opening = _PART_OPENING.match(blocks[st.paragraph].text)
        if opening is None and st.paragraph > 0 and blocks[st.paragraph - 1].heading:
            opening = _PART_OPENING.match(blocks[st.paragraph - 1].text)
        return opening.group(1) if opening else ""

    def _labels_of(self, qids) -> str:
        return "、".join(f"“{self._label(q)}”" for q in qids)

    # -- which statements a hit relies on ---------------------------------------------------
    def statement_of(self, claim: NarrativeClaim) -> int | None:
        return self._owner.get(id(claim))

    def group_of(self, claim: NarrativeClaim):
        own = self.statement_of(claim)
        for g in self._groups.get(own, []) if own is not None else []:
            if g.head is not None and g.head != own and claim.kind != "share":
                continue
            return g
        return None

    def depends(self, rule: str, claim: NarrativeClaim) -> tuple[list[int], object]:
        """(statements whose reading the hit needs, the list it needs read) for a hit on ``claim``."""
        ctx = self.ctx
        sts = ctx.extraction.statements
        own = self.statement_of(claim)
        if rule in ("NARR-PARTS-SUM", "NARR-CHANGE-SUM", "NARR-SHARE-SUM", "NARR-SHARE"):
            g = self.group_of(claim)
            if g is not None:
                members = ([g.head] if g.head is not None else []) + list(g.parts)
                if ctx.text_only:  # on its own only the written figures count: which quantity does not matter,
                    # unless the whole is said of several quantities at once (then its list is not its parts)
                    return [m for m in members if self.by_statement[m].joint], g
                return [m for m in members if sts[m].refers is not None], g
            if rule == "NARR-PARTS-SUM" and own is not None:  # a whole and its parts found across the text
                st = sts[own]
                q = ctx.vocabulary.quantity(st.refers.key) if st.refers and st.refers.kind == "quantity" else None
                parts = [i for i, s in enumerate(sts) if q is not None and s.amount is not None and s.refers is not None
                         and s.refers.kind == "quantity" and s.refers.key in q.parts]
                return [own] + parts, None
            return ([own] if own is not None else []), None
        if rule == "NARR-INCONSISTENT" and own is not None:
            ref = sts[own].refers
            return [i for i, s in enumerate(sts) if s.refers == ref and s.amount is not None], None
        if rule in ("NARR-AMOUNT", "NARR-UNIT-SLIP", "NARR-EXECUTION") and own is not None:
            return [own], None
        if rule in ("NARR-CHANGE", "NARR-CHANGE-PCT", "NARR-DIRECTION", "NARR-FLAT") and own is not None:
            st = sts[own]
            from_tables = not ctx.text_only and ctx.table_value(st.refers, prior=True)[0] is not None
            return ([own] if from_tables else []), None
        return [], None

    def blocked(self, rule: str, claim: NarrativeClaim, expected=None, actual=None) -> str:
        """Why a hit may not be reported as it stands ("" when its reading is single)."""
        if rule == "NARR-REASON-EMPTY" and self.continued(claim):
            return "原因写在下一段"
        statements, group = self.depends(rule, claim)
        if rule == "NARR-PARTS-SUM" and group is None and statements:
            # a whole and its parts gathered across the text: parts listed under another whole are that one's
            sts = self.ctx.extraction.statements
            whole = sts[statements[0]].refers
            for g in self.ctx.extraction.groups:
                if g.head is not None and sts[g.head].refers != whole and set(g.parts) & set(statements[1:]):
                    return f"所列的部分写在“{sts[g.head].subject_text.strip()}”之下，不一定是“{self._labels_of([whole.key])[1:-1]}”的部分"
        for i in statements:
            r = self.by_statement[i]
            if not r.unambiguous:
                return r.why
        if group is not None and group.head is not None and group.head in self.lists.unreadable:
            return "“其中”所列各项读不出层级或属于哪个数（有的项没有金额，一项中写了两个数，或“其中”前是“；”分列的一串数）"
        if rule == "NARR-SHARE" and group is not None and self.adjusted_to_100(group, claim, expected):
            return "各项占比按合计 100% 调整了末位（最大余数法），这一项与单独四舍五入差一个末位单位"
        if rule == "NARR-PARTS-SUM" and group is not None and group.head is not None and expected is not None \
                and actual is not None and actual < expected and not self.complete(group) \
                and any(self.ctx.extraction.statements[i].refers is None for i in group.parts):
            # parts the vocabulary cannot name may not be all the parts: falling short is not shown wrong
            return "“其中”所列各项之和小于总数，所列的项中有词汇表不认识的，不能断定已列全"
        return ""

    def adjusted_to_100(self, group, claim: NarrativeClaim, expected) -> bool:
        """A share one unit of its last place off, in a list whose written shares add up to exactly 100%."""
        sts = self.ctx.extraction.statements
        shares = [sts[i].share for i in group.parts]
        if expected is None or claim.value is None or any(s is None for s in shares):
            return False
        unit = Decimal(1).scaleb(-claim.places)
        return abs(claim.value - expected) <= unit and sum(s.value for s in shares) == 100

    def continued(self, claim: NarrativeClaim) -> bool:
        """"主要用于：" ending its paragraph, the uses listed in the next one (a line break after the colon)."""
        blocks = self.ctx.narrative.blocks
        rest = blocks[claim.paragraph].text[claim.start + len(claim.word):].strip()
        nxt = claim.paragraph + 1
        return rest in ("：", ":", "") and nxt < len(blocks) and not blocks[nxt].heading and bool(blocks[nxt].text.strip())

    def complete(self, group) -> bool:
        """Whether a list names every part of its whole (the vocabulary's parts, or every 项 of a 类)."""
        sts = self.ctx.extraction.statements
        head = sts[group.head].refers
        if head is None or head.kind != "quantity":
            return False
        q = self.vocab.quantity(head.key)
        keys = {sts[i].refers.key for i in group.parts if sts[i].refers is not None and sts[i].refers.kind == "quantity"}
        return q is not None and bool(q.parts) and keys == set(q.parts)
