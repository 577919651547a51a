"""``budgetdesk check`` of a 情况说明 that comes without tables (a published text on its own)."""

from __future__ import annotations

from pathlib import Path

from budgetdesk.core.findings import Severity, Summary
from budgetdesk.io.narrative_io import NARRATIVE_SUFFIXES, NarrativeReadError, narrative_findings, read_narrative


def check_text_only(path: Path, *, as_json: bool, quiet: bool, records: list[dict]) -> bool | None:
    """Text-only check of ``path``; None when it holds no 情况说明 either, else whether it has errors."""
    if path.suffix.lower() not in NARRATIVE_SUFFIXES or not path.is_file():
        return None
    try:
        narrative = read_narrative(path)
    except (NarrativeReadError, OSError, ValueError):
        return None
    if not narrative:
        return None
    findings = narrative_findings(narrative)
    summary = Summary.of(findings)
    if as_json:
        records.extend({"file": str(path), **f.to_dict()} for f in findings)
        return bool(summary.errors)
    print(f"== {path}（没有找到表格，只检查情况说明的文字：内部算术、用词和年份）")
    for f in findings:
        if quiet and f.severity is Severity.ROUNDING:
            continue
        print(f"[{f.severity.label}] {f.rule} {f.message}（{f.position.section}，第 {f.position.paragraph + 1} 段）")
        print(f"        原文：{f.quote}")
    print(f"{path}: {summary.verdict()}")
    return bool(summary.errors)
