"""``budgetdesk check`` of a 情况说明 that comes without tables (a published text on its own)."""

from __future__ import annotations

import sys
from pathlib import Path

from budgetdesk.core.findings import Severity, Summary
from budgetdesk.core.narrative.model import Narrative
from budgetdesk.io.limits import ReadError, read_boundary
from budgetdesk.io.store.tempfiles import failure_reason, write_text_atomically
from budgetdesk.io.read.narrative import NARRATIVE_SUFFIXES, NarrativeReadError, read_narrative
from budgetdesk.io.narrative_check import narrative_check, narrative_findings


def check_text_only(path: Path, *, as_json: bool, quiet: bool, records: list[dict],
                    unread: list | None = None) -> bool | None:
    """Text-only check of ``path``; None when it holds no 情况说明 either, else whether it has errors.

    A Word file can only be a 情况说明: why it cannot be read is raised (``NarrativeReadError``) for the
    caller to show, instead of "unsupported file type".
    """
    if path.suffix.lower() not in NARRATIVE_SUFFIXES or not path.is_file():
        return None
    try:
        with read_boundary(path, passthrough=(NarrativeReadError,)):  # the same boundary as every other reader
            narrative = read_narrative(path)
    except (NarrativeReadError, ReadError, OSError, ValueError) as exc:
        if path.suffix.lower() == ".docx" or isinstance(exc, NarrativeReadError):  # a 情况说明 past a limit: say so
            reason = str(exc) if path.name in str(exc) else f"{path.name}：{exc}"
            raise NarrativeReadError(reason) from exc
        return None
    if not narrative:
        return None
    result = narrative_check(narrative)
    findings = list(unread or []) + list(result.findings)  # tables printed but not read: an error, never 通过
    summary = Summary.of(findings)
    if as_json:
        records.extend({"file": str(path), **f.to_dict()} for f in findings)
        return bool(summary.errors)
    print(f"== {path}（没有找到表格，只检查情况说明的文字：内部算术、用词和年份）")
    for f in findings:
        if quiet and f.severity in (Severity.ROUNDING, Severity.INFO):
            continue
        if f.position is None:  # about the file, not a sentence (tables printed and not read)
            print(f"[{f.severity.label}] {f.rule} {f.message}")
            continue
        print(f"[{f.severity.label}] {f.rule} {f.message}（{f.position.section}，第 {f.position.paragraph + 1} 段）")
        print(f"        原文：{f.quote}")
    print(f"情况说明：{result.counts()}")
    print(f"{path}: {summary.verdict()}")
    return bool(summary.errors)


def cmd_narrative(path: Path, out: Path | None, template: str | None) -> int:
    """``budgetdesk narrative FILE [-o OUT]``: write the 情况说明 from the tables (to .docx, .txt or the screen)."""
    from budgetdesk.core.narrative.generate import regenerate
    from budgetdesk.io.files import OpenError, open_document
    from budgetdesk.io.write.docx import write_docx
    from budgetdesk.resources import narrative_sections, narrative_vocabulary

    try:
        doc, _ = open_document(path, template)
    except OpenError as exc:
        print(f"无法读取：{exc}", file=sys.stderr)
        return 2
    spec = narrative_sections(doc.template_set)
    if spec is None:
        print(f"{path.name}：这类公开件（{doc.template_set.name}）的情况说明章节还没有模板数据，无法生成", file=sys.stderr)
        return 2
    generated = regenerate(doc.narrative if any(b.section_key for b in doc.narrative.blocks) else Narrative(),
                           doc, narrative_vocabulary(doc.meta.year), spec)
    findings = narrative_findings(generated, doc)
    notices: list[str] = []
    try:
        if out is None:
            print(generated.to_text(), end="")
        elif out.suffix.lower() == ".docx":
            from budgetdesk.io.write.chart_draw import document_charts  # the charts README promises Word gets

            write_docx(generated, out, title=spec["title"].format(unit=doc.meta.unit_name, year=doc.meta.year or ""),
                       charts=document_charts(doc), notices=notices)
        else:
            write_text_atomically(out, generated.to_text())
    except OSError as exc:  # a full disk, a read-only folder: the old file is untouched (written through a temporary)
        print(f"无法写出“{out}”：{failure_reason(exc)}。原文件未被改动。", file=sys.stderr)
        return 2
    for notice in notices:
        print(f"提示：{notice}", file=sys.stderr)
    blank_rules = ("NARR-REASON-EMPTY", "NARR-PLACEHOLDER")
    blanks = sum(1 for f in findings if f.rule in blank_rules)
    others = [f for f in findings if f.rule not in blank_rules and f.severity is not Severity.INFO]
    print(f"已生成情况说明：{len(generated.blocks)} 段，待填写的空白 {blanks} 处" + (f"，另有 {len(others)} 个问题" if others else "")
          + ("（空白填写之前，检查不会通过）" if blanks else ""), file=sys.stderr)
    for f in others:
        print(f"[{f.severity.label}] {f.rule} {f.message}", file=sys.stderr)
    return 1 if others else 0
