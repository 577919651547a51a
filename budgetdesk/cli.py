"""Command line: ``budgetdesk check`` and ``budgetdesk convert`` over the same core as the GUI."""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from pathlib import Path

from budgetdesk import __version__
from budgetdesk import cli_args
from budgetdesk.core.findings import CellRef, Severity, Summary
from budgetdesk.core.cell_names import describe
from budgetdesk.io.applog import log_exception
from budgetdesk.io.fast_imports import few_collections
from budgetdesk.io.files import (WRITABLE, OpenError, SaveError, open_document, refused_whole, save_document,
                                 tables_not_read)
from budgetdesk.io.limits import enable_watchdog
from budgetdesk.io.year_links import link_years
from budgetdesk.resources import catalogue_notices, load_template, sample_path, template_ids

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE, EXIT_INTERNAL = 0, 1, 2, 3


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="budgetdesk", description="部门预算/决算公开表：填报、自检、导出。")
    p.add_argument("--version", action="version", version=f"budgetdesk {__version__}")
    sub = p.add_subparsers(dest="command", title="子命令", metavar="子命令")
    c = sub.add_parser("check", help="检查文件（.bdesk / .json / Excel .xlsx .xlsm .xls / 文本公开件 .txt），列出问题",
                       description="检查项目文件（.bdesk）、JSON、Excel 工作簿（.xlsx、.xlsm、旧版 .xls）或公开件文本（.txt），列出问题。")
    c.add_argument("paths", nargs="*", type=Path, metavar="文件",
                   help="要检查的文件（.bdesk .json .xlsx .xlsm .xls .txt）；不给则检查自带样例")
    c.add_argument("--json", action="store_true", help="以 JSON 输出问题清单")
    c.add_argument("--template", help="指定模板（默认自动识别）", choices=template_ids(), metavar="模板")
    c.add_argument("--quiet", action="store_true", help="不列出尾差，只列错误和警告")
    c.add_argument("--aliases", type=Path, metavar="对应表.json", help="导入工作簿或文本公开件时应用的行/列对应表文件（图形界面“导入报告”中导出）")
    c.add_argument("--annotate", type=Path, metavar="标注.pdf",
                   help="检查一份 PDF 时：写出同一份 PDF，每个问题在它的格或句子处框出，问题说明作为批注")
    c.add_argument("--prior", type=Path, metavar="上年文件", help="上年的文件：核对年初结转和结余、印出的上年数与上年公布的数")
    c.add_argument("--text", type=Path, metavar="情况说明文件",
                   help="情况说明另成一个文件公开时（北京、江苏把“文字”和“表格”分开）：它的 PDF、Word 或文本，与表格文件一起核对")
    v = sub.add_parser("convert", help="转换：读 .bdesk .json .xlsx .xlsm .xls .txt，写 .bdesk .json .xlsx .pdf",
                       description="读入项目文件、JSON、Excel 工作簿（.xlsx .xlsm .xls）或公开件文本（.txt），"
                                   "写成项目文件（.bdesk）、JSON、Excel（.xlsx）或 PDF。还有错误时照常写出并给出一行警告。")
    v.add_argument("source", type=Path, metavar="读入文件", help="读入的文件：.bdesk .json .xlsx .xlsm .xls .txt")
    v.add_argument("target", type=Path, metavar="写出文件", help="写出的文件：.bdesk .json .xlsx .pdf")
    v.add_argument("--template", choices=template_ids(), metavar="模板", help="模板 id（默认自动识别；全部模板见 budgetdesk templates）")
    v.add_argument("--report", action="store_true", help="导入报告中列出放入的每一个数及其来源单元格")
    v.add_argument("--aliases", type=Path, metavar="对应表.json", help="导入时应用的行/列对应表文件")
    v.add_argument("--tables", metavar="表,表", help="PDF：只输出这些表（表 id，逗号分隔，见 budgetdesk templates）")
    v.add_argument("--cover", action="store_true", help="PDF：加封面（单位名称、年度）")
    v.add_argument("--contents", action="store_true", help="PDF：加目录页")
    v.add_argument("--budget", type=Path, metavar="预算文件", help="决算：本年预算文件（.bdesk/.json/Excel/文本公开件），用于完成预算%%")
    v.add_argument("--prior", type=Path, metavar="上年文件", help="上年同类文件（如上年决算），用于与上年对比")
    g = sub.add_parser("gui", help="打开图形界面（不带子命令时也是如此）")
    g.add_argument("path", nargs="?", type=Path, metavar="文件", help="要打开的文件；不给则打开自带样例")
    g.add_argument("--self-test", action="store_true", help="启动、打开文件、检查并试打印到 PDF 后立即退出（检验安装是否完好）")
    b = sub.add_parser("batch", help="批量自检：并行检查多个文件或文件夹，可写出 Excel 汇总报告")
    b.add_argument("paths", nargs="+", type=Path, metavar="文件或文件夹", help="文件或文件夹（递归查找 .bdesk/.json/.xlsx/.xls/.txt）")
    b.add_argument("--jobs", type=cli_args.positive_int, metavar="进程数",
                   help="并行进程数（默认与上限：CPU 核数，且不多于文件数）")
    b.add_argument("--report", type=Path, metavar="报告.xlsx", help="写出汇总报告（.xlsx）")
    b.add_argument("--json", action="store_true", help="以 JSON 输出每个文件的结果")
    b.add_argument("--template", choices=template_ids(), metavar="模板", help="模板 id（默认自动识别；全部模板见 budgetdesk templates）")
    b.add_argument("--timeout", type=cli_args.seconds, metavar="秒",
                   help="单个文件最长检查时间（秒，1–86400，默认 120）")
    m = sub.add_parser("merge", help="部门汇总：把同一模板、同一年度的多个单位文件汇总为一个")
    m.add_argument("paths", nargs="+", type=Path, metavar="单位文件", help="要汇总的单位文件")
    m.add_argument("--out", type=Path, required=True, metavar="汇总文件", help="汇总结果（.bdesk / .json / .xlsx）")
    m.add_argument("--unit", default="", metavar="名称", help="汇总后的单位名称（部门名称）")
    m.add_argument("--unit-code", default="", metavar="编码", help="汇总后的单位编码")
    m.add_argument("--report", type=Path, metavar="报告.xlsx", help="写出汇总报告（.xlsx：各单位按类的贡献）")
    m.add_argument("--template", choices=template_ids(), metavar="模板", help="模板 id（默认自动识别；全部模板见 budgetdesk templates）")
    m.add_argument("--department", type=Path, metavar="本级文件",
                   help="本级（部门自身）的文件，须是要汇总的文件之一；不给则取单位编码是其他各单位编码前缀的那个，仍不能确定则取第一个文件")
    m.add_argument("--adjustments", type=Path, metavar="上次汇总", help="上次汇总的结果（.bdesk/.json/.xlsx）：其中手工添加的抵销重新应用")
    y = sub.add_parser("new-year", help="从上年新建：用上年的文件建下一年的文档（科目行、上年数、情况说明中不依赖数字的部分、延续的绩效项目）")
    y.add_argument("source", type=Path, metavar="上年文件", help="上年的文件（.bdesk .json .xlsx .xls .txt）")
    y.add_argument("target", type=Path, metavar="新文档", help="新文档（.bdesk .json .xlsx）")
    y.add_argument("--template", choices=template_ids(), metavar="模板", help="模板 id（默认自动识别；全部模板见 budgetdesk templates）")
    nf = sub.add_parser("new-final", help="从本年预算新建决算：预算数、科目行来自预算")
    nf.add_argument("budget", type=Path, metavar="本年预算", help="本年预算（.bdesk .json .xlsx .xls .txt）")
    nf.add_argument("target", type=Path, metavar="新决算", help="新的决算文档（.bdesk .json .xlsx）")
    nf.add_argument("--template", default="sc-final-accounts", choices=template_ids(), metavar="模板",
                    help="决算模板（默认 sc-final-accounts）")
    n = sub.add_parser("narrative", help="按表中数字生成情况说明（预算或决算），输出到屏幕、.txt 或 .docx")
    n.add_argument("path", type=Path, metavar="文件", help="有表的文件（.bdesk .json .xlsx .xls .txt）")
    n.add_argument("-o", "--out", type=Path, metavar="输出文件", help="写到 .docx 或 .txt；不给则打印")
    n.add_argument("--template", choices=template_ids(), metavar="模板", help="模板 id（默认自动识别；全部模板见 budgetdesk templates）")
    sub.add_parser("templates", help="列出模板及其中的表")
    k = sub.add_parser("catalogue", help="导入财政部门下发的科目表（.xlsx/.xls）到用户数据目录，同一编码优先于自带目录")
    k.add_argument("path", type=Path, metavar="科目表", help="科目表工作簿：科目编码、科目名称两列，或类/款/项分列")
    k.add_argument("--year", type=cli_args.year, metavar="年度", help="科目表的年度（默认取标题或文件名中的年份）")
    r = sub.add_parser("rules", help="列出模板中声明的全部检查规则（勾稽关系）")
    r.add_argument("--template", default="cq-budget", choices=template_ids(), metavar="模板",
                   help="模板 id（默认 cq-budget；全部模板见 budgetdesk templates）")
    r.add_argument("--markdown", action="store_true", help="输出 Markdown 表格")
    return p


