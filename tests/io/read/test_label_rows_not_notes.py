"""A row whose label alone is filled in (amounts blank) is a row — placed, or reported as not recognised — and never
becomes the table's printed note (“其他收入预算” under the 收支总表, “政府性基金预算拨款” under the 财政拨款收支总表)."""

from __future__ import annotations

import openpyxl
import pytest

from budgetdesk.io.files import open_document, save_document
from tests.io.workbook_variants import seed_books, write_book


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    seed = next(s for s in seed_books(tmp_path_factory.mktemp("seeds")) if s.name == "yongchuan")
    sheets = []
    for name, rows in seed.sheets:
        rows = [list(r) for r in rows]
        if rows[0] == ["收支总表"]:
            at = next(i for i, r in enumerate(rows) if r and r[0] == "事业收入")
            rows.insert(at + 1, ["其他收入预算"])  # a line the template does not know, nothing filled in
        sheets.append((name, rows))
    return write_book(sheets, tmp_path_factory.mktemp("book") / "单位.xlsx")


def test_label_only_rows_are_not_notes(book):
    doc, report = open_document(book)
    assert doc.note("summary") == "" and doc.note("fiscal_summary") == "" and doc.note("procurement") == ""
    assert doc.note("gf_expenditure") == "本单位年初未安排政府性基金预算，故本表无数据。"  # a real note stays one
    assert any(u.location == "收支总表!A11" for u in report.unplaced)  # said in the import report instead


def test_exported_tables_print_no_label_as_a_note(book, tmp_path):
    doc, _ = open_document(book)
    out = save_document(doc, tmp_path / "公开表.xlsx")
    texts = {ws.title: [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
             for ws in openpyxl.load_workbook(out)}
    summary = next(v for k, v in texts.items() if k.startswith("收支总表"))
    fiscal = next(v for k, v in texts.items() if k.startswith("财政拨款收支总表"))
    assert "其他收入预算" not in summary
    rows = [r for r in doc.table("fiscal_summary").rows if r.label == "政府性基金预算拨款"]  # 本年, 上年结转
    assert len(rows) == 2 and fiscal.count("政府性基金预算拨款") == len(rows)  # the rows, not again as a note
