"""Teach once in the import report window: assign, save, and the next import places the figures."""

from budgetdesk.io.read.mappings import load_file
from tests.io.workbook_variants import amounts, seed_books, write_book


def test_assigning_an_unknown_row_and_column_in_the_report_fixes_the_next_import(window, qtbot, tmp_path, user_dir):
    seed = next(s for s in seed_books(tmp_path) if s.name == "yongchuan")
    words = {"事业收入": "单位自有收入", "基本支出": "人员公用"}
    sheets = [(n, [[words.get(t, t) if rows[0] in (["收支总表"], ["支出总表"]) else t for t in r] for r in rows])
              for n, rows in seed.sheets if "绩效" not in n]  # the tables: mappings are about them
    book = write_book(sheets, tmp_path / "own.xlsx")
    assert window.open_path(book)
    dialog = window.report_dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    panel = dialog.teach_panel
    lines = {(kind, table, label): i for i, (kind, table, label) in enumerate(panel.items)}
    panel.choose(lines[("row", "summary", "单位自有收入")], "in.business")
    panel.choose(lines[("column", "expenditure", "人员公用")], "basic")
    assert panel.save() == 2
    assert "已保存 2 条对应" in panel.status.text()
    stored = load_file(user_dir / "mappings" / "cq-budget.json")
    assert stored.rows_for("summary") == {"单位自有收入": "in.business"}
    exported = panel.export_file(tmp_path / "share.json")
    assert load_file(exported).columns_for("expenditure") == {"人员公用": "basic"}
    assert window.open_path(book)  # the next import applies what was taught
    assert amounts(window.doc) == seed.baseline
    assert "错误 0" in window.counts.text()


def test_an_extra_row_can_be_deleted_and_the_deletion_undone(window, qtbot, tmp_path):
    seed = next(s for s in seed_books(tmp_path) if s.name == "yongchuan")
    sheets = [(n, [[{"事业收入": "单位自有收入"}.get(t, t) if rows[0] == ["收支总表"] else t for t in r] for r in rows])
              for n, rows in seed.sheets]
    assert window.open_path(write_book(sheets, tmp_path / "own.xlsx"))
    [extra] = [r for r in window.doc.table("summary").rows if r.is_extra]
    window.select_table("summary")
    p = window.current_page()
    p.view.setCurrentIndex(p.model.index_of(extra.key, "in_amount"))
    assert window.remove_current_row()
    assert not any(r.is_extra for r in window.doc.table("summary").rows)
    window.undo.undo()
    assert [r.label for r in window.doc.table("summary").rows if r.is_extra] == ["单位自有收入"]
    assert window.doc.amount("summary", extra.key, "in_amount") == seed.baseline[("summary", "in.business", "in_amount")]
