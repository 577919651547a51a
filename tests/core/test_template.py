import json

import pytest

from budgetdesk.core.template import TemplateError, chinese_numeral, load_template_set
from budgetdesk.resources import load_template, template_ids

CQ_TABLES = ["收支总表", "收入总表", "支出总表", "财政拨款收支总表", "一般公共预算财政拨款支出预算表",
             "一般公共预算财政拨款基本支出预算表", "政府性基金预算支出表", "一般公共预算“三公”经费支出表", "政府采购预算明细表"]
HEBEI_TABLES = ["部门预算收支总表", "部门预算收入总表", "部门预算支出总表", "部门预算财政拨款收支总表",
                "部门预算一般公共预算财政拨款支出表", "部门预算一般公共预算财政拨款基本支出表",
                "部门预算政府性基金预算财政拨款支出表", "部门预算国有资本经营预算财政拨款支出表", "部门预算财政拨款“三公”经费支出表"]


def test_shipped_sets_have_the_official_tables_in_order():
    assert set(template_ids()) >= {"cq-budget", "hebei-budget", "cq-budget-beibei"}
    assert [t.title for t in load_template("cq-budget").tables] == CQ_TABLES
    assert [t.title for t in load_template("hebei-budget").tables] == HEBEI_TABLES


def test_multi_row_header_spans_come_from_the_column_tree():
    income = load_template("cq-budget").table("income")
    cells = {(c.label, c.row, c.col): (c.rowspan, c.colspan) for c in income.header}
    assert cells[("科目", 0, 0)] == (1, 2)  # 科目 over 科目编码 / 科目名称
    assert cells[("科目编码", 1, 0)] == (1, 1)
    assert cells[("合计", 0, 2)] == (2, 1)  # a leaf at the top spans both header rows
    three = load_template("cq-budget").table("three_public")
    spans = {c.label: (c.row, c.rowspan, c.colspan) for c in three.header}
    assert spans["{year}年预算数"] == (0, 1, 6)
    assert spans["公务用车购置及运行费"] == (1, 1, 3)
    assert spans["公务接待费"] == (1, 2, 1)


def test_two_sided_table_keeps_sides_and_bands():
    summary = load_template("cq-budget").table("summary")
    assert [s.id for s in summary.sides] == ["income", "expense"]
    income = summary.side("income")
    assert [r.key for r in income.rows if r.band == "total"] == ["in.total"]
    expense = summary.side("expense")
    classes = [r for r in expense.rows if r.code]
    assert classes[0].code == "201" and classes[0].label == "一般公共服务支出"
    assert summary.column("out_amount").side == "expense"


def test_hebei_layout_numbers_columns_and_rows():
    hb = load_template("hebei-budget")
    assert all(t.serial_column and t.column_numbers_row for t in hb.tables)
    lines = [r.label for r in hb.table("summary").side("expense").rows if r.band == "items"]
    assert lines[0] == "一、一般公共服务支出" and lines[-1] == "三十一、人行科目"
    assert ("{unit_code}{unit_name}", "") in hb.header_lines
    income = hb.table("income")
    assert [c.key for c in income.columns if c.path[0] == "本年收入"] == [
        "subtotal", "fiscal", "special", "business", "operating", "upper", "affiliated", "other"]


def test_variant_extends_base_and_keeps_rules_for_remaining_tables():
    beibei = load_template("cq-budget-beibei")
    assert not beibei.has_table("income") and not beibei.has_table("procurement")
    assert beibei.table("gpb_expenditure").column("prior_total").prior_of == "total"
    hier = beibei.rule("BD-SUM-HIER")
    assert "income" not in hier.params["tables"] and "expenditure" in hier.params["tables"]
    assert not any("procurement" in r.tables() for r in beibei.rules)
    assert beibei.table("summary").printed_title({"unit_name": "北碚区人社局"}) == "北碚区人社局部门收支总表"


def test_every_rule_has_a_stable_code_and_known_kind():
    from budgetdesk.core.engine import ALL_RULE_KINDS as RULE_KINDS
    for tid in template_ids():
        ts = load_template(tid)
        ids = [r.id for r in ts.rules]
        assert len(ids) == len(set(ids)), tid
        for r in ts.rules:
            # the rule saying a table was not read completely joins the import's findings (IMPORT-EMPTY …) by name
            prefix = "IMPORT-" if r.kind == "read_complete" else "BD-"
            assert r.id.startswith(prefix) and r.kind in RULE_KINDS and r.severity in ("error", "warning")


def test_bad_templates_are_refused_with_a_reason():
    base = {"id": "x", "version": "1", "name": "x", "tables": [
        {"id": "t", "title": "T", "header": [{"key": "a", "label": "A", "kind": "money"}], "rows": {"kind": "fixed", "items": []}}]}
    with pytest.raises(TemplateError, match="未知列类型"):
        load_template_set(base)
    with pytest.raises(TemplateError, match="缺少字段"):
        load_template_set({"id": "x"})
    with pytest.raises(TemplateError, match="继承"):
        load_template_set({**base, "extends": "cq-budget"})
    good = {**base, "tables": [{**base["tables"][0], "header": [{"key": "a", "label": "A"}]}]}
    with pytest.raises(TemplateError, match="左、右两段"):  # (福建's ["单位：{money_unit}"] made every export fail)
        load_template_set({**good, "header_lines": [["单位：{money_unit}"]]})
    assert load_template_set({**good, "header_lines": [["", "单位：{money_unit}"]]}).header_lines == (("", "单位：{money_unit}"),)


def test_a_new_region_is_a_data_file(tmp_path):
    """A minimal set written as data loads and checks without any new code."""
    data = {"id": "demo", "version": "1", "name": "演示", "tables": [
        {"id": "t", "title": "演示表", "header": [{"key": "item", "label": "项目", "kind": "label"},
                                              {"key": "v", "label": "金额"}],
         "rows": {"kind": "fixed", "items": [{"key": "a", "label": "甲"}, {"key": "b", "label": "乙"},
                                             {"key": "sum", "label": "合计", "band": "total"}]}}],
        "rules": [{"id": "BD-DEMO", "kind": "row_sum", "title": "合计等于甲加乙", "table": "t", "target": "sum", "terms": ["a", "b"]}]}
    ts = load_template_set(json.loads(json.dumps(data)))
    from budgetdesk.core.document import Document
    from budgetdesk.core.engine import Engine
    doc = Document(ts)
    doc.set("t", "a", "v", "1.00")
    doc.set("t", "b", "v", "2.00")
    doc.set("t", "sum", "v", "4.00")
    [f] = Engine(doc).findings()
    assert f.rule == "BD-DEMO" and str(f.difference) == "1.00"


def test_chinese_numerals():
    assert [chinese_numeral(n) for n in (1, 10, 11, 20, 31)] == ["一", "十", "十一", "二十", "三十一"]
