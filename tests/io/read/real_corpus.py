"""The real published packages in tests/fixtures/real: what each reads to, kept as golden files.

    .venv/bin/python -m tests.io.read.real_corpus          # regenerate tests/golden/real/*.json (review the diff)
    .venv/bin/python -m tests.io.read.real_corpus --table  # the per-document table for README

Each golden file records the kind, year and template read, every table found with the figures placed
(and printed), the figures left unplaced, and every error and warning finding. ``verified`` says for an
error whether it was checked by hand against the document and how (the arithmetic); findings not yet
checked say so — they are not claimed to be real inconsistencies.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
REAL = ROOT / "tests" / "fixtures" / "real"
GOLDEN = ROOT / "tests" / "golden" / "real"


def documents() -> list[Path]:
    return sorted(REAL.glob("*.pdf"))


def summarise(path: Path) -> dict:
    from budgetdesk.core.engine import Engine
    from budgetdesk.core.findings import Severity
    from budgetdesk.io.files import OpenError, open_document, with_sources
    from budgetdesk.io.narrative_check import narrative_findings
    from budgetdesk.resources import catalogue_provider

    started = time.perf_counter()
    try:
        doc, report = open_document(path)
    except OpenError as exc:  # as ``check`` does: a PDF without tables is checked as a 情况说明 on its own
        from budgetdesk.io.files import tables_not_read
        from budgetdesk.io.read.narrative import read_narrative

        narrative = read_narrative(path)
        findings = tables_not_read(exc) + (narrative_findings(narrative) if narrative else [])
        return {"file": path.name, "read": False, "message": str(exc), "text_only": bool(narrative),
                "errors": [{"rule": f.rule, "table": f.table, "row": f.row, "message": f.message, "verified": ""}
                           for f in findings if f.severity is Severity.ERROR],
                "warnings": sorted({f.rule for f in findings if f.severity is Severity.WARNING}),
                "seconds": round(time.perf_counter() - started, 2)}
    findings = with_sources(Engine(doc, catalogue_provider(doc.template_set)).findings(), report)
    findings += narrative_findings(doc.narrative, doc)
    seconds = time.perf_counter() - started
    figures = [u for u in report.unplaced if any(ch.isdigit() for ch in u.text)]
    kind = next((n for n in report.notices if n.startswith("读作")), "")
    return {
        "file": path.name, "read": True, "template": doc.template_set.id, "kind": kind, "year": doc.meta.year,
        "unit": doc.meta.unit_name, "money_unit": doc.meta.money_unit,
        "tables": [{"table": t.table, "title": t.title, "source": t.source, "placed": t.placed, "printed": t.printed}
                   for t in report.tables],
        "placed": report.placed, "unplaced_figures": len(figures),
        "errors": [{"rule": f.rule, "table": f.table, "row": f.row, "message": f.message, "verified": ""}
                   for f in findings if f.severity is Severity.ERROR],
        "warnings": sorted({f.rule for f in findings if f.severity is Severity.WARNING}),
        "seconds": round(seconds, 2),
    }


def golden_view(summary: dict) -> dict:
    """What a golden file pins (timings are not pinned; the verification notes are the reviewer's)."""
    out = {k: v for k, v in summary.items() if k != "seconds"}
    if "errors" in out:
        out["errors"] = [{k: v for k, v in e.items() if k != "verified"} for e in out["errors"]]
    return out


def write_golden() -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for path in documents():
        summary = summarise(path)
        target = GOLDEN / f"{path.stem}.json"
        if target.exists():  # keep the hand-written verification notes
            old = json.loads(target.read_text(encoding="utf-8"))
            notes = {(e["rule"], e["table"], e["row"], e["message"]): e.get("verified", "") for e in old.get("errors", [])}
            for e in summary.get("errors", []):
                e["verified"] = notes.get((e["rule"], e["table"], e["row"], e["message"]), "")
        summary.pop("seconds", None)
        target.write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def table() -> None:
    print("| 文件 | 读作 | 模板 | 表 | 放入的数 / 印出的数 | 未放入的数 | 错误 | 警告规则 | 秒 |")
    print("|---|---|---|---|---|---|---|---|---|")
    for path in documents():
        s = summarise(path)
        if not s["read"]:
            what = ("只有文字（情况说明），表格在另一个文件" if "另一个文件" in s.get("message", "") else
                    "表格一张也没认出（IMPORT-UNREAD），只查了文字") if s.get("text_only") else f"无法读取：{s['message'][:60]}"
            print(f"| {s['file']} | {what} | | | | | {len(s['errors'])} | {len(s['warnings'])} | {s['seconds']} |")
            continue
        printed = sum(t["printed"] for t in s["tables"])
        print(f"| {s['file']} | {s['kind'].removeprefix('读作').split('（')[0]} | {s['template']} | {len(s['tables'])} | "
              f"{s['placed']} / {printed} | {s['unplaced_figures']} | {len(s['errors'])} | {len(s['warnings'])} | {s['seconds']} |")


if __name__ == "__main__":
    table() if "--table" in sys.argv else write_golden()
