"""The fuzz harness: cases made from the seeds, and the one function that runs a case and judges it.

Families: ``xlsx`` and ``xls`` (damaged and hostile workbooks), ``text`` (damaged disclosures), ``pdf``
(damaged, truncated, scripted and lying PDFs made from the seeds' exports and a real published package), ``data``
(damaged .json and .bdesk), ``docx`` (damaged and hostile Word 情况说明, ``docx_cases.py``) — each is checked through the command line exactly as a user would, and
when it opens, exported again; ``export`` (documents full of hostile text saved as .xlsx, .bdesk,
.json and .pdf). A case is judged by what a user would suffer: a traceback, an exit code other than
0/1/2, more than ``LIMIT_SECONDS``, a formula (``<f>``) in an exported workbook, an invalid XML
part, a temporary file left behind, a hostile value placed (or dropped) without a word, a file that
must be refused (a DTD, a zip bomb) read anyway, or a refusal that does not name the file.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import random
import time
import zipfile
from functools import lru_cache
from pathlib import Path

import defusedxml.ElementTree as ET

from budgetdesk import cli
from budgetdesk.io.files import OpenError, SaveError, open_document, save_document
from tests.fuzz import mutators as mu
from tests.fuzz.docx_cases import make_docx_case
from tests.fuzz.seeds import REAL_PDF, SEED_TEXTS, export_seed_xlsx, placed_locations, seed_document, seed_word_files, write_xls

from tests.fuzz.hostile_cases import FAMILIES as HOSTILE_FAMILIES, run_hostile  # noqa: E402  (issue 29)

FAMILIES = ("xlsx", "xls", "text", "pdf", "data", "docx", "export", *HOSTILE_FAMILIES)
LIMIT_SECONDS = 10.0


@dataclasses.dataclass
class Outcome:
    family: str
    index: int
    name: str
    exit: int | None = None
    seconds: float = 0.0
    problems: list[str] = dataclasses.field(default_factory=list)


class Seeds:
    """The seed files of every family, made once per process in ``folder``."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.xlsx = {n: export_seed_xlsx(n, folder) for n in SEED_TEXTS}
        self.xls = {n: write_xls(p, folder / f"{n}.xls") for n, p in self.xlsx.items()}
        self.placed = {n: placed_locations(p) for n, p in self.xlsx.items()}
        self.placed_text = {n: placed_locations(SEED_TEXTS[n][0]) for n in SEED_TEXTS}
        import openpyxl

        self.sheets = {}
        for n, p in self.xlsx.items():
            wb = openpyxl.load_workbook(p, read_only=True)
            self.sheets[n] = list(wb.sheetnames)
            wb.close()
        self.json = {n: save_document(seed_document(n), folder / f"{n}.json") for n in SEED_TEXTS}
        self.bdesk = {n: save_document(seed_document(n), folder / f"{n}.bdesk") for n in SEED_TEXTS}
        self.docx = seed_word_files(folder)
        self.pdf = {n: save_document(seed_document(n), folder / f"{n}.pdf") for n in SEED_TEXTS}
        self.pdf["real"] = REAL_PDF


