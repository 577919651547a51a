"""部门汇总 through files: the command, the saved count of units, and the 汇总 report."""

import json
from decimal import Decimal

import openpyxl
import pytest

from budgetdesk.cli import main
from budgetdesk.core.consolidate import consolidate
from budgetdesk.io.files import open_document, save_document
from budgetdesk.io.store.interchange import InterchangeError, document_from_dict, document_to_dict
from budgetdesk.resources import load_template, sample_path
from tests.conftest import SEED_FILES


@pytest.mark.parametrize("suffix", [".bdesk", ".json", ".xlsx"])
def test_units_summed_survive_save_and_open(tmp_path, suffix):
    doc = consolidate([open_document(sample_path())[0]] * 3)
    again, _ = open_document(save_document(doc, tmp_path / f"dept{suffix}"))
    assert again.consolidated_from == 3
    single, _ = open_document(save_document(open_document(sample_path())[0], tmp_path / f"one{suffix}"))
    assert single.consolidated_from == 1


def test_a_unit_file_is_written_as_before():
    assert "consolidated_from" not in json.dumps(document_to_dict(open_document(sample_path())[0]))


def test_a_bad_count_is_refused():
    data = document_to_dict(open_document(sample_path())[0])
    data["unit"]["consolidated_from"] = "-4"
    with pytest.raises(InterchangeError, match="汇总单位数"):
        document_from_dict(data, load_template)


def test_merge_command_writes_the_document_and_the_report(tmp_path, capsys):
    out, report = tmp_path / "部门.bdesk", tmp_path / "汇总.xlsx"
    sample = str(sample_path())
    assert main(["merge", sample, sample, "--out", str(out), "--unit", "=永川区人社局", "--unit-code", "500118",
                 "--report", str(report)]) == 0
    assert "通过（错误 0，警告 0" in capsys.readouterr().out
    merged, _ = open_document(out)
    original, _ = open_document(sample_path())
    assert merged.meta.unit_name == "=永川区人社局" and merged.meta.unit_code == "500118"
    assert merged.amount("summary", "in.total", "in_amount") == 2 * original.amount("summary", "in.total", "in_amount")
    assert main(["check", str(out)]) == 0
    wb = openpyxl.load_workbook(report)
    assert wb.sheetnames == ["各单位按类贡献", "明细", "参与汇总的单位", "汇总后检查"]
    ws = wb["各单位按类贡献"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["表", "类编码", "类名称", "列"] and header[-1] == "=永川区人社局（汇总）"
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "支出总表" and r[1] == "208"
               and r[3] == "合计")
    unit_value = original.amount("expenditure", "208", "total")
    assert [Decimal(str(v)) for v in row[4:]] == [unit_value, unit_value, 2 * unit_value]  # each unit, then the sum
    assert header[4:6] == [original.meta.unit_name, f"{original.meta.unit_name}（2）"]
    assert not any(c.data_type == "f" for s in wb for r in s.iter_rows() for c in r)


def test_merge_refuses_mixed_templates_with_a_clear_message(tmp_path, capsys):
    path, _ = SEED_FILES["haigang"]
    assert main(["merge", str(sample_path()), str(path), "--out", str(tmp_path / "x.json")]) == 2
    err = capsys.readouterr().err
    assert "无法汇总：不能汇总模板不同的文件" in err and "hebei_haigang_2024_budget.txt" in err
    assert not (tmp_path / "x.json").exists()
