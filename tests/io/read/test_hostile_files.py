"""Damaged and hostile files: one Chinese line naming file, sheet and cell — never a traceback or a hang."""

from __future__ import annotations

import datetime
import json
import sqlite3
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from budgetdesk.io.files import OpenError, open_document, save_document
from budgetdesk.io.store.project import save_project
from tests.fuzz.seeds import export_seed_xlsx, placed_locations, seed_document, write_xls


@pytest.fixture(scope="module")
def seed_book(tmp_path_factory) -> Path:
    return export_seed_xlsx("yongchuan", tmp_path_factory.mktemp("seed"))


def rewrite_member(src: Path, dst: Path, member: str, change) -> Path:
    """Copy a zip, passing one member's bytes through ``change``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            zout.writestr(info, change(data) if info.filename == member else data)
    return dst


def test_a_huge_claimed_dimension_is_not_trusted(seed_book, tmp_path):
    """A small file claiming 16,384 columns × 20,000 rows used to keep `check` busy for minutes."""
    import re

    bad = rewrite_member(seed_book, tmp_path / "dim.xlsx", "xl/worksheets/sheet1.xml",
                         lambda d: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD20000"/>', d))
    started = time.monotonic()
    doc, report = open_document(bad)
    assert time.monotonic() - started < 10
    assert report.placed == 371


def test_damage_inside_sheet_xml_read_lazily_names_file_and_sheet(seed_book, tmp_path):
    """openpyxl parses a sheet while it is iterated: the error came outside the old try block."""
    bad = rewrite_member(seed_book, tmp_path / "cut.xlsx", "xl/worksheets/sheet2.xml",
                         lambda d: d[: len(d) // 2] + b"<<<" + d[len(d) // 2:])
    with pytest.raises(OpenError) as err:
        open_document(bad)
    message = str(err.value)
    assert "cut.xlsx" in message and "工作表“收入总表”" in message and "Traceback" not in message


def test_a_value_beyond_the_column_limit_is_named(seed_book, tmp_path):
    bad = rewrite_member(seed_book, tmp_path / "wide.xlsx", "xl/worksheets/sheet1.xml",
                         lambda d: d.replace(b"</row>", b'<c r="ZZ5" t="inlineStr"><is><t>x</t></is></c></row>', 1))
    with pytest.raises(OpenError, match="ZZ1.*超出第 256 列"):
        open_document(bad)


def with_raw_number(seed_book: Path, tmp_path: Path, raw: bytes) -> tuple[Path, str]:
    """The seed with one placed amount's ``<v>`` replaced by ``raw`` bytes (openpyxl would not write inf)."""
    location = placed_locations(seed_book)[5]
    sheet, cell = location.rsplit("!", 1)
    wb = openpyxl.load_workbook(seed_book)
    wb[sheet][cell] = 777777.77
    wb.save(tmp_path / "mark.xlsx")
    member = f"xl/worksheets/sheet{wb.sheetnames.index(sheet) + 1}.xml"
    return rewrite_member(tmp_path / "mark.xlsx", tmp_path / "big.xlsx", member,
                          lambda d: d.replace(b"777777.77", raw)), location


@pytest.mark.parametrize("raw", [b"1e308", b"1E+400", b"inf", b"NaN", b"-Infinity", b"1e26", b"-0"])
def test_huge_and_non_finite_numbers_in_a_workbook_are_reported(seed_book, tmp_path, raw):
    """inf and NaN are not numbers a spreadsheet writes: the one cell is reported, the rest of the file is read."""
    path, location = with_raw_number(seed_book, tmp_path, raw)
    doc, report = open_document(path)
    if raw in (b"inf", b"NaN", b"-Infinity"):
        unplaced = next(u for u in report.unplaced if u.location == location)
        assert "不是有效的金额" in unplaced.reason and "一般公共预算财政拨款基本支出预算表" in location
    if raw == b"-0":
        assert location not in {u.location for u in report.unplaced}
    else:
        reasons = {u.location: u.reason for u in report.unplaced}
        assert location in reasons
        if raw in (b"inf", b"NaN"):
            assert "不是有限的数" in reasons[location], reasons
        assert doc.table("income").amount("total", "total") is not None


def test_a_27_digit_amount_in_a_text_is_reported_not_a_crash(tmp_path):
    from tests.fuzz.seeds import SEED_TEXTS

    text = SEED_TEXTS["yongchuan"][0].read_text(encoding="utf-8").replace("14,236.27", "123456789012345678901234567", 1)
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    _doc, report = open_document(path)
    assert any("123456789012345678901234567" in u.text and "整数部分超过" in u.reason for u in report.unplaced)


def test_a_utf8_text_cut_mid_character_is_read_with_the_broken_character_reported(tmp_path):
    from tests.fuzz.seeds import SEED_TEXTS

    data = SEED_TEXTS["yongchuan"][0].read_bytes()
    cut = data[: len(data) - 200]
    while cut[-1] & 0xC0 == 0x80 or cut[-1] < 0x80:  # end inside a multi-byte character
        cut = cut[:-1]
    path = tmp_path / "cut.txt"
    path.write_bytes(cut[:-1] + b"\n" + cut[-1:])
    _doc, report = open_document(path)
    assert report.placed > 300
    assert any("无法识别的字节" in n for n in report.notices)


