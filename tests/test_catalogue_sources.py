"""The bundled catalogues agree with every public listing of the classification that could be read.

No complete, readable 2024/2025 list was found (searches recorded in the catalogue headers and
/work/notes/issue-12c.md); what was found are partial listings, mostly of other years. Each entry
below is copied from the page named (code and name exactly as printed there, nothing added): the
catalogue must hold the same code under the same name, and each file header must cite the page,
so a later edit that drifts from a public source, or drops the citation, fails here. A listing of
another year is a cross-check of names that did not change, not evidence for the year itself;
the headers say which year each page shows.
"""

from pathlib import Path

import pytest

from budgetdesk.core.codes import Catalogue, Classification
from budgetdesk.resources import resources_dir

FUNCTIONAL, ECONOMIC = Classification.FUNCTIONAL, Classification.ECONOMIC

# url → (classification, year the page shows, {code: name as printed})
SOURCES = {
    # 部门预算支出经济分类科目 (财务处“常用表格”，2020-07-24)；页面摘录止于 30112
    "http://www.hd-u.com/cwc/info/1013/1198.htm": (ECONOMIC, 2020, {
        "301": "工资福利支出", "30101": "基本工资", "30102": "津贴补贴", "30103": "奖金",
        "30106": "伙食补助费", "30107": "绩效工资", "30108": "机关事业单位基本养老保险缴费",
        "30109": "职业年金缴费", "30110": "职工基本医疗保险缴费", "30111": "公务员医疗补助缴费",
        "30112": "其他社会保障缴费",
    }),
    # 政府预算和部门预算支出经济分类科目对照表（附表1，xls，2020-04-30）：部门预算一侧，类 + 两位款号
    "http://m.ishare.iask.sina.com.cn/f/oIuBYFV8aL.html": (ECONOMIC, 2020, {
        "301": "工资福利支出", "30101": "基本工资", "30102": "津贴补贴", "30103": "奖金",
        "30106": "伙食补助费", "30108": "机关事业单位基本养老保险缴费", "30109": "职业年金缴费",
        "30110": "职工基本医疗保险缴费", "30111": "公务员医疗补助缴费", "30112": "其他社会保障缴费",
        "30113": "住房公积金", "30114": "医疗费", "30199": "其他工资福利支出",
        "302": "商品和服务支出", "30201": "办公费", "30202": "印刷费", "30204": "手续费", "30205": "水费",
        "30206": "电费", "30207": "邮电费", "30208": "取暖费", "30209": "物业管理费", "30211": "差旅费",
        "30214": "租赁费", "30215": "会议费", "30216": "培训费", "30218": "专用材料费",
        "30224": "被装购置费", "30228": "工会经费", "30229": "福利费", "30239": "其他交通费用",
        "30240": "税金及附加费用",
    }),
    # 302 款的说明表（2018-05-25；款号两位，类 302 由上下文）；其中 19–23 为军队款，本目录不收，不在此列
    "http://wanglu.net/thread/t13-353644-1.html": (ECONOMIC, 2018, {
        "30214": "租赁费", "30215": "会议费", "30216": "培训费", "30217": "公务接待费",
        "30218": "专用材料费", "30224": "被装购置费", "30225": "专用燃料费", "30226": "劳务费",
        "30227": "委托业务费", "30228": "工会经费", "30229": "福利费", "30231": "公务用车运行维护费",
        "30239": "其他交通费用",
    }),
    # 《2025年部门预算经济分类科目》实务解析：办公费与印刷费
    "http://www.kjlww.com/m/article-76318.html": (ECONOMIC, 2025, {
        "30201": "办公费", "30202": "印刷费",
    }),
    # 2023年部门预算支出经济分类科目修订对比表（据《2023年政府收支分类科目》）；摘录止于 302
    "http://1synews.com/sy/jingji/80117.html": (ECONOMIC, 2023, {
        "301": "工资福利支出", "30103": "奖金", "30108": "机关事业单位基本养老保险缴费",
        "30109": "职业年金缴费", "30110": "职工基本医疗保险缴费", "302": "商品和服务支出",
    }),
    # 一般公共预算支出功能分类科目-社会保障和就业支出-退役安置(2023年)，财预〔2022〕107号；全款列出（附录：科目汇总表）
    "https://www.xzcs2022.com/kjfgk/20997.html": (FUNCTIONAL, 2023, {
        "20809": "退役安置", "2080901": "退役士兵安置", "2080902": "军队移交政府的离退休人员安置",
        "2080903": "军队移交政府离退休干部管理机构", "2080904": "退役士兵管理教育",
        "2080905": "军队转业干部安置", "2080999": "其他退役安置支出",
    }),
}
# 款 whose 项 a source lists in full (its 科目汇总表), and the number of 项 counted there
COMPLETE_KUAN = {"20809": ("https://www.xzcs2022.com/kjfgk/20997.html", 6)}


def bundled(classification: Classification, year: int) -> tuple[Catalogue, str]:
    path = resources_dir() / "catalogue" / f"{classification.value}-{year}.tsv"
    text = Path(path).read_text(encoding="utf-8")
    return Catalogue.parse(text, classification, year), text


CASES = [(url, year) for url in SOURCES for year in (2024, 2025)]


@pytest.mark.parametrize(("url", "year"), CASES)
def test_the_catalogue_holds_every_code_a_public_listing_prints_under_the_same_name(url, year):
    classification, _, entries = SOURCES[url]
    catalogue, _ = bundled(classification, year)
    wrong = {code: (name, catalogue.name(code)) for code, name in entries.items() if catalogue.name(code) != name}
    assert not wrong, f"{url}: printed name vs catalogue {wrong}"


@pytest.mark.parametrize(("url", "year"), CASES)
def test_each_catalogue_file_header_cites_the_listing_it_was_checked_against(url, year):
    classification, shown, _ = SOURCES[url]
    _, text = bundled(classification, year)
    header = [line for line in text.splitlines() if line.startswith("#")]
    cited = [line for line in header if url in line]
    assert cited, f"{classification.value}-{year}.tsv header does not cite {url}"
    assert any(str(shown) in line for line in cited), f"the citation of {url} does not say it shows {shown}"


@pytest.mark.parametrize("year", [2024, 2025])
@pytest.mark.parametrize("kuan", sorted(COMPLETE_KUAN))
def test_a_kuan_listed_in_full_has_exactly_the_items_the_listing_counts(kuan, year):
    url, count = COMPLETE_KUAN[kuan]
    catalogue, _ = bundled(FUNCTIONAL, year)
    items = [c.code for c in catalogue.children(kuan)]
    listed = sorted(code for code in SOURCES[url][2] if len(code) == 7)
    assert len(listed) == count
    assert items == listed


@pytest.mark.parametrize("year", [2024, 2025])
def test_every_kuan_of_301_the_catalogue_has_is_printed_by_one_of_the_listings(year):
    """301 is short enough that the partial listings together print each of its 款 (13)."""
    catalogue, _ = bundled(ECONOMIC, year)
    printed = {code for classification, _, entries in SOURCES.values() if classification is ECONOMIC
               for code in entries if code.startswith("301") and len(code) == 5}
    kuan = {c.code for c in catalogue.children("301")}
    assert kuan == printed and len(kuan) == 13
