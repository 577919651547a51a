"""The full fuzz run: thousands of damaged and hostile files, each case in a worker subprocess with a time limit.

    .venv/bin/python -m benchmarks.fuzz_run                 # the full run (8–25 minutes on 2 cores)
    .venv/bin/python -m benchmarks.fuzz_run --scale 0.1     # a tenth of it
    .venv/bin/python -m benchmarks.fuzz_run --json out.json # every outcome, for comparison between runs

Cases are made from the seed disclosures (exported to .xlsx and, through xlwt, .xls) by
``tests/fuzz/mutators.py``; ``tests/fuzz/harness.py`` runs and judges each one. A case is a problem
when it prints a traceback, exits other than 0/1/2, takes more than the time limit (the worker is
killed: a hang), leaves a formula (``<f>``) or invalid XML in an exported workbook, leaves a temporary
file, or places (or drops) a hostile value without a word. The CI slice (``tests/fuzz/test_fuzz_slice.py``)
runs the first few hundred of the same cases in-process.
"""

from __future__ import annotations

import argparse
import collections
import json
import queue
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from tests.fuzz.harness import FAMILIES, LIMIT_SECONDS

FULL_RUN = {"xlsx": 1200, "xls": 400, "text": 600, "pdf": 300, "data": 400, "docx": 300, "export": 300, "kill": 100,
            # issue 29 (tests/fuzz/hostile_cases.py)
            "narrtext": 300, "wordview": 100, "aliases": 100, "writes": 150, "args": 100, "scale": 100}
_SAVER = """
import sys
from budgetdesk.io.files import open_document
from budgetdesk.io.store.project import save_project
from budgetdesk.resources import sample_path
doc, _ = open_document(sample_path())
print("ready", flush=True)
while True:
    save_project(doc, sys.argv[1])
"""
ROOT = Path(__file__).resolve().parent.parent


class Worker:
    def __init__(self, folder: Path, base_seed: int):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.fuzz.worker", str(folder / "seeds"), str(folder / "work"), str(base_seed)],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            encoding="utf-8", bufsize=1)
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.stderr: collections.deque[str] = collections.deque(maxlen=40)
        threading.Thread(target=self._read_err, daemon=True).start()
        first = self.lines.get(timeout=120)
        if first is None or "ready" not in first:
            raise RuntimeError(f"fuzz worker did not start: {''.join(self.stderr)}")

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def _read_err(self) -> None:
        for line in self.proc.stderr:
            self.stderr.append(line)

    def run(self, family: str, index: int, limit: float) -> dict | None:
        """The case's outcome, or None when it did not finish within ``limit`` seconds or the worker died."""
        self.proc.stdin.write(f"{family} {index}\n")
        self.proc.stdin.flush()
        try:
            line = self.lines.get(timeout=limit)
        except queue.Empty:
            return None
        return None if line is None else json.loads(line)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scale", type=float, default=1.0, help="fraction of the full run")
    p.add_argument("--families", default=",".join(FAMILIES))
    p.add_argument("--seed", type=int, default=1, help="base seed (the CI slice uses 0)")
    p.add_argument("--limit", type=float, default=LIMIT_SECONDS, help="seconds per case")
    p.add_argument("--json", type=Path, help="write every outcome here")
    args = p.parse_args(argv)
    families = [f for f in args.families.split(",") if f]
    if "kill" not in families and args.families == ",".join(FAMILIES):
        families.append("kill")
    outcomes: list[dict] = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="budgetdesk-fuzz-") as tmp:
        folder = Path(tmp)
        worker = Worker(folder, args.seed)
        try:
            for family in families:
                if family == "kill":
                    count = max(1, round(FULL_RUN[family] * args.scale))
                    outcomes.extend(kill_during_saves(folder / "kill", count, args.seed))
                    print(f"kill: {count} trials done ({time.monotonic() - started:.0f} s)", file=sys.stderr)
                    continue
                count = max(1, round(FULL_RUN[family] * args.scale))
                for index in range(count):
                    t0 = time.monotonic()
                    result = worker.run(family, index, args.limit + 5)  # the worker's own timing is judged too
                    if result is None:
                        died = worker.proc.poll() is not None
                        result = {"family": family, "index": index, "name": "?", "exit": None,
                                  "seconds": time.monotonic() - t0,
                                  "problems": [("crash: worker died: " + "".join(worker.stderr)[-300:]) if died
                                               else f"hang: no result after {args.limit + 5:.0f} s"]}
                        worker.stop()
                        worker = Worker(folder, args.seed)
                    outcomes.append(result)
                print(f"{family}: {count} cases done ({time.monotonic() - started:.0f} s)", file=sys.stderr)
        finally:
            worker.stop()
    report(outcomes, time.monotonic() - started)
    if args.json:
        args.json.write_text(json.dumps(outcomes, ensure_ascii=False, indent=1), encoding="utf-8")
    return 1 if any(o["problems"] for o in outcomes) else 0


