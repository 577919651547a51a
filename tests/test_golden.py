"""Golden findings: the full list of findings of each clean seed, as reviewed (arelle-style expected files).

A change to rules, tolerance or templates that alters any finding shows up here as a diff. To accept
an intended change, run ``python -m tests.test_golden`` and review the diff of tests/golden/.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from budgetdesk.io.read.disclosure_text import read_disclosure
from budgetdesk.io.store.interchange import loads
from budgetdesk.resources import load_template, sample_path
from tests.conftest import SEED_FILES, engine_for

GOLDEN = Path(__file__).parent / "golden"
SAMPLES = {"leshan-final": "leshan-2024-final.json"}  # bundled documents whose findings are reviewed too


def render(name: str) -> str:
    if name in SAMPLES:
        doc = loads(sample_path(SAMPLES[name]).read_text(encoding="utf-8"), load_template)
    else:
        path, template = SEED_FILES[name]
        doc, _ = read_disclosure(path, load_template(template))
    lines = ["rule\tseverity\ttable\trow\tcolumn\texpected\tactual\tdifference"]
    for f in engine_for(doc).findings():
        lines.append("\t".join(str(x) for x in (f.rule, f.severity.value, f.table, f.row, f.column,
                                                 f.expected, f.actual, f.difference)))
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("name", sorted(SEED_FILES) + sorted(SAMPLES))
def test_findings_match_the_reviewed_golden_file(name):
    expected = (GOLDEN / f"{name}.findings.tsv").read_text(encoding="utf-8")
    assert render(name) == expected


if __name__ == "__main__":
    for name in sorted(SEED_FILES) + sorted(SAMPLES):
        (GOLDEN / f"{name}.findings.tsv").write_text(render(name), encoding="utf-8")
        print("wrote", name, file=sys.stderr)
