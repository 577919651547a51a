"""The narrative model, the text reader and the claims read from sentences."""

from __future__ import annotations

from decimal import Decimal

from budgetdesk.core.narrative.extract import extract
from budgetdesk.core.narrative.model import Narrative, sentences
from budgetdesk.core.narrative.parse import parse_text


def test_lines_broken_mid_sentence_are_joined_and_residue_dropped():
    text = ("## 二、部门收支总体情况\n\n（二）支出预算：2024 年年初预算数 5,738.89 万元，其中：农林水支出 158.35 万元，住房保障支出\n\n"
            "202.87万元。\n[image: x.png]6500\n538571\n23.农林水支出（类）\n普惠金融发展支出（款）创业担保贷款贴息及奖补（项）：支出决算为70.38万元。\n")
    n = parse_text(text)
    assert [b.heading for b in n.blocks] == [True, False, False]
    assert n.blocks[1].text.endswith("住房保障支出202.87万元。")
    assert n.blocks[2].text.startswith("23.农林水支出（类）普惠金融发展支出（款）")
    assert [s.title for s in n.sections()] == ["二、部门收支总体情况"]


def test_lines_of_a_28_character_page_and_headings_run_into_their_paragraph_are_one_paragraph():
    """长沙 (公文 pages of 28 characters a line): “（二）项目支出：2025 年本单位项目支出预算 40233.95 万” is a paragraph
    with a heading run into it, not a heading; a 28-character line without a full stop continues on the next."""
    text = ("四、一般公共预算拨款支出\n"
            "（一）基本支出：2025 年本单位基本支出预算数 28398.17\n"
            "万元，主要是为保障部门正常运转、完成日常工作任务而发生\n"
            "的各项支出。\n"
            "（二）项目支出：2025 年本单位项目支出预算 40233.95 万\n"
            "元，其中：公共安全支出 40230.95 万元。\n"
            "（三）机构设置\n")
    n = parse_text(text)
    assert [(b.heading, b.text[:9]) for b in n.blocks] == [
        (True, "四、一般公共预算拨"), (False, "（一）基本支出：2"), (False, "（二）项目支出：2"), (True, "（三）机构设置")]
    assert n.blocks[1].text.endswith("而发生的各项支出。") and "40233.95 万元，其中" in n.blocks[2].text


def test_reading_stops_at_the_glossary_but_not_in_the_table_of_contents():
    text = "目录\n第三部分 名词解释\n一、收入\n收入合计10.00万元。\n第三部分 名词解释\n1.基本支出：指……\n"
    n = parse_text(text)
    assert n.blocks[-1].text == "收入合计10.00万元。"


def test_round_trip_through_text_and_list():
    n = Narrative.of("# 一、收支总体情况", "收入合计10.00万元。支出合计10.00万元。")
    assert parse_text(n.to_text()) == n
    assert Narrative.from_list(n.to_list()) == n
    assert [s.text for s in sentences(n.blocks[1].text)] == ["收入合计10.00万元。", "支出合计10.00万元。"]


def test_claims_carry_offsets_kinds_and_what_they_refer_to(vocabulary):
    text = ("2024年“三公”经费预算11.79万元，比2023年减少4万元，下降25.33%。其中：公务接待费4.79万元，与上年持平；"
            "公务用车运行维护费7万元，主要原因是定额为3.5万元/年/车。")
    n = Narrative.of("# 四、“三公”经费", text)
    ex = extract(n, vocabulary)
    head, reception, car = ex.statements
    assert head.refers.key == "three_total" and head.amount.value == Decimal("11.79")
    assert text[head.amount.start:head.amount.end] == "11.79万元"
    assert head.change.direction == "down" and head.change.value == 4
    assert head.change_pct.value == Decimal("25.33") and head.change_pct.places == 2
    assert reception.flat is not None and car.refers.key == "car_run"
    assert ex.groups[0].head == 0 and ex.groups[0].parts == (1, 2)
    assert all(c.value != Decimal("3.5") for c in ex.claims if c.kind == "amount")
    years = [c for c in ex.claims if c.kind == "year"]
    assert [(int(c.value), c.word) for c in years] == [(2024, ""), (2023, "比")]


