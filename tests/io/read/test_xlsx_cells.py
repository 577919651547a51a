"""The .xlsx cell reader gives what openpyxl gives, and refuses what openpyxl would silently drop."""

import datetime as dt
import zipfile

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from budgetdesk.io.read.workbook_read import META_SHEET
from budgetdesk.io.read.xlsx_cells import XlsxBook, XlsxError, column_letter, column_number, is_date_format
from tests.fuzz.seeds import export_seed_xlsx

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def openpyxl_rows(path, title):
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb[title]
        ws.reset_dimensions()
        return [_trim(list(r)) for r in ws.iter_rows(values_only=True)]
    finally:
        wb.close()


def our_rows(path, title):
    with XlsxBook(path, path.name) as book:
        sheet = next(s for s in book.sheets if s.title == title)
        return [_trim(r) for r in book.rows(sheet)]


def _trim(row):
    while row and row[-1] is None:
        row.pop()
    return row


@pytest.mark.parametrize("seed", ["yongchuan", "beibei", "haigang"])
def test_every_sheet_of_an_exported_seed_reads_as_openpyxl_reads_it(seed, tmp_path):
    book = export_seed_xlsx(seed, tmp_path)
    titles = openpyxl.load_workbook(book, read_only=True).sheetnames
    with XlsxBook(book, book.name) as ours:
        assert [s.title for s in ours.sheets] == titles
        assert next(s for s in ours.sheets if s.title == META_SHEET).state == "veryHidden"
    for title in titles:
        assert our_rows(book, title) == openpyxl_rows(book, title), title


def test_typed_cells_read_as_openpyxl_types_them(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表"
    ws["A1"] = "文字"
    ws["B1"] = 12
    ws["C1"] = 1234.5
    ws["D1"] = True
    ws["E1"] = dt.datetime(2024, 1, 1)
    ws["F1"] = dt.datetime(2024, 3, 5, 14, 30)
    ws["F1"].number_format = "yyyy年m月d日 h:mm"
    ws["G1"] = dt.time(9, 15)
    ws["H1"] = CellRichText("富", TextBlock(InlineFont(b=True), "文本"))
    ws["I1"] = "#DIV/0!"
    ws["I1"].data_type = "e"
    ws["J1"] = 45292
    ws["J1"].number_format = '"第"0"号"'  # digits in quotes: not a date
    ws["A3"] = "隔一行"
    ws["D3"] = -0.0
    ws["AA4"] = "远处"
    path = tmp_path / "typed.xlsx"
    wb.save(path)
    ours = our_rows(path, "表")
    assert ours == openpyxl_rows(path, "表")
    assert ours[0][:10] == ["文字", 12, 1234.5, True, dt.datetime(2024, 1, 1), dt.datetime(2024, 3, 5, 14, 30),
                            dt.time(9, 15), "富文本", "#DIV/0!", 45292]
    assert ours[1] == [] and ours[3][26] == "远处"


def _book(tmp_path, sheet_xml: str, *, strings: str | None = None, workbook_pr: str = "",
          ns: str = MAIN, rel_ns: str = REL) -> object:
    path = tmp_path / "hand.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.xml", f'<workbook xmlns="{ns}" xmlns:r="{rel_ns}">{workbook_pr}<sheets>'
                                      f'<sheet name="表一" sheetId="1" r:id="rId1"/></sheets></workbook>')
        rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Type="http://x/worksheet" Target="worksheets/sheet1.xml"/>'
                '<Relationship Id="rId2" Type="http://x/sharedStrings" Target="/xl/sharedStrings.xml"/>'
                '</Relationships>')
        z.writestr("xl/_rels/workbook.xml.rels", rels)
        z.writestr("xl/worksheets/sheet1.xml", f'<worksheet xmlns="{ns}"><sheetData>{sheet_xml}</sheetData></worksheet>')
        if strings is not None:
            z.writestr("xl/sharedStrings.xml", f'<sst xmlns="{ns}">{strings}</sst>')
    return path


def test_cells_without_numbers_and_out_of_order_are_placed_where_they_belong(tmp_path):
    path = _book(tmp_path, '<row><c><v>1</v></c><c><v>2</v></c></row>'
                           '<row r="3"><c r="C3"><v>3</v></c><c r="A3" t="s"><v>0</v></c></row>',
                 strings='<si><r><t>甲</t></r><r><t>乙</t></r><rPh><t>ジア</t></rPh></si>')
    assert our_rows(path, "表一") == [[1, 2], [], ["甲乙", None, 3]]


def test_strict_ooxml_namespaces_and_the_1904_date_system(tmp_path):
    path = _book(tmp_path, '<row r="1"><c r="A1" t="inlineStr"><is><t>严格</t></is></c><c r="B1"><v>1.5</v></c></row>',
                 ns="http://purl.oclc.org/ooxml/spreadsheetml/main",
                 rel_ns="http://purl.oclc.org/ooxml/officeDocument/relationships",
                 workbook_pr='<workbookPr date1904="1"/>')
    with XlsxBook(path, "hand.xlsx") as book:
        assert book.epoch == dt.datetime(1904, 1, 1)
    assert our_rows(path, "表一") == [["严格", 1.5]]


def test_a_formula_without_its_result_is_blank_and_listed_with_its_text(tmp_path):
    path = _book(tmp_path, '<row r="1"><c r="A1"><f>B1+1</f></c><c r="B1"><f>1+1</f><v>2</v></c>'
                           '<c r="C1" t="str"><f>"x"&amp;"y"</f><v>xy</v></c></row>')
    with XlsxBook(path, "hand.xlsx") as book:
        sheet = book.sheets[0]
        assert list(book.rows(sheet)) == [[None, 2, "xy"]]
        assert sheet.uncached == [("A1", "B1+1")]


@pytest.mark.parametrize("xml, reason", [
    ('<row r="2"><c r="A2"><v>1</v></c></row><row r="1"><c r="A1"><v>1</v></c></row>', "第 1 行出现在第 2 行之后"),
    ('<row r="1"><c r="A1"><v>1</v></c><c r="A1"><v>2</v></c></row>', "“A1”重复出现"),
    ('<row r="1"><c r="A1" t="s"><v>7</v></c></row>', "A1 引用了不存在的共享字符串 7"),
    ('<row r="1"><c r="A1"><v>1,5</v></c></row>', "A1 的数值“1,5”无法识别"),
    ('<row r="1"><c r="1A"><v>1</v></c></row>', "单元格编号“1A”"),
    ('<row r="1"><c r="A1"><v>1</v></row>', "内容已损坏"),
])
def test_what_openpyxl_would_drop_or_crash_on_is_refused_with_the_place(tmp_path, xml, reason):
    path = _book(tmp_path, xml, strings="<si><t>一</t></si>")
    with pytest.raises(XlsxError, match=reason):
        our_rows(path, "表一")


def test_column_names_and_date_formats():
    assert [column_letter(n) for n in (1, 26, 27, 256, 16384)] == ["A", "Z", "AA", "IV", "XFD"]
    assert [column_number(s) for s in ("A", "Z", "AA", "IV", "XFD")] == [1, 26, 27, 256, 16384]
    assert is_date_format("yyyy-mm-dd") and is_date_format("[$-804]yyyy年m月d日") and is_date_format("h:mm")
    assert not is_date_format("#,##0.00") and not is_date_format('"第"0"号"') and not is_date_format("[Red]0.00")
