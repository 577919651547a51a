"""A region's variant is one small data file: the national 9-table 决算 package extends the Sichuan 13."""

import json

from budgetdesk.io.store.interchange import document_from_dict
from budgetdesk.resources import load_template, sample_path
from tests.conftest import engine_for

NATIONAL = ["收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表", "一般公共预算财政拨款支出决算表",
            "一般公共预算财政拨款基本支出决算表", "一般公共预算财政拨款“三公”经费支出决算表",
            "政府性基金预算财政拨款收入支出决算表", "国有资本经营预算财政拨款支出决算表"]


def test_national_variant_has_the_nine_tables_in_order_and_drops_rules_of_removed_tables():
    ts = load_template("central-final-accounts")
    assert ts.kind == "final_accounts"
    assert [t.title for t in ts.tables] == NATIONAL
    assert not any({"fiscal_detail", "gpb_detail", "gpb_project", "soe_inout"} & r.tables() for r in ts.rules)
    assert ts.rule("BD-FA-X-FISCAL-SOE").params["right"]["table"] == "soe_expenditure"  # re-linked by the variant


def test_leshan_figures_in_the_national_format_check_clean():
    data = json.loads(sample_path("leshan-2024-final.json").read_text(encoding="utf-8"))
    ts = load_template("central-final-accounts")
    data["template_set"]["id"] = ts.id
    data["tables"] = [_in_blocks(t) if t["id"] == "gpb_basic" else t for t in data["tables"] if ts.has_table(t["id"])]
    doc = document_from_dict(data, load_template)
    summary = engine_for(doc).summary()
    assert (summary.errors, summary.warnings) == (0, 0)
    doc.set("soe_expenditure", "total", "total", "5.00")
    assert any(f.rule == "BD-FA-X-FISCAL-SOE" for f in engine_for(doc).findings())


def _in_blocks(table: dict) -> dict:
    """四川's 基本支出决算表 (合计 | 人员经费 | 公用经费 per 科目) as the national one prints it: one 决算数 per 科目,
    the 人员经费合计 and 公用经费合计 lines under the two blocks (the 合计 line's two columns)."""
    cells = [c for c in table["cells"] if c["row"] != "total" and c["column"] in ("code", "name", "total")]
    totals = {c["column"]: c["value"] for c in table["cells"] if c["row"] == "total"}
    cells += [{"row": "personnel_total", "column": "total", "value": totals["personnel"]},
              {"row": "public_total", "column": "total", "value": totals["public"]}]
    return {**table, "rows": [r for r in table["rows"] if r["key"] != "total"], "cells": cells}