def test_subjects_by_names_and_by_code(vocabulary):
    n = Narrative.of("1.社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）：支出决算为68.82万元。"
                     "2080505 机关事业单位基本养老保险缴费支出226.21万元。")
    subjects = [c.refers for c in extract(n, vocabulary).claims if c.kind == "subject"]
    assert subjects[0].names == ("社会保障和就业支出", "行政事业单位养老支出", "机关事业单位职业年金缴费支出")
    assert subjects[1].key == "2080505"


def test_a_trailing_yusuan_does_not_make_the_total_outweigh_a_named_part(vocabulary):
    # “基本支出预算数” names 基本支出; “支出预算” alone is the total
    assert vocabulary.resolve("2026 年本单位基本支出预算数").key == "basic"
    assert vocabulary.resolve("项目支出预算").key == "project"
    assert vocabulary.resolve("2026 年本单位支出预算").key == "expense_total"


def test_a_code_with_another_subjects_name_is_an_error(vocabulary, rules):
    from budgetdesk.core.narrative.check import check_narrative

    n = Narrative.of("# 三、支出", "2080505 机关事业单位职业年金缴费支出113.11万元；2080506 机关事业单位职业年金缴费支出113.11万元。")
    found = [(f.rule, f.stated) for f in check_narrative(n, vocabulary, rules, year=2024)]
    assert found == [("NARR-SUBJECT-CODE", "2080505 机关事业单位职业年金缴费支出")]


def test_empty_reasons_are_warnings(vocabulary, rules):
    from budgetdesk.core.narrative.check import check_narrative

    n = Narrative.of("# 三、支出", "2024年基本支出10.00万元，比2023年增加1.00万元，主要原因是……；"
                     "项目支出5.00万元，比2023年减少1.00万元，主要原因是XX。公用经费2.00万元，主要原因是____。")
    found = [(f.rule, f.severity.value) for f in check_narrative(n, vocabulary, rules, year=2024)]
    assert found == [("NARR-REASON-EMPTY", "warning")] * 3


def test_text_only_parts_and_repeated_figures_across_paragraphs(vocabulary, rules):
    from budgetdesk.core.narrative.check import check_narrative

    n = Narrative.of("# 三、支出", "2024年基本支出10.00万元。", "# 六、基本支出", "人员经费6.00万元，主要用于工资。",
                     "公用经费5.00万元，主要用于办公。")
    found = [(f.rule, f.stated) for f in check_narrative(n, vocabulary, rules, year=2024)]
    assert found == [("NARR-PARTS-SUM", "10.00万元")]
    again = Narrative.of("# 三、支出", "2024年基本支出10.00万元。", "# 六、基本支出", "2024年基本支出11.00万元，其中：人员经费6.00万元；公用经费5.00万元。")
    found = [(f.rule, f.stated) for f in check_narrative(again, vocabulary, rules, year=2024)]
    assert found == [("NARR-INCONSISTENT", "11.00万元")]


def test_execution_rate_of_a_final_account(vocabulary, rules):
    from budgetdesk.core.narrative.check import check_narrative

    ok = Narrative.of("2024年度一般公共预算支出决算数为6,385.21万元，完成预算6,500.00万元，完成98.23%。")
    assert check_narrative(ok, vocabulary, rules, year=2024) == []
    wrong = Narrative.of("2024年度一般公共预算支出决算数为6,385.21万元，完成预算6,500.00万元，完成100%。")
    [f] = check_narrative(wrong, vocabulary, rules, year=2024)
    assert (f.rule, f.stated, str(f.expected)) == ("NARR-EXECUTION", "100%", "98.23")
