"""The bundled catalogues agree with every public listing of the classification that could be read.

No complete, readable 2024/2025 list was found (searches recorded in docs/catalogue-sources.md). What was
found: partial listings of the classification itself, mostly of other years, and four real 2025 部门决算
(Shanghai Putuo) whose tables print codes with names. Each entry below is copied from the source named
(code and name exactly as printed, nothing added): the catalogue must hold the same code under the same
name, and each catalogue file header must cite the source with the year it shows, so a later edit that
drifts from a public source, or drops the citation, fails here. A listing of another year is a cross-check
of names that did not change; a 2025 决算 is evidence for the 2025 catalogue only.
"""

from pathlib import Path

import pytest

from budgetdesk.core.codes import Catalogue, Classification
from budgetdesk.resources import resources_dir

FUNCTIONAL, ECONOMIC = Classification.FUNCTIONAL, Classification.ECONOMIC
BOTH, Y2025 = (2024, 2025), (2025,)

# (source, classification) → (year the source shows, catalogue years checked against it, {code: name as printed}).
# Pages of other years are a cross-check of names that did not change, so both catalogues are held to them;
# a 2025 决算 (compiled on the 2025 classification) is evidence for the 2025 catalogue only.
SOURCES = {
    # 部门预算支出经济分类科目 (财务处“常用表格”，2020-07-24)；页面摘录止于 30112
    ("http://www.hd-u.com/cwc/info/1013/1198.htm", ECONOMIC): (2020, BOTH, {
        "301": "工资福利支出", "30101": "基本工资", "30102": "津贴补贴", "30103": "奖金",
        "30106": "伙食补助费", "30107": "绩效工资", "30108": "机关事业单位基本养老保险缴费",
        "30109": "职业年金缴费", "30110": "职工基本医疗保险缴费", "30111": "公务员医疗补助缴费",
        "30112": "其他社会保障缴费",
    }),
    # 政府预算和部门预算支出经济分类科目对照表（附表1，xls，2020-04-30）：部门预算一侧，类 + 两位款号
    ("http://m.ishare.iask.sina.com.cn/f/oIuBYFV8aL.html", ECONOMIC): (2020, BOTH, {
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
    ("http://wanglu.net/thread/t13-353644-1.html", ECONOMIC): (2018, BOTH, {
        "30214": "租赁费", "30215": "会议费", "30216": "培训费", "30217": "公务接待费",
        "30218": "专用材料费", "30224": "被装购置费", "30225": "专用燃料费", "30226": "劳务费",
        "30227": "委托业务费", "30228": "工会经费", "30229": "福利费", "30231": "公务用车运行维护费",
        "30239": "其他交通费用",
    }),
    # 《2025年部门预算经济分类科目》实务解析：办公费与印刷费
    ("http://www.kjlww.com/m/article-76318.html", ECONOMIC): (2025, BOTH, {
        "30201": "办公费", "30202": "印刷费",
    }),
    # 2023年部门预算支出经济分类科目修订对比表（据《2023年政府收支分类科目》）；摘录止于 302
    ("http://1synews.com/sy/jingji/80117.html", ECONOMIC): (2023, BOTH, {
        "301": "工资福利支出", "30103": "奖金", "30108": "机关事业单位基本养老保险缴费",
        "30109": "职业年金缴费", "30110": "职工基本医疗保险缴费", "302": "商品和服务支出",
    }),
    # 一般公共预算支出功能分类科目-社会保障和就业支出-退役安置(2023年)，财预〔2022〕107号；全款列出（附录：科目汇总表）
    ("https://www.xzcs2022.com/kjfgk/20997.html", FUNCTIONAL): (2023, BOTH, {
        "20809": "退役安置", "2080901": "退役士兵安置", "2080902": "军队移交政府的离退休人员安置",
        "2080903": "军队移交政府离退休干部管理机构", "2080904": "退役士兵管理教育",
        "2080905": "军队转业干部安置", "2080999": "其他退役安置支出",
    }),
    # 上海市普陀区 2025 年度部门决算四份（公开 PDF 的文字，存于 GovBudgetChecker 的测试数据）：收入决算表、支出决算表、
    # 基本支出决算表中编码与名称印在同一行的科目。各件互相矛盾的（2111101、A 的 20805 旧名）不在此列，见 CONFLICTS。
    (SHIQUAN := "zxj6827111-blip/GovBudgetChecker:tests/fixtures/shiquan_narrative_truth_page_data.json"
                "@0e03cb27ab9b69964906e86e8012d040eb687883", FUNCTIONAL): (2025, Y2025, {
        "201": "一般公共服务支出", "20105": "统计信息事务", "2010505": "专项统计业务", "2010506": "统计管理",
        "20129": "群众团体事务", "2012902": "一般行政管理事务", "20132": "组织事务", "2013202": "一般行政管理事务",
        "20133": "宣传事务", "2013302": "一般行政管理事务", "20134": "统战事务", "2013402": "一般行政管理事务",
        "20138": "市场监督管理事务", "2013802": "一般行政管理事务", "204": "公共安全支出", "20406": "司法",
        "2040607": "公共法律服务", "20499": "其他公共安全支出", "2049999": "其他公共安全支出", "205": "教育支出",
        "20599": "其他教育支出", "2059999": "其他教育支出", "206": "科学技术支出", "20607": "科学技术普及",
        "2060702": "科普活动", "207": "文化旅游体育与传媒支出", "20701": "文化和旅游", "2070109": "群众文化",
        "20703": "体育", "2070308": "群众体育", "208": "社会保障和就业支出", "2080501": "行政单位离退休",
        "2080502": "事业单位离退休", "2080599": "其他行政事业单位养老支出", "20807": "就业补助",
        "2080705": "公益性岗位补贴", "20808": "抚恤", "2080801": "死亡抚恤", "20816": "红十字事业",
        "2081602": "一般行政管理事务", "20825": "其他生活救助", "2082501": "其他城市生活救助",
        "20899": "其他社会保障和就业支出", "2089999": "其他社会保障和就业支出", "210": "卫生健康支出",
        "21007": "计划生育事务", "2100717": "计划生育服务", "21011": "行政事业单位医疗", "2101101": "行政单位医疗",
        "2101102": "事业单位医疗", "211": "节能环保支出", "21111": "污染减排", "212": "城乡社区支出",
        "21201": "城乡社区管理事务", "2120101": "行政运行", "2120102": "一般行政管理事务", "2120104": "城管执法",
        "2120199": "其他城乡社区管理事务支出", "21203": "城乡社区公共设施", "2120399": "其他城乡社区公共设施支出",
        "21205": "城乡社区环境卫生", "2120501": "城乡社区环境卫生", "21299": "其他城乡社区支出",
        "2129999": "其他城乡社区支出", "221": "住房保障支出", "22102": "住房改革支出", "2210201": "住房公积金",
        "2210203": "购房补贴", "22103": "城乡社区住宅", "2210399": "其他城乡社区住宅支出",
        "224": "灾害防治及应急管理支出", "22402": "消防救援事务", "2240299": "其他消防救援事务支出",
    }),
    (YICHUAN := "zxj6827111-blip/GovBudgetChecker:tests/fixtures/cross_san_gong_truth_page_data.json"
                "@99aa692fd039201e5baa0bb930d9e97ec87bbaf2", FUNCTIONAL): (2025, Y2025, {
        "201": "一般公共服务支出", "20105": "统计信息事务", "2010507": "专项普查活动", "20129": "群众团体事务",
        "2012902": "一般行政管理事务", "20132": "组织事务", "2013202": "一般行政管理事务", "20133": "宣传事务",
        "2013302": "一般行政管理事务", "20138": "市场监督管理事务", "2013802": "一般行政管理事务",
        "2013899": "其他市场监督管理事务", "204": "公共安全支出", "20499": "其他公共安全支出",
        "2049999": "其他公共安全支出", "205": "教育支出", "20599": "其他教育支出", "2059999": "其他教育支出",
        "206": "科学技术支出", "20607": "科学技术普及", "2060702": "科普活动", "207": "文化旅游体育与传媒支出",
        "20703": "体育", "2070308": "群众体育", "208": "社会保障和就业支出", "20805": "行政事业单位养老支出",
        "2080501": "行政单位离退休", "2080502": "事业单位离退休", "20807": "就业补助", "2080705": "公益性岗位补贴",
        "2080799": "其他就业补助支出", "20808": "抚恤", "2080801": "死亡抚恤", "20816": "红十字事业",
        "2081602": "一般行政管理事务", "20899": "其他社会保障和就业支出", "2089999": "其他社会保障和就业支出",
        "210": "卫生健康支出", "21007": "计划生育事务", "2100717": "计划生育服务", "21011": "行政事业单位医疗",
        "2101101": "行政单位医疗", "2101102": "事业单位医疗", "211": "节能环保支出", "21111": "污染减排",
        "2111103": "减排专项支出", "212": "城乡社区支出", "21201": "城乡社区管理事务", "2120101": "行政运行",
        "2120102": "一般行政管理事务", "2120104": "城管执法", "21203": "城乡社区公共设施",
        "21205": "城乡社区环境卫生", "2120501": "城乡社区环境卫生", "21299": "其他城乡社区支出",
        "2129999": "其他城乡社区支出", "221": "住房保障支出", "22102": "住房改革支出", "2210201": "住房公积金",
        "2210203": "购房补贴", "22103": "城乡社区住宅", "2210399": "其他城乡社区住宅支出",
        "2219899": "其他住房保障支出",
    }),
    ("zxj6827111-blip/GovBudgetChecker:tests/fixtures/sample_page_data.json"
     "@55d3e26e898f290fa8979a595519353f57fb1565", FUNCTIONAL): (2025, Y2025, {
        "208": "社会保障和就业支出", "20805": "行政事业单位养老支出", "2080501": "行政单位离退休",
        "2080502": "事业单位离退休", "2080599": "其他行政事业单位养老支出", "20808": "抚恤", "2080801": "死亡抚恤",
        "210": "卫生健康支出", "21011": "行政事业单位医疗", "2101101": "行政单位医疗", "2101102": "事业单位医疗",
        "211": "节能环保支出", "21101": "环境保护管理事务", "2110101": "行政运行", "2110104": "生态环境保护宣传",
        "2110105": "环境保护法规、规划及标准", "2110107": "生态环境保护行政许可",
        "2110199": "其他环境保护管理事务支出", "21103": "污染防治", "2110301": "大气", "2110302": "水体",
        "2110399": "其他污染防治支出", "21111": "污染减排", "2111102": "生态环境执法监察", "221": "住房保障支出",
        "22102": "住房改革支出", "2210201": "住房公积金", "2210203": "购房补贴",
    }),
    (WENLV := "zxj6827111-blip/GovBudgetChecker:tests/fixtures/wenlv_narrative_truth_page_data.json"
              "@2b25528d73424f2516dc76ed847de00268252008", FUNCTIONAL): (2025, Y2025, {
        "207": "文化旅游体育与传媒支出", "20701": "文化和旅游", "2070101": "行政运行", "2070104": "图书馆",
        "2070105": "文化展示及纪念机构", "2070108": "文化活动", "2070109": "群众文化",
        "2070110": "文化和旅游交流与合作", "2070111": "文化创作与保护", "2070112": "文化和旅游市场管理",
        "2070113": "旅游宣传", "2070114": "文化和旅游管理事务", "2070199": "其他文化和旅游支出",
        "20709": "旅游发展基金支出", "2070904": "地方旅游开发项目补助", "20799": "其他文化旅游体育与传媒支出",
        "2079903": "文化产业发展专项支出", "2079999": "其他文化旅游体育与传媒支出", "208": "社会保障和就业支出",
        "20805": "行政事业单位养老支出", "2080501": "行政单位离退休", "2080502": "事业单位离退休",
        "2080506": "机关事业单位职业年金缴费支出", "2080599": "其他行政事业单位养老支出", "20808": "抚恤",
        "2080801": "死亡抚恤", "210": "卫生健康支出", "21011": "行政事业单位医疗", "2101101": "行政单位医疗",
        "2101102": "事业单位医疗", "212": "城乡社区支出", "215": "资源勘探工业信息等支出",
        "21508": "支持中小企业发展和管理支出", "2150899": "其他支持中小企业发展和管理支出", "221": "住房保障支出",
        "22102": "住房改革支出", "2210201": "住房公积金", "2210203": "购房补贴",
    }),
    # 两份决算的“一般公共预算财政拨款基本支出决算表”（统一表样，无数的款也列出）；30108、31007 的名称折行，不在此列
    (WENLV, ECONOMIC): (2025, Y2025, (ECONOMIC_2025 := {
        "301": "工资福利支出", "30101": "基本工资", "30102": "津贴补贴", "30103": "奖金", "30106": "伙食补助费",
        "30107": "绩效工资", "30109": "职业年金缴费", "30110": "职工基本医疗保险缴费", "30111": "公务员医疗补助缴费",
        "30112": "其他社会保障缴费", "30113": "住房公积金", "30114": "医疗费", "30199": "其他工资福利支出",
        "302": "商品和服务支出", "30201": "办公费", "30202": "印刷费", "30203": "咨询费", "30204": "手续费",
        "30205": "水费", "30206": "电费", "30207": "邮电费", "30208": "取暖费", "30209": "物业管理费",
        "30211": "差旅费", "30212": "因公出国（境）费用", "30213": "维修（护）费", "30214": "租赁费",
        "30215": "会议费", "30216": "培训费", "30217": "公务接待费", "30218": "专用材料费", "30224": "被装购置费",
        "30225": "专用燃料费", "30226": "劳务费", "30227": "委托业务费", "30228": "工会经费", "30229": "福利费",
        "30231": "公务用车运行维护费", "30239": "其他交通费用", "30240": "税金及附加费用",
        "30299": "其他商品和服务支出", "303": "对个人和家庭的补助", "30301": "离休费", "30302": "退休费",
        "30303": "退职（役）费", "30304": "抚恤金", "30305": "生活补助", "30306": "救济费", "30307": "医疗费补助",
        "30308": "助学金", "30309": "奖励金", "30310": "个人农业生产补贴", "30311": "代缴社会保险费",
        "30399": "其他对个人和家庭的补助", "310": "资本性支出", "31001": "房屋建筑物购建", "31002": "办公设备购置",
        "31003": "专用设备购置", "31013": "公务用车购置", "31019": "其他交通工具购置", "31021": "文物和陈列品购置",
        "31022": "无形资产购置", "31099": "其他资本性支出",
    })),
    (SHIQUAN, ECONOMIC): (2025, Y2025, ECONOMIC_2025),
}
# 款 whose 项 a source lists in full (its 科目汇总表), and the number of 项 counted there
COMPLETE_KUAN = {"20809": ("https://www.xzcs2022.com/kjfgk/20997.html", 6)}
# 类 whose 款 the 2025 基本支出决算表 template prints in full (empty ones too): codes counted there, 30108 included
TEMPLATE_COMPLETE_2025 = {"301": 13, "302": 27, "303": 12}
# 22198 is printed across two lines in YICHUAN (“超长期特别国债安排的支 / 22198 … / 出”); read together
READ_ACROSS_LINES_2025 = {"22198": "超长期特别国债安排的支出"}
# where the 2025 决算 disagree with each other, nothing was taken: (code, name a source prints that the catalogue must not hold)
CONFLICTS_2025 = [("2111101", "减排专项支出"), ("2111101", "生态环境监测与信息"), ("20805", "行政事业单位离退休")]


def bundled(classification: Classification, year: int) -> tuple[Catalogue, str]:
    path = resources_dir() / "catalogue" / f"{classification.value}-{year}.tsv"
    text = Path(path).read_text(encoding="utf-8")
    return Catalogue.parse(text, classification, year), text


CASES = [(source, classification, year) for (source, classification), (_, years, _) in SOURCES.items()
         for year in years]
IDS = [f"{source.split('/')[-1][:40]}-{classification.value}-{year}" for source, classification, year in CASES]


@pytest.mark.parametrize(("source", "classification", "year"), CASES, ids=IDS)
def test_the_catalogue_holds_every_code_a_public_listing_prints_under_the_same_name(source, classification, year):
    _, _, entries = SOURCES[(source, classification)]
    catalogue, _ = bundled(classification, year)
    wrong = {code: (name, catalogue.name(code)) for code, name in entries.items() if catalogue.name(code) != name}
    assert not wrong, f"{source}: printed name vs catalogue {wrong}"


@pytest.mark.parametrize(("source", "classification", "year"), CASES, ids=IDS)
def test_each_catalogue_file_header_cites_the_listing_it_was_checked_against(source, classification, year):
    shown, _, _ = SOURCES[(source, classification)]
    _, text = bundled(classification, year)
    cited = [line for line in text.splitlines() if line.startswith("#") and source in line]
    assert cited, f"{classification.value}-{year}.tsv header does not cite {source}"
    assert any(str(shown) in line for line in cited), f"the citation of {source} does not say it shows {shown}"


@pytest.mark.parametrize("year", [2024, 2025])
@pytest.mark.parametrize("kuan", sorted(COMPLETE_KUAN))
def test_a_kuan_listed_in_full_has_exactly_the_items_the_listing_counts(kuan, year):
    url, count = COMPLETE_KUAN[kuan]
    catalogue, _ = bundled(FUNCTIONAL, year)
    items = [c.code for c in catalogue.children(kuan)]
    listed = sorted(code for code in SOURCES[(url, FUNCTIONAL)][2] if len(code) == 7)
    assert len(listed) == count
    assert items == listed


@pytest.mark.parametrize("year", [2024, 2025])
def test_every_kuan_of_301_the_catalogue_has_is_printed_by_one_of_the_listings(year):
    """The partial listings of other years together print each of 301's 款 (13)."""
    catalogue, _ = bundled(ECONOMIC, year)
    printed = {code for (_, classification), (shown, _, entries) in SOURCES.items()
               if classification is ECONOMIC and shown != 2025
               for code in entries if code.startswith("301") and len(code) == 5}
    kuan = {c.code for c in catalogue.children("301")}
    assert kuan == printed and len(kuan) == 13


@pytest.mark.parametrize("lei", sorted(TEMPLATE_COMPLETE_2025))
def test_the_2025_economic_kuan_are_exactly_those_the_2025_final_accounts_template_prints(lei):
    catalogue, _ = bundled(ECONOMIC, 2025)
    printed = {code for code in ECONOMIC_2025 if len(code) == 5 and code.startswith(lei)}
    if lei == "301":
        printed.add("30108")  # printed, its name wrapped onto two lines
    assert len(printed) == TEMPLATE_COMPLETE_2025[lei]
    assert {c.code for c in catalogue.children(lei)} == printed


def test_the_2025_catalogue_takes_no_side_where_the_2025_final_accounts_disagree():
    catalogue, _ = bundled(FUNCTIONAL, 2025)
    for code, name in READ_ACROSS_LINES_2025.items():
        assert catalogue.name(code) == name
    assert "2111101" not in catalogue
    assert catalogue.name("20805") == "行政事业单位养老支出"
    for code, name in CONFLICTS_2025:
        assert catalogue.name(code) != name


def test_codes_taken_from_the_2025_final_accounts_are_not_claimed_for_2024():
    """No 2024 source was found for them, so the 2024 catalogue stays without them."""
    catalogue_2024, _ = bundled(FUNCTIONAL, 2024)
    taken = set()
    for (_, classification), (shown, years, entries) in SOURCES.items():
        if classification is FUNCTIONAL and years == Y2025:
            taken |= set(entries)
    missing_in_2024 = sorted(code for code in taken if code not in catalogue_2024)
    assert "2070101" in missing_in_2024 and "2120101" in missing_in_2024 and len(missing_in_2024) == 57
