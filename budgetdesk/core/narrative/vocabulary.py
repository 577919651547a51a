"""The words a 情况说明 uses for table quantities, read from template data.

``templates/narrative/quantities.json`` lists each quantity (收入合计, 基本支出, 公务接待费 …) with
the phrases officers write for it and the table cell that holds it this year and last year. A
subject named in the text is resolved to the quantity whose phrase ends nearest the figure (the
longest on a tie), or else to a 功能分类 subject by its catalogue name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetdesk.core.codes import Catalogue
from budgetdesk.core.narrative.claims import Reference
from budgetdesk.core.text import fold

_LEAD = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]+[）)、.]|20\d\d年度?|本年)+")
# "预算" after a bare 支出/收入 ("支出预算") says only what kind of package this is: it does not make the phrase more
# specific than a name it overlaps ("基本支出预算数" is 基本支出, not 支出预算)
_KIND_WORD = re.compile(r"(?<!公共)(?<!基金)(?<!经营)(?<!资本)(?:预算|决算)数?$")
_FILLER = re.compile(r"(?:支出决算为|决算数为|预算数为|预算为|均为|为|是|共计|合计|共|计|安排)+$")


@dataclass(frozen=True)
class Quantity:
    id: str
    label: str
    phrases: tuple[str, ...]
    cell: tuple[str, str, str] | None = None  # table, row, column of this year's figure
    prior: tuple[str, str, str] | None = None  # where last year's figure stands, if a table has it
    parts: tuple[str, ...] = ()  # quantities this one is the sum of (基本支出 = 人员经费 + 公用经费)
    alone: tuple[str, ...] = ()  # phrases that name it only when nothing else is written ("收入")
    cells: tuple[tuple[str, str, str], ...] = ()  # where other template sets keep it, tried in turn
    also: tuple[tuple[str, str, str], ...] = ()  # other cells the same words may mean (all funds, not only 财政拨款)
    kinds: tuple[tuple[str, "Quantity"], ...] = ()  # how a kind of package (决算) differs: its own cells

    def places(self, prior: bool = False) -> tuple[tuple[str, str, str], ...]:
        if prior:
            return (self.prior,) if self.prior else ()
        return ((self.cell,) if self.cell else ()) + self.cells

    def for_kind(self, kind: str | None, region: str | None = None, set_id: str | None = None) -> "Quantity":
        """This quantity as a package of ``kind`` ("budget", "final_accounts") of ``region`` (or of the template set
        ``set_id``) keeps it — a set's or a region's own tables first: 烟台's 日常公用支出 column also holds
        事业单位's, so it is not 机关运行经费 there."""
        for key in (set_id, region):
            own = next((q for k, q in self.kinds if k == f"region:{key}"), None) if key else None
            if own is not None:
                return own
        return next((q for k, q in self.kinds if k == kind), self)


class Vocabulary:
    def __init__(self, quantities: list[Quantity], catalogue: Catalogue | None = None):
        self.quantities = {q.id: q for q in quantities}
        self._phrases = sorted(((fold(p), q.id, False) for q in quantities for p in q.phrases), key=lambda x: -len(x[0]))
        self._phrases += [(fold(p), q.id, True) for q in quantities for p in q.alone]
        self._alone = frozenset(fold(p) for q in quantities for p in q.alone)
        self.catalogue = catalogue
        self._names: dict[str, list[str]] = {}
        if catalogue is not None:
            for entry in catalogue.all():
                self._names.setdefault(fold(entry.name), []).append(entry.code)

    @classmethod
    def from_data(cls, data: dict, catalogue: Catalogue | None = None) -> "Vocabulary":
        def cell(v):
            return tuple(v) if v else None

        def quantity(d: dict, kinds: tuple = ()) -> Quantity:
            return Quantity(d["id"], d.get("label", d["id"]), tuple(d.get("phrases", ())), cell(d.get("cell")),
                            cell(d.get("prior")), tuple(d.get("parts", ())), tuple(d.get("alone", ())),
                            tuple(tuple(c) for c in d.get("cells", ())), tuple(tuple(c) for c in d.get("also", ())),
                            kinds)

        qs = []
        for d in data.get("quantities", []):
            # "kinds": {"final_accounts": {"cell": …}} — the keys given replace the quantity's own for that kind
            kinds = tuple((k, quantity({**d, **over})) for k, over in d.get("kinds", {}).items())
            # "regions": {"山东": {"cell": null}} — the same for the packages of one region (template_set.region) or of
            # one template set (its id: "cq-budget-2026")
            kinds += tuple((f"region:{r}", quantity({**d, **over})) for r, over in d.get("regions", {}).items())
            qs.append(quantity(d, kinds))
        return cls(qs, catalogue)

    def quantity(self, key: str) -> Quantity | None:
        return self.quantities.get(key)

    def resolve(self, text: str, *, names: bool = True) -> Reference | None:
        """The quantity or subject that ``text`` (the words before a figure) names.

        The longest phrase found wins, not counting a trailing 预算 (the rightmost on a tie); a bare phrase ("收入", "支出") counts
        only when it is all the words there are ("收入比2023年增加…")."""
        folded = fold(text)
        if not folded:
            return None
        funder, arranged, funded = folded.rpartition("安排的")
        if arranged and funded:
            # “一般公共预算拨款安排的“三公”经费支出预算”: what the money is arranged for, not where it comes from
            # (苏州 2026); a bare “…安排的支出” names no quantity of its own
            return self.resolve(funded, names=names) if _LEAD.sub("", _FILLER.sub("", funded)) not in self._alone else None
        bare = _LEAD.sub("", _FILLER.sub("", folded))
        best: tuple[int, int, str] | None = None
        for phrase, qid, only_alone in self._phrases:
            if only_alone:
                if bare == phrase and best is None:
                    best = (len(phrase), 0, qid)
                continue
            at = folded.rfind(phrase)
            if at < 0:
                continue
            cand = (len(_KIND_WORD.sub("", phrase)), at, qid)
            if best is None or cand[:2] > best[:2]:
                best = cand
        subject = self.resolve_name(_FILLER.sub("", folded)) if names else None
        if subject is not None and (best is None or len(subject.names[0]) >= best[0]):
            return subject
        if best is not None:
            return Reference("quantity", best[2])
        return None

    def resolve_name(self, folded: str) -> Reference | None:
        """A 功能分类 类 named at the end of the text: "…社会保障和就业支出"."""
        for n in range(min(len(folded), 24), 3, -1):
            tail = folded[-n:]
            codes = [c for c in self._names.get(tail, []) if len(c) == 3]
            if codes:
                return Reference("subject", codes[0], (self.catalogue.name(codes[0]) or tail,))
        return None

    def codes_named(self, name: str) -> list[str]:
        return list(self._names.get(fold(name), []))
