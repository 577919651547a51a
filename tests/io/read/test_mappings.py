"""Teach once: a label no rule recognises is assigned to a template row/column, saved, and applied at later imports."""

import json

import pytest

from budgetdesk.cli import main
from budgetdesk.io.files import open_document
from budgetdesk.io.read.mappings import LabelMappings, MappingError, MappingStore, file_source, load_file, save_file
from tests.io.workbook_variants import amounts, error_keys, seed_books, write_book


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    return next(s for s in seed_books(tmp_path_factory.mktemp("seeds")) if s.name == "yongchuan")


@pytest.fixture(scope="module")
def own_words_book(seed, tmp_path_factory):
    """Yongchuan's workbook with one row and one column in words of the unit's own."""
    words = {"事业收入": "单位自有收入", "基本支出": "人员公用"}
    sheets = [(name, [[words.get(t, t) if rows[0] in (["收支总表"], ["支出总表"]) else t for t in row] for row in rows])
              for name, rows in seed.sheets if "绩效" not in name]  # the tables only: mappings are about them
    return write_book(sheets, tmp_path_factory.mktemp("book") / "own.xlsx")


def taught():
    m = LabelMappings("cq-budget")
    m.teach_row("summary", "单位自有收入", "in.business")
    m.teach_column("expenditure", "人员  公用", "basic")  # spacing and numbering need not match later
    return m


def test_unknown_labels_are_listed_for_teaching(own_words_book):
    doc, report = open_document(own_words_book)
    assert ("summary", "单位自有收入") in [(t, label) for t, label, _ in report.unknown_rows]
    assert ("expenditure", "人员公用") in [(t, leaf) for t, leaf, _ in report.unknown_columns]
    assert any(u.location.startswith("支出总表!") for u in report.unplaced)  # the column's figures, named
    assert [r.label for r in doc.table("summary").rows if r.is_extra] == ["单位自有收入"]  # kept meanwhile


def test_a_taught_mapping_is_applied_at_the_next_import(own_words_book, seed, tmp_path):
    store = MappingStore(tmp_path / "mappings")
    store.save(taught())
    assert store.path("cq-budget").exists()
    doc, report = open_document(own_words_book, mappings=store.source())
    assert report.unplaced == [] and report.unknown_rows == [] and report.unknown_columns == []
    assert amounts(doc) == seed.baseline
    assert error_keys(doc) == set()  # the tables' errors (the 绩效 sheets are read on their own)


def test_mappings_travel_as_a_file_and_merge(tmp_path):
    exported = save_file(taught(), tmp_path / "对应表.json")
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["format"] == "budgetdesk-mappings" and data["template_set"] == "cq-budget"
    other = MappingStore(tmp_path / "elsewhere")
    mine = LabelMappings("cq-budget")
    mine.teach_row("summary", "附属收入", "in.other")
    other.save(mine)
    merged = other.import_file(exported)
    assert merged.rows_for("summary") == {"附属收入": "in.other", "单位自有收入": "in.business"}
    assert other.load("cq-budget").columns_for("expenditure") == {"人员公用": "basic"}
    assert file_source(exported)("hebei-budget") is None  # applies to its own template set only


def test_mappings_name_only_what_the_template_has(cq, tmp_path):
    m = taught()
    m.teach_column("expenditure", "x", "nonexistent")
    assert m.validate(cq) == ["《支出总表》中没有列 nonexistent"]
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(MappingError, match="bad.json"):
        load_file(bad)
    bad.write_text('{"format": "other"}', encoding="utf-8")
    with pytest.raises(MappingError, match="不是 budgetdesk 的对应表文件"):
        load_file(bad)
    store = MappingStore(tmp_path)
    (tmp_path / "cq-budget.json").write_text("garbage", encoding="utf-8")
    assert len(store.load("cq-budget")) == 0  # a damaged store does not stop imports


def test_cli_check_applies_an_aliases_file(own_words_book, tmp_path, capsys):
    aliases = save_file(taught(), tmp_path / "a.json")
    assert main(["check", "--quiet", str(own_words_book)]) == 1  # 事业收入 missing from the cross-table checks
    capsys.readouterr()
    assert main(["check", "--quiet", "--aliases", str(aliases), str(own_words_book)]) == 0
    assert "所有数据均已放入" in capsys.readouterr().out
    assert main(["convert", "--aliases", str(aliases), str(own_words_book), str(tmp_path / "o.bdesk")]) == 0
    (tmp_path / "broken.json").write_text("[]", encoding="utf-8")
    assert main(["check", "--aliases", str(tmp_path / "broken.json"), str(own_words_book)]) == 2


def test_a_text_disclosure_uses_taught_labels_too(tmp_path):
    from budgetdesk.io.files import open_document as open_any
    from tests.conftest import SEED_FILES

    path, _ = SEED_FILES["yongchuan"]
    text = path.read_text(encoding="utf-8").replace("事业收入\t", "单位自有收入\t", 1)
    own = tmp_path / "own.txt"
    own.write_text(text, encoding="utf-8")
    doc, report = open_any(own, "cq-budget")
    assert ("summary", "单位自有收入") in [(t, label) for t, label, _ in report.unknown_rows]
    m = LabelMappings("cq-budget")
    m.teach_row("summary", "单位自有收入", "in.business")
    doc, report = open_any(own, "cq-budget", lambda ts: m)
    assert report.unknown_rows == [] and doc.amount("summary", "in.business", "in_amount") is not None


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero", "/dev/urandom", "folder", "deep", "big", "not utf-8"])
def test_an_aliases_file_that_is_not_one_is_refused_quickly(kind, tmp_path, capsys):
    """Issue 29: a FIFO hung ``check --aliases``; /dev/zero and /dev/urandom ran out of memory and deeply nested JSON
    overflowed the recursion (exit 3). Only a regular file of bounded size and depth is read: exit 2, one line."""
    import os
    import time

    if kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("Windows has no FIFO files in a folder (its named pipes live under \\\\.\\pipe\\)")
        path = tmp_path / "aliases.json"
        os.mkfifo(path)
    elif kind == "folder":
        path = tmp_path
    elif kind == "deep":
        path = tmp_path / "deep.json"
        path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    elif kind == "big":
        path = tmp_path / "big.json"
        path.write_text(json.dumps({"format": "budgetdesk-mappings", "pad": "x" * (9 << 20)}), encoding="utf-8")
    elif kind == "not utf-8":
        path = tmp_path / "gbk.json"
        path.write_bytes('{"format": "对应表"}'.encode("gbk"))
    else:
        path = type(tmp_path)(kind)
    started = time.monotonic()
    with pytest.raises(MappingError, match=path.name):
        load_file(path)
    assert main(["check", "--aliases", str(path)]) == 2
    err = capsys.readouterr().err
    assert path.name in err and "Traceback" not in err and "内部错误" not in err
    assert time.monotonic() - started < 10
