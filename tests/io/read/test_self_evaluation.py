"""绩效自评表 of 决算 read from the published PDFs, checked, and carried through Excel and the project file whole.

国家信访局 2024 prints four 项目支出绩效自评表 in the 财政部 layout (年初预算数/全年预算数/全年执行数/分值/执行率/得分,
预期目标 beside 实际完成情况, indicators with 年度指标值/实际完成值/分值/得分/偏差原因, 总分); 西安卫健委 2022 a 部门整体
支出绩效自评表 (its 年度主要任务 with their own budgets and scores, a two-row heading 总额/财政拨款/其他资金) and 87
项目 forms, some with no 年初预算数 (their labels printed in that column) and wrapped headings.
"""

from __future__ import annotations

from decimal import Decimal as D

import openpyxl
import pytest

from budgetdesk.io.files import open_document
from budgetdesk.io.store.project import load_project, save_project
from budgetdesk.io.write.xlsx_export import export_xlsx
from budgetdesk.resources import load_template
from tests.io.read.region_reading import REAL

# every error the checks find in 西安卫健委's forms, and why it is true (each read against the printed page)
XIAN_ERRORS = {
    # the 执行率 printed “1000%” where 全年执行数 = 全年预算数 (the 分值 cell left blank: “10” and “100%” run together)
    ("BD-PE-EXECUTION", "临床检验设备"), ("BD-PE-EXECUTION", "公共卫生事业发展资金"),
    ("BD-PE-EXECUTION", "公共卫生事业发展资金~"), ("BD-PE-EXECUTION", "医用光学仪器"),
    ("BD-PE-EXECUTION", "医用激光仪器及设备"), ("BD-PE-EXECUTION", "医用超声波仪器及设备"),
    ("BD-PE-EXECUTION", "市儿童医院经开院区一期"), ("BD-PE-EXECUTION", "市儿童医院经开院区二期建设项目"),
    ("BD-PE-EXECUTION", "西安市第一医院迁建项目（设备购置）"),
    ("BD-PE-EXECUTION", "医疗耗材和试剂项目"),  # 701.17 ÷ 840 = 83.47%, printed 83.50%
    # 其他资金's 全年预算数 3258.5 printed beside a 年度资金总额 of 423 (its 年初预算数 3681.5 = 423 + 3258.5)
    ("BD-PE-FUNDING", "医用激光仪器及设备"),
    # 公共卫生中心's forms: 效益 13 + 13 under “（30分）”, the 分值 add to 96 (their 得分 add to the 总分 printed)
    ("BD-PE-WEIGHTS", "保洁项目"), ("BD-PE-WEIGHTS", "医疗耗材和试剂项目"), ("BD-PE-WEIGHTS", "医疗设备维保采购项目"),
    ("BD-PE-WEIGHTS", "安保服务项目"), ("BD-PE-WEIGHTS", "水电费用项目"), ("BD-PE-WEIGHTS", "运维服务项目"),
    ("BD-PE-WEIGHTS", "食堂服务项目"),
    # 人民医院's forms: 效益 10 + 10 + 5 under “（30分）”, the 分值 add to 95
    ("BD-PE-WEIGHTS", "2022年医疗卫生机构能力提升省级补助资金"),
    ("BD-PE-WEIGHTS", "医疗服务与保障能力提升（第二批）补助资金"),
    ("BD-PE-WEIGHTS", "西安市人民医院区中建设医疗设备购置项目"),
}


@pytest.fixture(scope="module")
def xinfang():
    return open_document(REAL / "zy_gjxfj_2024_final.pdf")


@pytest.fixture(scope="module")
def xian():
    return open_document(REAL / "sn_xa_wjw_2022_final.pdf")


def _errors(doc):
    from budgetdesk.core.engine import check_document

    return {(f.rule, f.row) for f in check_document(doc) if f.table == "performance" and f.severity.value == "error"}


