"""A 科目 printed on two lines of one table is never written over: the second line is listed as unplaced.

北京's 支出总表 lists every unit's lines one after the other (2010601 行政运行 once per unit and economic
subject); reading them as one 科目 row kept only the last line's figures and reported the table as fully read.
"""

from decimal import Decimal

import pytest

from budgetdesk.io.files import open_document
from tests.io.workbook_variants import seed_books, write_book


def _yongchuan_with(tmp_path_factory, name: str, change) -> object:
    """Yongchuan's workbook with its 支出总表 rows changed by ``change(rows, first)`` (first: the 2080101 line)."""
    seed = next(s for s in seed_books(tmp_path_factory.mktemp("seeds")) if s.name == "yongchuan")
    sheets = []
    for sheet, rows in seed.sheets:
        rows = [list(r) for r in rows]
        if rows[0] == ["支出总表"]:
            change(rows, next(i for i, r in enumerate(rows) if r and r[0] == "2080101"))
        sheets.append((sheet, rows))
    return write_book(sheets, tmp_path_factory.mktemp("book") / name)


@pytest.fixture(scope="module")
def book_with_a_repeated_code(tmp_path_factory):
    """Yongchuan's 支出总表 with a second 2080101 行政运行 line (合计 1) printed just above 合计."""
    def again_with_1(rows, first):
        again = list(rows[first])
        again[2:] = ["1"] + [""] * (len(again) - 3)
        rows.insert(len(rows) - 1, again)

    return _yongchuan_with(tmp_path_factory, "repeated.xlsx", again_with_1)


def test_the_first_line_keeps_its_figures_and_the_second_is_reported(book_with_a_repeated_code):
    doc, report = open_document(book_with_a_repeated_code)
    assert doc.amount("expenditure", "2080101", "total") == Decimal("1734.08")
    [unplaced] = [u for u in report.unplaced if "2080101" in u.reason]
    assert unplaced.text == "1" and "印了两行" in unplaced.reason and "支出总表!A7" in unplaced.reason
    assert "expenditure" in doc.unread



@pytest.fixture(scope="module")
def book_with_a_line_printed_twice(tmp_path_factory):
    """Yongchuan's 支出总表 with its 2080101 行政运行 line printed again, word for word, right under itself."""
    return _yongchuan_with(tmp_path_factory, "twice.xlsx", lambda rows, first: rows.insert(first + 1, list(rows[first])))


def test_a_line_printed_twice_alike_is_read_once(book_with_a_line_printed_twice):
    """无锡发改委 2025 prints “21999 其他支出 502.00 … 502.00” twice (a 款 with no 项 again at the 项 level): with
    the same name and figures there is nothing to choose between; the table is read whole and says so."""
    doc, report = open_document(book_with_a_line_printed_twice)
    assert doc.amount("expenditure", "2080101", "total") == Decimal("1734.08")
    assert not [u for u in report.unplaced if "2080101" in u.reason] and "expenditure" not in doc.unread
    assert any("科目 2080101 与" in n and "按一行读入" in n for n in report.notices)
    table = next(t for t in report.tables if t.table == "expenditure")
    assert table.placed >= table.printed

