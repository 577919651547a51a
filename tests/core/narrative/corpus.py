"""The 情况说明 corpus of issue 25: real published texts (tests/fixtures/real_narrative, provenance in
sources.tsv) and the seeds, each with the errors verified true by hand, and errors seeded into real
sentences. Shared by tests/core/narrative/test_real_texts.py and benchmarks/narrative_corpus.py."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from budgetdesk.core.findings import Finding, Severity
from budgetdesk.core.narrative.model import Narrative
from budgetdesk.core.narrative.parse import parse_text
from budgetdesk.io.files import open_document
from budgetdesk.io.narrative_check import narrative_check
from budgetdesk.io.read.narrative import read_narrative
from tests.conftest import FIXTURES, SEED_FILES

REAL = FIXTURES / "real_narrative"
EXPECTED = json.loads((REAL / "expected.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Expected:
    rule: str
    stated: str
    quote: str

    def matches(self, f: Finding) -> bool:
        return f.rule == self.rule and self.stated in (f.stated or "") and self.quote in (f.quote or "")


LESHAN = FIXTURES / "seeds" / "sichuan_leshan_2024_final_accounts.txt"  # a 决算 text, read as the seed tests read it


def _seed_doc(name: str):
    path, template = SEED_FILES[name]
    doc, _ = open_document(path, template)
    return doc


def raw_text(name: str) -> str:
    if name == "seed:leshan":
        return LESHAN.read_text(encoding="utf-8")
    if name.startswith("seed:"):
        return SEED_FILES[name[5:]][0].read_text(encoding="utf-8")
    return (REAL / name).read_text(encoding="utf-8")


def narrative_of(name: str, case: dict | None = None) -> Narrative:
    """The narrative a text reads as: a real text through the 情况说明 reader (as `check 文件.txt` reads
    it), a seed as its document reads it; ``case``: with a seeded error (applied to the text of a real
    file, to the narrative's paragraphs of a seed document)."""
    if name == "seed:leshan":
        return parse_text(raw_text(name) if case is None else seeded_text(case))
    if name.startswith("seed:"):
        narrative = _seed_doc(name[5:]).narrative
        if case is None:
            return narrative
        k = next(k for k, b in enumerate(narrative.blocks) if case["old"] in b.text)
        return narrative.replace_block(k, narrative.blocks[k].text.replace(case["old"], case["new"], 1))
    return read_narrative(REAL / name) if case is None else parse_text(seeded_text(case))


def check(name: str, case: dict | None = None):
    """The narrative report of a corpus text: text-only, or against the seed's tables when the case says so."""
    if case is not None and case.get("tables"):
        return narrative_check(narrative_of(name, case), _seed_doc(name[5:]))
    year = _seed_doc(name[5:]).meta.year if name.startswith("seed:") and name != "seed:leshan" else 0
    return narrative_check(narrative_of(name, case), year=year)


def baseline(case: dict):
    """The same text without the seeded error, checked the same way."""
    return check(case["file"], {**case, "new": case["old"]})


def errors(findings) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR]


@lru_cache(maxsize=None)
def expected(name: str) -> tuple[Expected, ...]:
    listed = EXPECTED["texts"][name]["errors"]
    if isinstance(listed, str):  # the seed's own expected file
        listed = json.loads((Path(__file__).parents[3] / listed).read_text(encoding="utf-8"))["errors"]
    return tuple(Expected(e["rule"], e["stated"], e["quote"]) for e in listed)


def seeded_text(case: dict) -> str:
    text = raw_text(case["file"])
    assert case["old"] in text, case
    return text.replace(case["old"], case["new"]) if case.get("all") else text.replace(case["old"], case["new"], 1)


def names() -> list[str]:
    return list(EXPECTED["texts"])
