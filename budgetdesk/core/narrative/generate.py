"""Writing the 情况说明 from the tables, in the official section order and the seeds' phrasing.

The order, headings and sentences come from a section file (``templates/narrative/budget-sections.json``;
a 决算 file has the same shape); this module only fills in figures: amounts, changes against last
year with their percentages, shares, lists of subjects. Where a change needs a reason it writes
"主要原因是____" for the officer to fill in. ``regenerate`` replaces one section's blocks and carries
over the reasons the officer already wrote there.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from budgetdesk.core.codes import parent_code
from budgetdesk.core.document import Document
from budgetdesk.core.money import format_amount
from budgetdesk.core.narrative.claims import Extraction, Reference
from budgetdesk.core.narrative.context import NarrativeContext
from budgetdesk.core.narrative.model import Block, Narrative
from budgetdesk.core.narrative.numbers import percent, round_to
from budgetdesk.core.narrative.vocabulary import Vocabulary

BLANK_REASON = "主要原因是____"
_PLACEHOLDER = re.compile(r"\{(\w+)(?::([^}]+))?\}")
_REASON = re.compile(r"主要原因是([^；;。]*)")


def money(v: Decimal) -> str:
    return f"{format_amount(v)}万元"


def pct_text(v: Decimal) -> str:
    return f"{round_to(v, 2)}%"


def change_phrase(this: Decimal, last: Decimal | None, prior_year: int) -> str:
    """"，比2023年增加X万元，增长Y%，主要原因是____" — or "，与上年持平", or nothing without last year."""
    if last is None:
        return ""
    delta = this - last
    if delta == 0:
        return "，与上年持平"
    word, pword = ("增加", "增长") if delta > 0 else ("减少", "下降")
    text = f"，比{prior_year}年{word}{money(abs(delta))}"
    if last != 0:
        text += f"，{pword}{pct_text(percent(abs(delta), last))}"
    return text + f"，{BLANK_REASON}"


def execution_phrase(actual: Decimal, budget: Decimal | None) -> str:
    """决算: "，完成预算X万元，完成Y%，决算数等于预算数" — a deviation leaves a reason blank; nothing without a 预算."""
    if budget is None:
        return ""
    if budget == 0:
        return f"，年初未安排预算，{BLANK_REASON}" if actual else "，年初未安排预算"
    text = f"，完成预算{money(budget)}，完成{pct_text(percent(actual, budget))}"
    if actual == budget:
        return text + "，决算数等于预算数"
    return text + f"，决算数{'大于' if actual > budget else '小于'}预算数，{BLANK_REASON}"


class Generator:
    def __init__(self, document: Document, vocabulary: Vocabulary, spec: dict):
        self.doc = document
        self.spec = spec
        self.ctx = NarrativeContext(Narrative(), Extraction((), (), ()), vocabulary, document)
        meta = document.meta
        self.values = {"year": meta.year or "", "prior_year": meta.prior_year or "", "unit": meta.unit_name}

    # -- figures -----------------------------------------------------------------------------
    def amount(self, qid: str) -> Decimal | None:
        return self.ctx.table_value(Reference("quantity", qid))[0]

    def prior(self, qid: str) -> Decimal | None:
        return self.ctx.table_value(Reference("quantity", qid), prior=True)[0]

    def _field(self, name: str, arg: str | None) -> str | None:
        """One placeholder's text; None when the tables cannot give it (the paragraph is left out)."""
        if arg is None:
            v = self.values.get(name)
            return None if v is None else str(v)
        if name == "amt":
            v = self.amount(arg)
            return None if v is None else money(v)
        if name == "chg":
            v = self.amount(arg)
            return "" if v is None else change_phrase(v, self.prior(arg), self.doc.meta.prior_year)
        if name == "exe":
            v = self.amount(arg)
            return "" if v is None else execution_phrase(v, self.ctx.budget_value(Reference("quantity", arg)))
        if name == "of":  # "占本年支出合计X万元的Y%"
            part, whole = (self.amount(q) for q in arg.split("/"))
            q = self.ctx.quantity(arg.split("/")[1])
            if part is None or whole is None or q is None:
                return None
            p = percent(part, whole)
            return f"占{q.label}{money(whole)}的{pct_text(p) if p is not None else '0.00%'}"
        if name == "share":
            part, whole = (self.amount(q) for q in arg.split("/"))
            if part is None or whole is None:
                return None
            p = percent(part, whole)
            return f"占{pct_text(p)}" if p is not None else "占0.00%"
        if name == "list":  # {list:清单} or {list:清单/整体}: each item with a figure, with its share of 整体
            listed, _, of = arg.partition("/")
            whole = self.amount(of) if of else None
            items = []
            for qid in self.spec.get("lists", {}).get(listed, []):
                v = self.amount(qid)
                q = self.ctx.quantity(qid)
                if v and q is not None:
                    share = f"，占{pct_text(percent(v, whole))}" if whole else ""
                    items.append(f"{q.label}{money(v)}{share}")
            return ("；" if whole else "，").join(items) or None
        if name == "classes":
            return self._classes(arg)
        if name == "econ":
            return self._econ(arg)
        return None

    def _classes(self, table_id: str) -> str | None:
        if table_id not in self.doc.tables:
            return None
        t = self.doc.table(table_id)
        total = t.amount("total", "total") if t.has_row("total") else None
        parts = []
        for r in t.code_rows():
            v = t.amount(r.key, "total")
            if r.code and len(r.code) == 3 and v:
                share = percent(v, total) if total else None
                parts.append(f"{r.label}{money(v)}" + (f"，占{pct_text(share)}" if share is not None else ""))
        return "；".join(parts) or None

    def _econ(self, column: str) -> str | None:
        if "gpb_basic" not in self.doc.tables:
            return None
        t = self.doc.table("gpb_basic")
        names = [r.label for r in t.code_rows() if r.code and len(r.code) == 5 and t.amount(r.key, column)]
        return "、".join(names) or "____"

    def fill(self, text: str, extra: dict | None = None) -> str | None:
        missing = False

        def sub(m: re.Match) -> str:
            nonlocal missing
            name, arg = m.group(1), m.group(2)
            if extra is not None and arg is None and name in extra:
                return str(extra[name])
            got = self._field(name, arg)
            if got is None:
                missing = True
                return ""
            return got

        out = _PLACEHOLDER.sub(sub, text)
        return None if missing else out

    # -- items -------------------------------------------------------------------------------
    def _items(self, table_id: str, text: str) -> list[str]:
        if table_id not in self.doc.tables:
            return []
        t = self.doc.table(table_id)
        rows = [r for r in t.code_rows() if r.code and len(r.code) == 7 and t.amount(r.key, "total")]
        names = {r.code: r.label for r in t.code_rows()}
        has_prior = "prior_total" in {c.key for c in t.template.columns}
        out = []
        for n, r in enumerate(rows, 1):
            kuan = parent_code(r.code)
            lei = parent_code(kuan) if kuan else None
            this = t.amount(r.key, "total")
            last = t.amount(r.key, "prior_total") if has_prior else self.doc.prior_amount(table_id, r.key, "total")
            if has_prior and last is None:
                last = Decimal(0)
            budget = self.ctx.budget_value(Reference("subject", r.code, (r.label,)))
            extra = {"n": n, "lei": names.get(lei, ""), "kuan": names.get(kuan, ""), "xiang": r.label,
                     "amt": money(this), "chg": change_phrase(this, last, self.doc.meta.prior_year),
                     "exe": execution_phrase(this, budget)}
            line = self.fill(text, extra)
            if line is not None:
                out.append(line)
        return out

    # -- sections ----------------------------------------------------------------------------
    def section(self, spec: dict) -> list[Block]:
        key = spec["id"]
        blocks = [Block(self.fill(spec["heading"]) or spec["heading"], heading=True, section_key=key)]
        for i, p in enumerate(spec.get("paragraphs", [])):
            if "items" in p:
                blocks += [Block(line, section_key=f"{key}#{p['items']}{n}")
                           for n, line in enumerate(self._items(p["items"], p["text"]), 1)]
                continue
            when = self.amount(p["when"]) if p.get("when") else True
            text = p.get("missing") if when is None else (p["text"] if when else p.get("else"))
            line = self.fill(text) if text else None
            if line is not None:
                blocks.append(Block(line, section_key=f"{key}#{i}"))
        return blocks

    def narrative(self) -> Narrative:
        blocks: list[Block] = []
        for s in self.spec["sections"]:
            blocks += self.section(s)
        return Narrative(tuple(blocks))


