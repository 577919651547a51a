"""绩效目标表 no template describes, read by meaning (issue 26): a Chongqing unit's own layouts in a cq-budget
document — the 整体 form in 元 under 合计/财政拨款/专户资金/单位资金, and 财政资金项目支出绩效目标表 with a
22-character code, 主管部门/实施单位 with codes, 资金总额(万元), 起始/终止时间 and 指标值 before 指标性质."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from budgetdesk.core.document import Document, UnitMeta
from budgetdesk.core.engine import check_document
from budgetdesk.core.performance import TargetKind
from budgetdesk.io.read.import_report import GridCell, ImportReport
from budgetdesk.io.read.performance.text import read_performance_grids, read_performance_text, text_page_rows
from budgetdesk.resources import load_template

OVERALL = """2024年部门（单位）整体支出绩效目标表
编制单位：重庆市某某区某某局
单位：元
部门名称\t401-重庆市某某区某某局
预算支出总额\t4,118,682.55
资金情况\t\t合计\t财政拨款\t专户资金\t单位资金
\t基本支出\t2,903,800.00\t2,903,800.00\t\t
\t项目支出\t1,214,882.55\t1,210,082.55\t4,800.00\t
当年整体绩效目标\t保障机关运转，完成年度就业工作任务。
绩效指标\t三级指标\t绩效指标性质\t绩效指标值\t绩效度量单位\t权重
\t工伤认定案件收件数\t≥\t1700\t人次\t40
\t服务对象满意度\t≥\t90\t%\t60"""

PROJECT = """2024年财政资金项目支出绩效目标表
单位：万元
项目名称\t50011821T000000012345X 就业见习补贴
主管部门及代码\t[401]重庆市某某区某某局\t实施单位\t[401001]重庆市某某区就业中心
资金总额(万元)\t12.50\t项目属性\t经常性项目
项目起始时间\t2024-01-01\t项目终止时间\t2024-12-31
项目概况\t为离校未就业高校毕业生提供见习岗位。
项目当年绩效目标\t组织见习人员 200 人次，见习留用率不低于 30%。
绩效指标\t一级指标\t二级指标\t三级指标\t指标值\t指标性质\t度量单位\t权重
\t产出指标\t数量指标\t见习人数\t200\t≥\t人次\t40
\t\t质量指标\t见习留用率\t30\t≥\t%\t30
\t效益指标\t社会效益指标\t促进青年就业\t有效促进\t定性\t\t20"""


def _rows(text: str) -> list[list[GridCell]]:
    return [[GridCell(c, f"第{n}行第{k}格") for k, c in enumerate(line.split("\t"), 1)]
            for n, line in enumerate(text.split("\n"), 1)]


@pytest.fixture(scope="module")
def read():
    doc = Document(load_template("cq-budget"), UnitMeta(unit_name="重庆市某某区某某局", year=2024))
    report = ImportReport(source="样例.txt")
    added = read_performance_text(doc, _rows(OVERALL + "\n" + PROJECT), report, ends=lambda row: False)
    return doc, report, added


def test_both_forms_read_as_plain_forms_of_their_kind(read):
    doc, report, added = read
    assert [(t.kind, t.form) for t in added] == [(TargetKind.OVERALL, "plain"), (TargetKind.PROJECT, "plain")]
    assert len(report.performance_read) == 2 and not report.performance_unread
    assert "按字段含义读入" in report.performance_read[1] and "3 个指标" in report.performance_read[1]


def test_overall_amounts_in_yuan_exact(read):
    overall = read[0].performance.overall()
    assert overall.money_unit == "元"
    assert (overall.total, overall.basic, overall.project) == (D("4118682.55"), D("2903800.00"), D("1214882.55"))
    assert (overall.code, overall.name) == ("401", "重庆市某某区某某局")
    funding = {(f.part, f.source): f.amount for f in overall.funding}
    assert funding == {("basic", "财政拨款"): D("2903800.00"), ("project", "财政拨款"): D("1210082.55"),
                       ("project", "专户资金"): D("4800.00")}
    assert [i.level3 for i in overall.indicators] == ["工伤认定案件收件数", "服务对象满意度"]
    assert overall.indicators[0].nature == "≥" and overall.indicators[0].value == "1700"
    assert overall.goal == "保障机关运转，完成年度就业工作任务。"


def test_project_fields_codes_and_indicators(read):
    p = read[0].performance.of_kind(TargetKind.PROJECT)[0]
    assert (p.code, p.name) == ("50011821T000000012345X", "就业见习补贴")
    assert p.department == "[401]重庆市某某区某某局" and p.unit == "[401001]重庆市某某区就业中心"
    assert p.total == D("12.50") and p.money_unit == "万元" and p.attribute == "经常性项目"
    assert p.period == "2024-01-01至2024-12-31"
    assert ("项目起始时间", "2024-01-01") in p.extra and ("项目终止时间", "2024-12-31") in p.extra
    assert p.overview.startswith("为离校未就业") and p.goal.startswith("组织见习人员")
    inds = p.indicators
    assert [(i.level1, i.level2, i.level3, i.nature, i.value, i.unit, i.weight) for i in inds] == [
        ("产出指标", "数量指标", "见习人数", "≥", "200", "人次", D(40)),
        ("产出指标", "质量指标", "见习留用率", "≥", "30", "%", D(30)),
        ("效益指标", "社会效益指标", "促进青年就业", "定性", "有效促进", "", D(20)),
    ]


def test_plain_targets_are_checked_like_the_known_ones(read):
    doc = read[0]
    perf = [f for f in check_document(doc) if f.table == "performance"]
    project_key = doc.performance.of_kind(TargetKind.PROJECT)[0].key
    rules = {(f.rule, f.row) for f in perf}
    assert ("BD-PF-LEVELS", project_key) in rules  # no 满意度指标
    weights = [f for f in perf if f.rule == "BD-PF-WEIGHTS"]
    assert [f.row for f in weights] == []  # the 整体 weights add to 100; 项目 weights are not checked in cq-budget


def test_pages_of_a_pdf_as_text():
    doc = Document(load_template("cq-budget"), UnitMeta(unit_name="重庆市某某区某某局", year=2024))
    report = ImportReport(source="样例.pdf")
    page = PROJECT.replace("\t", "    ")
    added = read_performance_grids(doc, [("第7页", text_page_rows(page))], report)
    assert len(added) == 1 and len(added[0].indicators) == 3
    assert added[0].source == "第7页第1行第1格"


def _yongchuan_with(forms_text: str, tmp_path):
    from tests.conftest import SEED_FILES
    lines = SEED_FILES["yongchuan"][0].read_text(encoding="utf-8").split("\n")
    start = lines.index("预算项目绩效目标表")  # the seed's own forms run to the end of the file
    path = tmp_path / "永川另一种表样.txt"
    path.write_text("\n".join(lines[:start] + forms_text.split("\n")) + "\n", encoding="utf-8")
    return path


def test_a_disclosure_with_its_own_layouts_reads_and_reports_every_form(tmp_path):
    from budgetdesk.io.read.disclosure_text import read_disclosure
    path = _yongchuan_with(OVERALL + "\n\n" + PROJECT + "\n\n" + PROJECT.replace("12345X", "67890Y"), tmp_path)
    doc, report = read_disclosure(path, load_template("cq-budget"))
    assert [(t.kind, t.form) for t in doc.performance] == [(TargetKind.OVERALL, "plain")] + \
        [(TargetKind.PROJECT, "plain")] * 2
    assert len(report.performance_read) == 3 and all("按字段含义读入" in line for line in report.performance_read)
    assert not any("不属于模板中的表" in n for n in report.notices)
    lines = report.lines()
    assert any(line.strip() == "绩效目标表 3 张：" for line in lines)
    findings = [f for f in check_document(doc) if f.table == "performance"]
    assert {(f.rule, f.row) for f in findings if f.rule == "BD-PF-LEVELS"} == {
        ("BD-PF-LEVELS", t.key) for t in doc.performance.of_kind(TargetKind.PROJECT)}


def test_check_states_the_forms_read_or_none(tmp_path, capsys):
    from budgetdesk.cli import main
    main(["check", str(_yongchuan_with(PROJECT, tmp_path))])
    assert "绩效目标表：1 张，指标 3 个" in capsys.readouterr().out
    main(["check", str(_yongchuan_with("", tmp_path))])
    out = capsys.readouterr().out
    assert "绩效目标表：没有读到绩效目标表" in out and "✓" not in out


def test_the_issue_project_weights_90_and_no_satisfaction_are_found_where_the_region_checks_them():
    doc = Document(load_template("cq-budget-beibei"), UnitMeta(unit_name="重庆市某某区某某局", year=2024))
    read_performance_text(doc, _rows(PROJECT), ImportReport(source="x"), ends=lambda row: False)
    (project,) = doc.performance
    assert project.form == "plain"  # 实施单位, 起始/终止时间: labels Beibei's form has no place for
    findings = {f.rule: f for f in check_document(doc) if f.table == "performance"}
    assert findings["BD-PF-WEIGHTS"].actual == D(90) and findings["BD-PF-WEIGHTS"].expected == D(100)
    assert "满意度指标" in findings["BD-PF-LEVELS"].message


def test_a_template_set_without_forms_names_each_form_it_did_not_import():
    from dataclasses import replace

    doc = Document(replace(load_template("sc-final-accounts"), performance=""), UnitMeta(unit_name="某单位", year=2024))
    report = ImportReport(source="x.pdf")
    assert read_performance_grids(doc, [("第3页", [line.split("\t") for line in PROJECT.split("\n")])], report) == []
    assert len(doc.performance) == 0
    (line,) = report.performance_unread
    assert line.startswith("第3页第1行第1格《2024年财政资金项目支出绩效目标表》") and "不含绩效目标表，未导入" in line


def test_a_target_form_in_a_final_accounts_package_is_read_as_a_target_and_not_checked_as_a_self_evaluation():
    doc = Document(load_template("sc-final-accounts"), UnitMeta(unit_name="某单位", year=2024))
    report = ImportReport(source="x.pdf")
    (target,) = read_performance_grids(doc, [("第3页", [line.split("\t") for line in PROJECT.split("\n")])], report)
    assert target.form == "plain" and not target.is_evaluation and target.indicators
    assert not [f for f in check_document(doc) if f.table == "performance"]  # 决算 declares 自评表 rules only


def test_a_short_row_with_an_unreadable_weight_is_named_not_a_crash():
    doc = Document(load_template("cq-budget"), UnitMeta(unit_name="某单位", year=2024))
    report = ImportReport(source="x.txt")
    text = "某某经费绩效目标表\n项目名称\t某某经费\n资金总额\t1.00\n绩效指标\t一级指标\t三级指标\t指标值\t权重\n服务人数\t≥10人\t十"
    (target,) = read_performance_text(doc, _rows(text), report, ends=lambda row: False)
    assert [(i.level3, i.nature, i.value, i.unit, i.weight) for i in target.indicators] == [("服务人数", "≥", "10", "人", None)]
    assert any(n.startswith("第1行第1格：权重“十”不是数") for n in report.notices)


def test_pdf_layout_text_keeps_the_columns_of_rows_with_blank_cells():
    # pdftotext -layout places text by character cells: each column starts at the same character position
    widths = (10, 10, 14, 14, 10, 10, 10, 6)
    table = [("绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "指标性质", "度量单位", "权重"),
             ("", "产出指标", "数量指标", "见习人数", "200", "≥", "人次", "40"),
             ("", "", "质量指标", "见习留用率", "30", "≥", "%", "30"),
             ("", "效益指标", "社会效益指标", "促进青年就业", "有效促进", "定性", "", "20")]
    page = "\n".join(["2024年财政资金项目支出绩效目标表",
                      "项目名称       50011821T000000012345X 就业见习补贴",
                      "资金总额(万元)   12.50          项目属性   经常性项目"]
                     + ["".join(t.ljust(w) for t, w in zip(row, widths)).rstrip() for row in table])
    rows = text_page_rows(page)
    assert rows[-1] == ["", "效益指标", "社会效益指标", "促进青年就业", "有效促进", "定性", "", "20"]
    assert rows[-2] == ["", "", "质量指标", "见习留用率", "30", "≥", "%", "30"]
    doc = Document(load_template("cq-budget"), UnitMeta(unit_name="某单位", year=2024))
    (t,) = read_performance_grids(doc, [("第7页", rows)], ImportReport(source="x.pdf"))
    assert [(i.level1, i.level2, i.level3, i.nature, i.value, i.unit, i.weight) for i in t.indicators] == [
        ("产出指标", "数量指标", "见习人数", "≥", "200", "人次", D(40)),
        ("产出指标", "质量指标", "见习留用率", "≥", "30", "%", D(30)),
        ("效益指标", "社会效益指标", "促进青年就业", "定性", "有效促进", "", D(20)),
    ]
    assert t.attribute == "经常性项目" and t.total == D("12.50")
