from budgetdesk.core.codes import Catalogue, Classification, code_sort_key, normalize_code, parent_code
from budgetdesk.resources import catalogue_provider, load_template


def test_normalize_code_from_messy_sources():
    assert normalize_code("208 01 01") == "2080101"
    assert normalize_code(2080101) == "2080101"
    assert normalize_code(208.0) == "208"
    assert normalize_code("２０８") == "208"
    assert normalize_code("合计") is None
    assert normalize_code("2080") is None


def test_code_order_puts_parents_first():
    codes = ["2080101", "210", "208", "20801", "20805", "2080199"]
    assert sorted(codes, key=code_sort_key) == ["208", "20801", "2080101", "2080199", "20805", "210"]
    assert parent_code("2080101") == "20801" and parent_code("208") is None


def test_catalogue_names_tolerate_whitespace_and_full_width():
    cat = Catalogue.parse("# test\n30213\t维修（护）费\n", Classification.ECONOMIC, 2024)
    assert cat.name_matches("30213", "维修(护)费")
    assert cat.name_matches("30213", " 维修 （护） 费 ")
    assert not cat.name_matches("30213", "维修费")


def test_shipped_catalogues_cover_the_seeds_and_track_renames():
    provide = catalogue_provider(load_template("cq-budget"))
    f24 = provide(Classification.FUNCTIONAL, 2024)
    f25 = provide(Classification.FUNCTIONAL, 2025)
    e24 = provide(Classification.ECONOMIC, 2024)
    assert f24.name("2080701") == "就业创业服务补贴"
    assert f25.name("2080701") == "就业创业服务补助"
    for code in ("201", "20132", "2013204", "2230105", "2130804", "2210201", "2101199", "2089999"):
        assert code in f24, code
    for code in ("30101", "30217", "30231", "31002", "31013", "39999", "30309"):
        assert code in e24, code
    assert [c.code for c in f24.children("22102")] == ["2210201", "2210202", "2210203"]
    stand_in = provide(Classification.FUNCTIONAL, 1999)  # no catalogue that year: the nearest one, saying so
    assert (stand_in.year, stand_in.requested_year) == (2024, 1999) and "2024 年目录" in stand_in.fallback_notice
    assert provide(Classification.FUNCTIONAL, 0) is None
    assert "2024" in f24.source
