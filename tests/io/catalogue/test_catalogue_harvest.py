"""Code/name pairs read from published tables, the rule that decides which may enter a catalogue, and the script.

Lines are quoted from real documents: the seeds, the 万里街道 2024 部门预算 (PDF in zxj6827111-blip/tianbaoxitong,
uploads/archives/1769438736627-418301796.pdf, read with pdftotext -layout) and the 石泉路街道 / 文化和旅游局
2025 决算 (text in zxj6827111-blip/GovBudgetChecker tests/fixtures), as cited in tests/test_catalogue_sources.py.
"""

import importlib.util
from pathlib import Path

from budgetdesk.core.codes import Catalogue, Classification
from budgetdesk.io.catalogue.harvest import Harvest, merged_catalogue_text, pairs_in, read_text
from budgetdesk.resources import resources_dir

SEEDS = Path("/work/shared/seeds")
BUDGET_SEEDS = ["chongqing_yongchuan_2024_budget.txt", "chongqing_beibei_2024_budget.txt", "hebei_haigang_2024_budget.txt"]
FUNCTIONAL, ECONOMIC = Classification.FUNCTIONAL, Classification.ECONOMIC

WANLI_2024 = """\
201   05   07   专项普查活动                  257,700      257,700          0          0          0
208   07   05   公益性岗位补贴            4,212,300   4,212,300   0   0   0
301   2     津贴补贴                     16,623,810   16,623,810            0
302   13   维修(护)费           430,000            0      430,000
"""
SHIQUAN_2025_BASIC = """\
30101 基本工资 768.18 30201 办公费 649.22
30108 504.38 30206 电费 72.56
"""
WENLV_2025_FOLDED = """\
机关事业单位基本养老保险缴费
2080505 699.30 699.30
支出
2080506 机关事业单位职业年金缴费支出 349.63 349.63
"""


def catalogue(classification: Classification, year: int) -> Catalogue:
    path = resources_dir() / "catalogue" / f"{classification.value}-{year}.tsv"
    return Catalogue.parse(path.read_text(encoding="utf-8"), classification, year)


def test_every_pair_the_seed_budgets_print_is_in_the_2024_catalogue_under_the_same_name():
    harvest = Harvest()
    for name in BUDGET_SEEDS:
        harvest.add(read_text(SEEDS / name), name, 2024)
    for classification, count in ((FUNCTIONAL, 45), (ECONOMIC, 41)):
        assert len(harvest.candidates(classification, 2024, min_documents=1)) == count
        assert harvest.compare(catalogue(classification, 2024), min_documents=1) == ({}, {})
        assert harvest.conflicts(classification) == {}


def test_shanghai_rows_give_the_joined_code_and_cut_digits_are_reported_not_guessed():
    pairs, malformed = pairs_in(WANLI_2024)
    assert pairs == [("2010507", "专项普查活动"), ("2080705", "公益性岗位补贴"), ("30213", "维修（护）费")]
    assert malformed == ["301   2     津贴补贴                     16,623,810   16,623,810            0"]


def test_two_column_rows_give_each_pair_and_a_code_without_its_name_gives_none():
    pairs, _ = pairs_in(SHIQUAN_2025_BASIC)
    assert pairs == [("30101", "基本工资"), ("30201", "办公费"), ("30206", "电费")]


def test_a_name_folded_onto_two_lines_is_not_taken():
    pairs, _ = pairs_in(WENLV_2025_FOLDED)
    assert pairs == [("2080506", "机关事业单位职业年金缴费支出")]


def test_a_code_enters_only_with_a_document_of_its_year_and_two_documents_under_one_name():
    harvest = Harvest()
    harvest.add("2120104 城管执法 1,289.35\n2111103 减排专项支出 125.00\n", "宜川路2025决算", 2025)
    harvest.add("212 01 04 城管执法 6,522,681 6,522,681\n", "万里2024预算", 2024)
    harvest.add("2111101 减排专项支出 150.00\n", "石泉路2025决算", 2025)
    harvest.add("2111101 生态环境监测与信息 1,493.39\n", "生态环境局2025决算", 2025)
    assert harvest.candidates(FUNCTIONAL, 2025) == {"2120104": "城管执法"}
    assert harvest.candidates(FUNCTIONAL, 2024) == {"2120104": "城管执法"}
    assert harvest.candidates(FUNCTIONAL, 2026) == {}
    assert harvest.candidates(FUNCTIONAL, 2025, min_documents=1) == {"2111103": "减排专项支出", "2120104": "城管执法"}
    assert set(harvest.conflicts(FUNCTIONAL)["2111101"]) == {"减排专项支出", "生态环境监测与信息"}


def test_additions_go_among_the_lines_in_code_order_and_the_header_is_kept():
    text = "# 来源：某某\n201\t一般公共服务支出\n212\t城乡社区支出\n"
    merged = merged_catalogue_text(text, {"21201": "城乡社区管理事务", "2120101": "行政运行", "201": "改名不算"})
    assert merged == ("# 来源：某某\n201\t一般公共服务支出\n212\t城乡社区支出\n21201\t城乡社区管理事务\n"
                      "2120101\t行政运行\n")


def test_the_script_reports_what_a_document_prints_beyond_the_catalogue(tmp_path, capsys):
    spec = importlib.util.spec_from_file_location(
        "catalogue_from_disclosures", Path(__file__).resolve().parents[3] / "scripts" / "catalogue_from_disclosures.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    wanli = tmp_path / "万里2024.txt"
    wanli.write_text(WANLI_2024, encoding="utf-8")
    yichuan = tmp_path / "宜川路2025.txt"
    yichuan.write_text("2111103 减排专项支出 125.00 0.00 125.00\n2080705 公益性岗位补贴 50.11 0.00 50.11\n", encoding="utf-8")
    copy = tmp_path / "宜川路2025副本.txt"
    copy.write_text(yichuan.read_text(encoding="utf-8"), encoding="utf-8")
    assert script.main(["--year", "2025", f"{wanli}@2024", str(yichuan), str(copy)]) == 0
    out = capsys.readouterr().out
    assert "缺少\t2111103\t减排专项支出\t['宜川路2025.txt', '宜川路2025副本.txt']" in out
    assert "缺少\t2080705" not in out and "名称不同" not in out and "公开件不一致" not in out
    assert "编码不全\t万里2024.txt\t301   2     津贴补贴" in out
    assert "2111103" not in catalogue(FUNCTIONAL, 2025)  # nothing written without --write
