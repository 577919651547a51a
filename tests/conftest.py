"""Shared fixtures: real documents read from the bundled sample and the public seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetdesk.core.engine import Engine
from budgetdesk.io.files import open_document
from budgetdesk.resources import catalogue_provider, load_template, sample_path

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = FIXTURES / "seeds"
SEED_FILES = {
    "yongchuan": (SEEDS / "chongqing_yongchuan_2024_budget.txt", "cq-budget"),
    "beibei": (SEEDS / "chongqing_beibei_2024_budget.txt", "cq-budget-beibei"),
    "haigang": (SEEDS / "hebei_haigang_2024_budget.txt", "hebei-budget"),
}


@pytest.fixture
def sample_doc():
    doc, _ = open_document(sample_path())
    return doc


def engine_for(doc) -> Engine:
    return Engine(doc, catalogue_provider(doc.template_set))


@pytest.fixture
def cq():
    return load_template("cq-budget")