def make_case(family: str, index: int, seeds: Seeds, base_seed: int = 0) -> mu.Case:
    rng = random.Random(f"{base_seed}:{family}:{index}")
    seed = rng.choice(sorted(SEED_TEXTS))
    if family == "xlsx":
        data = seeds.xlsx[seed].read_bytes()
        op = rng.randrange(10)
        if op == 0:
            return mu.Case("flip", ".xlsx", mu.flip_bytes(data, rng))
        if op == 1:
            return mu.Case("cut", ".xlsx", mu.cut(data, rng))
        if op == 2:
            return mu.Case("xml-flip", ".xlsx", mu.in_sheet_xml(data, rng, mu.xml_flip))
        if op == 3:
            return mu.Case("xml-cut", ".xlsx", mu.in_sheet_xml(data, rng, mu.xml_cut))
        if op == 4:
            return mu.Case("xml-garbage", ".xlsx", mu.in_sheet_xml(data, rng, mu.xml_garbage))
        if op == 5:
            return mu.Case("dimension", ".xlsx", mu.in_sheet_xml(data, rng, mu.huge_dimension))
        if op == 6:
            return mu.Case("far-row", ".xlsx", mu.in_sheet_xml(data, rng, mu.far_row))
        if op == 7:
            return mu.Case("meta", ".xlsx", mu.crafted_meta(data, rng))
        case = mu.hostile_cell(data, rng, seeds.placed[seed], seeds.sheets[seed])
        case.name = f"{seed}-{case.name}"
        return case
    if family == "xls":
        data = seeds.xls[seed].read_bytes()
        op = rng.randrange(4)
        if op == 0:
            return mu.Case("flip", ".xls", mu.flip_bytes(data, rng))
        if op == 1:
            return mu.Case("cut", ".xls", mu.cut(data, rng))
        if op == 2:
            return mu.Case("splice", ".xls", mu.splice(data, rng))
        import datetime

        locations = rng.sample(seeds.placed[seed], 3)
        values = [rng.choice([datetime.date(2024, 1, 1), True, False, "#DIV/0!", "#N/A", "#REF!"]) for _ in locations]
        target = seeds.folder / f"typed-{index}.xls"
        write_xls(seeds.xlsx[seed], target, dict(zip(locations, values)))
        data = target.read_bytes()
        target.unlink()
        return mu.Case("typed", ".xls", data, refused=tuple(locations))
    if family == "text":
        data = SEED_TEXTS[seed][0].read_bytes()
        text = data.decode("utf-8")
        op = rng.randrange(8)
        if op == 0:
            return mu.Case("flip", ".txt", mu.flip_bytes(data, rng))
        if op == 1:
            return mu.Case("cut", ".txt", mu.cut(data, rng))
        if op in (2, 3):
            location = rng.choice(seeds.placed_text[seed])
            changed, value = mu.text_hostile_cell(text, location, rng)
            return mu.Case("amount", ".txt", changed.encode("utf-8"), refused=(location,), notes={"value": value})
        if op == 4:
            return mu.Case("lines", ".txt", mu.text_lines(text, rng).encode("utf-8", "surrogatepass"))
        if op == 5:
            return mu.Case("gb18030", ".txt", mu.flip_bytes(text.encode("gb18030"), rng, rng.randint(0, 3)))
        if op == 6:
            return mu.Case("splice", ".txt", mu.splice(data, rng))
        return mu.Case("bomb", ".txt", mu.text_bomb(rng)) if rng.random() < 0.1 else \
            mu.Case("lines", ".txt", mu.text_lines(text, rng).encode("utf-8", "surrogatepass"))
    if family == "pdf":
        name = rng.choice(sorted(seeds.pdf))
        data = seeds.pdf[name].read_bytes()
        op = rng.randrange(8)
        maker = {0: ("flip", lambda: mu.flip_bytes(data, rng, rng.randint(1, 200))), 1: ("cut", lambda: mu.cut(data, rng)),
                 2: ("splice", lambda: mu.splice(data, rng)), 3: ("javascript", lambda: mu.pdf_javascript(data)),
                 4: ("attachment", lambda: mu.pdf_attachment(data)), 5: ("page-count", lambda: mu.pdf_page_count(data, rng)),
                 6: ("form", lambda: mu.pdf_form(data)), 7: ("no-text", lambda: mu.pdf_without_text(data))}[op]
        return mu.Case(f"{name}-{maker[0]}", ".pdf", maker[1]())
    if family == "data":
        if rng.random() < 0.6:
            text = seeds.json[seed].read_text(encoding="utf-8")
            op = rng.randrange(3)
            if op == 0:
                return mu.Case("json-values", ".json", mu.json_values(text, rng).encode("utf-8"))
            data = text.encode("utf-8")
            return mu.Case("json-bytes", ".json", mu.flip_bytes(data, rng) if op == 1 else mu.cut(data, rng))
        data = seeds.bdesk[seed].read_bytes()
        return mu.Case("bdesk-bytes", ".bdesk", mu.flip_bytes(data, rng, rng.randint(1, 40)) if rng.random() < 0.7
                       else mu.cut(data, rng))
    if family == "docx":
        name = rng.choice(sorted(seeds.docx))
        case = make_docx_case(seeds.docx[name].read_bytes(), rng, seeds.xlsx[seed].read_bytes())
        case.name = f"{name}-{case.name}"
        return case
    if family == "export":
        return mu.Case("export", ".bdesk", b"", notes={"seed": seed, "rng": f"{base_seed}:{index}"})
    raise ValueError(family)


def run_case(family: str, index: int, seeds: Seeds, workdir: Path, base_seed: int = 0) -> Outcome:
    started = time.monotonic()
    workdir.mkdir(parents=True, exist_ok=True)
    for old in workdir.iterdir():
        old.unlink()
    if family in HOSTILE_FAMILIES:
        outcome = Outcome(family, index, family)
        try:
            run_hostile(family, index, seeds, workdir, base_seed, outcome)
        except Exception as exc:  # the harness itself must report, not crash
            outcome.problems.append(f"traceback: {type(exc).__name__}: {str(exc)[:200]}")
        outcome.seconds = time.monotonic() - started
        if outcome.seconds > LIMIT_SECONDS:
            outcome.problems.append(f"slow: {outcome.seconds:.1f} s")
        return outcome
    case = make_case(family, index, seeds, base_seed)
    outcome = Outcome(family, index, case.name)
    try:
        if family == "export":
            _run_export(case, workdir, outcome)
        else:
            _run_check(case, workdir, outcome)
    except Exception as exc:  # the harness itself must report, not crash
        outcome.problems.append(f"traceback: {type(exc).__name__}: {str(exc)[:200]}")
    outcome.seconds = time.monotonic() - started
    if outcome.seconds > LIMIT_SECONDS:
        outcome.problems.append(f"slow: {outcome.seconds:.1f} s")
    return outcome


