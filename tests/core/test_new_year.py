"""从上年新建 and 决算 from the year's 预算: what comes over, what does not, and that the result checks."""

from decimal import Decimal as D

from budgetdesk.core.narrative.model import Block, Narrative
from budgetdesk.core.new_year import carried_narrative, end_year, final_from_budget, new_year
from budgetdesk.core.performance.model import Funding, Indicator, PerformanceTarget, TargetKind
from budgetdesk.io.files import open_document
from budgetdesk.io.read.disclosure_text import read_disclosure
from budgetdesk.resources import load_template, narrative_data, sample_path
from tests.conftest import SEED_FILES, engine_for

CARRY = narrative_data("carry-over")


def beibei():
    return read_disclosure(SEED_FILES["beibei"][0], load_template("cq-budget-beibei"))[0]


def test_a_2025_document_from_the_2024_one_carries_rows_prior_figures_and_the_unit():
    last = beibei()
    doc, report = new_year(last, CARRY, source="北碚2024.txt")
    assert (doc.meta.unit_name, doc.meta.year, doc.template_set.id) == (last.meta.unit_name, 2025, "cq-budget-beibei")
    for tid, table in last.tables.items():
        assert [r.key for r in doc.tables[tid].rows] == [r.key for r in table.rows], tid
    this_year = [(tid, k) for tid, t in doc.tables.items() for k, v in t.cells.items()
                 if isinstance(v, D) and not t.template.column(k[1]).prior_of]
    assert this_year == []  # amounts empty
    # 上年数: last year's figures, as comparison and in the printed 上年 columns
    assert doc.prior_amount("gpb_expenditure", "total", "total") == last.amount("gpb_expenditure", "total", "total")
    assert doc.amount("gpb_expenditure", "total", "prior_total") == last.amount("gpb_expenditure", "total", "total")
    assert doc.prior_source == "北碚2024.txt"
    assert any(line.startswith("带入：上年数") for line in report.lines())
    summary = engine_for(doc).summary()
    assert summary.errors == 0  # the data allows: only the notes of tables still empty are asked for


def test_the_text_that_does_not_depend_on_figures_is_carried():
    doc, report = new_year(beibei(), CARRY)
    headings = [b.text for b in doc.narrative.blocks if b.heading]
    assert headings == ["一、单位基本情况", "(一) 职能职责", "（二）单位构成"]
    assert any("贯彻执行人力资源和社会保障法律法规" in b.text for b in doc.narrative.blocks)
    assert not any("部门收支总体情况" in b.text for b in doc.narrative.blocks)
    left = next(line for line in report.lines() if line.startswith("未带入：情况说明"))
    assert "二、部门收支总体情况" in left and "四、“三公”经费情况说明" in left


def test_generated_sections_and_glossaries_are_carried_by_their_section():
    text = Narrative((Block("一、部门基本情况", True, "profile"), Block("（一）职能职责：负责……", section_key="profile"),
                      Block("二、部门收支总体情况", True, "overview"), Block("2024年收入总计100万元。", section_key="overview"),
                      Block("十、名词解释", True, "glossary"), Block("“三公”经费：……", section_key="glossary")))
    carried, taken, dropped = carried_narrative(text, CARRY)
    assert [b.text for b in carried.blocks] == ["一、部门基本情况", "（一）职能职责：负责……", "十、名词解释", "“三公”经费：……"]
    assert dropped == ["二、部门收支总体情况"]


def project(key, period="", extra=()):
    return PerformanceTarget(key, TargetKind.PROJECT, name=f"项目{key}", code=key, total=D("10.00"),
                             funding=(Funding("财政拨款", D("10.00")),), period=period, extra=extra,
                             indicators=(Indicator("产出指标", "数量指标", "办案数", "≥", "140", "件", D("40")),))


def test_projects_still_running_in_the_new_year_are_carried_without_amounts():
    last = beibei()
    for key in list(t.key for t in last.performance):
        last.performance.remove(key)
    for target in (project("a", "2023年1月1日至2026年12月31日"), project("b", "2024-01-01至2024-12-31"),
                   project("c", extra=(("项目期限", "长期"),)), project("d"), project("e", "2025年")):
        last.performance.add(target)
    doc, report = new_year(last, CARRY)
    carried = {t.key: t for t in doc.performance}
    assert set(carried) == {"a", "c", "e"}
    a = carried["a"]
    assert a.total is None and a.funding == (Funding("财政拨款", None),)
    assert a.indicators == project("a").indicators and a.period == "2023年1月1日至2026年12月31日"
    lines = report.lines()
    assert "未带入：绩效：b-项目b（2024 年已终止）" in lines
    assert "未带入：绩效：d-项目d（没有项目终止时间，无法判断是否延续）" in lines
    assert end_year(project("x", "2024—2027")) == 2027 and end_year(project("y", "长期项目")) == "long"


