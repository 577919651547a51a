"""Excel export in the official layout, and import back: the round trip gives the same document."""

import zipfile
from decimal import Decimal

import openpyxl
import pytest

from budgetdesk.io.read.disclosure_text import read_disclosure
from budgetdesk.io.files import OpenError, open_document, save_document
from budgetdesk.io.read.workbook_import import WorkbookError, read_workbook_grids
from budgetdesk.io.write.xlsx_export import export_xlsx
from budgetdesk.resources import load_template
from tests.conftest import SEED_FILES, engine_for


def same_document(a, b):
    """Same template, metadata, rows in order, every cell equal (Decimal by value), notes, explanations, prior."""
    assert a.template_set.id == b.template_set.id
    assert a.meta == b.meta
    for tid, ta in a.tables.items():
        tb = b.tables[tid]
        assert [(r.key, r.code, r.label) for r in ta.rows] == [(r.key, r.code, r.label) for r in tb.rows], tid
        assert {k: v for k, v in ta.cells.items() if v is not None} == {k: v for k, v in tb.cells.items() if v is not None}, tid
    assert a.notes == b.notes and a.explanations == b.explanations and a.prior == b.prior


@pytest.mark.parametrize("name", sorted(SEED_FILES))
def test_export_then_import_gives_back_the_same_document(name, tmp_path):
    path, template = SEED_FILES[name]
    doc, _ = read_disclosure(path, load_template(template))
    doc.set_explanation("BD-3GONG-RECEPTION|three_public|amount|reception", "示例说明")
    doc.set_prior("expenditure", "total", "total", Decimal("100.00"))
    book = export_xlsx(doc, tmp_path / f"{name}.xlsx")
    again, report = open_document(book)
    assert report.unplaced == []
    same_document(doc, again)
    assert list(again.performance) == list(doc.performance)
    # 绩效目标表 findings of the seeds are reviewed in tests/golden (one Yongchuan project lost its amount)
    assert [f for f in engine_for(again).findings() if f.severity.value == "error" and f.table != "performance"] == []


def test_exported_sheet_has_the_official_layout(sample_doc, tmp_path):
    book = export_xlsx(sample_doc, tmp_path / "y.xlsx")
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames[:3] == ["收支总表", "收入总表", "支出总表"]
    assert wb["budgetdesk"].sheet_state == "veryHidden"
    ws = wb["收入总表"]
    assert ws["A1"].value == "收入总表" and ws["A1"].font.bold and ws["A1"].font.size == 16
    assert "A1:K1" in {str(r) for r in ws.merged_cells.ranges}
    assert "A3:B3" in {str(r) for r in ws.merged_cells.ranges}  # 科目 over 科目编码 / 科目名称
    assert ws["A2"].value == "编制单位：重庆市永川区人力资源和社会保障局" and ws["K2"].value == "单位：万元"
    total = next(r for r in ws.iter_rows(min_row=5) if r[1].value == "合计")
    assert total[2].value == Decimal("15052.63") or total[2].value == 15052.63
    assert total[2].number_format == "#,##0.00"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == "$3:$4" and "&P" in ws.oddFooter.center.text
    assert any("备注" in str(c.value) for c in ws["A"] if c.value)


def test_hebei_export_has_serial_column_and_column_numbers(tmp_path):
    path, template = SEED_FILES["haigang"]
    doc, _ = read_disclosure(path, load_template(template))
    ws = openpyxl.load_workbook(export_xlsx(doc, tmp_path / "h.xlsx"))["部门预算收入总表"]
    assert ws["A2"].value == "323秦皇岛市海港区人力资源和社会保障局" and ws["A3"].value == "预算年度：2024"
    numbers = next(r for r in ws.iter_rows() if r[0].value == "栏次")
    assert [c.value for c in numbers[1:4]] == [1, 2, 3]


