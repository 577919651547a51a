import json

import pytest

from budgetdesk.io import interchange
from budgetdesk.io.interchange import InterchangeError
from budgetdesk.resources import load_template
from tests.conftest import SEED_FILES
from budgetdesk.io.disclosure_text import read_disclosure


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

    from budgetdesk.io.interchange import InterchangeError, document_to_dict, document_from_dict
    from budgetdesk.resources import load_template

    data = document_to_dict(sample_doc)
    data["prior"] = [{"table": "income", "row": "total", "column": "total", "value": "9" * 27}]
    with pytest.raises(InterchangeError, match="上年数 表 income 行 total.*整数部分超过"):
        document_from_dict(data, load_template)
