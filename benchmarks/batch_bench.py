"""Whole-process benchmarks: what a user waits for when a command starts from nothing.

- ``budgetdesk convert BOOK.xlsx OUT.pdf`` as a fresh process vs LibreOffice converting the same
  workbook (target: budgetdesk ≥ 5× faster);
- ``budgetdesk batch`` over 1,000 workbooks made from the seeds, some of them corrupt (target ≤ 60 s
  on a 2-core machine), with the pandas report;
- ``budgetdesk merge`` of 50 units.

Every command runs as its own process, as a user runs it, with compiled bytecode (as installed by
pip or PyInstaller; this checkout's environment sets PYTHONDONTWRITEBYTECODE, so a temporary
bytecode folder is used). Wall time is the median; CPU time (user + system) and the peak memory
(largest single process, from ``getrusage``) are reported next to it. Run with ``benchmarks/run``.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from budgetdesk.core.document import UnitMeta
from budgetdesk.io.read.disclosure_text import read_disclosure
from budgetdesk.io.files import open_document, save_document
from budgetdesk.io.write.xlsx_export import export_xlsx
from budgetdesk.resources import load_template, sample_path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
SEED_TEMPLATES = {"chongqing_yongchuan_2024_budget.txt": "cq-budget",
                  "chongqing_beibei_2024_budget.txt": "cq-budget-beibei",
                  "hebei_haigang_2024_budget.txt": "hebei-budget"}
# one child process, timed from outside; prints wall seconds, CPU seconds and the peak RSS of any descendant
_MEASURE = """
import json, resource, subprocess, sys, time
t = time.perf_counter()
rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
wall = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": rc, "wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "peak_mb": ru.ru_maxrss / 1024}))
"""


def environment(work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    env["BUDGETDESK_CACHE_DIR"] = str(work / "cache")
    return env


def measure(cmd: list[str], env: dict[str, str]) -> dict:
    out = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], env=env, capture_output=True, text=True,
                         check=True, timeout=900)
    return json.loads(out.stdout)


def median_of(cmd: list[str], env: dict[str, str], runs: int) -> dict:
    results = [measure(cmd, env) for _ in range(runs)]
    return {k: statistics.median(r[k] for r in results) for k in ("wall", "cpu", "peak_mb")} | {
        "rc": results[-1]["rc"]}


def budgetdesk_command() -> list[str]:
    exe = Path(sys.executable).with_name("budgetdesk")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "budgetdesk"]


def unit_documents():
    docs = [open_document(sample_path())[0]]
    for name, template in SEED_TEMPLATES.items():
        docs.append(read_disclosure(SEEDS / name, load_template(template))[0])
    return docs


def make_workbooks(folder: Path, total: int = 1000, distinct: int = 24, corrupt: int = 20) -> dict[str, int]:
    """``total`` files in nested folders: real workbooks (some with errors) and ``corrupt`` bad ones."""
    rng = random.Random(17)
    bases = unit_documents()
    made = []
    for i in range(distinct):
        doc = bases[i % len(bases)]
        original = doc.meta
        doc.set_meta(UnitMeta(f"{original.unit_name}（第{i}单位）", f"5001{i:04}", original.year,
                              original.money_unit))
        path = export_xlsx(doc, folder / f"distinct-{i:02}.xlsx")
        doc.set_meta(original)
        made.append(path)
    wrong = open_document(sample_path())[0]  # one in 25 has a wrong figure: it must come out with errors
    wrong.set("expenditure", "210", "total", "185.28")
    made.append(export_xlsx(wrong, folder / "with-error.xlsx"))
    good = total - corrupt
    for n in range(good):
        sub = folder / f"单位{n // 100:02}"
        sub.mkdir(exist_ok=True)
        shutil.copy(made[n % len(made)], sub / f"{n:04}.xlsx")
    bad = folder / "损坏"
    bad.mkdir()
    sample_bytes = made[0].read_bytes()
    for n in range(corrupt):
        kind = n % 4
        data = (sample_bytes[: rng.randrange(100, len(sample_bytes) // 2)] if kind == 0 else
                os.urandom(rng.randrange(10, 5000)) if kind == 1 else
                b"" if kind == 2 else "这不是工作簿".encode())
        (bad / f"bad-{n:02}.xlsx").write_bytes(data)
    for path in made:
        path.unlink()
    return {"good": good, "corrupt": corrupt}


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bd-bench-"))
    env = environment(work)
    bd = budgetdesk_command()
    doc = open_document(sample_path())[0]
    book = export_xlsx(doc, work / "sample.xlsx")
    measure([*bd, "convert", str(book), str(work / "warm.pdf")], env)  # compiles bytecode, fills the font cache
    cold_env = dict(env, BUDGETDESK_CACHE_DIR=str(work / "cold-cache"))
    cold = measure([*bd, "convert", str(book), str(work / "cold.pdf")], cold_env)
    ours = median_of([*bd, "convert", str(book), str(work / "out.pdf")], env, 7)
    print()
    print("| Whole process (fresh process each run, compiled bytecode) | wall (median) | CPU | peak memory |")
    print("|---|---|---|---|")
    print(f"| `budgetdesk convert sample.xlsx out.pdf` | {ours['wall'] * 1000:.0f} ms | {ours['cpu'] * 1000:.0f} ms"
          f" | {ours['peak_mb']:.0f} MB |")
    print(f"| same, first run on a machine (font not yet cached) | {cold['wall'] * 1000:.0f} ms | "
          f"{cold['cpu'] * 1000:.0f} ms | {cold['peak_mb']:.0f} MB |")
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        print("| LibreOffice: not installed (apt-get install libreoffice-calc-nogui) | — | — | — |")
    else:
        lo_cmd = [office, "--headless", "--convert-to", "pdf", "--outdir", str(work / "lo"), str(book)]
        measure(lo_cmd, env)  # first run creates LibreOffice's profile; not counted
        lo = median_of(lo_cmd, env, 5)
        print(f"| `libreoffice --headless --convert-to pdf sample.xlsx` | {lo['wall'] * 1000:.0f} ms | "
              f"{lo['cpu'] * 1000:.0f} ms | {lo['peak_mb']:.0f} MB |")
        print(f"| ratio LibreOffice / budgetdesk (target ≥ 5×) | {lo['wall'] / ours['wall']:.1f}× | "
              f"{lo['cpu'] / ours['cpu']:.1f}× | |")
    folder = work / "packages"
    folder.mkdir()
    counts = make_workbooks(folder)
    report = work / "summary.xlsx"
    jobs = os.cpu_count() or 1
    batch = measure([*bd, "batch", str(folder), "--jobs", str(jobs), "--report", str(report)], env)
    print()
    print(f"| 批量自检 ({counts['good']} workbooks + {counts['corrupt']} corrupt, {jobs} processes, with report) "
          f"| wall | CPU | peak memory (largest process) |")
    print("|---|---|---|---|")
    print(f"| `budgetdesk batch` (target ≤ 60 s) | {batch['wall']:.1f} s | {batch['cpu']:.1f} s | "
          f"{batch['peak_mb']:.0f} MB |")
    print(f"| per file | {batch['wall'] / sum(counts.values()) * 1000:.0f} ms | "
          f"{batch['cpu'] / sum(counts.values()) * 1000:.0f} ms | |")
    print(f"| exit code (2: corrupt files listed with their reasons) | {batch['rc']} | | |")
    units = work / "units"
    units.mkdir()
    for i in range(50):
        save_document(doc, units / f"unit{i:02}.json")
    merge = median_of([*bd, "merge", *map(str, sorted(units.glob("*.json"))), "--out", str(work / "dept.bdesk"),
                       "--unit", "部门汇总", "--report", str(work / "merge.xlsx")], env, 3)
    print(f"| `budgetdesk merge` of 50 units, with report | {merge['wall']:.2f} s | {merge['cpu']:.2f} s | "
          f"{merge['peak_mb']:.0f} MB |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