def generate(document: Document, vocabulary: Vocabulary, spec: dict) -> Narrative:
    """A complete 情况说明 for ``document`` in the order and phrasing of ``spec``."""
    return Generator(document, vocabulary, spec).narrative()


def _carry_reasons(old: Block | None, new: Block) -> Block:
    """Fill the new block's blank reasons with the ones the officer wrote in the old block, in order."""
    if old is None:
        return new
    written = [r for r in _REASON.findall(old.text)]
    if not any(r.strip("_ ") for r in written):
        return new
    it = iter(written)

    def sub(m: re.Match) -> str:
        prev = next(it, None)
        return f"主要原因是{prev}" if prev and prev.strip("_ ") and m.group(1).strip("_ ") == "" else m.group(0)

    return replace(new, text=_REASON.sub(sub, new.text))


def regenerate(current: Narrative, document: Document, vocabulary: Vocabulary, spec: dict,
               section_id: str | None = None) -> Narrative:
    """Regenerate one section (or all) from the tables, keeping reasons written by hand and other sections.

    Blocks the officer wrote inside the section (no section key) are kept after the generated ones."""
    gen = Generator(document, vocabulary, spec)
    specs = [s for s in spec["sections"] if section_id is None or s["id"] == section_id]
    old_by_key = {b.section_key: b for b in current.blocks if b.section_key}
    blocks = list(current.blocks)
    for s in specs:
        new = [_carry_reasons(old_by_key.get(b.section_key), b) for b in gen.section(s)]
        mine = [i for i, b in enumerate(blocks) if b.section_key == s["id"] or b.section_key.startswith(s["id"] + "#")]
        if mine:
            first, last = mine[0], mine[-1]
            handwritten = [b for b in blocks[first:last + 1] if not b.section_key]
            blocks[first:last + 1] = new + handwritten
        else:
            blocks += new
    return Narrative(tuple(blocks))
