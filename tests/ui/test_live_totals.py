"""实时合计 and deleting a 类 with its subtree, driven through the real widgets."""

from decimal import Decimal

from PySide6.QtCore import Qt

from budgetdesk.core.document import UnitMeta
from budgetdesk.io.files import open_document
from budgetdesk.ui.pages.table_model import COMPUTED_CELL


def page(window, table):
    window.select_table(table)
    return window.current_page()


def type_into(qtbot, p, row, column, text):
    index = p.model.index_of(row, column)
    p.view.setFocus()
    p.view.setCurrentIndex(index)
    qtbot.keyClicks(p.view, text[0])
    editor = p.view.focusWidget()
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_new_document_computes_totals_as_the_officer_types(window, qtbot):
    window.new_document("cq-budget", UnitMeta(unit_name="某某局", year=2024))
    assert window.doc.live_totals and window.live_action.isChecked() and "开" in window.live_label.text()
    p = page(window, "gpb_expenditure")
    window.add_code_row("2080101")
    window.add_code_row("2080102")
    shade = p.model.data(p.model.index_of("208", "total"), Qt.ItemDataRole.BackgroundRole)
    assert shade is not None and shade.color() == COMPUTED_CELL  # shaded like 久其's formula cells
    type_into(qtbot, p, "2080101", "basic", "10.10")
    qtbot.waitUntil(lambda: window.doc.amount("gpb_expenditure", "2080101", "basic") == Decimal("10.10"))
    type_into(qtbot, p, "2080102", "project", "5.05")
    qtbot.waitUntil(lambda: window.doc.amount("gpb_expenditure", "total", "total") == Decimal("15.15"))
    doc = window.doc
    assert doc.amount("gpb_expenditure", "2080101", "total") == Decimal("10.10")
    assert doc.amount("gpb_expenditure", "20801", "project") == Decimal("5.05")
    assert doc.amount("gpb_expenditure", "208", "total") == Decimal("15.15")
    # totals are shaded and read-only; the leaves stay editable
    total = p.model.index_of("208", "total")
    assert not (p.model.flags(total) & Qt.ItemFlag.ItemIsEditable)
    assert p.model.flags(p.model.index_of("2080101", "basic")) & Qt.ItemFlag.ItemIsEditable
    assert not p.model.setData(total, "99")
    assert not [f for f in window.checker.findings() if f.rule in ("BD-SUM-HIER", "BD-COL-GPB")]  # own sums hold
    # one keystroke's totals undo with it
    window.undo.undo()
    assert doc.amount("gpb_expenditure", "208", "total") == Decimal("10.10")
    assert doc.amount("gpb_expenditure", "2080102", "project") is None


def test_imported_published_figures_keep_their_totals_and_the_switch_is_saved(window, qtbot, tmp_path):
    assert not window.doc.live_totals and "关" in window.live_label.text()
    p = page(window, "gpb_expenditure")
    assert p.model.flags(p.model.index_of("208", "total")) & Qt.ItemFlag.ItemIsEditable
    window.live_action.trigger()  # switch on: every total filled once; the sample's rounding stays 尾差
    assert window.doc.live_totals
    assert "错误 0" in window.counts.text() and "尾差 29" in window.counts.text()
    parent = window.doc.amount("gpb_expenditure", "20801", "basic")
    p.model.setData(p.model.index_of("2080101", "basic"), "1834.08")  # 100 more
    assert window.doc.amount("gpb_expenditure", "2080101", "total") == Decimal("1834.08")
    leaves = [r.key for r in window.doc.table("gpb_expenditure").code_rows() if r.key.startswith("20801") and len(r.key) == 7]
    exact = sum(window.doc.amount("gpb_expenditure", k, "basic") or 0 for k in leaves)
    assert parent == Decimal("2086.84") and exact == Decimal("2186.85")  # published 2,086.84 was Σ − 0.01
    assert window.doc.amount("gpb_expenditure", "20801", "basic") == exact  # the edited chain is now exact
    for suffix in (".bdesk", ".json"):
        assert window.save_to(tmp_path / f"live{suffix}")
        reopened, _ = open_document(tmp_path / f"live{suffix}")
        assert reopened.live_totals
    window.undo.undo()
    window.undo.undo()
    assert not window.doc.live_totals and not window.live_action.isChecked()


def test_deleting_a_class_row_removes_its_subtree_in_one_undo_step(window):
    p = page(window, "expenditure")
    before = [r.key for r in window.doc.table("expenditure").rows]
    p.view.setCurrentIndex(p.model.index_of("208", "total"))
    asked = []
    window.confirm = lambda title, text: asked.append(text) or False
    assert not window.remove_current_row()  # refused: nothing changes
    assert "下级科目" in asked[0] and window.doc.table("expenditure").has_row("208")
    window.confirm = lambda title, text: True
    assert window.remove_current_row()
    keys = [r.key for r in window.doc.table("expenditure").rows]
    assert not any(k.startswith("208") for k in keys)
    assert not [f for f in window.checker.findings() if f.table == "expenditure" and f.rule == "BD-SUM-HIER"
                and f.severity.value == "error" and f.row != "total"]  # no orphaned 款/项
    window.undo.undo()
    assert [r.key for r in window.doc.table("expenditure").rows] == before
    assert window.doc.amount("expenditure", "2080101", "total") == Decimal("1734.08")
    assert "错误 0" in window.counts.text()


def test_fill_totals_with_live_totals_on_keeps_published_rounding(window):
    window.set_live_totals(True)
    window.select_table("gpb_expenditure")
    window.doc.set("gpb_expenditure", "208", "total", None)  # a blank total (set behind the GUI's back)
    assert window.fill_totals(all_tables=False) >= 1
    # takes the figure 财政拨款收支总表 publishes, within rounding of Σ款; not re-made exact by the live step
    assert window.doc.amount("gpb_expenditure", "208", "total") == Decimal("12960.46")
    assert "错误 0" in window.counts.text()
