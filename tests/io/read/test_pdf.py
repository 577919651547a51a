"""Reading published PDFs: our own exports read back exactly, real packages with kind, year and units
as printed, nothing passed silently, and damaged or hostile PDFs refused with a Chinese line naming the file."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest

from budgetdesk.cli import main
from budgetdesk.io.files import OpenError, open_document, save_document
from budgetdesk.io.read.disclosure_text import read_disclosure
from budgetdesk.resources import load_template
from tests.conftest import SEED_FILES

REAL = Path(__file__).resolve().parents[2] / "fixtures" / "real"


def pages_only(pdf: Path) -> Path:
    """Our PDF without the document it embeds (io/write/pdf_attachment), as a PDF made by another program:
    what is read back then comes from the printed pages alone."""
    data = pdf.read_bytes()
    assert data.count(b"/Type /EmbeddedFile") == 1
    pdf.write_bytes(data.replace(b"/Type /EmbeddedFile", b"/Type /EmbeddedFilX"))
    return pdf


def _amounts(doc) -> dict:
    return {(t, r, c): v for t, r, c, v in doc.iter_cells() if isinstance(v, Decimal)}


@pytest.mark.parametrize("name", sorted(SEED_FILES))
def test_an_exported_pdf_reads_back_with_every_amount_equal(name, tmp_path):
    path, template = SEED_FILES[name]
    source, _ = read_disclosure(path, load_template(template))
    pdf = pages_only(save_document(source, tmp_path / f"{name}.pdf"))
    doc, report = open_document(pdf, template)
    assert report is not None  # read from the pages
    expected, got = _amounts(source), _amounts(doc)
    assert len(expected) > 200
    assert {k: got.get(k) for k in expected} == expected
    assert set(got) == set(expected)
    assert doc.meta.year == source.meta.year and doc.meta.money_unit == source.meta.money_unit
    assert not [f for f in report.findings if f.rule != "IMPORT-UNREAD" or "绩效" not in f.message]
    assert all(f.severity.value == "warning" for f in report.findings)  # 绩效 tables in a PDF: not read yet, said so


def test_an_exported_pdf_opens_without_naming_a_template(tmp_path):
    path, template = SEED_FILES["haigang"]
    source, _ = read_disclosure(path, load_template(template))
    doc, report = open_document(pages_only(save_document(source, tmp_path / "haigang.pdf")))
    assert report is not None
    assert doc.template_set.id == template
    assert _amounts(doc) == _amounts(source)


def test_shanghai_package_reads_with_its_kind_year_and_units():
    doc, report = open_document(REAL / "sh_putuo_zfb_2025_dept_budget.pdf")
    assert doc.template_set.id == "sh-budget"
    assert doc.meta.year == 2025  # from the cover, not the 2024 of the comparisons in the text
    assert doc.meta.money_unit == "元"
    assert doc.meta.unit_name == "上海市普陀区人民政府办公室"
    assert doc.amount("summary", "in.total", "in_amount") == Decimal("91016775.35")
    assert doc.amount("income", "2010301", "total") == Decimal("12029501.84")  # printed “201 03 01” in three columns
    assert doc.amount("gpb_basic", "total", "total") == Decimal("24606775.35")  # over a page break
    # the 三公 table is printed in 万元: converted to 元 exactly
    assert doc.amount("three_public", "amount", "total") == Decimal("8675000.00")
    assert doc.amount("three_public", "amount", "office_run") == Decimal("2132800.00")
    placed = {t.table: t.placed for t in report.tables}
    assert placed["expenditure"] == 47 and placed["gpb_basic"] == 61
    assert not [u for u in report.unplaced if any(ch.isdigit() for ch in u.text)]
    assert any("读作2025年部门预算" in n for n in report.notices)


def test_shanghai_unit_package_is_read_as_a_unit_budget():
    doc, report = open_document(REAL / "sh_putuo_zfb_2025_unit_budget.pdf")
    assert any("读作2025年单位预算" in n for n in report.notices)
    assert doc.amount("expenditure", "total", "total") == Decimal("91016775.35")


def test_a_table_without_a_template_never_passes(capsys):
    """Jiangsu's 收入预算总表 (公开02表) has no template yet: its figures are listed and check fails naming it, never 通过."""
    code = main(["check", str(REAL / "js_swbgt_2019_tables.pdf")])
    out = capsys.readouterr()
    assert code == 1
    assert "所有数据均已放入" not in out.out
    assert "IMPORT-UNREAD" in out.out and "收入预算总表”印有 3 个数" in out.out and "未核对" in out.out
    assert "决算" not in out.out  # a 预算 package is only ever read with 预算 templates


