"""A 决算's 绩效自评表 in the window (国家信访局 2024, read from its PDF): the page and its navigator entry say
自评表, the form shows the funding lines and the 总分 as printed, and a 得分 typed above its 分值 is an error at
once — on a form read from a PDF, as its arithmetic compares printed figures — that undo takes back."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from budgetdesk.ui.pages.table_model import ERROR_CELL
from tests.ui.pages.test_performance_page import cell_at, type_into

PDF = Path(__file__).resolve().parents[2] / "fixtures" / "real" / "zy_gjxfj_2024_final.pdf"
KEY = "信访研究宣传立法专项"


@pytest.fixture
def evaluation(window):
    assert window.open_path(PDF)
    window.report_dialog.close()
    window.select_table("performance")
    page = window.performance_page
    assert window.stack.currentWidget() is page
    page.select_key(KEY)
    return window, page


def test_the_page_shows_the_self_evaluation_as_printed(evaluation):
    window, page = evaluation
    assert window.navigator.item(window.navigator.count() - 1).text() == "✓　绩效自评表"
    assert [page.targets.item(i).text() for i in range(page.targets.count())] == [
        "项目｜信访干部培训专项", "项目｜信访研究宣传立法专项", "项目｜资产运行维护", "项目｜信息化运行维护"]
    assert page.title.text() == "2024年项目支出绩效自评表"
    model = page.model
    shown = {c.field: model.data(model.index(c.row, c.col)) for c in model.layout_.cells if c.field}
    assert shown["funding.initial:上年结转"] == "20.00" and shown["execution_rate"] == "77.13%"
    assert shown["score_weight"] == "100" and shown["score"] == "94.7"
    top = model.layout_.indicator_row - 1
    assert [model.data(model.index(top, c)) for c in range(1, 9)] == [
        "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]


def test_a_score_typed_above_its_weight_is_an_error_at_once_and_undone(evaluation, qtbot):
    window, page = evaluation
    type_into(qtbot, page, "indicator:1:score", "19")  # 形成的研究成果数: 分值 9
    qtbot.waitUntil(lambda: window.doc.performance.get(KEY).indicators[1].score == D(19))
    found = {f.rule: f for f in window.checker.findings() if f.table == "performance"}
    assert found["BD-PE-SCORE-CAP"].severity.value == "error" and "得分 19 超过分值 9" in found["BD-PE-SCORE-CAP"].message
    assert found["BD-PE-SCORE"].severity.value == "error"  # the 总分 94.7 no longer the sum (104.7)
    assert page.model.data(cell_at(page, "indicator:1:score"), Qt.ItemDataRole.BackgroundRole).color() == ERROR_CELL
    assert window.navigator.item(window.navigator.count() - 1).text().startswith("✗ 2")
    window.undo.undo()
    assert window.doc.performance.get(KEY).indicators[1].score == D(9)
    assert not [f for f in window.checker.findings() if f.table == "performance" and f.severity.value == "error"]
