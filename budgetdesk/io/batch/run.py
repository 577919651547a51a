"""批量自检: check many files in parallel processes, one plain result row per file.

Each worker process opens and checks one file and returns a plain dict (findings as
``Finding.to_dict()``), so nothing heavy crosses the process boundary. A file that cannot be read,
that hangs past the per-file timeout or that kills its worker never stops the batch: it gets its
row with the reason. A crashed pool is rebuilt and the files that were in flight are retried one at
a time, so only the file that really crashes a worker is blamed.
"""

from __future__ import annotations

import multiprocessing
import os
import time
import traceback
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from budgetdesk.io.files import READABLE

# row status → exit code contribution (as ``check``: 1 errors found, 2 a file could not be checked)
OK, UNREADABLE, TIMEOUT, CRASHED, INTERNAL = "ok", "unreadable", "timeout", "crashed", "internal"
STATUS_LABELS = {OK: "已检查", UNREADABLE: "无法读取", TIMEOUT: "超时", CRASHED: "导致进程崩溃", INTERNAL: "程序内部错误"}
DEFAULT_TIMEOUT = 120.0  # seconds for one file; a real package takes well under one
MEMORY_LIMIT = 2 * 1024 ** 3  # address space of a worker (POSIX): a zip bomb ends as MemoryError, not swapping


def collect_files(paths: Iterable[Path | str]) -> list[Path]:
    """The readable files named or found (recursively) under the given folders, in a stable order."""
    found: list[Path] = []
    seen: set[Path] = set()
    for p in map(Path, paths):
        if p.is_dir():
            candidates = sorted((f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in READABLE
                                 and not f.name.startswith((".", "~$"))), key=lambda f: str(f).lower())
        else:
            candidates = [p]  # named explicitly: checked (or reported) whatever it is
        for f in candidates:
            key = f.resolve() if f.exists() else f
            if key not in seen:
                seen.add(key)
                found.append(f)
    return found


def failed_row(path: Path | str, status: str, reason: str) -> dict:
    return {"file": str(path), "status": status, "reason": reason, "unit": "", "unit_code": "", "template": "",
            "year": None, "total": None, "errors": 0, "warnings": 0, "explained": 0, "rounding": 0,
            "first_error": "", "import_problems": [], "findings": [], "seconds": 0.0}


def check_file(path: str, template: str | None = None) -> dict:
    """Open and check one file; never raises. Runs in a worker process."""
    started = time.perf_counter()
    try:
        row = _check(Path(path), template)
    except MemoryError:
        row = failed_row(path, UNREADABLE, f"{Path(path).name}：文件过大或内容异常，读取时内存不足")
    except Exception as exc:  # noqa: BLE001 — one bad file must not stop the batch; the reason is its row
        last = traceback.extract_tb(exc.__traceback__)[-1:]
        where = f"（{Path(last[0].filename).name}:{last[0].lineno}）" if last else ""
        row = failed_row(path, INTERNAL, f"{Path(path).name}：程序内部错误 {type(exc).__name__}: {exc}{where}")
    row["seconds"] = round(time.perf_counter() - started, 3)
    return row


def _check(path: Path, template: str | None) -> dict:
    from budgetdesk.core.engine import Engine
    from budgetdesk.core.findings import Severity, Summary
    from budgetdesk.io.files import OpenError, open_document, with_sources
    from budgetdesk.resources import catalogue_provider

    try:
        doc, report = open_document(path, template)
    except OpenError as exc:
        return failed_row(path, UNREADABLE, str(exc))
    findings = with_sources(Engine(doc, catalogue_provider(doc.template_set)).findings(), report)
    summary = Summary.of(findings)
    first = next((f for f in findings if f.severity is Severity.ERROR), None)
    problems = []
    if report is not None:
        problems = [str(u) for u in report.unplaced] + list(report.notices)
    return {
        "file": str(path), "status": OK, "reason": "",
        "unit": doc.meta.unit_name, "unit_code": doc.meta.unit_code, "template": doc.template_set.id,
        "year": doc.meta.year or None, "total": _grand_total(doc),
        "errors": summary.errors, "warnings": summary.warnings, "explained": summary.explained,
        "rounding": summary.rounding, "first_error": first.message if first else "",
        "import_problems": problems, "findings": [f.to_dict() for f in findings], "seconds": 0.0,
    }


def _grand_total(doc) -> str | None:
    """收支总计: the first total-band row of the first table (收入总计), its first amount column."""
    first = min(doc.tables.values(), key=lambda t: t.template.order)
    for row in first.rows:
        if row.spec is not None and row.spec.band == "total":
            for col in first.template.columns:
                if col.side == row.side and col.kind == "amount":
                    v = first.amount(row.key, col.key)
                    return None if v is None else format(v, "f")
    return None


