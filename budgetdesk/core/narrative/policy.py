"""What a complete, finished 情况说明 must have, as template data (``templates/narrative/policy.json``):
the required sections per kind of package and region, the blanks a draft leaves, the change above which
a reason must be given, the words that count as giving one."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Required:
    id: str
    label: str
    any: tuple[str, ...]
    after_text: bool = False  # stands where reading a published text stops (名词解释): absence is 未核对
    from_year: int = 0  # required from this year's package on (0: always)
    in_tables: bool = False  # a part the standard tables carry: checking the text alone, its absence is 未核对


@dataclass(frozen=True)
class Placeholder:
    pattern: re.Pattern
    what: str


@dataclass(frozen=True)
class Policy:
    required: dict[str, tuple[Required, ...]] = field(default_factory=dict)  # kind → items
    regions: dict[str, dict[str, tuple[Required, ...]]] = field(default_factory=dict)
    replace_region: frozenset[tuple[str, str]] = frozenset()
    placeholders: tuple[Placeholder, ...] = ()
    reason_threshold: Decimal = Decimal(10)
    reason_words: tuple[str, ...] = ()
    region_words: dict[str, tuple[str, ...]] = field(default_factory=dict)  # region → place names naming it

    @classmethod
    def from_data(cls, data: dict) -> "Policy":
        def items(lst) -> tuple[Required, ...]:
            return tuple(Required(d["id"], d["label"], tuple(d["any"]), bool(d.get("after_text")),
                                   int(d.get("from_year", 0)), bool(d.get("in_tables"))) for d in lst)

        regions, replace, words = {}, set(), {}
        for region, kinds in data.get("regions", {}).items():
            words[region] = tuple(kinds.get("match", ()))
            kinds = {k: v for k, v in kinds.items() if k != "match"}
            regions[region] = {k: items(v["items"] if isinstance(v, dict) else v) for k, v in kinds.items()}
            replace |= {(region, k) for k, v in kinds.items() if isinstance(v, dict) and v.get("replace")}
        return cls({k: items(v) for k, v in data.get("required", {}).items()}, regions, frozenset(replace),
                   tuple(Placeholder(re.compile(p["pattern"]), p["what"]) for p in data.get("placeholders", ())),
                   Decimal(str(data.get("reason_threshold_pct", 10))), tuple(data.get("reason_words", ())), words)

    def region_of(self, text: str) -> str:
        """The region a text without a template set names in its opening (its unit's place), "" if none."""
        return next((r for r, names in self.region_words.items() if any(n in text for n in names)), "")

    def required_for(self, kind: str, region: str = "", set_id: str = "") -> tuple[Required, ...]:
        """What a 情况说明 of ``kind`` must have: the national list, a region's (or one template set's, by its id:
        重庆's 2026 layout has no 国有资本经营 part) additions, or its own list (``replace``)."""
        base = self.required.get(kind, ())
        if set_id and set_id in self.regions:
            region = set_id
        elif region not in self.regions:  # "重庆·北碚" falls back to "重庆"
            region = region.split("·")[0]
        extra = self.regions.get(region, {}).get(kind, ())
        if (region, kind) in self.replace_region:
            return extra
        ids = {r.id for r in extra}
        return tuple(r for r in base if r.id not in ids) + extra