def main(argv: list[str] | None = None, *, ending: bool = False) -> int:
    """Exit 0 clean, 1 errors found, 2 a file could not be read or written, 3 an internal error (logged).

    ``ending``: the process ends when the command does (``program``)."""
    try:
        return _main(argv, ending)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into head/more that closed early
        try:
            sys.stdout = open(os.devnull, "w", encoding="utf-8")
        except OSError:
            pass
        return EXIT_OK
    except Exception as exc:  # a bug of ours: one line here, the traceback in the log
        return internal_error("budgetdesk", exc)
    finally:
        enable_watchdog(False)  # only for the command's own reads (tests call main in-process)


def program() -> int:
    """The command line as a whole process (the ``budgetdesk`` script, ``python -m budgetdesk``, the frozen
    ``budgetdesk-cli``): ``main`` with the process's own arguments, after which the process ends.

    On the way out the interpreter collects garbage once more, walking every object the command made (the parsed
    font, templates, reportlab): about 20 ms of a one-shot ``convert``, to free memory the system takes back anyway.
    Frozen out of the collector (``gc.freeze``) they are not walked; exit handlers, flushing of the output streams
    and files closed by the command are as before. Nor are the collector's thresholds restored after ``check`` and
    ``convert`` (``few_collections``): that would set off one more collection of everything the command made.
    (Tests call ``main`` in their own process: nothing of this there.)
    """
    try:
        return main(ending=True)
    finally:
        gc.freeze()