def test_every_form_of_the_central_layout_is_read_whole(xinfang):
    doc, report = xinfang
    forms = list(doc.performance)
    assert [t.name for t in forms] == ["信访干部培训专项", "信访研究宣传立法专项", "资产运行维护", "信息化运行维护"]
    assert all(t.is_evaluation and t.department == "[292] 国家信访局" for t in forms)
    assert [len(t.indicators) for t in forms] == [10, 10, 9, 8]
    t = forms[3]
    assert (t.initial_total, t.total, t.executed, t.execution_weight, t.execution_rate, t.execution_score) == \
        (D("1638.67"), D("1639.34"), D("1032.99"), D("10.0"), "63.01%", D("6.3"))
    assert [(f.source, f.initial, f.amount, f.executed) for f in t.funding][:2] == [
        ("财政拨款", D("1357.67"), D("1357.67"), D("751.32")), ("上年结转", D("281.00"), D("281.67"), D("281.67"))]
    assert (t.score_weight, t.score, t.unit) == (D(100), D("90.5"), "国家信访局本级")
    i = t.indicators[3]
    assert (i.level1, i.level2, i.level3, i.value, i.actual, i.weight, i.score) == \
        ("产出指标", "质量指标", "设备完好率", "≥96%", "85%", D(10), D("7.1"))
    assert i.deviation.startswith("终端电脑经常电源故障")
    assert t.goal.startswith("一是贯彻落实《信访工作条例》") and t.achieved.startswith("一是实现信访信息系统")
    assert len(report.performance_read) == 4 and not report.performance_unread
    # what is left: the indicators of a 评价报告's appendix (a table, no form), named as not read
    assert report.performance_short == [("第46页《表 1：项目年度绩效指标表》", 4, 0)]
    assert _errors(doc) == set()  # each form's arithmetic holds


def test_every_form_of_a_citys_layout_is_read_and_its_true_errors_found(xian):
    doc, report = xian
    overall, *projects = list(doc.performance)
    assert overall.kind.value == "overall" and overall.name == "西安市卫生健康委员会" and len(projects) == 87
    assert sum(len(t.indicators) for t in doc.performance) == 751 and not report.performance_short
    assert all(t.indicators and t.score is not None for t in doc.performance)
    # the two-row heading: 金额合计 split into the sources printed, each task kept with its figures
    assert (overall.total, overall.executed, overall.execution_rate, overall.score) == \
        (D("2495142.55"), D("2074962.01"), "83.16%", D("99.5"))
    assert [(f.source, f.amount, f.executed) for f in overall.funding] == [
        ("财政拨款", D("869407.93"), D("869329.38")), ("其他资金", D("1625734.62"), D("1205632.63"))]
    (tasks,) = [text for label, text in overall.extra if label == "年度主要任务"]
    assert len(tasks.split("\n")) == 17 and tasks.startswith("一般公共服务支出；保证日常经济运行调节方面支出。；任务完成（")
    # a form without 年初预算数 prints its line labels in that column; its heading wraps (“年初预算 | 数”)
    mri = next(t for t in projects if t.name.startswith("1.5TMRI"))
    assert (mri.total, mri.execution_weight, [f.source for f in mri.funding]) == \
        (D("1089.96"), D(10), ["当年财政拨款", "上年结转资金", "其他资金"]) and not mri.extra
    assert _errors(doc) == XIAN_ERRORS


def test_a_pdf_form_is_checked_on_its_printed_figures_not_listed_as_unchecked():
    """A form rebuilt from a PDF page may have missed a blank, so the checks that read blanks are 未核对 there; the
    自评表's arithmetic compares printed figures and stays an error."""
    from budgetdesk.core.document import performance_mark
    from budgetdesk.core.engine import check_document

    doc, _ = open_document(REAL / "zy_gjxfj_2024_final.pdf")
    t = doc.performance.get("资产运行维护")
    assert performance_mark(t.key) in doc.unread
    doc.performance.replace(t.evolve(score=D(100)))  # printed 98: its parts add to 88 + 10
    (found,) = [f for f in check_document(doc) if f.rule == "BD-PE-SCORE"]
    assert found.severity.value == "error" and found.expected == D(98) and found.actual == D(100)


