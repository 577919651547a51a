"""Code/name pairs printed in published 预决算 tables, gathered to check or extend a bundled catalogue.

No complete public 科目表 could be read (docs/catalogue-sources.md), but every published budget or
final account prints the subjects it uses: “2050101 行政运行 1,234.00 …” or, in Shanghai's layout,
“205 01 01 行政运行 1,234 …”. A pair is taken only where code and name stand on one line followed by
amounts (a name folded onto two lines is left out), and a code printed under two names in the
sources read is reported as a conflict, never decided here. A 预算 or 决算 of year N is compiled on
the classification of year N, so pairs are evidence for that year's catalogue only.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections import defaultdict
from pathlib import Path

from budgetdesk.core.codes import Catalogue, Classification

_NAME = r"[\u4e00-\u9fff][\u4e00-\u9fff（）()、，“”]*"
_AFTER = r"(?=[ \t]+-?[\d,.]+(?:[ \t]|$)|[ \t]+[23]\d{4}|[ \t]*$)"  # an amount, the next column's code, or nothing
_SPACED = re.compile(rf"^[ \t]*(?P<lei>[23]\d\d)(?:[ \t]+(?P<kuan>\d{{1,2}}))?(?:[ \t]+(?P<xiang>\d{{1,2}}))?"
                     rf"[ \t]+(?P<name>{_NAME}){_AFTER}")
# a 类 code needs a space before its name; a 款/项 code may touch it (“30207邮电费” in the 2024 决算 template)
_JOINED = re.compile(rf"(?<![\d.,])(?P<code>[23]\d\d[ \t]+|[23]\d\d\d\d(?:\d\d)?[ \t]*)(?P<name>{_NAME}){_AFTER}")


def classification_of(code: str) -> Classification | None:
    """2xx codes are 支出功能分类 (3/5/7 digits), 3xx codes 部门预算支出经济分类 (3/5 digits)."""
    if code[0] == "2" and len(code) in (3, 5, 7) and "201" <= code[:3] <= "234":
        return Classification.FUNCTIONAL
    if code[0] == "3" and len(code) in (3, 5) and "301" <= code[:3] <= "399":
        return Classification.ECONOMIC
    return None


def normal_name(name: str) -> str:
    """Half-width brackets as the catalogue writes them: 维修(护)费 → 维修（护）费."""
    return name.replace("(", "（").replace(")", "）")


def pairs_in(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(code, name) pairs printed on one line each, and the lines whose 款/项 digits were cut (“301 2 津贴补贴”)."""
    pairs, malformed = [], []
    for line in text.splitlines():
        spaced = _SPACED.match(line)
        if spaced and (spaced["kuan"] or spaced["xiang"]):
            parts = [spaced["lei"], spaced["kuan"], spaced["xiang"]]
            if any(p is not None and len(p) != 2 for p in parts[1:]) or (parts[1] is None and parts[2]):
                malformed.append(line.strip())
                continue
            pairs.append(("".join(p for p in parts if p), normal_name(spaced["name"])))
            continue
        pairs.extend((m["code"].strip(), normal_name(m["name"])) for m in _JOINED.finditer(line))
    return [(code, name) for code, name in pairs if classification_of(code)], malformed


def read_text(path: Path) -> str:
    """A published document as text: .pdf through poppler's pdftotext (layout kept), a JSON with the
    page texts of an extracted PDF (``{"page_texts": [...]}``) joined, any other file as UTF-8 text."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
        return done.stdout.decode("utf-8", errors="replace")
    text = path.read_text(encoding="utf-8")
    if suffix == ".json":
        return "\n".join(json.loads(text).get("page_texts", []))
    return text


class Harvest:
    """Every (code, name) printed in the documents added, with the documents (and their years) that print it."""

    def __init__(self) -> None:
        self.seen: dict[str, dict[str, set[tuple[str, int]]]] = defaultdict(lambda: defaultdict(set))
        self.malformed: list[tuple[str, str]] = []

    def add(self, text: str, source: str, year: int) -> None:
        """``year``: the 预算/决算 year the document is compiled for, which is the classification year it uses."""
        pairs, malformed = pairs_in(text)
        for code, name in pairs:
            self.seen[code][name].add((source, year))
        self.malformed.extend((source, line) for line in malformed)

    def candidates(self, classification: Classification, year: int, min_documents: int = 2) -> dict[str, str]:
        """Codes printed under one name only, by a document of ``year`` and by at least ``min_documents``
        documents in all (a second document of another year confirms the name, not the year)."""
        chosen = {}
        for code, names in sorted(self.seen.items()):
            if len(names) != 1 or classification_of(code) is not classification:
                continue
            (name, printed_by), = names.items()
            if any(y == year for _, y in printed_by) and len({s for s, _ in printed_by}) >= min_documents:
                chosen[code] = name
        return chosen

    def conflicts(self, classification: Classification) -> dict[str, dict[str, set[tuple[str, int]]]]:
        """Codes printed under more than one name: not decided here, for a person to look into."""
        return {code: dict(names) for code, names in sorted(self.seen.items())
                if len(names) > 1 and classification_of(code) is classification}

    def compare(self, catalogue: Catalogue, min_documents: int = 2) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
        """(candidates the catalogue lacks, {code: (catalogue name, printed name)} where a candidate's name differs)."""
        found = self.candidates(catalogue.classification, catalogue.year, min_documents)
        new = {code: name for code, name in found.items() if code not in catalogue}
        differ = {code: (catalogue.name(code) or "", name) for code, name in found.items()
                  if code in catalogue and catalogue.name(code) != name}
        return new, differ


def merged_catalogue_text(text: str, additions: dict[str, str]) -> str:
    """A catalogue file with ``additions`` placed among its lines in code order; the header is kept as it is."""
    lines = text.splitlines()
    header = [line for line in lines if line.startswith("#")]
    codes = dict(line.split("\t", 1) for line in lines if line.strip() and not line.startswith("#"))
    for code, name in additions.items():
        codes.setdefault(code, name)
    return "\n".join(header + [f"{code}\t{codes[code]}" for code in sorted(codes)]) + "\n"