def test_a_package_missing_a_standard_table_fails_naming_it(tmp_path, capsys):
    """The tables file of a package without its 政府性基金 table (pages removed): IMPORT-MISSING, exit 1."""
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(str(REAL / "js_swbgt_2019_tables.pdf"))
    writer = pypdf.PdfWriter()
    for number, page in enumerate(reader.pages, 1):
        if number != 10:  # 财政拨款政府性基金支出预算表
            writer.add_page(page)
    cut = tmp_path / "without_gf.pdf"
    with open(cut, "wb") as f:
        writer.write(f)
    assert main(["check", str(cut)]) == 1
    out = capsys.readouterr().out
    assert "[错误] IMPORT-MISSING" in out and "《政府性基金预算财政拨款支出预算表》" in out
    assert "应在《“三公”经费、会议费、培训费支出预算表》之后" in out


def test_a_truncated_pdf_is_refused_naming_the_file(tmp_path):
    cut = tmp_path / "cut.pdf"
    cut.write_bytes((REAL / "js_swbgt_2019_tables.pdf").read_bytes()[:2000])
    with pytest.raises(OpenError) as err:
        open_document(cut)
    assert "cut.pdf" in str(err.value)


def test_a_text_file_named_pdf_is_refused(tmp_path):
    fake = tmp_path / "fake.pdf"
    fake.write_text("not a pdf at all", encoding="utf-8")
    with pytest.raises(OpenError) as err:
        open_document(fake)
    assert "fake.pdf" in str(err.value) and "PDF" in str(err.value)


def test_a_web_page_saved_as_pdf_is_named_as_one(tmp_path):
    """8 of 13 重庆 2026 “PDFs” in the crawled repository were the download page, not the document."""
    page = tmp_path / "2026年重庆市交通运输局部门预算.pdf"
    page.write_text("\ufeff<!DOCTYPE html>\n<html lang=\"zh\"><head><title>页面</title></head><body>…</body></html>",
                    encoding="utf-8")
    with pytest.raises(OpenError) as err:
        open_document(page)
    assert "2026年重庆市交通运输局部门预算.pdf：不是 PDF，是一个网页（HTML）" in str(err.value)
    # a damaged PDF is still called damaged
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(b"%PDF-1.7\n" + b"<html>" * 10)
    with pytest.raises(OpenError, match="不是完整的 PDF 文件"):
        open_document(cut)


def test_an_encrypted_pdf_is_refused_naming_the_file(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter(clone_from=str(REAL / "js_swbgt_2019_tables.pdf"))
    writer.encrypt("secret")
    locked = tmp_path / "locked.pdf"
    with open(locked, "wb") as f:
        writer.write(f)
    with pytest.raises(OpenError) as err:
        open_document(locked)
    assert "locked.pdf" in str(err.value) and "加密" in str(err.value)


def test_a_scanned_pdf_says_it_is_a_scan(tmp_path):
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    scan = tmp_path / "scan.pdf"
    canvas = Canvas(str(scan))
    for _ in range(2):
        buf = io.BytesIO()
        Image.new("L", (200, 280), 200).save(buf, format="PNG")
        canvas.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 50, 50, 400, 560)
        canvas.showPage()
    canvas.save()
    with pytest.raises(OpenError) as err:
        open_document(scan)
    assert "scan.pdf" in str(err.value) and "扫描件" in str(err.value) and "第1、2页" in str(err.value)


def test_a_thousand_page_pdf_is_refused_quickly(tmp_path):
    import time

    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    for _ in range(1000):
        writer.add_blank_page(595, 842)
    big = tmp_path / "big.pdf"
    with open(big, "wb") as f:
        writer.write(f)
    started = time.perf_counter()
    with pytest.raises(OpenError) as err:
        open_document(big)
    assert time.perf_counter() - started < 5
    assert "big.pdf" in str(err.value) and "1,000 页" in str(err.value)