def kill_during_saves(folder: Path, count: int, seed: int) -> list[dict]:
    """kill -9 a process in the middle of saving a project, at random moments: the file must stay whole.

    Afterwards the project must open (or not exist yet), and the next save in the folder must sweep the
    temporary file the killed save left.
    """
    import random

    from budgetdesk.io.files import OpenError, open_document
    from budgetdesk.io.store.project import save_project

    rng = random.Random(f"{seed}:kill")
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "p.bdesk"
    outcomes = []
    left = 0
    for index in range(count):
        t0 = time.monotonic()
        problems = []
        proc = subprocess.Popen([sys.executable, "-c", _SAVER, str(target)], cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True)
        proc.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.4))
        proc.kill()
        proc.wait()
        temporaries = [p for p in folder.iterdir() if p.name.endswith(".tmp")]
        left += bool(temporaries)
        doc = None
        if target.exists():
            try:
                doc, _ = open_document(target)
            except OpenError as exc:
                problems.append(f"corrupt: the project does not open after kill -9: {exc}")
        if doc is not None:
            save_project(doc, folder / "other.bdesk", fsync=False)  # a save in the folder sweeps stale temporaries
            remaining = [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]
            if remaining:
                problems.append(f"temporary files left after the next save: {remaining}")
        outcomes.append({"family": "kill", "index": index, "name": f"kill-{len(temporaries)}tmp", "exit": None,
                         "seconds": time.monotonic() - t0, "problems": problems})
    swept = "all swept by the next save" if not any(o["problems"] for o in outcomes) else "see problems"
    print(f"kill: {left} of {count} kills left a temporary file; {swept}", file=sys.stderr)
    return outcomes


def category(problem: str) -> str:
    for key, name in (("traceback", "traceback"), ("exit 3", "internal error"), ("exit", "bad exit code"),
                      ("hang", "hang"), ("slow", "hang"), ("crash", "crash"), ("formula", "formula in export"),
                      ("invalid XML", "invalid XML"), ("silent", "silent conversion"), ("temporary", "temp file left"),
                      ("corrupt", "corrupt file"), ("accepted", "wrong acceptance"), ("refused", "wrong refusal"),
                      ("message", "unclear message")):
        if problem.startswith(key) or key in problem[:20]:
            return name
    return "other"


def report(outcomes: list[dict], seconds: float) -> None:
    print(f"{'family':<8}{'cases':>7}{'exit 0/1':>10}{'exit 2':>8}{'problems':>10}{'max s':>8}{'mean s':>8}")
    for family in (*FAMILIES, "kill"):
        rows = [o for o in outcomes if o["family"] == family]
        if not rows:
            continue
        ok = sum(1 for o in rows if o["exit"] in (0, 1))
        refused = sum(1 for o in rows if o["exit"] == 2)
        bad = sum(1 for o in rows if o["problems"])
        times = [o["seconds"] for o in rows]
        print(f"{family:<8}{len(rows):>7}{ok:>10}{refused:>8}{bad:>10}{max(times):>8.2f}{sum(times) / len(times):>8.2f}")
    counts = collections.Counter(category(p) for o in outcomes for p in o["problems"])
    print(f"total {len(outcomes)} cases in {seconds:.0f} s; problems: "
          + (", ".join(f"{k} {v}" for k, v in counts.most_common()) or "none"))
    for o in [o for o in outcomes if o["problems"]][:30]:
        print(f"  {o['family']} #{o['index']} {o['name']}: {o['problems'][0][:200]}")


if __name__ == "__main__":
    raise SystemExit(main())
