"""Every subject a real disclosure prints is in the bundled catalogue, with the name it prints.

The three seed budgets print codes and names in their tables; the Leshan 2024 决算 text names the
项 it spent on as “X（类）Y（款）Z（项）” without codes (section 一般公共预算财政拨款支出决算具体情况),
so those are resolved by name down the catalogue tree. (Its 名词解释 section still uses pre-2019
names such as 医疗卫生与计划生育支出/医疗保障/行政单位医疗; it is a glossary, not figures, and is not checked.)
Former names are accepted only where listed here, with the reason.
"""

import re
from pathlib import Path

import pytest

from budgetdesk.core.codes import Classification
from budgetdesk.io.read.disclosure_text import read_disclosure
from budgetdesk.resources import catalogue_provider, load_template
from tests.conftest import SEED_FILES

LESHAN = Path("/work/shared/seeds/sichuan_leshan_2024_final_accounts.txt")
# printed name → catalogue name: 类 names printed without 支出 (名词解释 sections), and names before a rename
RENAMED = {
    "社会保障和就业": "社会保障和就业支出",
    "一般公共服务": "一般公共服务支出",
    "教育": "教育支出",
    "医疗卫生与计划生育支出": "卫生健康支出",  # 210 was renamed 卫生健康支出 in the 2019 classification
    "行政事业单位离退休": "行政事业单位养老支出",  # 20805 before its rename
    "其他社会保障就业支出": "其他社会保障和就业支出",
}
# (类, 款, 项) the Leshan text prints that the catalogue cannot resolve, and why — kept visible, not hidden
LESHAN_UNRESOLVED = {
    ("住房保障支出", "住房改革支出", "创业担保贷款贴息及奖补"): "the publication's own error: the line carries 2210201 住房公积金's 107.44",
    ("社会保障和就业支出", "就业补助", "促进创业补贴"): "catalogue has 2080713 求职创业补贴; no public source found to confirm either name",
}


@pytest.mark.parametrize("name", sorted(SEED_FILES))
@pytest.mark.parametrize("year", [2024, 2025])
def test_every_code_printed_in_a_seed_is_in_the_catalogue_with_its_name(name, year):
    path, template = SEED_FILES[name]
    doc, _ = read_disclosure(path, load_template(template))
    provide = catalogue_provider(doc.template_set)
    checked = 0
    for table in doc.template_set.tables:
        side = table.code_side
        if side is None:
            continue
        catalogue = provide(side.classification, year)
        assert catalogue.year == year and not catalogue.fallback_notice
        for row in doc.table(table.id).rows:
            if not row.code:
                continue
            checked += 1
            assert row.code in catalogue, f"{name} {table.id} {row.code} {row.label}"
            if year == 2025 and row.code == "2080701":  # the 2025 catalogue records this rename
                assert catalogue.name(row.code) == "就业创业服务补助" and row.label == "就业创业服务补贴"
                continue
            assert catalogue.name_matches(row.code, RENAMED.get(row.label, row.label)), \
                f"{name} {row.code}: printed “{row.label}”, catalogue “{catalogue.name(row.code)}”"
    assert checked > 40


def _resolve(catalogue, names):
    code = ""
    for level, printed in enumerate(names, 1):
        wanted = RENAMED.get(printed, printed)
        pool = [c for c in catalogue.all() if c.level == 1] if level == 1 else catalogue.children(code)
        match = [c for c in pool if catalogue.name_matches(c.code, wanted)]
        if not match:
            return None
        code = match[0].code
    return code


@pytest.mark.skipif(not LESHAN.is_file(), reason="the shared Leshan seed is not on this machine")
def test_every_item_the_leshan_final_accounts_name_resolves_in_the_catalogue():
    text = re.sub(r"\s+", "", LESHAN.read_text(encoding="utf-8"))
    start = text.index("（三）一般公共预算财政拨款支出决算具体情况")
    text = text[start: text.index("六、一般公共预算财政拨款基本支出决算情况说明", start)]
    triples = set(re.findall(r"([\u4e00-\u9fff、]+?)（类）([\u4e00-\u9fff、]+?)（款）([\u4e00-\u9fff、]+?)（项）", text))
    triples = {tuple(re.sub(r"^[\d.、]+", "", t) for t in triple) for triple in triples}
    assert len(triples) == 25
    functional = catalogue_provider(load_template("cq-budget"))(Classification.FUNCTIONAL, 2024)
    unresolved = {t for t in triples if _resolve(functional, t) is None}
    assert unresolved == set(LESHAN_UNRESOLVED)
    assert _resolve(functional, ("农林水支出", "普惠金融发展支出", "创业担保贷款贴息及奖补")) == "2130804"


def test_revisions_published_by_the_ministry_are_recorded_with_their_source():
    provide = catalogue_provider(load_template("cq-budget"))
    f24, f25 = provide(Classification.FUNCTIONAL, 2024), provide(Classification.FUNCTIONAL, 2025)
    assert f24.name("2300412") == "自然资源海洋气象等" and f24.name("22006") == "耕地保护考核奖惩基金支出"
    assert f25.name("22911") == "中央金融机构注资特别国债财务基金支出" and "财预〔2025〕41号" in f25.source
    assert "2024-03-29" in f24.source
