"""The fuzz families of issue 29: the classes the byte-mutating families never reached, each kept fixed.

- ``narrtext``: 情况说明 texts built to make the checker backtrack or rescan (a long number, "-" and spaces, digit
  groups, Chinese runs, unclosed bookmarks, 为 runs, a reason followed by spaces, real sentences by the thousand,
  one long paragraph) and texts past the read limits — checked, within the time limit, or refused naming the file.
- ``wordview``: Word files hiding a wrong growth rate where a paragraph-only reader does not look (``word_view``)
  — found exactly when Word displays it.
- ``aliases``: ``check --aliases`` on a pipe, a device, a folder, deep or huge or non-UTF-8 JSON, random bytes, a
  sound mappings file — exit 2 naming it, or read.
- ``writes``: documents with hostile text (NUL, controls, lone surrogates) and sizes around every read limit, saved
  to .json, .bdesk, .xlsx and .docx — refused exactly when a limit is passed, otherwise written and opened again;
  the command line (check, narrative, batch) on what was written never fails internally.
- ``args``: bad and odd command-line arguments — Chinese reasons, exit 2, never English usage; good ones work.
- ``scale``: .json files with 绩效 targets and 科目 rows around their limits — checked in time or refused naming
  the file.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import os
import random
import re
import sys
import zipfile
from pathlib import Path

from tests.fuzz.word_view import SHAPES, WRONG, with_shape

FAMILIES = ("narrtext", "wordview", "aliases", "writes", "args", "scale")
ENGLISH = re.compile(r"usage:|error:|invalid (choice|\w+ value)|the following arguments|unrecognized arguments|"
                     r"expected one argument", re.I)


def _cli(args: list[str]) -> tuple[int, str]:
    from budgetdesk import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(args)
        except SystemExit as stop:  # argparse refusing an argument
            code = stop.code if isinstance(stop.code, int) else 2
    return code, out.getvalue() + err.getvalue()


def _judge(outcome, code: int, output: str, name: str, *, refuse: bool | None = None) -> None:
    """The common verdict: exit 0/1/2, no traceback, no internal error, a refusal names ``name``."""
    outcome.exit = code
    if code not in (0, 1, 2):
        outcome.problems.append(f"exit {code}: {output[-300:]}")
    if "Traceback" in output:
        outcome.problems.append("traceback on the console")
    if code == 2 and name and name not in output:
        outcome.problems.append(f"message: the refusal does not name {name}: {output[-200:]}")
    if refuse is True and code != 2:
        outcome.problems.append(f"accepted: must be refused (exit {code}): {output[-200:]}")
    if refuse is False and code == 2:
        outcome.problems.append(f"refused: must be read: {output[-200:]}")


# -- narrtext ----------------------------------------------------------------------------------------------------
def _real_sentences(seeds) -> list[str]:
    from budgetdesk.io.read.narrative import read_narrative
    from tests.fuzz.seeds import SEED_TEXTS

    out = []
    for path, _ in SEED_TEXTS.values():
        try:
            out += [b.text for b in read_narrative(path).blocks if not b.heading]
        except Exception:  # noqa: BLE001 — a seed without a 情况说明
            pass
    return out


def narrative_text(rng: random.Random, seeds) -> tuple[str, str, bool | None]:
    """(case name, text, must refuse?)"""
    from budgetdesk.io.limits import MAX_NARRATIVE_CHARS, MAX_PARAGRAPH_CHARS

    shape = rng.randrange(12)
    n = rng.choice([1_000, 10_000, 40_000])
    lines = rng.choice([1, 5, 20])
    unit = {
        0: lambda: "1" * n,
        1: lambda: "-" + " " * (n - 3) + "万元",
        2: lambda: "1" + ",111" * (n // 4),
        3: lambda: "中" * n,
        4: lambda: "农林水支出（类）" * (n // 8),
        5: lambda: "[bookmark:" * (n // 10) + "收入1万元。",
        6: lambda: "为" * n + "1万元",
        7: lambda: "收入预算1万元，主要原因是" + " " * n + "x。",
        8: lambda: "0." + "1" * n + "%",
        9: lambda: ("其中：" + "（其中：人员经费1万元" * (n // 12)),
    }
    if shape in unit:
        text = "\n".join("收入预算情况说明：" + unit[shape]() for _ in range(lines))
        return f"shape{shape}-{n}x{lines}", text, True if n > MAX_PARAGRAPH_CHARS else None
    sentences = _real_sentences(seeds)
    if shape == 10:  # real sentences by the hundred or thousand, each a paragraph
        count = rng.choice([200, 1_000, 1_900])
        body = [rng.choice(sentences) for _ in range(count)]
        total = sum(len(s) for s in body)
        return f"paragraphs-{count}", "\n".join(body), True if total > MAX_NARRATIVE_CHARS else None
    size = rng.choice([20_000, 49_000, 60_000])  # one long paragraph, below and above the paragraph limit
    text = ""
    while len(text) < size:
        text += rng.choice(sentences)
    return f"paragraph-{size}", text[:size].rstrip("。") + "。", size > MAX_PARAGRAPH_CHARS


def run_narrtext(index: int, rng: random.Random, seeds, workdir: Path, outcome) -> None:
    name, text, refuse = narrative_text(rng, seeds)
    outcome.name = name
    path = workdir / "narrative.txt"
    path.write_text(text, encoding="utf-8")
    code, output = _cli(["check", "--quiet", str(path)])
    _judge(outcome, code, output, path.name, refuse=refuse)


# -- wordview ----------------------------------------------------------------------------------------------------
def run_wordview(index: int, rng: random.Random, seeds, workdir: Path, outcome) -> None:
    from budgetdesk.core.narrative.model import Block, Narrative
    from budgetdesk.io.write.docx import write_docx

    base = workdir / "base.docx"
    intro = rng.choice(["本部门2024年收入预算。", "一、部门职责。", "本年无其他说明事项。"])
    write_docx(Narrative((Block("概况", heading=True), Block(intro))), base)
    shape = sorted(SHAPES)[index % len(SHAPES)] if index < len(SHAPES) else rng.choice(sorted(SHAPES))
    displayed = SHAPES[shape][1]
    outcome.name = shape.replace(" ", "-")
    path = workdir / "shaped.docx"
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item.filename, with_shape(data, shape) if item.filename == "word/document.xml" else data)
    code, output = _cli(["check", str(path)])
    _judge(outcome, code, output, path.name, refuse=False)
    found = "NARR-CHANGE-PCT" in output
    if found != displayed:
        outcome.problems.append(f"silent: {shape}: the wrong rate {'was not found' if displayed else 'was read from hidden text'}"
                                f" ({WRONG[-8:]})")


# -- aliases -----------------------------------------------------------------------------------------------------
def run_aliases(index: int, rng: random.Random, seeds, workdir: Path, outcome) -> None:
    kinds = ["fifo", "/dev/zero", "/dev/urandom", "folder", "deep", "big", "gbk", "bytes", "sound", "not mappings"]
    kind = kinds[index % len(kinds)] if index < len(kinds) else rng.choice(kinds)
    outcome.name = kind.strip("/").replace("/", "-")
    refuse = kind != "sound"
    path = workdir / "aliases.json"
    if kind == "fifo":
        if not hasattr(os, "mkfifo"):
            kind, path = "folder", workdir
        else:
            os.mkfifo(path)
    if kind.startswith("/dev/"):
        if not Path(kind).exists():
            kind = "folder"
        else:
            path = Path(kind)
    if kind == "folder":
        path = workdir
    elif kind == "deep":
        depth = rng.choice([17, 1_000, 100_000, 1_000_000])
        path.write_text("{\"a\":" * depth + "1" + "}" * depth if rng.random() < 0.5 else "[" * depth + "]" * depth,
                        encoding="utf-8")
    elif kind == "big":
        path.write_text(json.dumps({"format": "budgetdesk-mappings", "x": "y" * rng.choice([9 << 20, 20 << 20])}),
                        encoding="utf-8")
    elif kind == "gbk":
        path.write_bytes(json.dumps({"format": "budgetdesk-mappings", "template_set": "对应表"},
                                    ensure_ascii=False).encode("gbk"))
    elif kind == "bytes":
        path.write_bytes(bytes(rng.randrange(256) for _ in range(rng.choice([10, 5_000]))))
    elif kind == "sound":
        tables = {"summary": {"rows": {"单位自有收入": "in.business"}, "columns": {}}}
        path.write_text(json.dumps({"format": "budgetdesk-mappings", "version": 1, "template_set": "cq-budget",
                                    "tables": tables}, ensure_ascii=False), encoding="utf-8")
    elif kind == "not mappings":
        path.write_text(json.dumps(rng.choice([[], {}, {"format": 7}, "x", None])), encoding="utf-8")
    sample = seeds.json[sorted(seeds.json)[0]]
    code, output = _cli(["check", "--quiet", "--aliases", str(path), str(sample)])
    _judge(outcome, code, output, path.name if path != workdir else workdir.name, refuse=refuse)


# -- writes ------------------------------------------------------------------------------------------------------
HOSTILE_TEXT = ["单位\x00名称", "控制\x01\x1f字符", "孤立\ud800代理", "\udfff", "\ufffe\uffff", "=1+1", "😀𠮷", "\u202e反向"]


def run_writes(index: int, rng: random.Random, seeds, workdir: Path, outcome) -> None:
    from budgetdesk.core.narrative.model import Block, Narrative
    from budgetdesk.io.files import OpenError, SaveError, open_document, save_document
    from budgetdesk.io.limits import MAX_CODE_ROWS, MAX_CONSOLIDATED, unwritable
    from budgetdesk.io.read.narrative import NarrativeReadError, read_docx
    from tests.fuzz.seeds import seed_document

    seed = rng.choice(sorted(seeds.json))
    doc = seed_document(seed)
    pick = lambda: rng.choice(HOSTILE_TEXT)  # noqa: E731
    doc.set_meta(dataclasses.replace(doc.meta, unit_name=pick()))
    doc.set_note(None, pick())
    doc.set_narrative(Narrative((Block("概况" + pick(), heading=True), Block(f"{pick()}收入预算1.00万元。{pick()}"))))
    over = rng.choice(["none", "none", "units", "code rows", "narrative"])
    if over == "units":
        doc.consolidated_from = rng.choice([MAX_CONSOLIDATED, MAX_CONSOLIDATED + 1])
    elif over == "code rows":
        have = sum(1 for t in doc.tables.values() for r in t.rows if r.is_code_row)
        table = next(t for t in doc.tables.values() if t.template.code_side is not None)
        for k in range(MAX_CODE_ROWS - have + rng.choice([0, 1])):
            doc.add_code_row(table.id, f"27{k:05d}", "科目",
                             position=len(table.rows))
    elif over == "narrative":
        doc.set_narrative(Narrative(tuple(Block("收入1万元。" + "说" * rng.choice([49_000, 50_001])) for _ in range(2))))
    outcome.name = f"{seed}-{over}"
    suffixes = [".json", ".bdesk", ".xlsx", ".docx"]
    if over != "none":  # a document at a limit is large: one format per case keeps the case within the time limit
        suffixes = [".json", rng.choice(suffixes[1:])] if over != "code rows" else [rng.choice(suffixes)]
    for suffix in suffixes:
        target = workdir / f"out{suffix}"
        expected = unwritable(doc, target)
        try:
            save_document(doc, target, notices=[])
        except (SaveError, OpenError) as exc:
            if expected is None:
                outcome.problems.append(f"refused: {suffix} within the limits was not written: {exc}")
            elif target.name not in str(exc):
                outcome.problems.append(f"message: the refusal does not name {target.name}: {exc}")
            if target.exists():
                outcome.problems.append(f"accepted: {suffix} refused but a file was left")
            continue
        if expected is not None:
            outcome.problems.append(f"accepted: {suffix} written past a read limit: {expected}")
        try:
            if suffix == ".docx":
                read_docx(target)
            else:
                again, _ = open_document(target)
                if suffix != ".xlsx" and any(0xD800 <= ord(c) <= 0xDFFF for c in again.meta.unit_name):
                    outcome.problems.append(f"silent: {suffix} kept a lone surrogate")
        except (OpenError, NarrativeReadError) as exc:
            outcome.problems.append(f"refused: {suffix} written but does not open again: {exc}")
    written = workdir / "out.json"
    if written.exists():
        for args in (["check", "--quiet", str(written)], ["narrative", str(written)]):
            code, output = _cli(args)
            _judge(outcome, code, output, written.name)
    leftovers = [p.name for p in workdir.iterdir() if p.name.endswith(".tmp")]
    if leftovers:
        outcome.problems.append(f"temporary files left: {leftovers}")


# -- args --------------------------------------------------------------------------------------------------------
BAD_ARGS = [
    (["batch", "--timeout", "abc", "{json}"], "秒"), (["batch", "--timeout", "-5", "{json}"], "不合理"),
    (["batch", "--timeout", "1e-9", "{json}"], "不合理"), (["batch", "--timeout", "inf", "{json}"], "不合理"),
    (["batch", "--timeout", "nan", "{json}"], "不合理"), (["batch", "--timeout", "1e400", "{json}"], "不合理"),
    (["batch", "--jobs", "0", "{json}"], "不小于 1"), (["batch", "--jobs", "-3", "{json}"], "不小于 1"),
    (["batch", "--jobs", "x", "{json}"], "整数"), (["check", "--template", "no-such", "{json}"], "no-such"),
    (["convert", "--template", "zz", "{json}", "{work}/o.json"], "zz"), (["merge", "{json}"], "缺少"),
    (["check", "--bogus"], "无法识别"), (["nosuch"], "nosuch"), (["convert", "{json}"], "缺少"),
    (["catalogue", "x.xlsx", "--year", "二〇二四"], "年份"), (["rules", "--template"], "需要一个值"),
    (["batch", "{json}", "--report", "{work}"], "报告"), (["batch", "{json}", "--report", "{work}/no/r.xlsx"], "不存在"),
    (["batch", "{json}", "--report", "{work}/r.csv"], ".xlsx"), (["batch", "{json}", "--report", "{json}"], "报告"),
]


def run_args(index: int, rng: random.Random, seeds, workdir: Path, outcome) -> None:
    sample = str(seeds.json[sorted(seeds.json)[0]])
    choice = index % (len(BAD_ARGS) + 2)
    if choice < len(BAD_ARGS):
        template, reason = BAD_ARGS[choice]
        args = [a.replace("{json}", sample).replace("{work}", str(workdir)) for a in template]
        outcome.name = "-".join(a for a in template if a.startswith("--") or a.isalpha())[:40] or "args"
        code, output = _cli(args)
        outcome.exit = code
        if code != 2:
            outcome.problems.append(f"accepted: {args} exit {code}: {output[-200:]}")
        if reason not in output:
            outcome.problems.append(f"message: no reason “{reason}” for {args}: {output[-200:]}")
        if ENGLISH.search(output) or "Traceback" in output:
            outcome.problems.append(f"message: English or a traceback for {args}: {output[-200:]}")
        return
    if choice == len(BAD_ARGS):  # a name that is not UTF-8: checked and reported as one file's line
        outcome.name = "odd-names"
        if sys.platform == "win32":
            return
        from budgetdesk.io.batch.report import write_batch_report
        from budgetdesk.io.batch.run import UNREADABLE, check_file, failed_row

        data = Path(sample).read_bytes()
        odd = os.fsdecode(os.fsencode(str(workdir)) + b"/" + bytes(rng.randrange(0x80, 0x100) for _ in range(3)) + b".json")
        Path(odd).write_bytes(data)
        code, output = _cli(["check", "--quiet", odd])
        _judge(outcome, code, output, "", refuse=False)
        rows = [check_file(odd), failed_row(odd, UNREADABLE, f"{Path(odd).name}：无法读取")]  # the batch's own rows
        write_batch_report(rows, workdir / "r.xlsx")
        return
    outcome.name = "help"  # every help text is Chinese
    command = rng.choice([[], ["check"], ["convert"], ["batch"], ["merge"], ["narrative"], ["catalogue"], ["rules"]])
    code, output = _cli([*command, "-h"])
    outcome.exit = 0 if code == 0 else code
    if "用法：" not in output or re.search(r"usage:|show this help|positional arguments", output):
        outcome.problems.append(f"message: help not in Chinese for {command}: {output[:200]}")


# -- scale -------------------------------------------------------------------------------------------------------
def run_scale(index: int, rng: random.Random, seeds, workdir: Path, outcome) -> None:
    from budgetdesk.core.performance.model import MAX_TARGETS
    from budgetdesk.io.limits import MAX_CODE_ROWS

    seed = rng.choice([s for s in sorted(seeds.json) if json.loads(seeds.json[s].read_text(encoding="utf-8")).get("performance")]
                      or sorted(seeds.json))
    data = json.loads(seeds.json[seed].read_text(encoding="utf-8"))
    what = rng.choice(["targets", "code rows"]) if data.get("performance") else "code rows"
    if what == "targets":
        n = rng.choice([500, MAX_TARGETS, MAX_TARGETS + 1, 20_000])
        base = data["performance"]
        data["performance"] = [{**base[i % len(base)], "key": f"t{i}"} for i in range(n)]
        refuse = n > MAX_TARGETS
    else:
        table = max(data["tables"], key=lambda t: sum(1 for r in t["rows"] if r.get("code")))  # a 科目 table
        from budgetdesk.io.limits import code_rows
        from tests.fuzz.seeds import seed_document

        have = code_rows(seed_document(seed))  # counted as the reader counts them
        n = rng.choice([5_000, MAX_CODE_ROWS - have, MAX_CODE_ROWS - have + 1, 70_000])
        for k in range(n):
            code = f"27{k:05d}"  # no 功能分类 类 is 27x: never one of the seed's own rows
            table["rows"].append({"key": code, "code": code, "label": f"科目{k}", "side": table["rows"][-1]["side"]})
        refuse = have + n > MAX_CODE_ROWS
    outcome.name = f"{what.replace(' ', '-')}-{n}"
    path = workdir / "big.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, output = _cli(["check", "--quiet", str(path)])
    _judge(outcome, code, output, path.name, refuse=refuse)
    if code != 2 and what == "targets" and n <= 500:  # the 绩效 export hung at 2,000 (the limit: test_write_limits)
        target = workdir / rng.choice(["again.xlsx", "again.bdesk"])
        code, output = _cli(["convert", str(path), str(target)])
        _judge(outcome, code, output, target.name, refuse=False)


RUNNERS = {"narrtext": run_narrtext, "wordview": run_wordview, "aliases": run_aliases, "writes": run_writes,
           "args": run_args, "scale": run_scale}


def run_hostile(family: str, index: int, seeds, workdir: Path, base_seed: int, outcome) -> None:
    rng = random.Random(f"{base_seed}:{family}:{index}")
    RUNNERS[family](index, rng, seeds, workdir, outcome)

