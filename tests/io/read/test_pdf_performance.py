"""绩效目标表 printed in a PDF are read into the document's 绩效 forms, by the same reader as text and workbooks.

No real published PDF in the corpus carries 绩效目标表 (see README), so the forms are the seed packages'
own, exported to PDF by budgetdesk and read back from the pages (the embedded ``.json`` is not used):
the wide 重庆 layout (one row per indicator) and the stacked 河北 one (one form per project).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from budgetdesk.io.files import open_document, save_document
from budgetdesk.io.read.pdf import read_pdf
from budgetdesk.resources import load_template

SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "seeds"


def indicators(doc) -> Counter:
    return Counter((i.level1, i.level3, i.nature, i.value) for t in doc.performance for i in t.indicators)


@pytest.mark.parametrize("seed, template, targets", [
    ("chongqing_yongchuan_2024_budget", "cq-budget", 45),
    ("hebei_haigang_2024_budget", "hebei-budget", 24),  # 24 project forms; the 整体 form has no 指标 (not a table)
])
def test_the_forms_of_a_pdf_are_read_indicator_for_indicator(seed, template, targets, tmp_path):
    original, _ = open_document(SEEDS / f"{seed}.txt")
    pdf = save_document(original, tmp_path / f"{seed}.pdf")
    doc, report = read_pdf(pdf, load_template(template))  # the pages, not the attachment
    assert len(list(doc.performance)) == targets
    assert indicators(doc) == indicators(original)  # every indicator, with its level, sign and value
    assert Counter(len(t.indicators) for t in doc.performance) == \
        Counter(len(t.indicators) for t in original.performance if t.indicators or template != "hebei-budget")
    # names as printed; one 永川 row whose 项目名称 wraps over five lines beside a long 依据 is read with its
    # 主管部门 as the name (README: 绩效 in PDF) — no more than that
    same = sum((Counter("".join(t.name.split()) for t in doc.performance)
                & Counter("".join(t.name.split()) for t in original.performance)).values())
    assert same >= targets - 1
    assert not [u for u in report.unread_tables if "绩效" in u[0]]  # nothing left as an unread table
    assert report.performance_read and not report.performance_unread


def test_a_wrapped_name_in_a_narrow_cell_keeps_its_characters_in_order(tmp_path):
    """“三支一扶” wraps in the 项目名称 cell; the thin “一” and the quotes belong to their own line, not the
    neighbouring column's line at the same height (``pdf_layout._lines``)."""
    original, _ = open_document(SEEDS / "chongqing_yongchuan_2024_budget.txt")
    pdf = save_document(original, tmp_path / "y.pdf")
    doc, _ = read_pdf(pdf, load_template("cq-budget"))
    names = [t.name for t in doc.performance]
    assert "高校毕业生“三支一扶”计划补助资金" in names
    assert not [n for n in names if "一三支扶" in n or "三一" in n]