def internal_error(context: str, exc: BaseException) -> int:
    where = log_exception(f"{context}：内部错误", exc)
    shown = f"{type(exc).__name__}: {exc}"[:200]
    print(f"内部错误（{context}）：{shown}。" + (f"详情已写入日志 {where}" if where else "无法写入日志"),
          file=sys.stderr)
    return EXIT_INTERNAL


def _main(argv: list[str] | None, ending: bool = False) -> int:
    for stream in (sys.stdout, sys.stderr):
        try:
            # Windows consoles default to the ANSI code page; a file name that is not UTF-8 prints escaped
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")
        except (AttributeError, ValueError):
            pass
    with cli_args.chinese():  # usage, help and argument errors in Chinese (exit 2 as argparse does)
        args = _parser().parse_args(argv)
    if args.command in ("check", "convert"):
        enable_watchdog()  # a read stuck inside a library is stopped too (only without a window)
        with few_collections(restore=not ending):  # (the collector's settings die with the process)
            return _run(args)
    return _run(args)


def _refused_output(args: argparse.Namespace) -> str | None:
    """Why an output the command names would destroy an input or cannot be a file (checked before any work)."""
    from budgetdesk.io.store.output_guard import OutputRefused, check_output, same_file

    aliases = getattr(args, "aliases", None)
    try:
        if args.command == "check" and args.text is not None and len(args.paths) != 1:
            return "--text 只能与一个表格文件一起用（budgetdesk check 表格.pdf --text 情况说明.pdf）"
        if args.command == "check" and args.annotate is not None:
            if len(args.paths) != 1 or args.paths[0].suffix.lower() != ".pdf":
                return "--annotate 只能用于检查一份 PDF（budgetdesk check 文件.pdf --annotate 标注.pdf）"
            check_output(args.annotate, args.paths, suffixes=(".pdf",), what="标注 PDF")
        if args.command == "convert":
            check_output(args.target, [args.budget, args.prior, aliases], suffixes=WRITABLE, rewrites=args.source)
        elif args.command in ("new-year", "new-final"):
            check_output(args.target, [args.source if args.command == "new-year" else args.budget],
                         suffixes=(".bdesk", ".json", ".xlsx"), what="新文档")
        elif args.command == "narrative" and args.out is not None:
            check_output(args.out, [args.path], suffixes=(".docx", ".txt"), what="情况说明输出文件")
        elif args.command == "merge":
            check_output(args.out, args.paths, suffixes=(".bdesk", ".json", ".xlsx"), what="汇总结果")
            if args.report is not None:
                check_output(args.report, [*args.paths, args.out], suffixes=(".xlsx",), what="汇总报告")
                if same_file(args.report, args.out):
                    return f"汇总报告与汇总结果是同一个文件“{args.out.name}”"
    except OutputRefused as exc:
        return str(exc)
    return None


