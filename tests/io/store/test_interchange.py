import json

import pytest

from budgetdesk.io.store import interchange
from budgetdesk.io.store.interchange import InterchangeError
from budgetdesk.resources import load_template
from tests.conftest import SEED_FILES
from budgetdesk.io.read.disclosure_text import read_disclosure


@pytest.mark.parametrize("name", sorted(SEED_FILES))
def test_json_round_trip_is_exact(name):
    path, template = SEED_FILES[name]
    doc, _ = read_disclosure(path, load_template(template))
    text = interchange.dumps(doc)
    again = interchange.loads(text, load_template)
    assert interchange.dumps(again) == text


def test_cells_carry_table_row_and_header_path(sample_doc):
    data = json.loads(interchange.dumps(sample_doc))
    income = next(t for t in data["tables"] if t["id"] == "income")
    assert income["title"] == "收入总表"
    cell = next(c for c in income["cells"] if c["row"] == "208" and c["column"] == "total")
    assert cell == {"row": "208", "column": "total", "header": ["合计"], "value": "12968.46"}
    three = next(t for t in data["tables"] if t["id"] == "three_public")
    car = next(c for c in three["cells"] if c["column"] == "car_run")
    assert car["header"] == ["2024年预算数", "公务用车购置及运行费", "公务用车运行费"]
    assert data["template_set"]["id"] == "cq-budget" and data["unit"]["year"] == 2024


def test_numbers_must_be_strings_and_foreign_json_is_refused(sample_doc):
    data = json.loads(interchange.dumps(sample_doc))
    data["tables"][0]["cells"][0]["value"] = 14236.27
    with pytest.raises(InterchangeError, match="字符串"):
        interchange.document_from_dict(data, load_template)
    with pytest.raises(InterchangeError, match="不是 budgetdesk"):
        interchange.loads('{"a": 1}', load_template)
    with pytest.raises(InterchangeError, match="第 1 行"):
        interchange.loads("{", load_template)


def test_an_unbounded_prior_year_figure_is_refused_with_its_cell(sample_doc):
    import pytest

    from budgetdesk.io.store.interchange import InterchangeError, document_to_dict, document_from_dict
    from budgetdesk.resources import load_template

    data = document_to_dict(sample_doc)
    data["prior"] = [{"table": "income", "row": "total", "column": "total", "value": "9" * 27}]
    with pytest.raises(InterchangeError, match="上年数 表 income 行 total.*整数部分超过"):
        document_from_dict(data, load_template)


# -- duplicates: json would keep the last one without a word (issue 29) ----------------------------

def _sample_text(sample_doc) -> str:
    return interchange.dumps(sample_doc)


def test_a_key_given_twice_with_different_values_is_refused_naming_both(sample_doc):
    text = _sample_text(sample_doc)
    name = sample_doc.meta.unit_name
    doubled = text.replace(f'"unit_name": "{name}"', f'"unit_name": "{name}", "unit_name": "别的单位"', 1)
    with pytest.raises(InterchangeError) as info:
        interchange.loads(doubled, load_template)
    assert "unit_name" in str(info.value) and name in str(info.value) and "别的单位" in str(info.value)


def test_a_key_repeated_with_the_same_value_is_harmless(sample_doc):
    name = sample_doc.meta.unit_name
    text = _sample_text(sample_doc).replace(f'"unit_name": "{name}"', f'"unit_name": "{name}", "unit_name": "{name}"', 1)
    assert interchange.loads(text, load_template).meta.unit_name == name


@pytest.mark.parametrize("part", ["cells", "prior", "tables"])
def test_the_same_cell_table_or_prior_value_twice_with_different_values_is_refused(sample_doc, part):
    data = json.loads(_sample_text(sample_doc))
    if part == "prior":
        data["prior"] = [{"table": "expenditure", "row": "total", "column": "total", "value": "5738.89"},
                         {"table": "expenditure", "row": "total", "column": "total", "value": "99999.99"}]
        said = "99999.99"
    elif part == "cells":
        table = data["tables"][0]
        first = dict(table["cells"][0])
        table["cells"].append({**first, "value": "99999.99"})
        said = "99999.99"
    else:
        twin = json.loads(json.dumps(data["tables"][0]))
        twin["cells"] = twin["cells"][1:]
        data["tables"].append(twin)
        said = f"表 {twin['id']}"
    with pytest.raises(InterchangeError) as info:
        interchange.loads(json.dumps(data, ensure_ascii=False), load_template)
    assert "出现两次" in str(info.value) and said in str(info.value)


def test_the_document_json_is_the_text_json_dumps_writes():
    """interchange.indented_json: json.dumps(..., ensure_ascii=False, indent=1), character for character."""
    import json
    from pathlib import Path

    from budgetdesk.io.files import OpenError, open_document
    from budgetdesk.io.store.interchange import document_to_dict, indented_json
    from budgetdesk.resources import sample_path

    fixtures = Path(__file__).resolve().parents[2] / "fixtures"
    docs = 0
    for path in [sample_path(), *sorted(fixtures.rglob("*.txt"))]:  # with 情况说明 and 绩效目标表
        try:
            doc, _ = open_document(path)
        except OpenError:
            continue
        data = document_to_dict(doc)
        assert indented_json(data) == json.dumps(data, ensure_ascii=False, indent=1), path.name
        docs += 1
    assert docs >= 12
    odd = {"": [], "a": {}, "引号\"\\/\n\t\x00\x1f\u2028\ud800😀": [None, True, False, 0, -12, 10**30, "", [[]], [{}]],
           "nested": [{"x": [1, {"y": "z"}]}]}
    assert indented_json(odd) == json.dumps(odd, ensure_ascii=False, indent=1)
    for other in ({"f": 1.5}, {"n": float("nan")}, {1: "int key"}, [True, 2.0], {"t": (1, 2)}):  # left to json.dumps
        assert indented_json(other) == json.dumps(other, ensure_ascii=False, indent=1)
