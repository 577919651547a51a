"""What keeps one-shot commands quick must not change what they do."""

import gc
import json
import re
import subprocess
import sys

from budgetdesk.io.fast_imports import few_collections, platypus_with_deferred_uri_pattern
from budgetdesk.io.files import open_document
from budgetdesk.io.read.workbook_import import best_workbook_template
from budgetdesk.io.write.xlsx_export import export_xlsx
from budgetdesk.resources import load_template, sample_path, template_ids


def test_few_collections_changes_thresholds_only_inside():
    before = gc.get_threshold()
    with few_collections(12_345):
        assert gc.get_threshold()[0] == 12_345
        assert gc.isenabled()
    assert gc.get_threshold() == before


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


def test_convert_to_pdf_leaves_narrative_checks_unimported(tmp_path):
    book = export_xlsx(open_document(sample_path())[0], tmp_path / "book.xlsx")
    code = ("import sys, json; from budgetdesk.cli import main; rc = main(['convert', sys.argv[1], sys.argv[2]]);"
            "print(json.dumps([rc, sorted(m for m in sys.modules if m.startswith(('budgetdesk', 'openpyxl')))]))")
    out = subprocess.run([sys.executable, "-c", code, str(book), str(tmp_path / "out.pdf")], capture_output=True,
                         text=True, check=True, timeout=120)
    rc, modules = json.loads(out.stdout.strip().splitlines()[-1])
    assert rc == 0 and (tmp_path / "out.pdf").stat().st_size > 10_000
    for lazy in ("budgetdesk.io.read.narrative", "budgetdesk.io.write.docx", "budgetdesk.cli_narrative", "budgetdesk.core.narrative.check",
                 "budgetdesk.core.narrative.parse", "budgetdesk.io.write.performance_pdf",
                 "openpyxl", "budgetdesk.io.write.xlsx_export"):  # an .xlsx is read by io.xlsx_cells, not openpyxl
        assert lazy not in modules, lazy


def test_reportlab_link_pattern_still_matches_after_deferred_compile():
    import budgetdesk.io.write.pdf_export  # noqa: F401  (imports reportlab.platypus through the deferral)
    from reportlab.platypus import paragraph

    platypus_with_deferred_uri_pattern()  # already imported: nothing happens a second time
    assert re.compile.__module__ == "re"  # the module's own compile is back
    assert paragraph.uri_pat.match("https://www.cq.gov.cn/zwgk/预算.html?year=2024")
    assert paragraph.uri_pat.match("HTTP://LOCALHOST:8080/a")
    assert paragraph.uri_pat.match("部门预算") is None
    assert paragraph.uri_pat.pattern.startswith("(^(?:[a-z0-9")
