"""Unit name, code and year survive import however a finance office lays out the lines above a table.

The workbooks are the Haigang seed exported to xlsx, with budgetdesk's hidden metadata sheet removed
(so nothing but the printed lines is read), the 编制单位/预算年度/单位 rows rewritten the way
河北 offices and others print them, and saved again as .xlsx or as legacy .xls.
"""

import openpyxl
import pytest

from budgetdesk.io.read.disclosure_text import read_disclosure
from budgetdesk.io.files import open_document
from budgetdesk.io.read.unit_meta import read_meta_row
from budgetdesk.io.write.xlsx_export import META_SHEET, export_xlsx
from budgetdesk.resources import load_template
from tests.conftest import SEED_FILES, engine_for

UNIT = "秦皇岛市海港区人力资源和社会保障局"
LAYOUTS = {
    # the three lines of the text file on one row, in three cells (as the Hebei system prints them)
    "one_row_three_cells": [f"323{UNIT}", None, "预算年度：2024", None, "单位：万元"],
    # all of it in one merged cell, separated by spaces
    "one_cell": [f"编制单位：323{UNIT}　　预算年度：2024年　　单位：万元"],
    # labels and values in separate cells, the year a number, the code in its own cell
    "labels_apart": ["单位编码：", "323", f"单位名称：{UNIT}", "预算年度", 2024, "单位：万元"],
    "code_apart": ["323", UNIT, "预算年度：2024", "单位：万元"],
}


def _seed_grids(tmp_path):
    path, template = SEED_FILES["haigang"]
    doc, _ = read_disclosure(path, load_template(template))
    book = openpyxl.load_workbook(export_xlsx(doc, tmp_path / "exported.xlsx"))
    sheets = [(ws.title, [list(r) for r in ws.iter_rows(values_only=True)]) for ws in book.worksheets
              if ws.title != META_SHEET and "绩效" not in ws.title]  # the tables' sheets (绩效目标表 have their own layout)
    for _name, rows in sheets:
        assert str(rows[1][0]).startswith("323") and str(rows[2][0]).startswith("预算年度")  # the exporter's layout
    return doc, sheets


def _relaid(sheets, meta_row):
    out = []
    for name, rows in sheets:
        rows = [list(r) for r in rows]
        rows[1] = list(meta_row) if meta_row is not None else [None]
        rows[2] = [None]
        out.append((name, rows))
    return out


def _save(sheets, path):
    if path.suffix == ".xls":
        import xlwt
        wb = xlwt.Workbook(encoding="utf-8")
        for name, rows in sheets:
            ws = wb.add_sheet(name)
            for r, row in enumerate(rows):
                for c, v in enumerate(row):
                    if v is not None:
                        ws.write(r, c, v)
        wb.save(str(path))
    else:
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for name, rows in sheets:
            ws = wb.create_sheet(name)
            for row in rows:
                ws.append(row)
        wb.save(path)
    return path


@pytest.mark.parametrize("suffix", [".xlsx", ".xls"])
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_hebei_workbook_keeps_unit_code_and_year(layout, suffix, tmp_path):
    seed, sheets = _seed_grids(tmp_path)
    book = _save(_relaid(sheets, LAYOUTS[layout]), tmp_path / f"hg{suffix}")
    doc, report = open_document(book)
    assert doc.template_set.id == "hebei-budget"
    assert (doc.meta.unit_code, doc.meta.unit_name, doc.meta.year, doc.meta.money_unit) == ("323", UNIT, 2024, "万元")
    assert report.unplaced == []
    summary = engine_for(doc).summary()
    assert summary.errors == 0 and summary.warnings == 0
    assert doc.tables["expenditure"].rows == seed.tables["expenditure"].rows


def test_year_from_the_file_name_when_no_line_states_it(tmp_path):
    _seed, sheets = _seed_grids(tmp_path)
    book = _save(_relaid(sheets, [f"323{UNIT}", None, None, None, "单位：万元"]), tmp_path / "海港区人社局2024年部门预算公开表.xlsx")
    doc, report = open_document(book)
    assert doc.meta.year == 2024 and doc.meta.unit_code == "323"
    assert any("取自文件名" in n for n in report.notices)


def test_year_from_the_latest_column_header():
    from pathlib import Path

    from budgetdesk.io.read.import_report import Grid, GridCell, ImportReport
    from budgetdesk.io.read.workbook_import import _year
    grid = Grid("支出总表", "A1")
    grid.rows.append([GridCell("科目名称", "A3"), GridCell("2023年预算数", "B3"), GridCell("2024年预算数", "C3")])
    report = ImportReport(source="x.xlsx", template_set="cq-budget")
    assert _year({}, [(None, "", False, grid, "表1", "")], Path("x.xlsx"), report) == 2024
    assert "C3" in report.notices[0]


def test_data_rows_are_not_taken_for_meta_lines():
    meta = {}
    assert not read_meta_row(["2080101", "行政运行", "12.00"], meta)
    assert not read_meta_row(["项目", "预算数"], meta)
    assert not read_meta_row(["2024年部门预算"], meta)
    assert not read_meta_row(["单位：323", "合计"], meta)
    assert meta == {}
    assert read_meta_row(["单位：323某某局"], meta) and meta == {"unit_code": "323", "unit_name": "某某局"}


def test_unit_and_year_in_a_prefixed_title_and_none_in_the_lines(tmp_path):
    _seed, sheets = _seed_grids(tmp_path)
    titled = []
    for name, rows in _relaid(sheets, [None, None, None, None, "单位：万元"]):
        rows[0] = [f"{UNIT}2024年{rows[0][0]}"]
        titled.append((name, rows))
    doc, report = open_document(_save(titled, tmp_path / "t.xls"))
    assert (doc.meta.unit_name, doc.meta.year, doc.meta.unit_code) == (UNIT, 2024, "")
    assert report.unplaced == []
