"""Generated 情况说明: complete, in order, and clean against its own tables apart from the blank reasons."""

from __future__ import annotations

import pytest

from budgetdesk.core.narrative.check import check_narrative
from budgetdesk.core.narrative.generate import BLANK_REASON, generate, regenerate
from budgetdesk.io.files import open_document
from budgetdesk.resources import narrative_data, narrative_rules, narrative_vocabulary, sample_path
from tests.conftest import SEED_FILES

SAMPLES = {name: path for name, (path, _) in SEED_FILES.items()} | {"sample": sample_path()}
SPEC = narrative_data("budget-sections")


def _generated(name):
    doc, _ = open_document(SAMPLES[name])
    vocabulary = narrative_vocabulary(doc.meta.year)
    return doc, vocabulary, generate(doc, vocabulary, SPEC)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_generated_text_checks_clean_apart_from_blank_reasons(name):
    doc, vocabulary, narrative = _generated(name)
    findings = check_narrative(narrative, vocabulary, narrative_rules(), doc)
    assert {f.rule for f in findings} <= {"NARR-REASON-EMPTY"}
    blanks = sum(b.text.count(BLANK_REASON) for b in narrative.blocks)
    assert len(findings) == blanks


def test_sections_follow_the_official_order_with_every_figure():
    doc, _, narrative = _generated("beibei")
    headings = [b.text for b in narrative.blocks if b.heading]
    assert headings == [s["heading"] for s in SPEC["sections"]]
    text = narrative.to_text()
    assert "比2023年增加1,054.93万元，增长22.52%，主要原因是____" in text
    assert "其中：基本支出3,032.55万元，占52.84%；项目支出2,706.34万元，占47.16%" in text
    assert "公务用车运行维护费7.00万元，比2023年减少4.00万元，下降36.36%" in text
    assert "因公出国（境）费0.00万元，与上年持平" in text
    assert "10.社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）：2024年预算数为12.34万元，与上年持平。" in text
    assert "本单位2024年无使用政府性基金预算拨款安排的支出。" in text


def test_a_wrong_figure_in_generated_text_is_found():
    doc, vocabulary, narrative = _generated("haigang")
    i = next(i for i, b in enumerate(narrative.blocks) if "“三公”经费预算7.85万元" in b.text)
    wrong = narrative.replace_block(i, narrative.blocks[i].text.replace("公务接待费1.09万元", "公务接待费1.90万元"))
    found = [(f.rule, f.stated) for f in check_narrative(wrong, vocabulary, narrative_rules(), doc)
             if f.rule != "NARR-REASON-EMPTY"]
    assert found == [("NARR-AMOUNT", "1.90万元")]  # against the tables: the figure itself, once
    text_only = {f.rule for f in check_narrative(wrong, vocabulary, narrative_rules(), year=2024)}
    assert "NARR-PARTS-SUM" in text_only  # on its own: the parts no longer add up to 7.85


def test_regenerating_a_section_keeps_the_reasons_written_and_other_sections():
    doc, vocabulary, narrative = _generated("beibei")
    i = next(i for i, b in enumerate(narrative.blocks) if "“三公”经费预算11.79万元" in b.text)
    written = narrative.blocks[i].text.replace(BLANK_REASON, "主要原因是压减公务用车运行经费", 1)
    edited = narrative.replace_block(i, written)
    edited = edited.replace_block(1, "（一）职能职责：负责全区人力资源和社会保障工作。")
    doc.set("three_public", "amount", "reception", "3.79")
    doc.set("three_public", "amount", "total", "10.79")
    again = regenerate(edited, doc, vocabulary, SPEC, "three_public")
    text = again.blocks[i].text
    assert "“三公”经费预算10.79万元，比2023年减少5.00万元" in text
    assert "主要原因是压减公务用车运行经费" in text and "公务接待费3.79万元，比2023年减少1.00万元" in text
    assert again.blocks[1].text.startswith("（一）职能职责：负责全区")  # another section is untouched
    assert len(again.blocks) == len(edited.blocks)
