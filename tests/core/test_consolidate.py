"""部门汇总 in the core: sums per cell, union of 科目 rows, refusals, and the wider rounding allowance."""

from decimal import Decimal

import pytest

from budgetdesk.core.consolidate import ConsolidationError, class_contributions, consolidate
from budgetdesk.core.document import UnitMeta
from budgetdesk.io.read.disclosure_text import read_disclosure
from budgetdesk.io.files import open_document
from budgetdesk.resources import load_template, sample_path
from tests.conftest import SEED_FILES, engine_for


def sample():
    return open_document(sample_path())[0]


def test_two_copies_double_every_amount_with_no_error():
    a, b = sample(), sample()
    merged = consolidate([a, b], unit_name="永川区人社局（汇总）", unit_code="001")
    assert merged.consolidated_from == 2
    assert merged.meta == UnitMeta("永川区人社局（汇总）", "001", 2024, a.meta.money_unit)
    amounts = 0
    for tid, table in a.tables.items():
        other = merged.tables[tid]
        assert [r.key for r in other.rows] == [r.key for r in table.rows]
        for key, v in table.cells.items():
            if isinstance(v, Decimal):
                assert other.cells[key] == 2 * v, (tid, key)
                amounts += 1
            else:
                assert other.cells[key] == v
    assert amounts > 300
    summary = engine_for(merged).summary()
    assert summary.errors == 0 and summary.warnings == 0


def test_code_rows_are_united_in_code_order_and_names_kept():
    a, b = sample(), sample()
    b.add_code_row("expenditure", "2130101", "行政运行", with_parents=True,
                   names={"213": "农林水支出", "21301": "农业农村"}.get)
    b.set("expenditure", "2130101", "total", "1.00")
    merged = consolidate([a, b])
    codes = [r.code for r in merged.tables["expenditure"].code_rows()]
    assert codes == sorted(codes, key=lambda c: (c[:3], c[3:5], c[5:]))
    assert {"213", "21301", "2130101"} <= set(codes)
    assert merged.tables["expenditure"].row("213").label == "农林水支出"
    assert merged.amount("expenditure", "2130101", "total") == Decimal("1.00")
    assert not a.tables["expenditure"].has_row("2130101")  # only b had it


def test_mixed_templates_years_and_money_units_are_refused():
    path, template = SEED_FILES["haigang"]
    hebei, _ = read_disclosure(path, load_template(template))
    with pytest.raises(ConsolidationError, match="模板不同.*cq-budget.*hebei-budget"):
        consolidate([sample(), hebei])
    other_year = sample()
    other_year.set_meta(UnitMeta(other_year.meta.unit_name, "", 2023, other_year.meta.money_unit))
    with pytest.raises(ConsolidationError, match="年度不同"):
        consolidate([sample(), other_year], names=["甲", "乙"])
    yuan = sample()
    yuan.set_meta(UnitMeta(yuan.meta.unit_name, "", 2024, "元"))
    with pytest.raises(ConsolidationError, match="金额单位不同的文件（甲：万元；乙：元）"):
        consolidate([sample(), yuan], names=["甲", "乙"])
    with pytest.raises(ConsolidationError):
        consolidate([])


def test_rounding_allowance_grows_with_the_number_of_units_summed():
    """Three units each 0.01 off by rounding on a 类 line: 0.03 in the sum is rounding, not an error."""
    units = []
    for _ in range(3):
        d = sample()
        d.set("expenditure", "208", "total", d.amount("expenditure", "208", "total") + Decimal("0.01"))
        units.append(d)
    merged = consolidate(units)
    findings = [f for f in engine_for(merged).findings() if f.row == "208" and f.column == "total"]
    assert findings and all(f.severity.value == "rounding" for f in findings)
    alone = consolidate(units)
    alone.consolidated_from = 1  # the same figures as if one unit had published them
    assert any(f.severity.value == "error" for f in engine_for(alone).findings()
               if f.row == "208" and f.column == "total")


def test_merging_merged_documents_counts_their_units():
    a = consolidate([sample(), sample()])
    b = consolidate([a, sample()])
    assert b.consolidated_from == 3


def test_class_contributions_name_every_unit_per_class():
    a, b = sample(), sample()
    rows = class_contributions([a, b], ["甲", "乙"])
    assert {r.unit for r in rows} == {"甲", "乙"}
    assert all(len(r.code) == 3 for r in rows)
    total_208 = [r for r in rows if r.table == "expenditure" and r.code == "208" and r.column == "total"]
    assert [r.amount for r in total_208] == [a.amount("expenditure", "208", "total")] * 2