def _run(args: argparse.Namespace) -> int:
    mappings = None
    if getattr(args, "aliases", None):
        from budgetdesk.io.read.mappings import MappingError, file_source

        try:
            mappings = file_source(args.aliases)
        except MappingError as exc:
            print(f"无法读取对应表：{exc}", file=sys.stderr)
            return EXIT_UNREADABLE
    refused = _refused_output(args)
    if refused:
        print(f"无法写出：{refused}", file=sys.stderr)
        return EXIT_UNREADABLE
    if args.command == "check":
        return cmd_check(args.paths or [sample_path()], as_json=args.json, template=args.template, quiet=args.quiet,
                         mappings=mappings, annotate=args.annotate, prior=args.prior, text=args.text)
    if args.command == "convert":
        options = {"tables": args.tables.split(",") if args.tables else None, "cover": args.cover,
                   "contents": args.contents} if args.target.suffix.lower() == ".pdf" else None
        return cmd_convert(args.source, args.target, args.template, args.report, options, mappings,
                           budget=args.budget, prior=args.prior)
    if args.command == "batch":
        from budgetdesk.cli_batch import cmd_batch

        return cmd_batch(args.paths, jobs=args.jobs, report=args.report, as_json=args.json, template=args.template,
                         timeout=args.timeout)
    if args.command == "merge":
        from budgetdesk.cli_batch import cmd_merge

        return cmd_merge(args.paths, args.out, unit=args.unit, unit_code=args.unit_code, report=args.report,
                         template=args.template, department=args.department, adjustments=args.adjustments)
    if args.command == "new-year":
        from budgetdesk.cli_new_year import cmd_new_year

        return cmd_new_year(args.source, args.target, args.template)
    if args.command == "new-final":
        from budgetdesk.cli_new_year import cmd_new_final

        return cmd_new_final(args.budget, args.target, args.template)
    if args.command == "narrative":
        from budgetdesk.cli_narrative import cmd_narrative

        return cmd_narrative(args.path, args.out, args.template)
    if args.command == "templates":
        return cmd_templates()
    if args.command == "catalogue":
        return cmd_catalogue(args.path, args.year)
    if args.command == "rules":
        return cmd_rules(args.template, args.markdown)
    if args.command == "gui" or args.command is None:
        from budgetdesk.ui.app import main as gui_main  # Qt only when the window is wanted

        return gui_main([str(args.path)] if getattr(args, "path", None) else [],
                        self_test=getattr(args, "self_test", False))
    with cli_args.chinese():
        _parser().print_help()
    return EXIT_OK


