"""Lines the template does not list are kept as extra rows: shown, saved, exported and counted in their band's sums."""

from decimal import Decimal

import openpyxl
import pytest

from budgetdesk.core.findings import Severity
from budgetdesk.core.layout import printed_rows
from budgetdesk.io.store import interchange
from budgetdesk.io.files import open_document, save_document
from budgetdesk.io.read.workbook_import import read_workbook
from budgetdesk.resources import load_template
from tests.conftest import engine_for
from tests.io.workbook_variants import as_grids, seed_books, write_book


@pytest.fixture(scope="module")
def book_with_an_extra_line(tmp_path_factory):
    """Yongchuan's 收支总表 with 事业收入 8 split into 事业收入 5 and a line of its own, 附属单位上缴收入 3."""
    seed = next(s for s in seed_books(tmp_path_factory.mktemp("seeds")) if s.name == "yongchuan")
    sheets = []
    for name, rows in seed.sheets:
        rows = [list(r) for r in rows]
        if rows[0] == ["收支总表"]:
            at = next(i for i, r in enumerate(rows) if r and r[0] == "事业收入")
            rows[at][1] = "5"
            rows.insert(at + 1, ["附属单位上缴收入", "3"])
        sheets.append((name, rows))
    return write_book(sheets, tmp_path_factory.mktemp("book") / "extra.xlsx")


def extra_rows(doc, table="summary"):
    return [r for r in doc.table(table).rows if r.is_extra]


def test_an_unlisted_line_is_kept_counted_and_reported(book_with_an_extra_line):
    doc, report = open_document(book_with_an_extra_line)
    [row] = extra_rows(doc)
    assert row.label == "附属单位上缴收入" and row.side == "income" and row.spec.band == "items"
    assert doc.amount("summary", row.key, "in_amount") == Decimal(3)
    assert report.unplaced == []
    assert report.extra_rows == [("summary", row.key, "附属单位上缴收入")]
    assert any("附属单位上缴收入" in n and "附加行" in n for n in report.notices)
    sums = [f for f in engine_for(doc).findings() if f.table == "summary" and f.row in ("in.subtotal", "in.total")]
    assert sums == []  # 本年收入合计 = Σ items holds only because the extra line is counted
    # (the split itself disagrees with 收入总表's 事业收入 — a real finding, on 事业收入, not on the sums)
    doc.set("summary", row.key, "in_amount", "4")
    assert any(f.row == "in.subtotal" and f.severity is Severity.ERROR for f in engine_for(doc).findings())
    labels = [p.row_for("income").label for p in printed_rows(doc.table("summary")) if p.row_for("income")]
    assert labels.index("附属单位上缴收入") == labels.index("事业收入") + 1  # printed where the file had it


def test_extra_rows_survive_every_format(book_with_an_extra_line, tmp_path):
    doc, _ = open_document(book_with_an_extra_line)
    [row] = extra_rows(doc)
    again = interchange.loads(interchange.dumps(doc), load_template)
    assert [(r.key, r.label) for r in extra_rows(again)] == [(row.key, row.label)]
    project, _ = open_document(save_document(doc, tmp_path / "x.bdesk"))
    assert [(r.key, r.label) for r in extra_rows(project)] == [(row.key, row.label)]
    assert project.amount("summary", row.key, "in_amount") == Decimal(3)
    book = save_document(doc, tmp_path / "out.xlsx")
    ws = openpyxl.load_workbook(book)["收支总表"]
    assert any(r[0].value == "附属单位上缴收入" and str(r[1].value) in ("3", "3.00") for r in ws.iter_rows())
    reread, report = open_document(book)
    assert [r.label for r in extra_rows(reread)] == ["附属单位上缴收入"] and report.unplaced == []
    pdf = save_document(doc, tmp_path / "out.pdf")
    assert pdf.stat().st_size > 10_000


def test_a_line_without_figures_is_reported_not_kept(tmp_path):
    seed = next(s for s in seed_books(tmp_path) if s.name == "yongchuan")
    sheets = [(n, [list(r) for r in rows] + ([["某某收入", ""]] if rows[0] == ["收支总表"] else [])) for n, rows in seed.sheets]
    doc, report = read_workbook(tmp_path / "x.xlsx", seed.template_set, as_grids(sheets), {})
    assert extra_rows(doc) == []


def test_an_extra_line_counts_in_the_group_it_is_printed_in(tmp_path):
    """财政拨款收支总表: a fourth 上年结转 line counts in 二、上年结转 and, through it, once in 收入总计."""
    from budgetdesk.io.read.disclosure_text import read_disclosure
    from tests.conftest import SEED_FILES

    path, template = SEED_FILES["yongchuan"]
    doc, _ = read_disclosure(path, load_template(template))
    table = doc.table("fiscal_summary")
    position = table.rows.index(table.row("in.carry_soe")) + 1
    key = doc.add_extra_row("fiscal_summary", "income", "carry", "财政专户结转", position=position)
    before = {f.key for f in engine_for(doc).findings() if f.severity is Severity.ERROR}
    doc.set("fiscal_summary", key, "in_amount", "7")
    found = [f for f in engine_for(doc).findings() if f.severity is Severity.ERROR and f.key not in before]
    assert {f.row for f in found if f.table == "fiscal_summary" and f.rule.startswith("BD-ROW")} == {"in.carry"}
    doc.set("fiscal_summary", "in.carry", "in_amount", doc.amount("fiscal_summary", "in.carry", "in_amount") + 7)
    doc.set("fiscal_summary", "in.total", "in_amount", doc.amount("fiscal_summary", "in.total", "in_amount") + 7)
    rows = {f.row for f in engine_for(doc).findings() if f.severity is Severity.ERROR and f.rule.startswith("BD-ROW")}
    assert not rows & {"in.carry", "in.total"}  # counted in its group, and once in the grand total
