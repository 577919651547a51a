"""Terminal side of ``budgetdesk batch`` and ``budgetdesk merge``: progress bar, summary lines, exit code.

The work itself is in ``budgetdesk.io.batch.run`` (parallel checking), ``budgetdesk.io.batch.report``
(the pandas report) and ``budgetdesk.core.consolidate`` (部门汇总); this module only talks to the user.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

EXIT_INTERNAL = 3


def cmd_batch(paths: list[Path], *, jobs: int | None = None, report: Path | None = None, as_json: bool = False,
              template: str | None = None, timeout: float | None = None) -> int:
    from tqdm import tqdm

    from budgetdesk.io.batch.run import DEFAULT_TIMEOUT, OK, STATUS_LABELS, collect_files, exit_code, run_batch

    files = collect_files(paths)
    if not files:
        print("没有找到可检查的文件（.bdesk / .json / .xlsx / .xls / .txt / .pdf）", file=sys.stderr)
        return 2
    if report is not None:  # said before the batch runs, not after an hour of checking
        from budgetdesk.io.store.output_guard import OutputRefused, check_output

        try:
            check_output(report, files, suffixes=(".xlsx",), what="报告文件")
        except OutputRefused as exc:
            print(f"无法写出报告：{exc}", file=sys.stderr)
            return 2
    bar = tqdm(total=len(files), unit="个文件", desc="批量自检", file=sys.stderr, dynamic_ncols=True,
               disable=None)  # no bar when stderr is not a terminal
    try:
        rows = run_batch(files, jobs=jobs, template=template, timeout=timeout or DEFAULT_TIMEOUT,
                         progress=lambda row: bar.update(1))
    except KeyboardInterrupt:
        bar.close()
        print("已中断", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 — the batch machinery itself failed (not one file)
        bar.close()
        print(f"批量自检失败（程序内部错误）：{type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_INTERNAL
    bar.close()
    if as_json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        for r in rows:
            if r["status"] == OK:
                verdict = "通过" if not r["errors"] else "未通过"
                print(f"{r['file']}: {verdict}（错误 {r['errors']}，警告 {r['warnings']}，尾差 {r['rounding']}）"
                      + (f" 第一个错误：{r['first_error']}" if r["first_error"] else ""))
            else:
                print(f"{r['file']}: {STATUS_LABELS[r['status']]}：{r['reason']}")
    bad = sum(r["status"] != OK for r in rows)
    failed = sum(r["status"] == OK and r["errors"] > 0 for r in rows)
    print(f"共 {len(rows)} 个文件：通过 {len(rows) - bad - failed}，有错误 {failed}，无法检查 {bad}", file=sys.stderr)
    if report is not None:
        from budgetdesk.io.batch.report import write_batch_report

        try:
            write_batch_report(rows, report)
        except OSError as exc:
            print(f"无法写出报告 {report}：{exc}", file=sys.stderr)
            return EXIT_INTERNAL
        print(f"已写出报告 {report}", file=sys.stderr)
    return exit_code(rows)


def cmd_merge(paths: list[Path], out: Path, *, unit: str = "", unit_code: str = "", report: Path | None = None,
              template: str | None = None) -> int:
    """部门汇总: sum the documents into one, save it, check it like any document."""
    from budgetdesk.core.consolidate import ConsolidationError, consolidate
    from budgetdesk.core.engine import Engine
    from budgetdesk.core.findings import Severity, Summary
    from budgetdesk.io.files import OpenError, open_document, save_document
    from budgetdesk.resources import catalogue_provider

    docs, names = [], []
    for path in paths:
        try:
            doc, _ = open_document(path, template)
        except OpenError as exc:
            print(f"无法读取：{exc}", file=sys.stderr)
            return 2
        docs.append(doc)
        names.append(doc.meta.unit_name or path.stem)
    try:
        merged = consolidate(docs, unit_name=unit, unit_code=unit_code,
                             names=[f"{n}（{p.name}）" for n, p in zip(names, paths)])
    except ConsolidationError as exc:
        print(f"无法汇总：{exc}", file=sys.stderr)
        return 2
    try:
        save_document(merged, out)
    except (OpenError, ValueError, OSError) as exc:
        print(f"无法保存：{exc}", file=sys.stderr)
        return 2
    findings = Engine(merged, catalogue_provider(merged.template_set)).findings()
    summary = Summary.of(findings)
    print(f"已汇总 {len(docs)} 个文件（共 {merged.consolidated_from} 个单位）→ {out}")
    for f in findings:
        if f.severity is not Severity.ROUNDING:
            print(f"[{f.severity.label}] {f.rule} {f.message}")
    print(f"{out}: {summary.verdict()}")
    if report is not None:
        from budgetdesk.io.batch.merge_report import write_merge_report

        try:
            write_merge_report(docs, names, merged, findings, report)
        except OSError as exc:
            print(f"无法写出汇总报告 {report}：{exc}", file=sys.stderr)
            return EXIT_INTERNAL
        print(f"已写出汇总报告 {report}")
    return 1 if summary.errors else 0
