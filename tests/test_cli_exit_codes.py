"""Exit codes scripts can rely on: 0 clean, 1 errors found, 2 a file could not be read or written, 3 internal error.

Never a traceback on the console: an internal error is one line there and the traceback in the log.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from budgetdesk import cli
from budgetdesk.cli import main
from budgetdesk.io.applog import log_path
from tests.conftest import SEED_FILES


@pytest.fixture(autouse=True)
def user_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETDESK_USER_DIR", str(tmp_path / "user"))
    return tmp_path / "user"


def test_a_damaged_workbook_exits_2_without_traceback(tmp_path, sample_doc):
    from budgetdesk.io.files import save_document

    book = save_document(sample_doc, tmp_path / "y.xlsx")
    data = bytearray(book.read_bytes())
    data[len(data) // 3: len(data) // 3 + 40] = b"\x00" * 40  # damage inside the compressed sheets
    book.write_bytes(bytes(data))
    env = {**os.environ, "BUDGETDESK_USER_DIR": str(tmp_path / "user")}
    result = subprocess.run([sys.executable, "-m", "budgetdesk", "check", str(book)], capture_output=True, text=True,
                            encoding="utf-8", env=env, cwd=Path(__file__).parent.parent)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr + result.stdout and "y.xlsx" in result.stderr


def test_an_internal_error_exits_3_with_the_traceback_in_the_log(monkeypatch, capsys, user_dir):
    class Broken:
        def __init__(self, *args):
            raise ZeroDivisionError("boom")

    monkeypatch.setattr("budgetdesk.core.engine.Engine", Broken)  # the rules engine fails on the file being checked
    assert main(["check"]) == 3
    err = capsys.readouterr().err
    assert "内部错误" in err and "Traceback" not in err and str(log_path()) in err
    assert "ZeroDivisionError: boom" in log_path().read_text(encoding="utf-8")
    assert log_path().is_relative_to(user_dir)


def test_internal_error_outside_a_file_exits_3(monkeypatch, capsys):
    monkeypatch.setattr(cli, "cmd_templates", lambda: 1 / 0)
    assert main(["templates"]) == 3
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root may write anywhere")
def test_convert_to_an_unwritable_folder_exits_2_with_a_message(tmp_path, capsys):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        for suffix in (".bdesk", ".xlsx", ".json", ".pdf"):
            assert main(["convert", str(SEED_FILES["yongchuan"][0]), str(locked / f"out{suffix}")]) == 2
            err = capsys.readouterr().err
            assert "无法写出" in err and "Traceback" not in err
        assert list(locked.iterdir()) == []  # no temporary file left behind
    finally:
        locked.chmod(0o700)


def test_convert_into_a_missing_folder_exits_2_with_a_message(tmp_path, capsys):
    for suffix in (".bdesk", ".xlsx", ".json", ".pdf"):
        assert main(["convert", str(SEED_FILES["yongchuan"][0]), str(tmp_path / "nowhere" / f"out{suffix}")]) == 2
        err = capsys.readouterr().err
        assert "无法写出" in err and "nowhere" in err and "Traceback" not in err


def test_convert_prints_what_the_sanitiser_changed(tmp_path, capsys, sample_doc):
    from budgetdesk.io.files import save_document

    sample_doc.set("expenditure", "2080101", "name", "行政运行\x07𠮷")
    source = save_document(sample_doc, tmp_path / "s.json")
    assert main(["convert", str(source), str(tmp_path / "s.xlsx")]) == 0
    assert "提示：" in capsys.readouterr().out
    assert main(["convert", str(source), str(tmp_path / "s.pdf"), "--tables", "expenditure"]) == 0
    out = capsys.readouterr().out
    assert "U+0007" in out


def test_a_damaged_word_file_is_unreadable_not_a_crash(tmp_path, capsys):
    import zipfile

    bad = tmp_path / "情况说明.docx"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document><w:body><w:p>截断")
    assert main(["check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "情况说明.docx" in err and "Traceback" not in err


def test_a_package_whose_tables_none_of_the_templates_knows_never_passes(capsys):
    """江苏省政协办公厅 2019: 18 pages with tables in a layout no template set describes. Its 情况说明 alone
    checks clean, but the tables were not read: IMPORT-UNREAD, exit 1 — never 通过 (issue 24: no silent pass).
    (长沙市信访局 was the example until the 烟台 template read part of it, 杭州市气象局 until 杭州's.)"""
    pdf = Path(__file__).parent / "fixtures" / "real" / "js_zxbgt_2019_dept_budget.pdf"
    assert main(["check", str(pdf)]) == 1
    out = capsys.readouterr().out
    assert "[错误] IMPORT-UNREAD" in out and "其中的表没有读入，也没有核对" in out and "未通过" in out
    # the text part of a package published as two files is not such a case: its tables are elsewhere
    text_part = Path(__file__).parent / "fixtures" / "real" / "bj_czj_2026_budget_text.pdf"
    assert main(["check", str(text_part)]) == 0


def test_a_text_refused_at_a_read_limit_is_not_checked_as_text_alone(tmp_path, capsys):
    """30,000 lines of one 科目 under a table title pass the cell limit: exit 2 naming the limit, never 通过 on the
    few words left over for a 情况说明 (the fuzz run found it: “没有找到表格 … 通过” after 13 s)."""
    path = tmp_path / "bomb.txt"
    path.write_text("收入总表\n科目编码\t科目名称\t合计\n" + "\n".join(f"2080101\t行政运行\t{i}.00" for i in range(30_000)),
                    encoding="utf-8")
    assert main(["check", str(path)]) == 2
    out, err = capsys.readouterr()
    assert "通过" not in out and "bomb.txt" in err and "单元格超过 150,000 个" in err