def _cli(args: list[str]) -> tuple[int, str, list]:
    """Run the command line; also hand back what it opened, so the case is not read twice."""
    out, err = io.StringIO(), io.StringIO()
    opened: list = []
    real = cli.open_document

    def recording(*a, **k):
        result = real(*a, **k)
        opened.append(result)
        return result

    cli.open_document = recording
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main(args)
    finally:
        cli.open_document = real
    return code, out.getvalue() + err.getvalue(), opened


def _run_check(case: mu.Case, workdir: Path, outcome: Outcome) -> None:
    path = workdir / f"case{case.suffix}"
    path.write_bytes(case.data)
    code, output, opened = _cli(["check", "--quiet", str(path)])
    outcome.exit = code
    if code not in (0, 1, 2):
        outcome.problems.append(f"exit {code}: {output[-300:]}")
    if "Traceback" in output:
        outcome.problems.append("traceback on the console")
    if case.notes.get("must_refuse") and code != 2:
        outcome.problems.append(f"accepted: a file that must be refused was read (exit {code}): {output[-200:]}")
    if case.notes.get("must_read") and code == 2:
        outcome.problems.append(f"refused: a sound file was not read: {output[-200:]}")
    if code == 2 and (path.name not in output or "不支持的文件类型" in output and case.suffix in (".docx",)):
        outcome.problems.append(f"message: the refusal does not say what is wrong with {path.name}: {output[-200:]}")
    if code == 2 or not opened:
        return
    doc, report = opened[0]
    if report is not None:
        unplaced = {u.location for u in report.unplaced}
        for location in case.refused:
            if location not in unplaced:
                placed = location in set(report.locations.values())
                outcome.problems.append(f"silent: {location} {'placed' if placed else 'dropped'} {case.notes}")
        for text in case.refused_text:
            if not any(text in u.text for u in report.unplaced):
                outcome.problems.append(f"silent: “{text[:30]}” not reported")
    book = save_document(doc, workdir / "again.xlsx")
    outcome.problems.extend(workbook_problems(book))


def workbook_problems(book: Path) -> list[str]:
    problems = []
    with zipfile.ZipFile(book) as z:
        for name in z.namelist():
            if not name.endswith(".xml"):
                continue
            data = z.read(name)
            if b"<f>" in data or b"<f " in data:
                problems.append(f"formula in export: {name}")
            try:
                ET.fromstring(data)
            except ET.ParseError as exc:
                problems.append(f"invalid XML in export: {name}: {exc}")
    return problems


def hostile_document(seed: str, rng: random.Random):
    doc = seed_document(seed)
    pick = lambda: rng.choice(mu.HOSTILE_STRINGS)  # noqa: E731
    doc.set_meta(dataclasses.replace(doc.meta, unit_name=pick(), unit_code=rng.choice(["", pick()])))
    for _ in range(rng.randint(1, 8)):
        table = rng.choice(list(doc.tables.values()))
        names = [c.key for c in table.template.columns if c.kind == "name"]
        code_rows = [r for r in table.rows if r.is_code_row]
        if names and code_rows:
            doc.set(table.id, rng.choice(code_rows).key, names[0], pick())
        doc.set_note(rng.choice([None, table.id]), pick())
    doc.set_explanation(pick(), pick())
    return doc


def _run_export(case: mu.Case, workdir: Path, outcome: Outcome) -> None:
    rng = random.Random(case.notes["rng"])
    doc = hostile_document(case.notes["seed"], rng)
    suffixes = [".xlsx", ".bdesk", ".json"] + ([".pdf"] if rng.random() < 0.25 else [])
    for suffix in suffixes:
        target = workdir / f"out{suffix}"
        notices: list[str] = []
        try:
            save_document(doc, target, notices=notices)
        except (OpenError, SaveError) as exc:
            outcome.problems.append(f"export {suffix} refused: {exc}")
            continue
        if suffix == ".xlsx":
            outcome.problems.extend(workbook_problems(target))
        if suffix != ".pdf":
            try:
                open_document(target)
            except OpenError as exc:
                outcome.problems.append(f"export {suffix} does not open again: {exc}")
    leftovers = [p.name for p in workdir.iterdir() if p.name.endswith(".tmp")]
    if leftovers:
        outcome.problems.append(f"temporary files left: {leftovers}")


@lru_cache(maxsize=None)
def cached_seeds(folder: str) -> Seeds:
    return Seeds(Path(folder))
