"""What keeps one-shot commands quick must not change what they do."""

import gc
import json
import re
import subprocess
import sys

from budgetdesk.io.fast_imports import few_collections, import_platypus_quickly
from budgetdesk.io.files import open_document
from budgetdesk.io.read.workbook_import import best_workbook_template
from budgetdesk.io.write.xlsx_export import export_xlsx
from budgetdesk.resources import load_template, sample_path, template_ids, template_titles


def test_few_collections_changes_thresholds_only_inside():
    before = gc.get_threshold()
    with few_collections(12_345):
        assert gc.get_threshold()[0] == 12_345
        assert gc.isenabled()
    assert gc.get_threshold() == before
    try:
        with few_collections(12_345, restore=False):  # a process ending with its command: left as they are
            pass
        assert gc.get_threshold()[0] == 12_345
    finally:
        gc.set_threshold(*before)


def test_own_workbook_loads_only_its_template(tmp_path):
    doc = open_document(sample_path())[0]
    book = export_xlsx(doc, tmp_path / "own.xlsx")
    loaded = []

    def load(tid):
        loaded.append(tid)
        return load_template(tid)

    again, _ = best_workbook_template(book, template_ids(), load)
    assert loaded == [doc.template_set.id]
    assert again.template_set.id == doc.template_set.id
    assert again.get("expenditure", "210", "total") == doc.get("expenditure", "210", "total")


def test_convert_to_pdf_leaves_word_openpyxl_and_the_narrative_parser_unimported(tmp_path):
    """convert counts the 情况说明's errors too (one count of problems everywhere, issue 27), so the narrative
    check is imported; the Word reader and writer, the text parser, openpyxl and the 绩效 PDF are not."""
    book = export_xlsx(open_document(sample_path())[0], tmp_path / "book.xlsx")
    code = ("import sys, json; from budgetdesk.cli import main; rc = main(['convert', sys.argv[1], sys.argv[2]]);"
            "print(json.dumps([rc, sorted(m for m in sys.modules if m.startswith(('budgetdesk', 'openpyxl')))]))")
    out = subprocess.run([sys.executable, "-c", code, str(book), str(tmp_path / "out.pdf")], capture_output=True,
                         text=True, check=True, timeout=120)
    rc, modules = json.loads(out.stdout.strip().splitlines()[-1])
    assert rc == 0 and (tmp_path / "out.pdf").stat().st_size > 10_000
    for lazy in ("budgetdesk.io.read.narrative", "budgetdesk.io.write.docx", "budgetdesk.cli_narrative",
                 "budgetdesk.core.narrative.parse", "budgetdesk.io.write.performance_pdf",
                 "openpyxl", "budgetdesk.io.write.xlsx_export",  # an .xlsx is read by io.xlsx_cells, not openpyxl
                 "budgetdesk.io.read.disclosure_text", "budgetdesk.io.read.textfile",  # titles: io.read.titles
                 "budgetdesk.io.store.project"):  # SQLite: only for .bdesk
        assert lazy not in modules, lazy


def test_reportlab_link_pattern_still_matches_after_deferred_compile():
    import budgetdesk.io.write.pdf_export  # noqa: F401  (imports reportlab.platypus through the deferral)
    from reportlab.platypus import paragraph

    import_platypus_quickly()  # already imported: nothing happens a second time
    assert re.compile.__module__ == "re"  # the module's own compile is back
    assert paragraph.uri_pat.match("https://www.cq.gov.cn/zwgk/预算.html?year=2024")
    assert paragraph.uri_pat.match("HTTP://LOCALHOST:8080/a")
    assert paragraph.uri_pat.match("部门预算") is None
    assert paragraph.uri_pat.pattern.startswith("(^(?:[a-z0-9")


def test_the_command_line_imports_only_what_a_command_needs():
    """Start-up is paid where used (issue 23): the rule engine, the PDF and Excel libraries, pandas and Qt are
    imported by the commands that use them, not by ``budgetdesk`` itself (``templates``, ``--version``, ``batch``'s
    parent process, ``merge`` all start without them)."""
    code = "import sys, json, budgetdesk.cli; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    modules = set(json.loads(out.stdout))
    for heavy in ("budgetdesk.core.engine", "budgetdesk.io.write.pdf_export", "budgetdesk.io.read.workbook_import",
                  "reportlab", "openpyxl", "pandas", "PySide6", "pypdfium2", "docx"):
        assert heavy not in modules, heavy


