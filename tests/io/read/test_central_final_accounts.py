"""部门决算 in the 财政部 9-table format (central-final-accounts) read from the published PDFs.

国家信访局 2024 prints each table's number on a line of its own under the title (“公开 01 表”), leaves numbered
lines of the 收支总表 blank but for their 行次, numbers the “三公” table's twelve columns with no 栏次 word, and
prints the 基本支出决算表 in three blocks side by side (人员经费 | 公用经费 over two); 佛山轨道交通局 2019 the same
table in two blocks under 人员经费 / 公用经费; 西安卫健委 2022 is 171 pages of which nine are the tables.
"""

from decimal import Decimal

import pytest

from budgetdesk.io.files import open_document
from budgetdesk.io.read.header_match import is_amount_text
from tests.io.read.region_reading import REAL, errors_of

PACKAGES = {"zy_gjxfj_2024_final.pdf": (249, 2024, "国家信访局", {"gf_inout", "soe_expenditure"}),
            "gd_fs_gdjtj_2019_final.pdf": (532, 2019, "佛山市轨道交通局", {"soe_expenditure"}),
            "sn_xa_wjw_2022_final.pdf": (641, 2022, "西安市卫生健康委员会", {"soe_expenditure", "three_public"})}


@pytest.fixture(scope="module", params=sorted(PACKAGES))
def reading(request):
    doc, report = open_document(REAL / request.param)
    return request.param, doc, report


def test_every_printed_figure_of_the_tables_is_placed(reading):
    name, doc, report = reading
    figures, year, unit, blank = PACKAGES[name]
    assert doc.template_set.id == "central-final-accounts" and doc.meta.year == year
    assert doc.meta.unit_name.startswith(unit)
    assert report.placed == figures == sum(t.printed for t in report.tables)
    assert {t.table for t in report.tables if t.printed == 0} <= blank
    assert not [u for u in report.unplaced if is_amount_text(u.text) and "决算表" in u.reason and "不是模板" not in u.reason]


def test_no_relation_of_the_tables_is_an_error(reading):
    """The tables agree with each other; what is left are tables a package lacks (the 绩效自评表's own errors are
    tested with them: tests/io/read/test_self_evaluation.py)."""
    _name, doc, _report = reading
    assert "*" not in doc.unread  # the 绩效自评表 beside the tables do not make the tables' reading uncertain
    assert [f for f in errors_of(doc) if not f.rule.startswith("IMPORT-") and f.table != "performance"] == []


def test_the_basic_table_in_three_blocks_is_one_table_of_subjects():
    doc, _ = open_document(REAL / "zy_gjxfj_2024_final.pdf")
    basic = doc.table("gpb_basic")
    assert basic.amount("301", "total") == Decimal("6982.75")  # left block (人员经费)
    assert basic.amount("30201", "total") == Decimal("83.92")  # middle block (公用经费)
    assert basic.amount("31002", "total") == Decimal("24.67")  # right block (公用经费, continued)
    assert basic.amount("personnel_total", "total") == Decimal("7967.72")
    assert basic.amount("public_total", "total") == Decimal("2266.65")
    three = doc.table("three_public")
    assert three.amount("amount", "b_total") == Decimal("76.43") and three.amount("amount", "reception") == Decimal("0.90")
    summary = doc.table("summary")  # the lines numbered 9—26 under 八、其他收入 print nothing but their 行次
    assert summary.amount("in.other", "in_amount") == Decimal("878.44")
    assert summary.amount("in.total", "in_amount") == Decimal("22066.59") == summary.amount("out.total", "out_amount")
