import json
import subprocess
import sys

from budgetdesk.cli import main
from budgetdesk.io.files import save_document
from tests.conftest import SEED_FILES


def test_check_sample_passes_and_lists_rounding(capsys):
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "通过（错误 0，警告 0，已说明 0，尾差 29）" in out and "[尾差]" in out


def test_check_exit_codes_and_json(sample_doc, tmp_path, capsys):
    bad = tmp_path / "bad.json"
    sample_doc.set("expenditure", "210", "total", "185.28")
    save_document(sample_doc, bad)
    assert main(["check", str(bad)]) == 1
    assert "未通过（错误 5" in capsys.readouterr().out
    assert main(["check", "--json", str(bad)]) == 1
    records = json.loads(capsys.readouterr().out)
    assert {r["file"] for r in records} == {str(bad)}
    assert {"rule", "severity", "table", "row", "column", "expected", "actual", "difference", "message"} <= set(records[0])
    missing = tmp_path / "missing.bdesk"
    assert main(["check", str(missing), str(bad)]) == 2  # unreadable wins, the other file is still checked
    captured = capsys.readouterr()
    assert "无法读取" in captured.err and "未通过" in captured.out


def test_check_text_disclosure_names_source_cells(capsys):
    path, _ = SEED_FILES["yongchuan"]
    # 1: one 项目支出绩效目标 lost its amount at a page break of the published PDF (see test_performance_text)
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "未通过（错误 1" in out and "“2024年就业补助资金预算的通知”未填写：资金总额" in out
    assert "［第" in out  # findings name the line/cell of the source file


def test_convert_between_bdesk_and_json(tmp_path, capsys):
    path, _ = SEED_FILES["haigang"]
    bdesk, js = tmp_path / "h.bdesk", tmp_path / "h.json"
    assert main(["convert", str(path), str(bdesk)]) == 0
    assert main(["convert", str(bdesk), str(js)]) == 0
    assert main(["convert", str(js), str(tmp_path / "again.bdesk")]) == 0
    assert json.loads(js.read_text(encoding="utf-8"))["template_set"]["id"] == "hebei-budget"
    assert main(["convert", str(js), str(tmp_path / "x.xlsx")]) == 0
    assert main(["convert", str(js), str(tmp_path / "x.odt")]) == 2


def test_console_entry_point_runs():
    result = subprocess.run([sys.executable, "-m", "budgetdesk", "check", "--quiet"], capture_output=True, text=True,
                            encoding="utf-8")
    assert result.returncode == 0 and "通过" in result.stdout


def test_docs_rules_md_is_generated_from_the_templates(capsys):
    from pathlib import Path
    expected = Path(__file__).parent.parent / "docs" / "rules.md"
    chunks = []
    from budgetdesk.resources import template_ids
    for template in template_ids():
        assert main(["rules", "--template", template, "--markdown"]) == 0
        chunks.append(capsys.readouterr().out)
    text = expected.read_text(encoding="utf-8")
    for chunk in chunks:
        assert chunk.strip() in text, "docs/rules.md is stale: regenerate it (see its first lines)"


def test_convert_report_lists_every_placed_cell(tmp_path, capsys):
    path, _ = SEED_FILES["yongchuan"]
    assert main(["convert", "--report", str(path), str(tmp_path / "y.bdesk")]) == 0
    out = capsys.readouterr().out
    assert "放入的 371 个数" in out and "第11行第2格 → 《收支总表》“一般公共预算拨款收入”行“收 入/预算数”列 = 14,236.27" in out
    assert "in.head" not in out and "in.gpb" not in out  # rows named as printed, never by internal keys


def test_cli_convert_warns_about_remaining_errors(sample_doc, tmp_path, capsys):
    from budgetdesk.io.files import save_document
    sample_doc.set("expenditure", "210", "total", "185.28")
    bad = save_document(sample_doc, tmp_path / "bad.bdesk")
    assert main(["convert", str(bad), str(tmp_path / "bad.xlsx")]) == 0
    err = capsys.readouterr().err
    assert "警告：bad.bdesk 还有 5 个错误" in err and (tmp_path / "bad.xlsx").exists()
    assert main(["convert", str(bad), str(tmp_path / "bad.json")]) == 0


def test_check_and_convert_help_name_the_file_types(capsys):
    import pytest
    for command in ("check", "convert"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        out = capsys.readouterr().out
        assert ".xlsx" in out and ".xls" in out.replace(".xlsx", "") and ".txt" in out