def test_a_text_package_missing_a_table_or_reading_one_empty_fails(tmp_path, capsys):
    """No silent pass for text disclosures either: a table taken out is IMPORT-MISSING, one whose header
    no longer matches (its figures unread) is IMPORT-EMPTY; check exits 1 and never says 所有数据均已放入."""
    from budgetdesk.io.read.disclosure_text import match_title

    path, template = SEED_FILES["yongchuan"]
    tables = load_template(template).tables
    lines = path.read_text(encoding="utf-8").split("\n")
    titles = [i for i, line in enumerate(lines) if line.strip() and match_title(line.split("\t")[0], tables)]
    three = next(i for i in titles if "三公" in lines[i])
    after = next((i for i in titles if i > three), len(lines))
    without = tmp_path / "without.txt"
    without.write_text("\n".join(lines[:three] + lines[after:]), encoding="utf-8")
    assert main(["check", str(without)]) == 1
    out = capsys.readouterr().out
    assert "[错误] IMPORT-MISSING" in out and "“三公”经费支出表》" in out and "所有数据均已放入" not in out

    basic = next(i for i in titles if "基本支出" in lines[i])
    end = next((i for i in titles if i > basic), len(lines))
    garbled = lines[:]
    for i in range(basic + 1, end):  # the header words of the 基本支出 table replaced: no column can be placed
        for word in ("科目编码", "科目名称", "人员经费", "公用经费", "合计", "小计", "编码", "名称"):
            garbled[i] = garbled[i].replace(word, "甲乙丙")
    empty = tmp_path / "garbled.txt"
    empty.write_text("\n".join(garbled), encoding="utf-8")
    code = main(["check", str(empty)])
    out = capsys.readouterr().out
    assert code == 1 and "[错误] IMPORT-EMPTY" in out and "基本支出" in out and "所有数据均已放入" not in out


def test_convert_and_batch_take_a_published_pdf(tmp_path, capsys):
    source = REAL / "sh_putuo_zfb_2025_dept_budget.pdf"
    assert main(["convert", str(source), str(tmp_path / "out.xlsx")]) == 0
    doc, _ = open_document(source)
    again, _ = open_document(tmp_path / "out.xlsx")
    assert _amounts(again) == _amounts(doc) and again.meta.year == 2025 and again.meta.money_unit == "元"
    from budgetdesk.io.batch.run import collect_files

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / source.name).write_bytes(source.read_bytes())
    assert [p.name for p in collect_files([folder])] == [source.name]


def test_a_pdf_with_a_script_and_an_attachment_is_read_inertly_and_says_so(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter(clone_from=str(REAL / "sh_putuo_zfb_2025_dept_budget.pdf"))
    from pypdf.actions import JavaScript

    writer.add_open_action(JavaScript("app.alert('x');"))
    writer.add_attachment("x.exe", b"MZ")
    hostile = tmp_path / "hostile.pdf"
    with open(hostile, "wb") as f:
        writer.write(f)
    doc, report = open_document(hostile)
    assert doc.amount("summary", "in.total", "in_amount") == Decimal("91016775.35")
    assert any("脚本" in n and "1 个附件" in n and "没有运行" in n for n in report.notices)


def test_header_lines_in_small_type_on_a_page_of_larger_prose_stay_apart():
    """江苏高院 2017: the 收支预算总表 is set in 8 pt under 15 pt prose; its header lines “功能分类”, “项目名称 金额”
    and “功能科目名称” are 12 pt apart and were merged into one (“功能科目名功称能分类”), losing 8 figures."""
    doc, report = open_document(REAL / "js_gaoyuan_2017_dept_budget.pdf")
    summary = next(t for t in report.tables if t.table == "js_summary")
    assert summary.placed == summary.printed == 12 and "*" not in doc.unread
    assert summary.columns and not any("功称能" in c for c in summary.columns.values())


def test_a_title_after_its_ordinal_wrapped_onto_a_second_line_is_found():
    """江苏检察院 2017: “十一、” | “一般公共预算“三公”经费、会议费、培训费支出预” / “算表” is the “三公” table, not
    more lines of the 机关运行经费 table above it."""
    doc, report = open_document(REAL / "js_jcy_2017_dept_budget.pdf")
    three = next(t for t in report.tables if t.table == "js_three_public")
    assert three.source.startswith("第16页") and three.placed == three.printed == 9
    assert doc.amount("js_three_public", "amount", "total") == Decimal("1452.35")
    assert report.placed == 182 == sum(t.printed for t in report.tables)  # (46 of them the 政府采购预算表)