def test_a_final_accounts_document_from_the_years_budget():
    budget = open_document(sample_path())[0]  # 永川 2024 预算
    doc, lines = final_from_budget(budget, load_template("sc-final-accounts"))
    assert (doc.meta.year, doc.meta.unit_name, doc.template_set.kind) == (2024, budget.meta.unit_name, "final_accounts")
    assert doc.table("expenditure").has_row("2080101")  # the budget's 科目 on the linked tables
    assert doc.budget_amount("expenditure", "2080101", "total") == budget.amount("expenditure", "2080101", "total")
    assert doc.amount("three_public", "amount", "b_total") == budget.amount("three_public", "amount", "total")
    assert doc.amount("expenditure", "2080101", "total") is None  # 决算数 are the officer's
    assert lines[1].startswith("预算数 ") and engine_for(doc).summary().errors == 0


def test_the_commands_write_the_new_documents(tmp_path, capsys):
    from budgetdesk.cli import main

    assert main(["new-year", str(SEED_FILES["beibei"][0]), str(tmp_path / "2025.bdesk"),
                 "--template", "cq-budget-beibei"]) == 0
    out = capsys.readouterr().out
    assert "已新建 2025 年文档" in out and "带入：情况说明：一、单位基本情况" in out
    doc, _ = open_document(tmp_path / "2025.bdesk")
    assert doc.meta.year == 2025 and doc.prior and len(doc.narrative.blocks) > 3
    assert main(["new-final", str(sample_path()), str(tmp_path / "决算.json")]) == 0
    assert "已新建 2024 年度决算" in capsys.readouterr().out
    final, _ = open_document(tmp_path / "决算.json")
    assert final.budget and final.template_set.id == "sc-final-accounts"
    assert main(["new-year", str(tmp_path / "2025.bdesk"), str(tmp_path / "2025.bdesk")]) == 2  # never over its input


def test_a_final_accounts_year_opens_with_last_years_closing_balances():
    """乐山 2024 closed (here) with 20.34, 12.34 of it 一般公共预算, and 8.00 on a 政府性基金 科目: 2025 opens with them."""
    last = open_document(sample_path("leshan-2024-final.json"))[0]
    last.set("summary", "out.carry_end", "out_amount", "20.34")
    last.set("fiscal_summary", "out.carry_end", "out_total", "12.34")
    last.set("fiscal_summary", "out.carry_end", "out_gpb", "12.34")
    names = {"212": "城乡社区支出", "21208": "国有土地使用权出让收入安排的支出", "2120801": "征地和拆迁补偿支出"}
    last.add_code_row("gf_inout", "2120801", names["2120801"], with_parents=True, names=names.get)
    last.set("gf_inout", "2120801", "end", "8.00")
    doc, report = new_year(last, CARRY)
    assert doc.meta.year == 2025
    assert doc.amount("summary", "in.carry", "in_amount") == D("20.34")
    assert doc.amount("fiscal_summary", "in.carry_gpb", "in_amount") == D("12.34")
    assert doc.amount("fiscal_summary", "in.carry_gf", "in_amount") is None  # nothing closed there: left blank
    assert doc.amount("gf_inout", "2120801", "begin") == D("8.00")
    assert any(line.startswith("带入：年初数") for line in report.lines())
    assert not [f for f in engine_for(doc).findings() if f.rule.startswith("BD-FA-YEAR")]


def test_a_self_evaluation_is_not_carried_into_the_next_year():
    """A 决算's 绩效自评表 holds what was done in its year and the score it got: the next year's is filled anew."""
    from budgetdesk.core.document import Document, UnitMeta
    from budgetdesk.core.performance.model import EVALUATION
    from budgetdesk.resources import load_template

    last = Document(load_template("sc-final-accounts"), UnitMeta(unit_name="某单位", year=2024))
    last.performance.add(project("a", "2023年1月1日至2026年12月31日").evolve(stage=EVALUATION, score=D(95)))
    doc, report = new_year(last, CARRY)
    assert len(doc.performance) == 0
    assert "未带入：绩效自评：a-项目a（自评表按当年的执行和完成情况重新填写）" in report.lines()