def cmd_catalogue(path: Path, year: int | None) -> int:
    from budgetdesk.io.catalogue.imported import CatalogueImportError, import_catalogue
    from budgetdesk.resources import user_catalogue_dir

    try:
        result = import_catalogue(path, user_catalogue_dir(), year)
    except CatalogueImportError as exc:
        print(f"无法导入科目表：{exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    print("\n".join(result.lines()))
    return EXIT_OK


def cmd_check(paths: list[Path], *, as_json: bool = False, template: str | None = None, quiet: bool = False,
              mappings=None, annotate: Path | None = None, prior: Path | None = None, text: Path | None = None) -> int:
    from budgetdesk.cli_narrative import check_text_only  # 情况说明 checks: only check needs them, not convert
    from budgetdesk.io.read.narrative import take_narrative
    from budgetdesk.io.narrative_check import document_findings, narrative_check

    worst = EXIT_OK
    records: list[dict] = []
    for path in paths:
        try:
            doc, report = open_document(path, template, mappings)
        except OpenError as exc:
            unread = tables_not_read(exc)  # a PDF's tables no template knows: its text is checked, with that error
            if refused_whole(exc):
                print(f"无法读取：{exc}", file=sys.stderr)
                worst = max(worst, EXIT_UNREADABLE)
                continue
            try:
                text_only = check_text_only(path, as_json=as_json, quiet=quiet, records=records, unread=unread)
            except ValueError as reason:  # a Word 情况说明 that cannot be read: its own reason
                text_only, exc = None, reason
            if text_only is None:
                print(f"无法读取：{exc}", file=sys.stderr)
                worst = max(worst, EXIT_UNREADABLE)
            elif text_only:
                worst = max(worst, EXIT_ERRORS)
            continue
        if text is not None:  # the 情况说明 published as a file of its own: checked against these tables
            try:
                take_narrative(doc, text)
            except ValueError as exc:
                print(f"无法读取情况说明：{exc}", file=sys.stderr)
                return EXIT_UNREADABLE
        if prior is not None:  # last year's document: the year-to-year checks (printed 上年数 kept as printed)
            try:
                link_years(doc, prior=prior, fill_prior_columns=False, name=path.name)
            except (OpenError, ValueError) as exc:
                print(f"无法读取上年文件：{exc}", file=sys.stderr)
                return EXIT_UNREADABLE
        try:
            narrative = narrative_check(doc.narrative, doc)  # with its counts: 核对 N 处，未核对 M 处
            findings = document_findings(doc, report, narrative=narrative)
        except Exception as exc:  # a bug of ours on this file; the other files are still checked
            worst = max(worst, internal_error(f"检查 {path}", exc))
            continue
        summary = Summary.of(findings)
        if summary.errors and worst == EXIT_OK:
            worst = EXIT_ERRORS
        if annotate is not None:
            worst = max(worst, _annotate(path, annotate, findings))
        if as_json:
            records.extend({"file": str(path), **f.to_dict()} for f in findings)
            continue
        meta = doc.meta
        print(f"== {path}（模板 {doc.template_set.id}；{meta.unit_name or '未填单位'}；{meta.year or '未填'}年）")
        for notice in catalogue_notices(doc):
            print(f"注意：{notice}")
        if report is not None:
            for line in report.lines()[1:]:
                print(line)
        if doc.template_set.performance:  # a ✓ only where targets exist: none read is said
            n = sum(len(t.indicators) for t in doc.performance)
            print(f"绩效目标表：{len(doc.performance)} 张，指标 {n} 个" if len(doc.performance)
                  else "绩效目标表：没有读到绩效目标表")
        for f in findings:
            if quiet and f.severity in (Severity.ROUNDING, Severity.INFO):
                continue
            tag = "已说明" if f.explained else f.severity.label
            source = f"［{f.source}］" if f.source else ""
            print(f"[{tag}] {f.rule} {f.message}{source}" + (f"\n        原文：{f.quote}" if f.quote else ""))
            if len(f.suspects) == 1 and f.suspects[0] != CellRef(f.table, f.row, f.column):
                print(f"        最可能填错的格：{describe(doc, f.suspects[0])}")
            if f.explained:
                print(f"        说明：{f.explanation}")
        if doc.narrative:
            print(f"情况说明：{narrative.counts()}")
        print(f"{path}: {summary.verdict()}")
    if as_json:
        json.dump(records, sys.stdout, ensure_ascii=False, indent=1)
        print()
    return worst


def _annotate(source: Path, target: Path, findings) -> int:
    """The checked PDF with its findings boxed on it (``io/write/pdf_annotate``); an exit code."""
    from budgetdesk.io.store.tempfiles import failure_reason
    from budgetdesk.io.write.pdf_annotate import annotate_pdf

    try:
        result = annotate_pdf(source, target, findings)
    except OSError as exc:
        print(f"无法写出标注 PDF“{target}”：{failure_reason(exc)}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"已写出标注 PDF {target}：{result.boxed} 处问题已在页面上框出"
          + (f"，{len(result.listed)} 处无法确定位置、列在第 1 页的批注中" if result.listed else ""), file=sys.stderr)
    return EXIT_OK


def cmd_convert(source: Path, target: Path, template: str | None, detail: bool = False,
                options: dict | None = None, mappings=None, *, budget: Path | None = None,
                prior: Path | None = None) -> int:
    try:
        doc, report = open_document(source, template, mappings)
        for line in link_years(doc, budget=budget, prior=prior):  # 决算: the year's 预算 and last year's 决算
            print(line)
    except (OpenError, ValueError) as exc:
        print(f"无法转换：{exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    notices: list[str] = []
    try:
        save_document(doc, target, options, notices=notices)
    except (OpenError, SaveError, ValueError) as exc:
        print(f"无法写出：{exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except OSError as exc:
        print(f"无法写出“{target}”：{exc.strerror or exc}。请换一个可写的位置。", file=sys.stderr)
        return EXIT_UNREADABLE
    if report is not None:
        print("\n".join(report.lines(detail=detail)))
    for line in notices:
        print(f"提示：{line}")
    print(f"已写出 {target}")
    from budgetdesk.io.narrative_check import document_findings

    errors = Summary.of(document_findings(doc)).errors  # the count check gives, 情况说明 included
    if errors:
        print(f"警告：{source.name} 还有 {errors} 个错误，{target.name} 照原样写出；"
              f"用 budgetdesk check {source.name} 查看", file=sys.stderr)
    return EXIT_OK


def cmd_templates() -> int:
    for tid in template_ids():
        ts = load_template(tid)
        print(f"{ts.id}  {ts.name}（版本 {ts.version}，{len(ts.tables)} 张表，{len(ts.rules)} 条规则）")
        for t in ts.tables:
            print(f"    {t.order}. {t.title}  [{t.id}]")
    return EXIT_OK


def describe_rule(rule) -> str:
    """A one-line Chinese statement of what a rule relates, from its data."""
    p = rule.params
    if rule.kind.startswith("perf_"):
        from budgetdesk.core.performance.describe import describe_performance_rule
        return describe_performance_rule(rule)
    if rule.kind == "hierarchy":
        return f"各科目表（{'、'.join(p['tables'])}）：类 = Σ款，款 = Σ项，合计 = Σ类，每个金额列"
    if rule.kind == "column_sum":
        minus = "".join(f" − {c}" for c in p.get("minus", []))
        return f"{p['table']}：每行 {p['target']} = {' + '.join(p['terms'])}{minus}"
    if rule.kind == "row_sum":
        terms = p["terms"]
        terms = f"“{terms['band']}”段各行" if isinstance(terms, dict) else " + ".join(terms)
        return f"{p['table']}：{p['target']} 行 = {terms}"
    op = {"ge": " ≥ ", "le": " ≤ "}.get(p.get("op", "eq"), " = ")
    if rule.kind == "equal":
        pairs = p.get("pairs") or [[p["left"], p["right"]]]
        minus = "".join(f" − {m}" for m in p.get("minus", []))
        return "；".join(
            (l if isinstance(l, str) else " + ".join(l)) + op + (r if isinstance(r, str) else " + ".join(r)) + minus
            for l, r in pairs)
    if rule.kind == "match_codes":
        lv = "、".join("类款项"[i - 1] for i in p.get("levels", [1, 2, 3]))
        rights = p["right"] if isinstance(p["right"], list) else [p["right"]]
        right = " + ".join(f"{r['table']}.{r['column']}" for r in rights)
        return (f"{p['left']['table']}.{p['left']['column']}{op}{right}，"
                f"按科目（{lv}）逐一对应" + ("，及合计行" if p.get("totals") else ""))
    if rule.kind == "code_set":
        rel = "科目集合相同" if p.get("relation", "equal") == "equal" else "的科目都在后者中"
        return f"{p['left']['table']} 与 {p['right']['table']} {rel}"
    if rule.kind == "prior_equal":  # against last year's document (check --prior, 导入上年数)
        parts = [f"本年 {this} = 上年 {last}" for this, last in p.get("pairs", [])]
        parts += [f"{c['table']}：每个科目及合计行本年 {c['column']} = 上年 {c['prior_column']}" for c in p.get("codes", [])]
        return "；".join(parts) + "（载入上年文件时）"
    if rule.kind == "prior_columns":
        return "印出的上年数列 = 载入的上年文件中本年列的数（写明两个数和两个文件）"
    if rule.kind == "empty_note":
        return "没有数据的表须在表下写明原因"
    if rule.kind == "precision":
        return f"金额最多 {p.get('places', 2)} 位小数"
    if rule.kind == "catalogue":
        return {"exists": "科目编码在当年目录中", "name": "科目名称与当年目录一致（忽略空格、全半角）",
                "parent": "项、款的上级科目行存在", "order": "行按科目编码顺序排列"}[p["aspect"]]
    return ""


def cmd_rules(template: str, markdown: bool) -> int:
    ts = load_template(template)
    if markdown:
        print(f"### {ts.id}：{ts.name}\n")
        print("| 规则 | 级别 | 名称 | 关系 |")
        print("|---|---|---|---|")
    for rule in ts.rules:
        sev = Severity(rule.severity).label
        if markdown:
            print(f"| `{rule.id}` | {sev} | {rule.title} | {describe_rule(rule)} |")
        else:
            print(f"{rule.id:<24} {sev}  {rule.title}\n{'':27}{describe_rule(rule)}")
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(program())
