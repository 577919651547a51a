"""北京市级部门预算 (预算01—11表) read from the published PDFs: every printed figure placed, no false alarm.

The 明细表 (支出总表 by 功能 × 政府经济 × 部门经济 科目, 一般公共预算支出表 in one block per unit, so the same
科目 printed on several lines) are read line by line (row model ``lines``), each line a row of its own.
"""

from decimal import Decimal
from pathlib import Path

import pytest

from budgetdesk.core.findings import Severity
from budgetdesk.io.files import open_document, save_document
from tests.conftest import engine_for

REAL = Path(__file__).resolve().parents[2] / "fixtures" / "real"
PACKAGES = {"bj_czj_2026_budget_tables.pdf": 405, "bj_sjj_2026_budget_tables.pdf": 376}


@pytest.fixture(scope="module", params=sorted(PACKAGES))
def reading(request):
    doc, report = open_document(REAL / request.param)
    return request.param, doc, report


def lines(doc, table):
    return [r for r in doc.table(table).rows if r.is_extra]


def test_every_table_and_every_printed_figure_is_read(reading):
    name, doc, report = reading
    assert doc.template_set.id == "bj-budget"
    assert {t.table for t in report.tables} == {t.id for t in doc.template_set.tables}
    assert report.unplaced == [] and report.placed == PACKAGES[name] == sum(t.printed for t in report.tables)
    assert not [k for k in doc.unread if not k.startswith("绩效:")]  # only the PDF-read 绩效 forms are 未核对


def test_no_error_on_the_published_tables(reading):
    _name, doc, _report = reading
    engine = engine_for(doc)
    assert [f for f in engine.findings() if f.severity in (Severity.ERROR, Severity.WARNING)] == []
    # the relations did run: each line's 合计 against its parts, each 明细表's 合计 against its lines
    lines_of_expenditure = len(lines(doc, "expenditure"))
    assert engine.check_count > 2 * lines_of_expenditure > 100


def test_lines_keep_their_subjects_and_repeated_subjects_stay_apart():
    doc, _ = open_document(REAL / "bj_czj_2026_budget_tables.pdf")
    first = lines(doc, "expenditure")[0]
    assert first.label == "2010601-行政运行"
    assert doc.get("expenditure", first.key, "gov_econ") == "50101-工资奖金津补贴"
    assert doc.get("expenditure", first.key, "dept_econ") == "30101-基本工资"
    assert doc.amount("expenditure", first.key, "total") == Decimal("1721.982000")
    running = [r for r in lines(doc, "gpb_expenditure") if r.label == "2010601"]
    assert [doc.amount("gpb_expenditure", r.key, "total") for r in running] == [Decimal("10096.054007"),
                                                                               Decimal("7239.974050")]
    assert doc.amount("gpb_expenditure", "total", "total") == Decimal("44169.357532")
    assert doc.amount("income", "amount", "carry") == Decimal("12.717412")
    assert doc.amount("three_public", "amount", "car_purchase") == Decimal("44.920000")


def test_a_changed_line_is_an_error_on_the_total_it_breaks():
    doc, _ = open_document(REAL / "bj_czj_2026_budget_tables.pdf")
    line = lines(doc, "expenditure")[0]
    doc.set("expenditure", line.key, "total", "1821.982000")  # 100 more than its 基本支出 and than 合计 allows
    errors = [f for f in engine_for(doc).findings() if f.severity is Severity.ERROR]
    rules = {f.rule for f in errors}
    assert "BD-BJ-ROW-EXPEND" in rules  # 合计 ≠ Σ lines
    assert "BD-BJ-COL-EXPEND" in rules  # the line's 合计 ≠ 基本 + 项目 (the 其中 columns are parts of it, not added)
    [on_total] = [f for f in errors if f.rule == "BD-BJ-ROW-EXPEND" and f.column == "total"]
    assert on_total.row == "total" and on_total.difference == Decimal("-100")


def test_lines_survive_the_project_file(tmp_path):
    doc, _ = open_document(REAL / "bj_sjj_2026_budget_tables.pdf")
    again, _ = open_document(save_document(doc, tmp_path / "bj.bdesk"))
    for table in ("expenditure", "gpb_expenditure", "gpb_basic", "purchased_services"):
        assert [(r.label, again.get(table, r.key, "total")) for r in lines(again, table)] == \
               [(r.label, doc.get(table, r.key, "total")) for r in lines(doc, table)]
    assert again.get("expenditure", lines(again, "expenditure")[3].key, "dept_econ") == \
           doc.get("expenditure", lines(doc, "expenditure")[3].key, "dept_econ")


def test_exports_print_the_six_places_beijing_prints(tmp_path):
    import openpyxl

    doc, _ = open_document(REAL / "bj_czj_2026_budget_tables.pdf")
    book = openpyxl.load_workbook(save_document(doc, tmp_path / "bj.xlsx"))
    sheet = next(ws for ws in book.worksheets if ws.title.startswith("支出总表") or "支出总表" in str(ws["A1"].value))
    amounts = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, (int, float, Decimal))]
    assert amounts and {c.number_format for c in amounts} == {"#,##0.000000"}
    again, report = open_document(tmp_path / "bj.xlsx")  # and read back whole, line by line
    assert report.unplaced == [] and again.amount("expenditure", "total", "total") == Decimal("44169.357532")
    assert len(lines(again, "expenditure")) == len(lines(doc, "expenditure"))


def test_a_figure_under_a_subject_column_is_unplaced_not_taken_for_text(tmp_path):
    """北京水务局 2026: the 合计 line's first figure came out under 部门支出经济分类科目 — kept as that column's text it
    left 合计 blank and gave three false errors; now it is an unplaced figure and the table is 未核对."""
    import openpyxl

    doc, _ = open_document(REAL / "bj_czj_2026_budget_tables.pdf")
    path = save_document(doc, tmp_path / "bj.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = next(ws for ws in book.worksheets if "支出总表" in str(ws["A1"].value) and "财政拨款" not in str(ws["A1"].value))
    total = next(r for r in sheet.iter_rows() if r[0].value and "合" in str(r[0].value) and "计" in str(r[0].value))
    total[2].value, total[3].value = "44,169.357532", None  # 部门支出经济分类科目 ← 合计
    book.save(path)
    again, report = open_document(path)
    [slipped] = [u for u in report.unplaced if u.text == "44,169.357532"]
    assert "部门支出经济分类科目" in slipped.reason and "expenditure" in again.unread
    errors = {f.rule for f in engine_for(again).findings() if f.severity is Severity.ERROR and f.table == "expenditure"}
    assert errors == {"IMPORT-INCOMPLETE"}
