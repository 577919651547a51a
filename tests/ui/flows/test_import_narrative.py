"""文件 → 导入情况说明: the 文字 of a package published as two files, taken into the document opened from its 表格,
is checked against those tables at once (北京财政局 2026: 政府采购货物 716.98 in the text, 716.974 in 预算10表)."""

from pathlib import Path

from budgetdesk.core.findings import Severity

REAL = Path(__file__).resolve().parents[2] / "fixtures" / "real"


def narrative_errors(window):
    return [(f.rule, f.stated) for f in window.all_findings() if f.rule.startswith("NARR-") and f.severity is Severity.ERROR]


def test_the_separate_text_is_checked_against_the_open_tables(window, qtbot):
    assert window.open_path(REAL / "bj_czj_2026_budget_tables.pdf")
    assert not window.doc.narrative and window.doc.meta.year == 0
    assert window.import_narrative(REAL / "bj_czj_2026_budget_text.pdf")
    assert window.doc.narrative and window.doc.meta.year == 2026  # the year the tables left open
    qtbot.waitUntil(lambda: narrative_errors(window) == [("NARR-AMOUNT", "716.98 万元")])  # the page's live check
    assert "716.98" in window.narrative_page.editor.toPlainText()  # shown for editing, the slip marked there
    assert "已导入情况说明" in window.statusBar().currentMessage()


def test_replacing_a_text_is_asked_and_can_be_declined(window, monkeypatch):
    assert window.open_path(REAL / "bj_czj_2026_budget_tables.pdf")
    assert window.import_narrative(REAL / "bj_czj_2026_budget_text.pdf")
    before = window.doc.narrative
    monkeypatch.setattr(window, "confirm", lambda title, text: False)
    assert not window.import_narrative(REAL / "bj_sjj_2026_budget_text.pdf")
    assert window.doc.narrative == before


def test_a_file_that_is_no_text_is_refused_with_its_name(window, monkeypatch):
    shown = []
    monkeypatch.setattr("budgetdesk.ui.flows.file_flow.QMessageBox.warning", lambda *a: shown.append(a[2]))
    assert not window.import_narrative(REAL / "PROVENANCE.tsv")
    assert shown and "PROVENANCE.tsv" in shown[0]
