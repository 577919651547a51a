"""Reading the claims out of a 情况说明's sentences.

The sentence patterns are those of real published texts: "收入预算XX万元，比2023年增加XX万元，增长
XX%，主要原因是…", "其中：…占XX%", "人员经费XX万元…公用经费XX万元", "…（类）…（款）…（项）：
支出决算为XX万元", "2080505 机关事业单位基本养老保险缴费支出", "与上年持平". Figures inside a stated
reason ("主要原因是公务用车经费定额为3.5万元/年/车") are part of the reason, not claims about the tables.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from decimal import Decimal

from budgetdesk.core.money import AmountError, parse_amount
from budgetdesk.core.narrative.claims import Extraction, Group, NarrativeClaim, Reference, Statement
from budgetdesk.core.narrative.model import Narrative
from budgetdesk.core.narrative.numbers import places
from budgetdesk.core.narrative.vocabulary import Vocabulary

# Linear time (issue 29): no two unbounded repeats may compete for the same characters, and a figure never starts
# inside a run of digits or of digit groups ("…1,111,1…"), so a 10,000-digit number or "-" and 10,000 spaces is
# scanned once, not once per starting position. Spaces around a figure are bounded ({0,8}: PDF text has one or two)
# and, as before, the spaces before it belong to the figure, so the words before it end where the words end.
_NUM = r"(?:[-－−]\s{0,8}|\s{0,8})(?<!\d)(?<!\d,)(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_CJK_CLASS = r"\u4e00-\u9fff“”\"、"
_CJK_NAME = rf"[{_CJK_CLASS}]+"
TOKEN = re.compile(
    rf"(?P<amount>{_NUM})\s{{0,8}}(?P<unit>万\s?元|元)(?!\s*[/／]|以上|以下|左右)"
    rf"|(?P<pct>{_NUM})\s{{0,8}}[%％]"
    r"|(?P<year>(?<!\d)20\d\d)\s*年(?P<du>度)?(?!\s*\d{1,2}\s*月)"
    rf"|(?P<triple>(?<![{_CJK_CLASS}])(?P<lei>{_CJK_NAME})[（(]类[)）]\s*(?P<kuan>{_CJK_NAME})[（(]款[)）]\s*(?P<xiang>{_CJK_NAME})[（(]项[)）])"
    r"|(?P<code>(?<![\d.,])2\d{4}(?:\d\d)?(?![\d.,%年]))\s*[、:：]?\s*(?P<codename>[\u4e00-\u9fff]*)"
    r"|(?P<reason>主要变动原因是|主要原因(?:是|为|[：:])?|变动原因是|原因是|主要是|主要用于(?!以下方面)|主要包括|具体内容包括|开支内容包括)"
    r"|(?P<group>其中[:：]|以下方面[:：])"
    r"|(?P<flat>持平)(?!\s*[-\d])"
)
_DIRECTION = re.compile(r"(增加|增长|上升|提高|减少|下降|降低|压减|节约|持平|增|减)了?\s*$")
_UP, _DOWN = {"增加", "增长", "上升", "提高", "增"}, {"减少", "下降", "降低", "压减", "节约", "减"}
_BOUNDARY = re.compile(r"[，,；;。：:、]")
_COMPARE = re.compile(r"(?:与|比|较|同比|相比)")
_LAST_YEAR = re.compile(r"上年|去年|20\d\d\s*年")
_RANGE_END = re.compile(r"(?:19|20)\d\d\s*年?\s*(?:[-－—–～~]|至|到)\s*$")  # the text before a year ending a range
_SENTENCE_MARK = re.compile(r"[。！？]")
_CLAUSE_END = re.compile(r"[；;。]")
_PAREN_CLOSE = re.compile(r"[）)]")
_REASON_CLAUSE = re.compile(r"[^，,；;。]*")
_OPENS_LIST = re.compile(r"\s*[:：]")
# How far back the words before a figure are read: a clause or sentence longer than this is not prose but a
# pasted run of characters, and reading all of it for every figure made a long paragraph quadratic.
REACH = 300


_COMPARISON_BASE = re.compile(r"(?:比|较|与|同)\s*(?:上年|去年|上一?年度|20\d\d\s*年)[^，,；;。增减上下提降压节持]{0,20}$")
_ASIDE_OPEN = re.compile(r"[（(][^（()）]{0,80}$")


def _in_last_year_aside(text: str, start: int) -> bool:
    """Whether the figure at ``start`` stands in a bracketed aside about another year: “（上年为…”, “（2016年度…为…”."""
    m = _ASIDE_OPEN.search(text, max(0, start - 81), start)
    return m is not None and _LAST_YEAR.search(m.group(0)) is not None


class _Marks:
    """Where the punctuation of one paragraph stands, found once; "the last mark before here" by bisection."""

    def __init__(self, text: str):
        self.sentence_ends = [m.end() for m in _SENTENCE_MARK.finditer(text)]
        self.clause_bounds = [m.end() for m in _BOUNDARY.finditer(text)]
        self.clause_ends = [m.start() for m in _CLAUSE_END.finditer(text)]
        self.paren_closes = [m.start() for m in _PAREN_CLOSE.finditer(text)]
        self.content_end = len(text.rstrip())

    @staticmethod
    def last_end(ends: list[int], at: int) -> int:
        """The last mark end at or before ``at`` (0 when none)."""
        i = bisect_right(ends, at)
        return ends[i - 1] if i else 0

    @staticmethod
    def first_from(starts: list[int], at: int) -> int | None:
        """The first mark at or after ``at``."""
        i = bisect_left(starts, at)
        return starts[i] if i < len(starts) else None

    def any_between(self, starts: list[int], lo: int, hi: int) -> bool:
        at = self.first_from(starts, lo)
        return at is not None and at < hi
PLACEHOLDER = re.compile(r"^[\s：:]*+(?:…+|\.{3,}|[XxＸｘ×]{1,4}|[_＿]{2,}|)[\s。；;，,]*$")


def direction_of(word: str) -> str | None:
    if word in _UP:
        return "up"
    if word in _DOWN:
        return "down"
    return "flat" if word == "持平" else None


_NAMED_LEVEL = re.compile(r"[（(][款项][)）]")


def _value(text: str, unit: str = "万元", money_unit: str = "万元") -> Decimal | None:
    raw = re.sub(r"\s", "", text).replace("－", "-").replace("−", "-")
    try:
        v = parse_amount(raw)
    except AmountError:
        return None
    if v is not None and unit == "元" and money_unit == "万元":
        v = v / 10000
    return v


class _Builder:
    def __init__(self, vocabulary: Vocabulary, money_unit: str):
        self.vocab = vocabulary
        self.money_unit = money_unit
        self.claims: list[NarrativeClaim] = []
        self.statements: list[dict] = []
        self.groups: list[dict] = []
        self.open_group: dict | None = None
        self.outer: dict | None = None  # the group a parenthesised "（其中：…）" interrupts
        # the statements of the paragraph being read: the last one, and the last one about each reference
        self._para: int | None = None
        self._last_any: int | None = None
        self._last_by_ref: dict[Reference, int] = {}
        self._last_amount_start: int | None = None  # where the paragraph's last level amount starts

    # -- helpers -----------------------------------------------------------------------------
    def _add(self, claim: NarrativeClaim) -> NarrativeClaim:
        self.claims.append(claim)
        return claim

    def _new_statement(self, para: int, subject_text: str, refers: Reference | None) -> int:
        self.statements.append({"paragraph": para, "subject_text": subject_text, "refers": refers})
        index = len(self.statements) - 1
        self._last_any = index
        if refers is not None:
            self._last_by_ref[refers] = index
        return index

    def _names_again(self, index: int, own: str) -> bool:
        """Whether ``own`` (a later sentence's subject) repeats statement ``index``'s subject: “收、支总计”."""
        words = re.sub(r"[\s，,、；;：:。]", "", own)
        return len(words) >= 3 and words in re.sub(r"[\s，,；;：:。]", "", self.statements[index]["subject_text"]).replace("、", "") \
            or len(own.strip()) >= 3 and own.strip() in self.statements[index]["subject_text"]

    def _began_before(self, index: int, sentence_start: int) -> bool:
        """Whether statement ``index`` got its figure in an earlier sentence than the one at ``sentence_start``."""
        amount = self.statements[index].get("amount")
        return amount is not None and amount.start < sentence_start

    def _last_in(self, para: int, refers: Reference | None = None) -> int | None:
        """The paragraph's last statement (about ``refers`` when given): kept as statements are made, not searched."""
        if para != self._para:
            return None
        return self._last_any if refers is None else self._last_by_ref.get(refers)

    def _close_group(self) -> None:
        if self.open_group is not None:
            if self.open_group["parts"]:
                self.groups.append(self.open_group)
            self.open_group = None

    # -- one paragraph -----------------------------------------------------------------------
    def paragraph(self, para: int, text: str) -> None:
        skip_until = -1
        pending_subject: Reference | None = None
        sentence_start = 0
        last_changed: int | None = None
        pending_whole: Decimal | None = None
        self._para, self._last_any, self._last_by_ref, self._last_amount_start = para, None, {}, None
        marks = _Marks(text)
        for m in TOKEN.finditer(text):
            start, end = m.start(), m.end()
            # sentence and clause bookkeeping
            last_end = marks.last_end(marks.sentence_ends, start)
            if last_end > sentence_start:
                sentence_start = last_end
                pending_subject = None
                if self.open_group is not None and self.open_group["until"] == "sentence":
                    self._close_group()
                    if self.outer is not None and self.outer["until"] == "heading":
                        self.open_group, self.outer = self.outer, None
            if self.open_group is not None and self.open_group["until"] == "clause" and marks.any_between(
                    marks.clause_ends, self.open_group["from"], start):
                self._close_group()
            if self.open_group is not None and self.open_group["until"] == "paren" and marks.any_between(
                    marks.paren_closes, self.open_group["from"], start):
                self._close_group()
                self.open_group, self.outer = self.outer, None
            if start < skip_until:
                continue
            clause_start = max(marks.last_end(marks.clause_bounds, start), start - REACH)
            clause = text[clause_start:start]
            kind = next(k for k in ("amount", "pct", "year", "triple", "code", "reason", "group", "flat") if m.group(k))
            if kind == "reason":
                stop = marks.first_from(marks.clause_ends, end)
                skip_until = stop if stop is not None else len(text)
                rest = _REASON_CLAUSE.match(text, end, skip_until).group(0)  # the reason's own clause
                blank = PLACEHOLDER.match(rest) is not None
                if blank and not rest.strip(" \t：:"):  # “主要原因，一是…；二是…”: the reasons follow the comma
                    blank = PLACEHOLDER.match(text[end:skip_until].lstrip("，, \t：:")) is not None
                self._add(NarrativeClaim("reason", para, start, skip_until, text[start:skip_until],
                                         word=m.group("reason"), direction="empty" if blank else None))
                continue
            if kind == "group":
                head = self._last_in(para)
                if text[max(0, start - 1):start] in ("（", "("):  # "（其中：…）" inside a part: a group of its own
                    self.outer = self.open_group
                    self.open_group = {"head": head, "parts": [], "until": "paren", "from": end}
                    continue
                rest = end < marks.content_end  # words follow in the paragraph
                if rest and self.open_group is not None and self.open_group["until"] == "heading" and \
                        self.open_group["parts"] and head in self.open_group["parts"]:
                    # “（二）公务用车购置及运行费0万元，其中：购置费…”: a part's own breakdown, the outer list goes on
                    self.outer = self.open_group
                    self.open_group = {"head": head, "parts": [], "until": "sentence", "from": end}
                    continue
                self._close_group()
                self.open_group = {"head": head, "parts": [], "until": "heading" if not rest else "sentence", "from": end}
                continue
            if kind == "year":
                if _RANGE_END.search(text[max(0, start - 8):start]):
                    continue  # “2017-2019 年财政规划”: the end of a period, not a year the text is about
                word = "比" if _COMPARE.search(text[max(0, start - 2):start]) else ""
                self._add(NarrativeClaim("year", para, start, end, m.group(0).strip(), Decimal(m.group("year")),
                                         word=word))
                continue
            if kind == "triple":
                names = tuple(re.sub(r"^[\d.、\s]+", "", m.group(g)).strip() for g in ("lei", "kuan", "xiang"))
                names = tuple(n.strip("“”\"") for n in names)  # issue 25: "“一般公共服务支出（类）…（项）”" quoted whole
                ref = Reference("subject", "", names)
                pending_subject = ref
                self._add(NarrativeClaim("subject", para, start, end, m.group(0), refers=ref))
                continue
            if kind == "code":
                ref = Reference("subject", m.group("code"), (m.group("codename"),) if m.group("codename") else ())
                pending_subject = ref
                self._add(NarrativeClaim("subject", para, start, end, m.group(0), refers=ref))
                continue
            if kind == "flat":
                if not _LAST_YEAR.search(clause) and not _LAST_YEAR.search(text[max(0, start - 12):start]):
                    continue
                claim = self._add(NarrativeClaim("change", para, start, end, "持平", Decimal(0), 2, "flat", "持平"))
                target = self._last_in(para)
                if target is None:
                    target = self._new_statement(para, "", None)
                if "change" not in self.statements[target]:
                    self.statements[target]["flat"] = claim
                last_changed = target
                continue
            number = m.group(kind)
            written = re.sub(r"\s", "", number)
            dm = _DIRECTION.search(text[max(0, start - 8):start])
            word = dm.group(1) if dm else ""
            if kind == "pct":
                value = _value(number)
                if value is None:
                    continue
                if "占" in clause:
                    whole_text = clause.split("占", 1)[1]
                    whole_text = whole_text[:-1] if whole_text.endswith("的") else ""
                    claim = self._add(NarrativeClaim("share", para, start, end, m.group(0).strip(), value,
                                                     places(written)))
                    target = self._last_in(para)
                    if target is not None and "share" not in self.statements[target]:
                        st = self.statements[target]
                        st["share"] = claim
                        if pending_whole is not None:
                            st["share_whole"] = pending_whole
                        elif whole_text:
                            st["share_whole_text"] = whole_text
                    pending_whole = None
                elif "完成" in clause:
                    claim = self._add(NarrativeClaim("execution", para, start, end, m.group(0).strip(), value,
                                                     places(written)))
                    target = self._last_in(para)
                    if target is not None and "execution" not in self.statements[target]:
                        self.statements[target]["execution"] = claim
                elif word:
                    claim = self._add(NarrativeClaim("change_pct", para, start, end, m.group(0).strip(), value,
                                                     places(written), direction_of(word), word))
                    target = last_changed if last_changed is not None else self._last_in(para)
                    if target is not None and "change_pct" not in self.statements[target]:
                        self.statements[target]["change_pct"] = claim
                continue
            value = _value(number, "".join(m.group("unit").split()), self.money_unit)  # letter-spaced “万 元”
            if value is None:
                continue
            if _in_last_year_aside(text, start) or _COMPARISON_BASE.search(clause):
                # "（2016年度部门支出预算安排为8,648.07万元）", "比 2025 年年初预算数 30385.62 万元增加…": last
                # year's figure, not this statement's (北京市审计局 2026)
                continue
            # "4万元" in a 情况说明 means 4.00: trailing zeros are left out, the cents are not rounded away
            written_places = max(places(written), 2)
            if "占" in clause:
                pending_whole = value
                continue
            if "完成预算" in clause or "完成" in clause[-4:]:
                claim = self._add(NarrativeClaim("budget", para, start, end, m.group(0).strip(), value, written_places))
                target = self._last_in(para)
                if target is not None and "budget" not in self.statements[target]:
                    self.statements[target]["budget"] = claim
                continue
            if word:
                claim = self._add(NarrativeClaim("change", para, start, end, m.group(0).strip(), value,
                                                 written_places, direction_of(word), word))
                own = _COMPARE.split(clause, 1)[0] if _COMPARE.search(clause) else clause[: len(clause) - len(dm.group(0))]
                own = re.sub(r"20\d\d\s*年度?|上年度?|相比|各$", "", own).strip()
                ref = self.vocab.resolve(own, names=False) if own else None
                target = self._last_in(para, ref) if ref is not None else self._last_in(para)
                if target is not None and ref is None and own.strip("，,。 ") and \
                        self._began_before(target, sentence_start) and not self._names_again(target, own):
                    # “……28.20%。2026年预算比2025年预算增加50.32万元”: a sentence naming a subject of its own, not the
                    # earlier one's, is not about the earlier sentence's figure (吉林 长春市信访局 2026); one
                    # naming none (“。与上年相比增加943.92万元”) still is
                    target = None
                if target is None:
                    target = self._new_statement(para, own, ref)
                if "change" not in self.statements[target]:
                    self.statements[target]["change"] = claim
                    self.statements[target].pop("flat", None)
                last_changed = target
                continue
            # a level amount: a new statement about the quantity its words name
            subject_text = clause
            first_in_sentence = self._last_amount_start is None or self._last_amount_start < sentence_start
            ref = pending_subject or self.vocab.resolve(subject_text)
            if ref is None and first_in_sentence:
                subject_text = text[max(sentence_start, start - REACH):start]
                ref = self.vocab.resolve(subject_text, names=False)
            if ref is not None and ref.kind != "subject" and _NAMED_LEVEL.search(subject_text):
                # “国有土地使用权出让收入安排的支出（款）城市建设支出（项）支出 67,808 万元” (无锡 2026): a 科目
                # named by its 款 and 项 but not its 类, not the 支出合计 its last word names
                ref = None
            pending_subject = None
            claim = self._add(NarrativeClaim("amount", para, start, end, m.group(0).strip(), value, written_places,
                                             refers=ref))
            index = self._new_statement(para, subject_text, ref)
            self.statements[index]["amount"] = claim
            self._last_amount_start = start
            last_changed = None
            if self.open_group is not None and index != self.open_group["head"] and (
                    ref is not None or self.open_group["until"] == "sentence"):
                # a part the vocabulary has no name for (“其中：财政拨款收入…”) still counts, as written
                self.open_group["parts"].append(index)
            if _OPENS_LIST.match(text, end):
                self._close_group()
                self.open_group = {"head": index, "parts": [], "until": "clause", "from": end}
        if self.open_group is not None and self.open_group["until"] == "paren":
            self._close_group()
            self.open_group, self.outer = self.outer, None
        if self.open_group is not None and self.open_group["until"] != "heading":
            self._close_group()
            if self.outer is not None and self.outer["until"] == "heading":  # a part's own “其中” ended with it
                self.open_group, self.outer = self.outer, None

    def heading(self) -> None:
        self._close_group()
        self.open_group, self.outer = self.outer, None
        self._close_group()

    def result(self) -> Extraction:
        self._close_group()
        statements = tuple(Statement(**s) for s in self.statements)
        groups = [Group(g["head"], tuple(g["parts"])) for g in self.groups]
        grouped = {p for g in groups for p in g.parts}
        by_para: dict[int, list[int]] = {}
        for i, s in enumerate(statements):
            if s.share is not None and i not in grouped and s.share_whole is None and not s.share_whole_text:
                by_para.setdefault(s.paragraph, []).append(i)
        groups.extend(Group(None, tuple(ix)) for ix in by_para.values() if len(ix) >= 2)
        return Extraction(tuple(self.claims), statements, tuple(groups))


def extract(narrative: Narrative, vocabulary: Vocabulary, money_unit: str = "万元") -> Extraction:
    builder = _Builder(vocabulary, money_unit)
    for index, block in enumerate(narrative.blocks):
        if block.heading:
            builder.heading()
        else:
            builder.paragraph(index, block.text)
    return builder.result()