@pytest.mark.parametrize("change", [
    lambda d: d["tables"][0]["cells"][0].update(value="1E+400"),
    lambda d: d["tables"][0]["cells"][0].update(value="NaN"),
    lambda d: d["prior"].append({"table": "income", "row": "total", "column": "total", "value": "Infinity"}),
    lambda d: d.update(template_set="cq-budget"),
    lambda d: d["tables"][0].update(cells=None),
    lambda d: d["unit"].update(year="二〇二四"),
])
def test_hostile_json_is_refused_with_a_message(sample_doc, tmp_path, change):
    path = tmp_path / "d.json"
    save_document(sample_doc, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(OpenError, match="d.json"):
        open_document(path)


def test_deeply_nested_json_is_refused(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(OpenError, match="deep.json"):
        open_document(path)


@pytest.mark.parametrize("value", ["NaN", "1E+400", "12345678901234567890"])
def test_hostile_amounts_in_a_project_file_are_refused(sample_doc, tmp_path, value):
    path = save_project(sample_doc, tmp_path / "p.bdesk")
    with sqlite3.connect(path) as con:
        con.execute("UPDATE cells SET value = ? WHERE is_amount = 1 AND rowid = (SELECT min(rowid) FROM cells"
                    " WHERE is_amount = 1)", (value,))
    con.close()
    with pytest.raises(OpenError, match="p.bdesk"):
        open_document(path)


def test_xls_dates_booleans_and_error_cells_are_reported_as_in_xlsx(seed_book, tmp_path):
    """xlrd gave a date as its serial number (45292.0) and TRUE as 1, and dropped #DIV/0! without a word."""
    locations = placed_locations(seed_book)[10:13]
    typed = dict(zip(locations, [datetime.date(2024, 1, 1), True, "#DIV/0!"]))
    xls = write_xls(seed_book, tmp_path / "typed.xls", typed)
    _doc, report = open_document(xls)
    reasons = {u.location: u.reason for u in report.unplaced}
    assert "是日期或时间" in reasons[locations[0]]
    assert "逻辑值" in reasons[locations[1]]
    assert "错误值" in reasons[locations[2]]
    # the same cells in an .xlsx are reported the same way
    wb = openpyxl.load_workbook(seed_book)
    for location, value in typed.items():
        sheet, cell = location.rsplit("!", 1)
        wb[sheet][cell] = value
    wb.save(tmp_path / "typed.xlsx")
    _doc, xreport = open_document(tmp_path / "typed.xlsx")
    assert {u.location: u.reason for u in xreport.unplaced} == reasons


def test_formula_float_noise_gives_no_false_precision_warning(seed_book, tmp_path):
    from tests.conftest import engine_for

    location = placed_locations(seed_book)[20]
    sheet, cell = location.rsplit("!", 1)
    wb = openpyxl.load_workbook(seed_book)
    wb[sheet][cell] = 0.1 + 0.2  # 0.30000000000000004, as Excel caches some formula results
    wb.save(tmp_path / "noise.xlsx")
    doc, report = open_document(tmp_path / "noise.xlsx")
    assert location not in {u.location for u in report.unplaced}
    assert not [f for f in engine_for(doc).findings() if "小数" in f.message]


def test_seed_document_helper_reads_all_seeds():
    assert seed_document("haigang").template_set.id == "hebei-budget"


@pytest.mark.parametrize("template_id", ["../resources/samples/yongchuan-2024", "/etc/passwd", "a/b", ""])
def test_a_template_name_from_a_file_never_becomes_a_path(sample_doc, tmp_path, template_id):
    path = tmp_path / "t.json"
    save_document(sample_doc, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["template_set"]["id"] = template_id
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(OpenError, match="t.json"):
        open_document(path)


def test_text_fields_of_the_wrong_type_are_refused_not_exported_later(sample_doc, tmp_path):
    path = tmp_path / "w.json"
    save_document(sample_doc, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["unit"]["unit_name"] = []
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(OpenError, match="单位名称应为文字"):
        open_document(path)


@pytest.mark.parametrize("key,value", [("prior", '[["income","total","total","1E+400"]]'),
                                       ("prior", '[["nope","x","y","1"]]'), ("notes", '{"a": 1}'),
                                       ("explanations", "[[[["), ("template_set", "../../x")])
def test_a_crafted_hidden_sheet_is_not_used_and_says_so(seed_book, tmp_path, key, value):
    wb = openpyxl.load_workbook(seed_book)
    ws = wb["budgetdesk"]
    row = next(r for r in ws.iter_rows() if r[0].value == key)
    row[1].value = value
    wb.save(tmp_path / "meta.xlsx")
    doc, report = open_document(tmp_path / "meta.xlsx")
    assert report.placed == 371 and doc.prior == {}
    if key != "template_set":
        assert any("隐藏工作表" in n for n in report.notices)
