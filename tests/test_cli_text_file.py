"""``check 表格.pdf --text 情况说明.pdf``: a package published as two files (北京's 表格 and 文字) checked as one.

The text alone can only be checked for its own arithmetic; with the tables every figure it names is compared.
In 北京市财政局's 2026 package that finds one true slip: 政府采购货物 716.98 万元 in the text, 716.974000 in 预算10表
(716.97 rounded). 审计局's text agrees with its tables everywhere it can be read.
"""

import json
from pathlib import Path

import pytest

from budgetdesk.cli import main

REAL = Path(__file__).resolve().parent / "fixtures" / "real"


def check(capsys, *args):
    code = main(["check", "--json", *map(str, args)])
    return code, json.loads(capsys.readouterr().out)


def test_the_text_is_checked_against_the_tables_of_its_package(capsys):
    code, found = check(capsys, REAL / "bj_czj_2026_budget_tables.pdf", "--text", REAL / "bj_czj_2026_budget_text.pdf")
    narrative = [f for f in found if f["rule"].startswith("NARR-") and f["severity"] in ("error", "warning")]
    assert [(f["rule"], f["stated"], f["expected"]) for f in narrative] == [("NARR-AMOUNT", "716.98 万元", "716.974000")]
    assert "政府采购货物预算 716.98 万元" in narrative[0]["quote"]
    assert code == 1


def test_a_text_agreeing_with_its_tables_passes_and_says_what_it_could_not_match(capsys):
    code, found = check(capsys, REAL / "bj_sjj_2026_budget_tables.pdf", "--text", REAL / "bj_sjj_2026_budget_text.pdf")
    assert [f for f in found if f["severity"] in ("error", "warning")] == [] and code == 0
    assert any(f["rule"] == "NARR-UNCHECKED" for f in found)  # what the text says and could not be matched: listed


def test_the_text_option_takes_one_tables_file(capsys):
    code = main(["check", str(REAL / "bj_czj_2026_budget_tables.pdf"), str(REAL / "bj_sjj_2026_budget_tables.pdf"),
                 "--text", str(REAL / "bj_czj_2026_budget_text.pdf")])
    assert code == 2 and "--text 只能与一个表格文件一起用" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["missing.pdf", "bj_czj_2026_budget_tables.xlsx"])
def test_an_unreadable_text_file_is_named(capsys, name, tmp_path):
    code = main(["check", str(REAL / "bj_czj_2026_budget_tables.pdf"), "--text", str(tmp_path / name)])
    assert code == 2 and name in capsys.readouterr().err


def test_a_text_without_a_single_amount_is_refused_not_passed(capsys, tmp_path):
    """A cover page or the wrong file given as the 情况说明 would be checked to nothing and read as 通过."""
    cover = tmp_path / "封面.txt"
    cover.write_text("北京市财政局 2026 年度部门预算信息公开\n=HYPERLINK(\"x\")\x07 目录\n", encoding="utf-8")
    code = main(["check", str(REAL / "bj_czj_2026_budget_tables.pdf"), "--text", str(cover)])
    assert code == 2 and "封面.txt" in capsys.readouterr().err