def test_text_that_looks_like_a_formula_stays_text(sample_doc, tmp_path):
    sample_doc.set("expenditure", "2080101", "name", "=HYPERLINK(\"http://x\")")
    sample_doc.set_note("gf_expenditure", "+本单位无数据")
    book = export_xlsx(sample_doc, tmp_path / "f.xlsx")
    with zipfile.ZipFile(book) as z:
        assert not any("<f>" in z.read(n).decode("utf-8", "ignore") for n in z.namelist() if n.startswith("xl/worksheets/"))
    again, _ = open_document(book)
    assert again.get("expenditure", "2080101", "name") == "=HYPERLINK(\"http://x\")"
    assert again.note("gf_expenditure") == "+本单位无数据"


def test_hostile_and_wrong_files_get_clear_messages(tmp_path):
    not_zip = tmp_path / "a.xlsx"
    not_zip.write_text("这不是工作簿")
    with pytest.raises(WorkbookError, match="不是 Excel 工作簿"):
        read_workbook_grids(not_zip)
    good = tmp_path / "g.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "x"
    wb.save(good)
    truncated = tmp_path / "t.xlsx"
    truncated.write_bytes(good.read_bytes()[:300])
    with pytest.raises(WorkbookError, match="t.xlsx"):
        read_workbook_grids(truncated)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (420 * 1024 * 1024))
    with pytest.raises(WorkbookError, match="解压后大小异常"):
        read_workbook_grids(bomb)
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(WorkbookError, match="xls"):
        read_workbook_grids(xls)  # an OLE2 header with nothing valid behind it
    locked = tmp_path / "locked.xlsx"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 64)
    with pytest.raises(WorkbookError, match="密码保护"):
        read_workbook_grids(locked)
    entity = tmp_path / "e.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(entity, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = data.replace(b"<workbook", b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><workbook', 1)
            dst.writestr(item, data)
    with pytest.raises(WorkbookError):
        read_workbook_grids(entity)  # defusedxml refuses entity declarations
    with pytest.raises(OpenError, match="没有找到任何模板中的表"):
        open_document(good)


def test_check_command_names_sheet_and_cell(sample_doc, tmp_path, capsys):
    from budgetdesk.cli import main
    sample_doc.set("expenditure", "210", "total", "185.28")
    book = save_document(sample_doc, tmp_path / "bad.xlsx")
    assert main(["check", "--quiet", str(book)]) == 1
    out = capsys.readouterr().out
    assert "［支出总表!C" in out


