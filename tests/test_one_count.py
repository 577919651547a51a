"""One count of problems everywhere: ``check`` and ``batch`` (run as the officer runs them) give the same number."""

from __future__ import annotations

import json
import subprocess
import sys

from budgetdesk.io.files import open_document, save_document
from tests.conftest import SEED_FILES


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "budgetdesk", *args], capture_output=True, text=True, timeout=300)


def test_check_and_batch_count_the_narrative_errors_alike(tmp_path):
    doc, _ = open_document(SEED_FILES["beibei"][0])
    n = next(i for i, b in enumerate(doc.narrative.blocks) if "3,032.55" in b.text)
    doc.set_narrative(doc.narrative.replace_block(n, doc.narrative.blocks[n].text.replace("3,032.55", "3,023.55")))
    doc.set("three_public", "amount", "reception", "5.79")  # a table error too, and a narrative one it causes
    path = tmp_path / "北碚.bdesk"
    save_document(doc, path)
    checked = json.loads(_run("check", "--json", str(path)).stdout)
    errors = [f for f in checked if f["severity"] == "error"]
    assert any(f["rule"].startswith("NARR-") for f in errors) and any(not f["rule"].startswith("NARR-") for f in errors)
    [row] = json.loads(_run("batch", "--json", "--jobs", "1", str(path)).stdout)
    assert row["errors"] == len(errors)
    assert sorted(f["rule"] for f in row["findings"] if f["severity"] == "error") == sorted(f["rule"] for f in errors)