def test_best_fit_with_bounds_chooses_as_reading_every_set():
    """A reading whose bound cannot beat the best so far is skipped; the choice is the one reading all would make."""
    from budgetdesk.io.read.import_report import ImportReport, TableReport, best_fit

    def reading(name, score, log):
        def read():
            log.append(name)
            report = ImportReport(source=name)
            report.tables.append(TableReport("t", "t", "", "", placed=score))
            return name, report
        return read

    cases = [([5, 9, 9, 2], [6, 12, 9, 40]),  # the highest bound is read first and scores less than others
             ([7, 7, 3], [7, 8, 3]),  # equal scores: the first in order wins, even when read second
             ([1, 4, 4], [4, 4, 4])]
    for scores, bounds in cases:
        log: list[str] = []
        every = best_fit([reading(str(i), s, log) for i, s in enumerate(scores)], ValueError)
        log.clear()
        bounded = best_fit([reading(str(i), s, log) for i, s in enumerate(scores)], ValueError, bounds=bounds)
        assert bounded[0] == every[0], (scores, bounds)
        assert len(log) <= len(scores)
    log = []
    best_fit([reading("a", 50, log), reading("b", 3, log), reading("c", 20, log)], ValueError, bounds=[60, 40, 30])
    assert log == ["a"]  # nothing else can reach 50


def test_foreign_workbook_is_read_with_one_template_set_and_the_same_choice(tmp_path, monkeypatch):
    """A workbook without the hidden sheet: its tables' bounds rule out the other sets before they are read."""
    import openpyxl

    import budgetdesk.io.read.workbook_import as workbook_import

    doc = open_document(sample_path())[0]
    book = tmp_path / "foreign.xlsx"
    wb = openpyxl.load_workbook(export_xlsx(doc, tmp_path / "own.xlsx"))
    del wb["budgetdesk"]
    wb.save(book)
    every = []
    for tid in template_ids():
        try:
            every.append(workbook_import.read_workbook(book, load_template(tid)))
        except workbook_import.WorkbookError:
            pass
    expected = max(every, key=lambda r: r[1].fit_score())  # (the first of equal scores)
    read, loaded = [], []
    original = workbook_import.read_workbook
    monkeypatch.setattr(workbook_import, "read_workbook", lambda path, ts, *a, **k: read.append(ts.id) or original(path, ts, *a, **k))
    for titles in (None, template_titles):  # every set loaded for its exact bound; or first bounded by its titles
        read.clear(), loaded.clear()
        again, report = best_workbook_template(book, template_ids(), lambda t: loaded.append(t) or load_template(t),
                                               titles=titles)
        assert read == [doc.template_set.id] == [expected[0].template_set.id]
        assert report.lines(detail=True) == expected[1].lines(detail=True)
        assert set(loaded) == (set(template_ids()) if titles is None else {doc.template_set.id})


def test_template_titles_are_the_loaded_sets_titles():
    """resources.template_titles reads the titles from the template data without building the set: the same."""
    for tid in template_ids():
        loaded = {((t.title, *t.aliases), any(c.kind == "text" for c in t.columns)) for t in load_template(tid).tables}
        assert set(template_titles(tid)) == loaded and len(template_titles(tid)) == len(load_template(tid).tables)


def test_pillow_is_loaded_only_when_used_and_then_works(tmp_path):
    """reportlab imports PIL.Image; the export makes it lazy (import_platypus_quickly): a convert never runs it,
    and anything using it afterwards gets the real module."""
    book = export_xlsx(open_document(sample_path())[0], tmp_path / "book.xlsx")
    code = ("import sys, json; from budgetdesk.cli import main; rc = main(['convert', sys.argv[1], sys.argv[2]]);"
            "lazy = type(sys.modules['PIL.Image']).__name__; from PIL import Image; from reportlab.lib.utils import ImageReader;"
            "size = ImageReader(Image.new('RGB', (3, 2))).getSize();"
            "print(json.dumps([rc, lazy, list(size), type(sys.modules['PIL.Image']).__name__]))")
    out = subprocess.run([sys.executable, "-c", code, str(book), str(tmp_path / "out.pdf")], capture_output=True,
                         text=True, check=True, timeout=120)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == [0, "_LazyModule", [3, 2], "module"]


def test_the_program_entry_runs_main_and_leaves_its_objects_out_of_the_last_collection(tmp_path):
    """``budgetdesk`` / ``python -m budgetdesk`` / ``budgetdesk-cli`` run ``cli.program``: main with the process's
    arguments, then gc.freeze (the interpreter's collection on the way out need not walk every object)."""
    out = subprocess.run([sys.executable, "-m", "budgetdesk", "convert", str(sample_path()), str(tmp_path / "a.json")],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))["format"]
    code = ("import gc, sys; from budgetdesk.cli import program; sys.argv = ['budgetdesk', 'check', '--quiet'];"
            "before = gc.get_freeze_count(); rc = program();"
            "print(rc, gc.get_freeze_count() > before, gc.get_threshold()[0])")  # more frozen than before it ran
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip().splitlines()[-1] == "0 True 50000"  # (check's few collections, not restored)
