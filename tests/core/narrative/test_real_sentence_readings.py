"""Sentences from real 江苏/上海 情况说明 that gave false alarms, each read now as its author meant it.

Every case is a sentence of a published package (tests/fixtures/real, golden notes say which page);
a wrong figure put into the same sentence is still found, so the reading is not simply switched off.
"""

from budgetdesk.core.findings import Severity
from budgetdesk.core.narrative.check import check_narrative
from budgetdesk.core.narrative.model import Narrative
from budgetdesk.resources import narrative_rules, narrative_vocabulary


def errors(*paragraphs: str) -> list[tuple[str, str]]:
    found = check_narrative(Narrative.of("# 一、收入支出预算总体情况", *paragraphs), narrative_vocabulary(2024),
                            narrative_rules())
    return [(f.rule, f.stated) for f in found if f.severity is Severity.ERROR]


def test_a_percentage_in_a_reason_without_shi_is_part_of_the_reason():
    # 江苏省人大常委会办公厅 2019 第16页: “主要原因按规定…统一压减10%” is why, not the change of 会议费
    said = ("会议费预算支出1469.73万元，比上年预算增加164.48万元，主要原因按规定运转类专项经费统一压减10%，"
            "根据实际开支人代会专项经费增加200万元，增减相抵后增加164.48万元。")
    assert errors(said) == []


def test_a_last_year_figure_in_brackets_is_not_this_years():
    # 江苏省政协办公厅 2017 第6页: the bracket gives 2016's figure; 498.72 ÷ 8,648.07 = 5.77% holds
    said = ("2017年度部门支出预算安排与2016年度相比（2016年度部门支出预算安排为8,648.07万元），"
            "增加498.72万元，增长5.77%。")
    assert errors(said) == []


def test_a_classification_item_is_not_the_quantity_of_the_same_name():
    # 江苏省政协办公厅 2017: “公务接待费（款）” 16万元 is an item of 基本支出; 443.50万元 is the “三公” figure
    item = "（8）公务接待费（款）支出16万元。用于除专项接待费外的其他按规定开支的公务接待支出。"
    three = "公务接待费支出443.50万元，占“三公”经费的65.60%。"
    assert [r for r, _ in errors(item, three) if r == "NARR-INCONSISTENT"] == []
    assert [r for r, _ in errors(three, "公务接待费预算支出450.50万元。") if r == "NARR-INCONSISTENT"]


def test_letter_spaced_wan_yuan_is_an_amount():
    # 上海普陀区财政局 2024 决算: “本 年 收 入 合 计 2946.25 万 元 ， 其 中 ： 财 政 拨 款 收 入 2940.05 万元，占 99.79%”
    said = "本 年 收 入 合 计 2946.25 万 元 ， 其 中 ： 财 政 拨 款 收 入 2940.05 万元，占 99.79%；其他收入 6.2 万元，占 0.21%。"
    assert errors(said) == []
    wrong = said.replace("占 99.79%", "占 98.79%")
    assert ("NARR-SHARE", "98.79%") in errors(wrong) or any(r == "NARR-SHARE" for r, _ in errors(wrong))


def test_shares_of_a_list_that_lost_a_part_are_not_compared_with_the_parts_read():
    # 江苏省人大常委会办公厅 2019: three parts of 支出 each with a share; if the third is not read as a part, the
    # shares of the other two are of the whole, not of their own sum
    said = "基本支出9312.9万元，占50.81%；项目支出6459.58万元，占35.24%；"
    assert errors(said) == []
    assert any(r == "NARR-SHARE" for r, _ in errors("基本支出9312.9万元，占60.81%；项目支出6459.58万元，占39.19%；"))