@pytest.mark.parametrize("name", ["zy_gjxfj_2024_final.pdf", "sn_xa_wjw_2022_final.pdf"])
def test_exported_workbook_and_project_file_give_the_same_forms(name, xinfang, xian, tmp_path):
    doc = (xinfang if name.startswith("zy") else xian)[0]
    expected = [t.evolve(source="") for t in doc.performance]
    book = export_xlsx(doc, tmp_path / "out.xlsx")
    back, _ = open_document(book)
    assert [t.evolve(source="") for t in back.performance] == expected
    wb = openpyxl.load_workbook(book)
    del wb["budgetdesk"]  # without the hidden sheet the forms are read by their words, as anyone's workbook
    wb.save(tmp_path / "plain.xlsx")
    plain, report = open_document(tmp_path / "plain.xlsx")
    assert [t.evolve(source="", key="") for t in plain.performance] == [t.evolve(key="") for t in expected]
    assert not report.performance_unread and not report.performance_short
    saved = load_project(save_project(doc, tmp_path / "x.bdesk"), load_template)
    assert list(saved.performance) == list(doc.performance)


def test_a_figure_that_is_none_is_named_by_its_cell_and_never_taken_for_a_label(xinfang, tmp_path):
    """Someone's workbook with 30 digits typed as a 年初预算数: the cell is named in the report and read as blank —
    not taken for the line's label (which made the 年度资金总额 a funding line and its 分值 unknown: a false
    BD-PE-WEIGHTS) — and the rest of the form is read and checked as before."""
    doc = xinfang[0]
    book = export_xlsx(doc, tmp_path / "out.xlsx")
    wb = openpyxl.load_workbook(book)
    del wb["budgetdesk"]
    ws = wb["项目支出绩效自评表"]
    (label,) = [c for row in ws.iter_rows(max_row=12) for c in row if c.value == "年度资金总额"]
    ws.cell(label.row, label.column + 3).value = "1" * 30  # 信访干部培训专项's 年初预算数
    wb.save(tmp_path / "typed.xlsx")
    back, report = open_document(tmp_path / "typed.xlsx")
    first = back.performance.targets[0]
    assert first.initial_total is None and (first.total, first.execution_weight) == (D("180.03"), D("10"))
    assert [f.source for f in first.funding] == ["财政拨款", "上年结转", "其他资金"]
    assert any(n.startswith(f"项目支出绩效自评表!{ws.cell(label.row, label.column + 3).coordinate}：“{'1' * 30}”不是金额")
               for n in report.notices)
    assert _errors(back) == set()


def test_the_money_unit_is_the_forms_not_an_indicators():
    """“单位：元” under the title, or none said (the forms' 万元): an indicator named “人均成本（元）” says nothing of it."""
    from budgetdesk.core.document import Document, UnitMeta
    from budgetdesk.io.read.import_report import ImportReport
    from budgetdesk.io.read.performance.text import read_performance_grids

    def unit_of(*lines):
        rows = [["某项目绩效自评表"], *lines, ["项目名称", "某项目"],
                ["项目资金", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
                ["年度资金总额", "10.00", "10.00", "10.00", "10", "100%", "10"],
                ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
                ["成本指标", "经济成本指标", "人均成本（元）", "≤100", "90", "90", "90"]]
        doc = Document(load_template("central-final-accounts"), UnitMeta(unit_name="x", year=2024))
        (t,) = read_performance_grids(doc, [("第1页", rows)], ImportReport(source="x"))
        return t.money_unit, t.total

    assert unit_of() == ("万元", D("10.00"))
    assert unit_of(["单位：元"]) == ("元", D("10.00"))


def test_a_score_run_into_the_rate_is_split_from_it(xian):
    """西安卫健委 2022 “征用西安城北医院停车场及部分业务用房”: the page runs the 执行率 and its 得分 together
    (“99.96%10”); they are two figures, and the words are no label of the 年度资金总额 line."""
    doc, _ = xian
    (t,) = [t for t in doc.performance if t.name.startswith("征用西安城北医院停车场")]
    assert (t.execution_rate, t.execution_score, t.total) == ("99.96%", D(10), D(230))
