"""The three clean public disclosures read completely and check with zero errors."""

from decimal import Decimal

import pytest

from budgetdesk.io.read.disclosure_text import best_template, read_disclosure, split_rows
from budgetdesk.resources import load_template, template_ids
from tests.conftest import SEED_FILES, engine_for


@pytest.mark.parametrize("name", sorted(SEED_FILES))
def test_clean_seed_places_every_figure_and_has_no_errors(name):
    path, template = SEED_FILES[name]
    doc, report = read_disclosure(path, load_template(template))
    assert report.unplaced == []
    tables = [f for f in engine_for(doc).findings() if f.table != "performance"]  # 绩效: tests/io/read/test_performance_text
    assert [f.message for f in tables if f.severity.value in ("error", "warning")] == []
    assert doc.meta.year == 2024


@pytest.mark.parametrize("name", sorted(SEED_FILES))
def test_the_right_template_is_picked_without_being_told(name):
    path, template = SEED_FILES[name]
    doc, _ = best_template(path, [load_template(t) for t in template_ids()])
    assert doc.template_set.id == template


def test_yongchuan_figures_and_metadata():
    path, template = SEED_FILES["yongchuan"]
    doc, report = read_disclosure(path, load_template(template))
    assert doc.meta.unit_name == "重庆市永川区人力资源和社会保障局"
    assert doc.amount("summary", "in.gpb", "in_amount") == Decimal("14236.27")
    assert doc.amount("summary", "210", "out_amount") == Decimal("175.28")
    assert doc.amount("income", "total", "fund_gap") == Decimal("0")
    assert doc.amount("fiscal_summary", "in.carry_gpb", "in_amount") == Decimal("618.36")
    assert doc.amount("three_public", "amount", "reception") == Decimal("10.94")
    assert doc.amount("procurement", "works", "gpb") == Decimal("65.66")
    assert [r.key for r in doc.table("gpb_basic").rows][:3] == ["total", "301", "30101"]
    assert "故本表无数据" in doc.note("gf_expenditure")
    assert report.locations[("summary", "in.gpb", "in_amount")] == "第11行第2格"
    assert any(n.startswith("绩效目标表：") for n in report.notices)  # 绩效目标表 are read and counted


def test_haigang_cell_per_line_layout_with_serial_numbers():
    path, template = SEED_FILES["haigang"]
    doc, _ = read_disclosure(path, load_template(template))
    assert (doc.meta.unit_code, doc.meta.unit_name) == ("323", "秦皇岛市海港区人力资源和社会保障局")
    assert doc.amount("income", "223", "carry") == Decimal("758.00")
    assert doc.amount("fiscal_summary", "in.carry_soe", "in_amount") == Decimal("758.00")
    assert doc.amount("three_public", "car_run", "gpb") == Decimal("6.76")
    assert doc.amount("soe_expenditure", "total", "project") == Decimal("1516.00")
    assert "空表列示" in doc.note("gf_expenditure")


def test_beibei_prior_year_columns_and_rounding():
    path, template = SEED_FILES["beibei"]
    doc, _ = read_disclosure(path, load_template(template))
    assert doc.amount("gpb_expenditure", "total", "prior_total") == Decimal("4683.96")
    assert doc.amount("three_public", "amount", "prior_car_run") == Decimal("11.00")
    rounding = [f for f in engine_for(doc).findings() if f.column == "prior_total" and f.row == "total"]
    assert rounding and rounding[0].difference == Decimal("0.01") and "2023年预算数" in rounding[0].message


def test_both_text_layouts_split_into_rows():
    rows = split_rows("\tA\n\tB\n\n\tC\n\t\n")
    assert [[c.text for c in r] for r in rows] == [["A", "B"], ["C", ""]]
    rows = split_rows("x\ty\n\nz\n")
    assert [[c.text for c in r] for r in rows] == [["x", "y"], ["z"]]


def test_a_text_without_any_table_names_every_set_tried_not_the_last(tmp_path):
    """A 预算 text with no table: the message must not name one template (it named 北京's, or a 决算 set's)."""
    from budgetdesk.io.files import OpenError, open_document

    path = tmp_path / "说明.txt"
    path.write_text("一、部门职责\n本部门2024年收入预算100.00万元。\n", encoding="utf-8")
    with pytest.raises(OpenError) as caught:
        open_document(path)
    message = str(caught.value)
    assert message.startswith("说明.txt：没有找到任何模板中的表（已试：")
    assert "北京市级部门预算公开表" in message and "上海市区级单位预算公开表" in message