def _limit_memory() -> None:
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or hard > MEMORY_LIMIT:
            resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, hard))
    except (ImportError, ValueError, OSError):  # Windows has no RLIMIT_AS
        pass


def _warm_up() -> None:
    """Worker start: cap memory, and import the readers once instead of in every file's time."""
    _limit_memory()
    import budgetdesk.io.read.workbook_import  # noqa: F401
    from budgetdesk.resources import load_template, template_ids

    for t in template_ids():
        load_template(t)
    import gc

    gc.freeze()  # what was imported lives as long as the worker: full collections need not walk it again
    gc.set_threshold(50_000, 20, 10)  # and seldom collect at all (see io.fast_imports.few_collections)


@dataclass
class _Job:
    path: Path
    started: float
    solo: bool


def run_batch(files: list[Path], *, jobs: int | None = None, template: str | None = None,
              timeout: float = DEFAULT_TIMEOUT, progress: Callable[[dict], None] | None = None,
              cancelled: Callable[[], bool] = lambda: False,
              worker: Callable[[str, str | None], dict] = check_file) -> list[dict]:
    """Check ``files`` over ``jobs`` processes; returns one row per file in the order given.

    At most ``jobs`` files are in flight, so a file's submission time is its start time and a
    per-file timeout can be enforced by ending the pool. ``progress`` receives each row as it
    arrives; ``cancelled`` is polled and stops the batch early (rows are returned for what finished).
    ``worker`` (a module-level function, for pickling) is ``check_file`` except in tests.
    """
    if not files:
        return []
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(files)))
    rows: dict[Path, dict] = {}
    queue = list(files)
    queue.reverse()  # pop() from the end keeps the given order
    solo: list[Path] = []  # in flight when a worker died: retried alone to find the culprit

    def emit(path: Path, row: dict) -> None:
        rows[path] = row
        if progress is not None:
            progress(row)

    pool = _new_pool(jobs)
    in_flight: dict[Future, _Job] = {}
    try:
        while (queue or solo or in_flight) and not cancelled():
            while len(in_flight) < (1 if solo else jobs) and (solo or queue):
                if solo and in_flight:
                    break
                path, alone = (solo.pop(), True) if solo else (queue.pop(), False)
                in_flight[pool.submit(worker, str(path), template)] = _Job(path, time.monotonic(), alone)
            done, _ = wait(list(in_flight), timeout=0.2, return_when=FIRST_COMPLETED)
            broken = False
            for fut in done:
                job = in_flight.pop(fut)
                try:
                    emit(job.path, fut.result())
                except BrokenProcessPool:
                    broken = True
                    if job.solo:
                        emit(job.path, failed_row(job.path, CRASHED,
                                                  f"{job.path.name}：检查此文件时工作进程意外退出（文件可能损坏或含恶意内容）"))
                    else:
                        solo.append(job.path)
            now = time.monotonic()
            late = [f for f, j in in_flight.items() if now - j.started > timeout]
            if broken or late:
                for fut in late:
                    job = in_flight.pop(fut)
                    emit(job.path, failed_row(job.path, TIMEOUT, f"{job.path.name}：检查超过 {timeout:g} 秒仍未完成，已中止"))
                for job in in_flight.values():  # innocent bystanders: retry (alone if the pool crashed)
                    (solo if broken else queue).append(job.path)
                in_flight.clear()
                _kill(pool)
                pool = _new_pool(jobs)
    finally:  # cancelled or interrupted with files in flight: do not wait for them
        if in_flight:
            _kill(pool)
        else:
            pool.shutdown(wait=True, cancel_futures=True)
    return [rows[f] for f in files if f in rows]


def _ping() -> int:
    time.sleep(0.05)  # long enough that each ping lands on its own worker
    return os.getpid()


def _new_pool(jobs: int) -> ProcessPoolExecutor:
    """A pool whose workers are all started and warmed up, so start-up never counts against a file's timeout."""
    # spawn everywhere: as on Windows, and safe from a GUI process that already runs threads
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_warm_up)
    for fut in [pool.submit(_ping) for _ in range(jobs)]:
        fut.result(timeout=600)
    return pool


def _kill(pool: ProcessPoolExecutor) -> None:
    """End a pool whose workers may hang: terminate them, then release the executor."""
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            proc.terminate()
        except (OSError, AttributeError):
            pass
    pool.shutdown(wait=False, cancel_futures=True)


def exit_code(rows: list[dict]) -> int:
    """As ``check``: 2 if a file could not be checked, else 1 if any has errors, else 0."""
    if any(r["status"] != OK for r in rows):
        return 2
    return 1 if any(r["errors"] for r in rows) else 0
