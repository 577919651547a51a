"""北京's 明细表 in the window: every printed line a row with its 科目 texts, amounts shown to the 6 places printed,
and a figure typed into a line checked live against the table's 合计."""

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt

from budgetdesk.core.findings import Severity
from tests.ui.test_main_window import page, type_into

BEIJING = Path(__file__).resolve().parents[2] / "fixtures" / "real" / "bj_czj_2026_budget_tables.pdf"


def shown(p, row, column):
    return p.model.data(p.model.index_of(row, column), Qt.ItemDataRole.DisplayRole)


def test_lines_show_their_subjects_and_six_places_and_typing_is_checked(window, qtbot):
    assert window.open_path(BEIJING)
    p = page(window, "expenditure")
    first = next(r for r in window.doc.table("expenditure").rows if r.is_extra)
    assert shown(p, first.key, "func") == "2010601-行政运行"
    assert shown(p, first.key, "gov_econ") == "50101-工资奖金津补贴"
    assert shown(p, first.key, "total") == "1,721.982000"  # as 北京 prints it, not rounded to 1,721.98
    type_into(qtbot, p, first.key, "total", "1821.982")
    qtbot.waitUntil(lambda: window.doc.amount("expenditure", first.key, "total") == Decimal("1821.982"))
    assert shown(p, first.key, "total") == "1,821.982000"
    errors = {(f.rule, f.row) for f in window.checker.findings() if f.severity is Severity.ERROR}
    assert ("BD-BJ-ROW-EXPEND", "total") in errors and ("BD-BJ-COL-EXPEND", first.key) in errors
