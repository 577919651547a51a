"""江苏省级部门 2017—2019 的 政府采购预算表 (公开12表): 采购品目大类 | 专项名称 | 经济科目 | 采购物品名称 | 采购组织形式 |
总计, its lines nested by the column their words stand in — read whole in every package of the corpus and checked
as an outline (合计 = the 大类 lines, each 大类 = the 专项 lines under it, each 专项 = its 物品)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from budgetdesk.core.engine import check_document
from budgetdesk.io.files import open_document
from tests.io.read.region_reading import REAL

# every package of the corpus printing the table, with its 合计
PACKAGES = {"js_gaoyuan_2017_dept_budget.pdf": None, "js_gaoyuan_2018_dept_budget.pdf": "4641.62",
            "js_gaoyuan_2019_dept_budget.pdf": "5227.59", "js_jcy_2017_dept_budget.pdf": None,
            "js_jcy_2018_dept_budget.pdf": None, "js_jcy_2019_dept_budget.pdf": None,
            "js_rdbgt_2017_dept_budget.pdf": None, "js_rdbgt_2018_dept_budget.pdf": None,
            "js_rdbgt_2019_tables.pdf": None, "js_swbgt_2017_tables.pdf": None, "js_swbgt_2018_tables.pdf": None,
            "js_swbgt_2019_tables.pdf": "1422.50", "js_zxbgt_2018_tables.pdf": "1281.76",
            "js_zxbgt_2019_tables.pdf": None}


@pytest.mark.parametrize("name", sorted(PACKAGES))
def test_every_figure_of_the_procurement_table_is_read_and_its_outline_holds(name):
    doc, report = open_document(REAL / name)
    (table,) = [t for t in report.tables if t.table == "js_procurement"]
    assert table.printed and table.placed == table.printed
    assert not [u for u in report.unplaced if "政府采购" in u.reason]
    if PACKAGES[name]:
        assert doc.amount("js_procurement", "total", "total") == Decimal(PACKAGES[name])
    assert not [f for f in check_document(doc) if f.table == "js_procurement" and f.severity.value == "error"]


def test_lines_keep_their_columns_and_a_wrong_figure_names_its_group():
    doc, _ = open_document(REAL / "js_swbgt_2019_tables.pdf")
    t = doc.table("js_procurement")
    lines = [r for r in t.rows if r.is_extra]
    assert [(t.get(r.key, "category"), t.get(r.key, "project"), t.get(r.key, "economic"), t.get(r.key, "method"),
             t.get(r.key, "total")) for r in lines[:3]] == [
        ("一、货物A", None, None, None, Decimal("84.00")),
        (None, "机要及电子政务业务费", "办公设备购置", None, Decimal("30.00")),
        (None, None, None, "分散自行组织", Decimal("3.00"))]
    assert lines[2].label == "PC服务器"
    # a line named by its 大类/专项 words prints them in their columns only, its 采购物品名称 blank (as the form)
    assert [t.printed_label(r) for r in lines[:3]] == ["", "", "PC服务器"] and lines[0].label == "一、货物A"
    doc.set("js_procurement", lines[2].key, "total", Decimal("4.00"))  # PC服务器 3.00 → 4.00
    found = [f for f in check_document(doc) if f.rule == "BD-JS-PROC-OUTLINE" and f.severity.value == "error"]
    assert [f.row for f in found] == [lines[1].key]  # 机要及电子政务业务费 30.00 ≠ its items' 31.00
    assert found[0].expected == Decimal("31.00") and found[0].actual == Decimal("30.00")


def test_a_table_whose_nesting_was_not_read_for_certain_is_listed_as_unchecked():
    """省委办公厅 2017: “机要及电子政务业务费 / 办公设备购置” is printed between two lines and read on an 物品 line
    as well — the line's level is uncertain, so the outline is 未核对 with the reason, not an error."""
    doc, _ = open_document(REAL / "js_swbgt_2017_tables.pdf")
    (found,) = [f for f in check_document(doc) if f.rule == "BD-JS-PROC-OUTLINE"]
    assert found.severity.value == "info" and found.message.startswith("未核对：《政府采购预算表》")
    assert "“便携式计算机（20万以下）”一行的文字可能放错了列" in found.message
