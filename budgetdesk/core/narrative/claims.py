"""What the sentences of a 情况说明 claim, as plain frozen records with character offsets.

A ``NarrativeClaim`` is one figure or name as written (an amount, a change amount, a change %, a
share %, a year, a 类/款/项 subject, a reason). A ``Statement`` ties the claims about one quantity
together — "基本支出3,032.55万元，比2023年增加96.87万元，增长3.3%" is one statement with an
amount, a change and a change %. A ``Group`` is a whole and the parts a "其中：" lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Reference:
    """What a figure is about: a quantity of the vocabulary (``quantity``), or a budget subject by
    code and/or names (``subject``: code "2080505" or names ("社会保障和就业支出", "…", "…"))."""

    kind: str  # "quantity" | "subject"
    key: str = ""  # quantity id, or the subject code when known
    names: tuple[str, ...] = ()

    def label(self) -> str:
        if self.kind == "subject" and self.names:
            return "".join(f"{n}（{lv}）" for n, lv in zip(self.names, "类款项")) if len(self.names) > 1 else self.names[0]
        return self.key


@dataclass(frozen=True)
class NarrativeClaim:
    kind: str  # amount | change | change_pct | share | year | subject | reason | budget | execution
    paragraph: int
    start: int
    end: int
    text: str  # as written
    value: Decimal | None = None
    places: int = 0  # decimal places as written
    direction: str | None = None  # up | down | flat (the word written), for change and change_pct
    word: str = ""  # the direction word as written: 增加, 下降, 持平 …
    refers: Reference | None = None


@dataclass(frozen=True)
class Statement:
    paragraph: int
    subject_text: str
    refers: Reference | None
    amount: NarrativeClaim | None = None
    change: NarrativeClaim | None = None
    change_pct: NarrativeClaim | None = None
    share: NarrativeClaim | None = None
    share_whole: Decimal | None = None  # an explicit whole: "占本年支出合计6,385.21万元的100%"
    share_whole_text: str = ""  # a named whole: "占政府采购支出总额的0%"
    flat: NarrativeClaim | None = None  # "与上年持平" without figures
    budget: NarrativeClaim | None = None  # 决算: "完成预算6,385.21万元"
    execution: NarrativeClaim | None = None  # 决算: "完成100%"

    def claims(self) -> tuple[NarrativeClaim, ...]:
        return tuple(c for c in (self.amount, self.change, self.change_pct, self.share, self.flat, self.budget,
                                 self.execution) if c is not None)

    @property
    def start(self) -> int:
        return min((c.start for c in self.claims()), default=0)

    @property
    def end(self) -> int:
        return max((c.end for c in self.claims()), default=0)


@dataclass(frozen=True)
class Group:
    """A whole and its parts: "基本支出1,727.15万元，其中：人员经费…；公用经费…"."""

    head: int | None  # index into the statements, None when the parts stand alone (a share set)
    parts: tuple[int, ...]


@dataclass(frozen=True)
class Extraction:
    claims: tuple[NarrativeClaim, ...]
    statements: tuple[Statement, ...]
    groups: tuple[Group, ...]
