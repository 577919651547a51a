"""绩效目标表 in workbooks: exported in the official layout, read back exactly, and read from plain sheets."""

from __future__ import annotations

from decimal import Decimal as D

import openpyxl
import pytest

from budgetdesk.core.performance import Indicator, PerformanceTarget, TargetKind
from budgetdesk.io.read.disclosure_text import read_disclosure
from budgetdesk.io.files import open_document
from budgetdesk.io.write.xlsx_export import export_xlsx
from budgetdesk.resources import load_template
from tests.conftest import SEED_FILES


@pytest.fixture(scope="module", params=["beibei", "yongchuan"])
def seed(request):
    path, template = SEED_FILES[request.param]
    return request.param, template, read_disclosure(path, load_template(template))[0]


def test_export_and_reopen_is_exact(seed, tmp_path):
    _, _, doc = seed
    again, report = open_document(export_xlsx(doc, tmp_path / "x.xlsx"))
    assert list(again.performance) == list(doc.performance)
    assert not [n for n in report.notices if "绩效" in n and "未导入" in n]


def test_plain_workbook_sheets_are_read(seed, tmp_path):
    """A workbook without budgetdesk's hidden sheet: the forms are read from what is printed (the wide
    table prints indicators grouped by 一级指标, so only their order may differ)."""
    name, template, doc = seed
    path = export_xlsx(doc, tmp_path / "x.xlsx")
    wb = openpyxl.load_workbook(path)
    del wb["budgetdesk"]
    wb.save(path)
    again, _ = open_document(path, template)

    def essence(t):
        return (t.kind, t.code, t.name, t.total, t.goal, frozenset(t.funding), t.indicators)

    assert sorted(map(essence, again.performance), key=str) == sorted(map(essence, doc.performance), key=str)


def test_official_layout_with_merged_cells(tmp_path):
    path, template = SEED_FILES["beibei"]
    doc = read_disclosure(path, load_template(template))[0]
    wb = openpyxl.load_workbook(export_xlsx(doc, tmp_path / "b.xlsx"))
    ws = wb["项目支出绩效目标表"]
    assert ws["A1"].value == "2024年项目支出绩效目标表" and ws["I2"].value == "单位：万元"
    assert ws["A3"].value == "项目名称" and ws["B3"].value == "50010922T000000086715-监察办案经费"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:I1", "B3:D3", "F3:I3", "B9:I9", "A10:A14"} <= merged  # 绩效指标 merged down its indicators
    assert [c.value for c in ws[10]] == ["绩效指标", "一级指标", "二级指标", "三级指标", "指标权重", "计量单位",
                                         "指标性质", "指标值", "是否核心指标"]
    assert ws["E11"].value == 40 and ws["B5"].value == 10 and ws["B5"].number_format == "#,##0.00"
    wide = openpyxl.load_workbook(export_xlsx(read_disclosure(*_seed("yongchuan"))[0], tmp_path / "y.xlsx"))
    ws = wide["预算项目绩效目标表"]
    assert [ws.cell(3, c).value for c in range(1, 6)] == ["单位", "项目名称", "金额", "绩效目标", "绩效指标"]
    assert ws.cell(4, 5).value == "成本指标" and ws.cell(6, 5).value == "指标内容" and ws.cell(7, 2).value == "房屋租金"
    assert {"A3:A6", "E3:AB3", "E4:J4"} <= {str(r) for r in ws.merged_cells.ranges}


def _seed(name):
    path, template = SEED_FILES[name]
    return path, load_template(template)


def test_text_starting_like_a_formula_stays_text(tmp_path):
    doc = read_disclosure(*_seed("beibei"))[0]
    doc.performance.add(PerformanceTarget(
        "evil", TargetKind.PROJECT, name="=HYPERLINK(\"x\")", code="", goal="+1", total=D("1.00"),
        indicators=(Indicator("产出指标", "数量指标", "@SUM(A1)", "≥", "-1", "人", D(10)),)))
    path = export_xlsx(doc, tmp_path / "e.xlsx")
    ws = openpyxl.load_workbook(path)["项目支出绩效目标表"]
    texts = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert {c.value for c in texts} >= {"=HYPERLINK(\"x\")", "+1", "@SUM(A1)", "-1"}
    assert all(c.data_type == "s" for c in texts)
    again, _ = open_document(path)
    assert again.performance.get("evil").indicators[0].level3 == "@SUM(A1)"


def test_overall_form_in_yuan_ties_to_tables_in_wan_yuan(tmp_path):
    """Units often print the 整体 form in 元 while the tables are in 万元: read as 元, compared after conversion."""
    from budgetdesk.core.engine import Engine
    doc = read_disclosure(*_seed("beibei"))[0]
    path = export_xlsx(doc, tmp_path / "b.xlsx")
    wb = openpyxl.load_workbook(path)
    del wb["budgetdesk"]
    ws = wb["部门（单位）整体支出绩效目标表"]
    assert ws["I2"].value == "单位：万元" and ws["E3"].value == 5738.89  # what openpyxl reads back
    ws["I2"] = "单位：元"
    ws["E3"] = 57388900
    wb.save(path)
    again, _ = open_document(path, "cq-budget-beibei")
    overall = again.performance.overall()
    assert (overall.money_unit, overall.total) == ("元", D("57388900"))
    assert not [f for f in Engine(again).findings() if f.rule == "BD-PF-OVERALL"]
    ws["E3"] = 57398900  # 1 万元 too much
    wb.save(path)
    again, _ = open_document(path, "cq-budget-beibei")
    (f,) = [f for f in Engine(again).findings() if f.rule == "BD-PF-OVERALL"]
    assert f.difference == D(1) and "预算支出总额 57,398,900.00 元（折合 5,739.89 万元）" in f.message