def test_two_words_meeting_on_the_same_characters_are_not_a_doubled_word():
    """江苏 2018: “9 名在职人员人员经费” is 在职人员 followed by 人员经费; “本单位本单位” is still one word twice."""
    from budgetdesk.io.narrative_check import narrative_findings
    from budgetdesk.core.narrative.parse import parse_text

    meeting = narrative_findings(parse_text("一、部门预算情况说明\n遗址博物馆管理建设办公室 9 名在职人员人员经费。"), year=2018)
    assert "NARR-DOUBLED" not in {f.rule for f in meeting}
    for text in ("本单位本单位政府采购预算 10 万元。", "主要用于用于福州市科技局运转。"):  # (the second: 福州 2026, true)
        doubled = narrative_findings(parse_text("一、部门预算情况说明\n" + text), year=2018)
        assert "NARR-DOUBLED" in {f.rule for f in doubled}, text


def test_the_end_of_a_period_is_not_a_year_the_text_is_about():
    """江苏 2017: “根据……2017-2019 年财政规划的通知” — 2019 closes the planning period; a stray 2019 is still flagged."""
    from budgetdesk.io.narrative_check import narrative_findings
    from budgetdesk.core.narrative.parse import parse_text

    period = narrative_findings(parse_text("一、部门预算情况说明\n根据 2017-2019 年财政规划的通知编制预算。"), year=2017)
    assert "NARR-YEAR" not in {f.rule for f in period}
    stray = narrative_findings(parse_text("一、部门预算情况说明\n2019 年收入预算 100 万元。"), year=2017)
    assert "NARR-YEAR" in {f.rule for f in stray}


def test_reasons_listed_after_a_comma_are_reasons():
    # 烟台市财政局 2026 第29页: “主要原因，一是…；二是…” gives the reasons; only a blank after the comma is empty
    from budgetdesk.core.narrative.check import check_narrative as run

    def reason_rules(*paragraphs):
        found = run(Narrative.of("# 四、委托业务费情况", *paragraphs), narrative_vocabulary(2026), narrative_rules())
        return [f.rule for f in found if f.rule == "NARR-REASON-EMPTY"]

    assert reason_rules("2026年委托业务费预算280.64万元，比上年增加8.93万元，增长3.29%。主要原因，一是政府投资项目审查费增加；"
                        "二是网络运行安全保障费用增加。") == []
    assert reason_rules("2026年委托业务费预算280.64万元，比上年增加8.93万元，增长3.29%。主要原因，____。") == ["NARR-REASON-EMPTY"]
    assert reason_rules("2026年委托业务费预算280.64万元，比上年增加8.93万元，增长3.29%。主要原因是：。") == ["NARR-REASON-EMPTY"]


def test_some_parts_of_a_change_may_add_up_to_more_than_the_change():
    # 重庆市规划和自然资源局 2026 第3页: the two decreases named exceed the whole decrease — the parts not named rose
    said = ("2026年年初预算数583,429.56万元；收入比2025年减少29,815.76万元，主要是事业单位经营收入资金减少16,897.63万元，"
            "其他收入资金减少21,159.85万元。")
    assert [r for r, _ in errors(said) if r == "NARR-CHANGE-PARTS"] == []
    # all the parts of “三公”经费 named: they must add up to its change
    wrong = ("“三公”经费预算20万元，比上年增加10万元，主要是因公出国（境）费增加6万元，公务用车购置及运行费增加3万元，"
             "公务接待费增加2万元。")
    assert [r for r, _ in errors(wrong) if r == "NARR-CHANGE-PARTS"] == ["NARR-CHANGE-PARTS"]


def test_a_year_with_its_month_is_the_date_of_an_event_not_a_stale_year():
    # 珠海市商务局 2026: “拱北口岸主厅于2024年3月15日顺利投入使用” tells when something happened
    def warnings(*paragraphs):
        found = check_narrative(Narrative.of("# 一、收入支出预算总体情况", *paragraphs), narrative_vocabulary(2026),
                                narrative_rules(), year=2026)
        return [(f.rule, f.stated) for f in found if f.rule == "NARR-YEAR"]

    assert warnings("为加快推进拱北口岸工程，拱北口岸主厅于2024年3月15日顺利投入使用。") == []
    assert warnings("工程设备安装，拱北口岸主厅于2024年3") == []  # the month went on on the next line of a table
    assert warnings("2024年部门预算收入合计10.00万元。") == [("NARR-YEAR", "2024年")]  # a year copied from an old text
