"""A relation resting on what the file did not let us read is 未核对 with the reason, never an error.

``Document.unread`` marks a table whose blank cells were not read (the file lacked it, or printed
figures the reader could not place). The engine turns a failing check that reads such a blank, looks
for a 科目 in such a table, or sums such a table's rows into an INFO finding naming the table and why;
the officer typing into the table takes it over and the relation is checked again.
"""

from budgetdesk.core.findings import Severity
from tests.conftest import engine_for


def by_key(engine):
    return {f.key: f for f in engine.findings()}


def test_a_missing_table_makes_its_relations_unchecked_not_errors(sample_doc):
    t = sample_doc.table("expenditure")
    for r in list(t.rows):  # the file "did not contain" the 支出总表: nothing of it was read
        for c in t.template.columns:
            if c.kind == "amount":
                sample_doc.set("expenditure", r.key, c.key, None)
    sample_doc.mark_unread("expenditure", "在样本.pdf中没有找到")
    findings = engine_for(sample_doc).findings()
    # the one error is that the table was not read (IMPORT-INCOMPLETE), none of the relations with it
    [not_read] = [f for f in findings if f.severity is Severity.ERROR]
    assert not_read.rule == "IMPORT-INCOMPLETE" and not_read.table == "expenditure"
    assert not_read.message.startswith("《支出总表》没有读全：在样本.pdf中没有找到")
    unchecked = [f for f in findings if f.severity is Severity.INFO]
    assert unchecked and all("《支出总表》在样本.pdf中没有找到" in f.message for f in unchecked)
    assert all(f.message.startswith("未核对：") and not f.suspects for f in unchecked)
    # a relation against the missing table keeps its figures, so the officer sees what would be compared
    summary_class = [f for f in unchecked if f.rule == "BD-X-SUMMARY-CLASS"]
    assert summary_class and all(f.expected is not None and f.actual is not None for f in summary_class)


def test_a_wrong_figure_in_read_cells_is_still_an_error(sample_doc):
    sample_doc.mark_unread("three_public", "（第9页）有 2 处印出的数字未能放入")
    sample_doc.set("expenditure", "2080101", "total", "1834.08")  # a real inconsistency between read cells
    errors = {(f.rule, f.row) for f in engine_for(sample_doc).findings() if f.severity is Severity.ERROR}
    assert ("BD-COL-EXPEND", "2080101") in errors


def test_a_sum_over_the_rows_of_a_partly_read_table_is_unchecked(sample_doc):
    sample_doc.remove_row("expenditure", "2080101")  # as if the reader had not found this 项 line
    engine = engine_for(sample_doc)
    hier = [f for f in engine.findings() if f.rule == "BD-SUM-HIER" and f.severity is Severity.ERROR]
    assert hier, "removing a 项 leaves its 款 unequal to the sum of its rows"
    sample_doc.mark_unread("expenditure", "（第5页）有 3 处印出的数字未能放入")
    after = engine_for(sample_doc).findings()
    assert not [f for f in after if f.rule == "BD-SUM-HIER" and f.table == "expenditure"
                and f.severity is Severity.ERROR]
    assert [f for f in after if f.rule == "BD-SUM-HIER" and f.severity is Severity.INFO]


def test_typing_into_an_unread_table_takes_it_over_live(sample_doc):
    engine = engine_for(sample_doc)
    engine.watch()
    t = sample_doc.table("expenditure")
    sample_doc.set("expenditure", "2080101", "total", None)  # a printed figure the reader could not place
    sample_doc.mark_unread("expenditure", "（第5页）有 1 处印出的数字未能放入")
    assert [f.rule for f in engine.findings() if f.table == "expenditure" and f.severity is Severity.ERROR] == \
        ["IMPORT-INCOMPLETE"]
    assert "expenditure" in sample_doc.unread
    sample_doc.set("expenditure", "2080102", "total", t.amount("2080102", "total"))  # unchanged: not an edit
    assert "expenditure" in sample_doc.unread
    sample_doc.set("expenditure", "208", "basic", t.amount("208", "basic") + 1)  # the officer types in the table
    assert "expenditure" not in sample_doc.unread
    assert "IMPORT-INCOMPLETE" not in {f.rule for f in engine.findings()}  # taken over: no longer “not read”
    live = sorted((f.key, f.severity) for f in engine.findings())
    assert live == sorted((f.key, f.severity) for f in engine_for(sample_doc).findings())
    assert [f for f in engine.findings() if f.table == "expenditure" and f.row == "2080101"
            and f.severity is Severity.ERROR]
