"""部门汇总 with internal flows through files: the command, the 调整表 saved, exported, read back and re-applied.

The department and its units are ``tests/department_units.py`` (本级 subsidises 甲 200, 乙 remits 30 to 本级).
"""

import sqlite3
from decimal import Decimal as D

import openpyxl
import pytest

from budgetdesk.cli import main
from budgetdesk.core.adjustments import ELIMINATED, Adjustment, Leg
from budgetdesk.core.consolidate import consolidate
from budgetdesk.core.eliminate import apply_adjustments
from budgetdesk.io.files import open_document, save_document
from budgetdesk.io.store.project import load_project, save_project
from budgetdesk.resources import load_template
from tests.department_units import department, unit

NAMES = ["某局本级", "甲中心", "乙中心"]


def unit_files(tmp_path, template="sc-final-accounts", docs=None):
    paths = []
    for name, doc in zip(("本级.json", "甲.bdesk", "乙.json"), docs or department(template)):
        paths.append(save_document(doc, tmp_path / name))
    return paths


@pytest.mark.parametrize("suffix", [".bdesk", ".json", ".xlsx"])
def test_the_adjustments_survive_save_and_open(tmp_path, suffix):
    merged = consolidate(department("sc-final-accounts"), names=NAMES)
    assert len(merged.adjustments) == 2
    again, report = open_document(save_document(merged, tmp_path / f"部门{suffix}"))
    assert again.adjustments == merged.adjustments
    assert report is None or not any("调整表" in n for n in report.notices)  # the sheet is known, not "not imported"
    assert again.amount("income", "total", "total") == D("1150")


def test_a_version_2_project_file_still_opens(tmp_path):
    path = save_project(department("hebei-budget")[0], tmp_path / "old.bdesk")
    with sqlite3.connect(path) as con:  # what version 2 wrote: no adjustments table
        con.execute("DROP TABLE adjustments")
        con.execute("PRAGMA user_version=2")
    con.close()
    doc = load_project(path, load_template)
    assert doc.adjustments == () and doc.amount("income", "total", "subtotal") == D("1030")


def test_a_damaged_adjustment_is_refused_naming_the_table(tmp_path):
    from budgetdesk.io.store.project import ProjectError

    path = save_project(consolidate(department("hebei-budget"), names=NAMES), tmp_path / "dept.bdesk")
    with sqlite3.connect(path) as con:
        con.execute("""UPDATE adjustments SET data = '{"kind": "eliminated", "amount": 200}' WHERE position = 0""")
    con.close()
    with pytest.raises(ProjectError, match="调整表"):
        load_project(path, load_template)


def test_a_unit_json_is_still_version_2():
    from budgetdesk.io.store.interchange import document_to_dict

    data = document_to_dict(department("hebei-budget")[1])
    assert data["format_version"] == 2 and "adjustments" not in data
    merged = document_to_dict(consolidate(department("hebei-budget"), names=NAMES))
    assert merged["format_version"] == 3 and len(merged["adjustments"]) == 2


def test_excel_and_pdf_carry_the_adjustments_beside_the_tables(tmp_path):
    from pypdf import PdfReader

    merged = consolidate(department("hebei-budget"), unit_name="某局", names=NAMES)
    book = openpyxl.load_workbook(save_document(merged, tmp_path / "部门.xlsx"))
    ws = book["调整表"]
    assert ws["A1"].value == "某局部门汇总调整表（不属公开表）"
    assert [c.value for c in ws[3]][:6] == ["序号", "类型", "事项", "支付方", "收款方", "金额"]
    assert [c.value for c in ws[4]][:6] == [1, "抵销", "对附属单位补助", "某局本级", "甲中心", 200]
    assert [c.value for c in ws[5]][:6] == [2, "抵销", "附属单位上缴", "乙中心", "某局本级", 30]
    assert ws["F4"].number_format == "#,##0.00"
    pdf = save_document(merged, tmp_path / "部门.pdf")
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages[-2:])
    assert "部门汇总调整表" in text and "对附属单位补助" in text and "附属单位上缴" in text
    alone = PdfReader(save_document(department("hebei-budget")[1], tmp_path / "甲.pdf"))
    assert not any("调整表" in p.extract_text() for p in alone.pages)


