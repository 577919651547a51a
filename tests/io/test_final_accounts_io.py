"""The 决算 package through every file path: Excel round trip, PDF in the official layout, CLI check/convert."""

from decimal import Decimal

import openpyxl
import pytest
from pypdf import PdfReader

from budgetdesk.cli import main
from budgetdesk.io.files import open_document, save_document
from budgetdesk.io.write.pdf_export import export_pdf
from budgetdesk.io.write.xlsx_export import export_xlsx
from budgetdesk.resources import load_template, sample_path
from tests.conftest import engine_for
from tests.io.write.test_xlsx import same_document

LESHAN = sample_path("leshan-2024-final.json")
TITLES = [t.title for t in load_template("sc-final-accounts").tables]


@pytest.fixture(scope="module")
def leshan_pdf(tmp_path_factory):
    doc, _ = open_document(LESHAN)
    return PdfReader(export_pdf(doc, tmp_path_factory.mktemp("pdf") / "leshan.pdf"))


def test_xlsx_export_then_import_is_exact(tmp_path):
    doc, _ = open_document(LESHAN)
    doc.set_explanation("BD-FA-3GONG-OVER-RECEPTION|three_public|amount|reception", "示例说明")
    book = export_xlsx(doc, tmp_path / "leshan.xlsx")
    again, report = open_document(book)
    assert report.unplaced == []
    same_document(doc, again)
    assert engine_for(again).summary().errors == 0


def test_xlsx_sheet_has_line_numbers_and_both_sides(tmp_path):
    doc, _ = open_document(LESHAN)
    ws = openpyxl.load_workbook(export_xlsx(doc, tmp_path / "l.xlsx"))["收入支出决算总表"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    header = next(r for r in rows if "行次" in r)
    assert header == ["项目", "行次", "决算数", "项目", "行次", "决算数"]
    first = rows[rows.index(header) + 1]
    assert first[:2] == ["一、一般公共预算财政拨款收入", "1"] and first[4] == "13"
    assert str(first[2]) == "6385.21"
    total = next(r for r in rows if r[0] == "总计")
    assert str(total[2]) == str(total[5]) == "6385.21"


def test_pdf_has_all_thirteen_titles_and_leshan_figures(leshan_pdf):
    whole = "\n".join(p.extract_text() for p in leshan_pdf.pages)
    flat = "".join(whole.split())
    for title in TITLES:
        assert title in flat, title
    for figure in ("6,385.21", "1,727.15", "4,658.06", "1,571.21", "155.94", "6,088.89", "3.24", "1,423.25"):
        assert figure in whole, figure
    assert leshan_pdf.metadata.title == "乐山市市中区人力资源和社会保障局2024年部门决算公开表"


def test_wide_detail_table_fits_one_landscape_page_width(leshan_pdf):
    page = next(p for p in leshan_pdf.pages if "财政拨款支出决算明细表" in "".join(p.extract_text().split()))
    assert float(page.mediabox.width) > float(page.mediabox.height)
    flat = "".join(page.extract_text().split())
    assert "其他支出" in flat and "对社会保障基金补助" in flat  # the last economic columns are on the same page
    assert "3,512.05" in page.extract_text() or "3,512.05" in flat


def test_cli_check_and_convert(tmp_path, capsys):
    assert main(["check", "--quiet", str(LESHAN)]) == 0
    out = capsys.readouterr().out
    assert "sc-final-accounts" in out and "通过" in out
    assert main(["convert", str(LESHAN), str(tmp_path / "l.bdesk")]) == 0
    again, _ = open_document(tmp_path / "l.bdesk")
    assert again.template_set.kind == "final_accounts"
    assert again.amount("gpb_basic", "total", "personnel") == Decimal("1571.21")
    assert main(["templates"]) == 0
    assert "sc-final-accounts" in capsys.readouterr().out


def test_line_numbers_are_not_editable():
    from budgetdesk.core.document import DocumentError
    doc, _ = open_document(LESHAN)
    with pytest.raises(DocumentError, match="行次"):
        doc.set("summary", "in.gpb", "in_line", "9")


def test_bdesk_save_and_reopen_is_exact(tmp_path):
    doc, _ = open_document(LESHAN)
    save_document(doc, tmp_path / "l.bdesk")
    again, _ = open_document(tmp_path / "l.bdesk")
    same_document(doc, again)


def test_pdf_appendix_shows_completion_and_change_on_last_year(tmp_path, capsys):
    from tests.core.test_budget_link import small_budget
    budget = save_document(small_budget(), tmp_path / "2024预算.bdesk")
    last, _ = open_document(LESHAN)
    last.set("three_public", "amount", "reception", "2.11")
    last.set("gpb_expenditure", "2080101", "total", "280.00")
    prior = save_document(last, tmp_path / "2023决算.bdesk")
    target = tmp_path / "leshan.pdf"
    assert main(["convert", str(LESHAN), str(target), "--budget", str(budget), "--prior", str(prior)]) == 0
    out = capsys.readouterr().out
    assert "本年预算：导入" in out and "2120803" in out and "上年数：导入" in out
    pages = PdfReader(target).pages
    appendix = "\n".join(p.extract_text() for p in pages if "预算执行与上年对比" in "".join(p.extract_text().split()))
    flat = "".join(appendix.split())
    assert "一般公共预算财政拨款支出决算表——预算执行与上年对比" in flat
    assert "93.40%" in appendix and "6.74%" in appendix  # 298.88 / 320.00, and (298.88 − 280.00) / 280.00
    assert "-45.50%" in appendix  # 公务接待费 1.15 against 2.11 last year


def test_official_tables_alone_have_no_appendix(tmp_path):
    doc, _ = open_document(LESHAN)
    reader = PdfReader(export_pdf(doc, tmp_path / "t.pdf", tables=["three_public"]))
    assert len(reader.pages) == 1


def test_a_plain_workbook_without_budgetdesk_sheet_imports_clean(tmp_path):
    """What another office would send: the printed sheets only (year, unit and notes read from the sheets)."""
    doc, _ = open_document(LESHAN)
    wb = openpyxl.load_workbook(export_xlsx(doc, tmp_path / "l.xlsx"))
    for ws in [w for w in wb.worksheets if w.sheet_state != "visible"]:
        wb.remove(ws)
    wb.save(tmp_path / "plain.xlsx")
    again, report = open_document(tmp_path / "plain.xlsx")
    assert again.template_set.id == "sc-final-accounts" and again.meta.year == 2024
    assert report.unplaced == []
    for tid, table in doc.tables.items():
        assert again.tables[tid].cells == table.cells, tid
    summary = engine_for(again).summary()
    assert (summary.errors, summary.warnings) == (0, 0)


def test_check_names_the_cell_most_likely_wrong(tmp_path, capsys):
    doc, _ = open_document(LESHAN)
    doc.set("fiscal_detail", "2080101", "e302", "70.00")  # breaks its row's sum and its 款's sum
    path = save_document(doc, tmp_path / "wrong.bdesk")
    assert main(["check", "--quiet", str(path)]) == 1
    out = capsys.readouterr().out
    assert "最可能填错的格：《财政拨款支出决算明细表》“2080101 行政运行”行“商品和服务支出”列" in out