def _styled_book(path, rows, title="支出总表", unit="单位：万元"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "附件3"
    ws.append([f"2024年{title}"])
    ws.append(["编制单位：某某局", None, None, unit])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_codes_as_numbers_amounts_as_text_and_split_code_columns(tmp_path):
    book = _styled_book(tmp_path / "s.xlsx", [
        ["类", "款", "项", "科目名称", "合计", "基本支出", "项目支出"],
        [None, None, None, "合计", "1,234.50", "1,234.50", "-"],
        [208, None, None, "社会保障和就业支出", 1234.5, "1，234.50", None],
        [208, 1, None, "人力资源和社会保障管理事务", "1234.50", 1234.5, None],
        ["208", "01", "01", "行政运行", "１２３４．５０", 1234.5, ""],
    ])
    doc, report = read_workbook_by_template(book, "cq-budget")
    assert report.unplaced == []
    assert [r.key for r in doc.table("expenditure").rows] == ["total", "208", "20801", "2080101"]
    assert doc.amount("expenditure", "2080101", "total") == Decimal("1234.50")
    assert doc.amount("expenditure", "total", "project") == Decimal(0)
    assert doc.meta.unit_name == "某某局" and doc.meta.year == 2024


def test_amounts_in_yuan_are_converted_with_a_notice(tmp_path):
    book = _styled_book(tmp_path / "y.xlsx", [
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        [2080101, "行政运行", 17340800, 17340800, None],
    ], unit="单位：元")
    doc, report = read_workbook_by_template(book, "cq-budget")
    assert doc.amount("expenditure", "2080101", "total") == Decimal("1734.08")
    assert any("已换算" in n for n in report.notices)


def test_a_huge_sheet_is_refused_quickly(tmp_path):
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("支出总表")
    for i in range(100_000):
        ws.append([i, "x", i])
    wb.save(tmp_path / "big.xlsx")
    with pytest.raises(WorkbookError, match="超过 20000 行"):
        read_workbook_grids(tmp_path / "big.xlsx")


def read_workbook_by_template(path, template):
    from budgetdesk.io.read.workbook_import import read_workbook
    return read_workbook(path, load_template(template))


def test_legacy_xls_with_merged_header_and_numeric_codes(tmp_path):
    import xlwt
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("表5")
    ws.write_merge(0, 0, 0, 4, "一般公共预算财政拨款支出预算表")
    ws.write(1, 0, "编制单位：某某局")
    ws.write(1, 4, "单位：万元")
    ws.write_merge(2, 2, 0, 1, "功能分类科目")
    ws.write_merge(2, 2, 2, 4, "预算数")
    for j, label in enumerate(["科目编码", "科目名称", "小计", "基本支出", "项目支出"]):
        ws.write(3, j, label)
    ws.write(4, 0, "合计")
    for r, (code, name, total, basic, project) in enumerate([
            (None, "合计", 10.5, 10.5, None), (210, "卫生健康支出", 10.5, 10.5, None),
            (21011, "行政事业单位医疗", 10.5, 10.5, None), (2101101, "行政单位医疗", 10.5, 10.5, None)], 4):
        for j, v in enumerate((code, name, total, basic, project)):
            if v is not None:
                ws.write(r, j, v)
    path = tmp_path / "old.xls"
    wb.save(str(path))
    doc, report = open_document(path, "cq-budget")
    assert report.unplaced == []
    assert [r.key for r in doc.table("gpb_expenditure").rows] == ["total", "210", "21011", "2101101"]
    assert doc.amount("gpb_expenditure", "2101101", "basic") == Decimal("10.50")
    assert report.locations[("gpb_expenditure", "2101101", "total")] == "表5!C8"


def test_formula_cells_without_a_stored_result_are_listed_in_the_report(tmp_path):
    book = _styled_book(tmp_path / "f.xlsx", [
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        [2080101, "行政运行", "=D4+E4", 10, 5],  # openpyxl stores formulas without a calculated value
    ])
    doc, report = read_workbook_by_template(book, "cq-budget")
    notice = next(n for n in report.notices if "公式单元格" in n)
    assert "1 个公式单元格没有保存计算结果" in notice and "附件3!C4" in notice
    assert doc.amount("expenditure", "2080101", "total") is None  # never evaluated
    assert doc.amount("expenditure", "2080101", "basic") == Decimal(10)


def test_header_rows_are_tall_enough_and_subject_names_are_indented(sample_doc, tmp_path):
    from budgetdesk.io.write.xlsx_export import export_xlsx
    path = export_xlsx(sample_doc, tmp_path / "s.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["收入总表"]
    long_label = next(c for row in ws.iter_rows(max_row=8) for c in row if c.value == "用事业基金弥补收支差额")
    width = ws.column_dimensions[long_label.column_letter].width
    lines = -(-2 * len(long_label.value) // int(width - 1))
    assert lines >= 2
    merged = next((m for m in ws.merged_cells.ranges if long_label.coordinate in m), None)
    rows = range(merged.min_row, merged.max_row + 1) if merged else [long_label.row]
    assert sum(ws.row_dimensions[r].height or 15 for r in rows) >= lines * 14  # the wrapped text fits its cell
    names = {ws.cell(r, 1).value: ws.cell(r, 2) for r in range(1, ws.max_row + 1)}
    assert names["208"].alignment.indent == 0
    kuan, xiang = names["20801"].alignment, names["2080101"].alignment
    assert (kuan.indent, xiang.indent) == (1, 2) and kuan.horizontal == xiang.horizontal == "left"


def test_a_27_digit_number_is_refused_with_its_cell_not_a_crash(tmp_path):
    from budgetdesk.io.files import open_document
    book = _styled_book(tmp_path / "big.xlsx", [
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        [2080101, "行政运行", 10 ** 26, "1" * 27, 5],
    ])
    doc, report = read_workbook_by_template(book, "cq-budget")
    refused = {u.location: u.reason for u in report.unplaced}
    assert "整数部分超过 13 位" in refused["附件3!C4"] and "整数部分超过 13 位" in refused["附件3!D4"]
    assert doc.amount("expenditure", "2080101", "project") == Decimal(5)
    open_document(book)  # any template: a report, never a raw decimal error
