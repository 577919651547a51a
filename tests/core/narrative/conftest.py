"""The seeds' narratives as the checks see them."""

from __future__ import annotations

import pytest

from budgetdesk.core.narrative.parse import parse_text
from budgetdesk.io.files import open_document
from budgetdesk.resources import narrative_rules, narrative_vocabulary
from tests.conftest import SEEDS

LESHAN = SEEDS / "sichuan_leshan_2024_final_accounts.txt"
BEIBEI = SEEDS / "chongqing_beibei_2024_budget.txt"


@pytest.fixture(scope="session")
def vocabulary():
    return narrative_vocabulary(2024)


@pytest.fixture(scope="session")
def rules():
    return narrative_rules()


@pytest.fixture
def beibei():
    doc, _ = open_document(BEIBEI, "cq-budget-beibei")
    return doc, parse_text(BEIBEI.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def leshan():
    return parse_text(LESHAN.read_text(encoding="utf-8"))
