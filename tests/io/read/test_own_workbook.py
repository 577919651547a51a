"""A workbook budgetdesk exported reads back to the same document, whatever the layout it was read from.

The packages below are the ones whose export did not read back whole before the sheets' row layout was kept
(深圳's unit lines and blank 合计, 广州's project lines, 长沙's “三公” table, 长春's codes, 普陀's “三公” in one line,
佛山's economic names): each cell, each unread mark and the 情况说明 come back as they were. A figure changed in
Excel is taken; a sheet whose rows were moved is read by its headers and labels, and says so.
"""

from __future__ import annotations

import pytest

from budgetdesk.io.files import open_document
from budgetdesk.io.write.xlsx_export import export_xlsx
from tests.io.read.region_reading import REAL

PACKAGES = ["sz_gzw_2026_budget.pdf", "gd_sz_czj_2026_budget.pdf", "gd_gz_tjj_2026_budget.pdf",
            "gd_zh_swj_2026_budget.pdf", "hn_cs_xfj_2026_budget.pdf", "jl_cc_xfj_2026_budget.pdf",
            "sh_putuo_ghzy_2024_final.pdf", "gd_fs_gdjtj_2019_final.pdf", "zj_hz_jtj_2026_budget.pdf"]


def cells(doc) -> dict:
    """Every filled cell by table, row (a 科目's code, an extra line's label) and column."""
    out = {}
    for t, r, c, v in doc.iter_cells():
        if v not in (None, ""):
            row = doc.table(t).row(r)
            out[(t, row.label if row.is_extra else r, c)] = v
    return out


@pytest.fixture(scope="module", params=PACKAGES)
def round_trip(request, tmp_path_factory):
    doc, _ = open_document(REAL / request.param)
    book = export_xlsx(doc, tmp_path_factory.mktemp("own") / "exported.xlsx")
    back, report = open_document(book)
    return doc, back, report, book


def test_the_export_reads_back_cell_for_cell(round_trip):
    doc, back, report, _book = round_trip
    assert back.template_set.id == doc.template_set.id
    assert cells(back) == cells(doc)
    assert [r.key for t in doc.tables.values() for r in t.rows] == [r.key for t in back.tables.values() for r in t.rows]
    assert back.unread == doc.unread
    assert back.narrative == doc.narrative and back.narrative.paragraphs
    assert report.unplaced == [] and not any("按表头和行名读入" in n for n in report.notices)


def test_a_figure_changed_in_excel_is_taken(tmp_path):
    import openpyxl

    doc, _ = open_document(REAL / "sz_gzw_2026_budget.pdf")
    book = export_xlsx(doc, tmp_path / "exported.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb["收支总表"]
    cell = next(c for row in ws.iter_rows() for c in row if isinstance(c.value, (int, float)) and c.value > 0)
    old = cell.value
    cell.value = old + 1
    wb.save(book)
    back, report = open_document(book)
    changed = {k: (v, cells(back).get(k)) for k, v in cells(doc).items() if cells(back).get(k) != v}
    assert len(changed) == 1
    (table, _row, _col), (before, after) = next(iter(changed.items()))
    assert table == "summary" and after - before == 1


def test_a_sheet_with_a_row_inserted_is_read_by_meaning(tmp_path):
    import openpyxl

    doc, _ = open_document(REAL / "sz_gzw_2026_budget.pdf")
    book = export_xlsx(doc, tmp_path / "exported.xlsx")
    wb = openpyxl.load_workbook(book)
    wb["收支总表"].insert_rows(8)
    wb.save(book)
    back, report = open_document(book)
    assert any(n.startswith("工作表“收支总表”的行已与导出时不同") for n in report.notices)
    def summary(d):
        return {k: v for k, v in cells(d).items() if k[0] == "summary"}

    assert summary(back) == summary(doc) and report.unplaced == []  # still read whole, now by its labels


def test_a_workbook_without_our_layout_reads_merged_headings_where_they_stand(tmp_path):
    """Without the hidden layout (a copy re-saved by another program), a group heading at the left of its merged
    cells (“财政拨款” over three columns) is not spread as if it were centred (as a PDF prints it)."""
    import openpyxl

    doc, _ = open_document(REAL / "sz_tjj_2026_budget.pdf")
    book = export_xlsx(doc, tmp_path / "exported.xlsx")
    wb = openpyxl.load_workbook(book)
    meta = wb["budgetdesk"]
    next(row[0] for row in meta.iter_rows() if row[0].value == "layout").value = "dropped"
    wb.save(book)
    back, report = open_document(book)
    income = [t for t in report.tables if t.table == "income"][0]
    assert income.columns["total"] == "收入总计" and income.columns["gpb"] == "本年收入/财政拨款/一般公共预算拨款"


def test_a_hyphen_ending_a_line_in_the_pdf_is_read_as_printed():
    """pdfium gives a hyphen that ends a line as U+0002: 广州统计局's project “…2025年-2026年信息化运维项目”."""
    doc, _ = open_document(REAL / "gd_gz_tjj_2026_budget.pdf")
    labels = [r.label for r in doc.table("project_detail").rows if r.is_extra]
    assert any("2025年-2026年" in label for label in labels) and not any("\x02" in label for label in labels)


def test_a_damaged_layout_never_hides_a_figure(tmp_path):
    """A hidden sheet whose layout points past the rows (damaged, or crafted to make the figures look unread) is not
    believed: the sheet is read by its headers and labels, and every figure is still read."""
    import json

    import openpyxl

    doc, _ = open_document(REAL / "sz_gzw_2026_budget.pdf")
    book = export_xlsx(doc, tmp_path / "exported.xlsx")
    wb = openpyxl.load_workbook(book)
    meta = wb["budgetdesk"]
    row = next(r for r in meta.iter_rows() if r[0].value == "layout")
    layout = json.loads("".join(c.value or "" for c in row[1:]))
    layout["summary"].update(first=10_000, rows=[])
    for c in row[2:]:
        c.value = None
    row[1].value = json.dumps(layout, ensure_ascii=True)
    wb.save(book)
    back, report = open_document(book)
    assert any(n.startswith("工作表“收支总表”的行已与导出时不同") for n in report.notices)
    assert {k: v for k, v in cells(back).items() if k[0] == "summary"} == {k: v for k, v in cells(doc).items() if k[0] == "summary"}