def test_merge_command_eliminates_reports_and_reapplies_manual_entries(tmp_path, capsys):
    paths = unit_files(tmp_path)
    out, report = tmp_path / "部门.bdesk", tmp_path / "汇总.xlsx"
    # the units first, the department last: found by its code, not by its place
    assert main(["merge", str(paths[1]), str(paths[2]), str(paths[0]), "--out", str(out), "--unit", "某局",
                 "--report", str(report)]) == 0
    printed = capsys.readouterr().out
    assert "本级按单位编码认定：某局本级（本级.json）的编码 301001" in printed
    assert "调整表（2 项）" in printed
    assert "抵销 对附属单位补助：某局本级（本级.json） → 甲中心（甲.bdesk） 200.00" in printed
    assert "通过（错误 0，警告 0" in printed
    merged, _ = open_document(out)
    assert merged.amount("summary", "in.total", "in_amount") == D("1150")
    assert openpyxl.load_workbook(report).sheetnames[-1] == "调整表"
    # the officer adds an elimination in the saved 汇总; a unit's file changes; the merge is run again
    dept = unit("sc-final-accounts", "某局本级", "301001", {"fiscal": D(830), "other": D(200)},
                {"basic": D(830), "affiliated": D(200)}, fiscal=D(830))
    save_document(dept, paths[0])
    once, _ = open_document(save_document(consolidate([dept, *department("sc-final-accounts")[1:]], names=NAMES),
                                          tmp_path / "上次.bdesk"))
    apply_adjustments(once, [Adjustment(ELIMINATED, "", "上缴记在其他收入", "乙中心", "某局本级", D("30"),
                                        (Leg("expenditure", "2080101", "upper", D("30")),),
                                        (Leg("income", "2080101", "other", D("30")),), manual=True)])
    save_document(once, tmp_path / "上次.bdesk")
    assert main(["merge", *map(str, paths), "--out", str(out), "--adjustments", str(tmp_path / "上次.bdesk"),
                 "--department", str(paths[0])]) == 0
    printed = capsys.readouterr().out
    assert "本级按指定：某局本级（本级.json）" in printed and "抵销（手工） 上缴记在其他收入" in printed
    merged, _ = open_document(out)
    assert merged.amount("summary", "in.total", "in_amount") == D("1150")
    assert [a.manual for a in merged.adjustments] == [False, False, True]


def test_a_department_not_among_the_files_is_refused(tmp_path, capsys):
    paths = unit_files(tmp_path, "hebei-budget")
    other = save_document(department("hebei-budget")[0], tmp_path / "别处.json")
    assert main(["merge", *map(str, paths), "--out", str(tmp_path / "d.bdesk"), "--department", str(other)]) == 2
    assert "不在要汇总的文件中" in capsys.readouterr().err


def test_an_adjustment_naming_a_cell_the_document_lacks_is_refused_on_open(tmp_path):
    from budgetdesk.io.store.interchange import InterchangeError, document_from_dict, document_to_dict

    data = document_to_dict(consolidate(department("hebei-budget"), names=NAMES))
    data["adjustments"][0]["paid"][0]["row"] = "2130101"
    with pytest.raises(InterchangeError, match="没有 2130101 行"):
        document_from_dict(data, load_template)


def test_a_pdf_of_the_merge_reads_back_with_its_adjustments(tmp_path):
    """The exported PDF carries the document (its attachment), 调整表 included."""
    merged = consolidate(department("hebei-budget"), unit_name="某局", names=NAMES)
    again, _ = open_document(save_document(merged, tmp_path / "部门.pdf"))
    assert again.adjustments == merged.adjustments and again.amount("income", "total", "subtotal") == D("1150")
