"""Where the bundled data lives: templates, catalogues, samples, fonts.

One function finds the data folder whether budgetdesk runs from a checkout, an installed wheel or a
frozen bundle, so nothing depends on the current directory.
"""

from __future__ import annotations

import json
import os
import sys
from functools import lru_cache
from pathlib import Path

from budgetdesk.core.codes import Catalogue, Classification
from budgetdesk.core.template import TemplateError, TemplateSet, load_template_set


def data_root() -> Path:
    """The folder holding ``templates/`` and ``resources/``."""
    override = os.environ.get("BUDGETDESK_DATA")
    if override:
        return Path(override)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    here = Path(__file__).resolve().parent
    for candidate in (here.parent, here / "data"):
        if (candidate / "templates").is_dir():
            return candidate
    raise FileNotFoundError("找不到 budgetdesk 的模板目录 templates/")


def templates_dir() -> Path:
    return data_root() / "templates"


def resources_dir() -> Path:
    return data_root() / "resources"


def sample_path(name: str = "yongchuan-2024.json") -> Path:
    return resources_dir() / "samples" / name


def icon_path() -> Path:
    """The app icon (window, taskbar); the installer's .ico is made from the same drawing."""
    return resources_dir() / "icons" / "budgetdesk.png"


def _raw_template(set_id: str) -> dict:
    path = templates_dir() / f"{set_id}.json"
    if not path.is_file():
        raise TemplateError(f"没有模板 {set_id}（{path}）")
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def template_ids() -> list[str]:
    return sorted(p.stem for p in templates_dir().glob("*.json"))


@lru_cache(maxsize=None)
def load_template(set_id: str) -> TemplateSet:
    return load_template_set(_raw_template(set_id), _raw_template)


@lru_cache(maxsize=None)
def _catalogue(name: str, classification: Classification, year: int) -> Catalogue | None:
    path = resources_dir() / "catalogue" / f"{name}.tsv"
    if not path.is_file():
        return None
    return Catalogue.parse(path.read_text(encoding="utf-8"), classification, year)


def catalogue_provider(template_set: TemplateSet):
    """The function the rule engine asks for the catalogue of a classification and year."""

    def provide(classification: Classification, year: int) -> Catalogue | None:
        pattern = template_set.catalogues.get(classification.value)
        if not pattern or not year:
            return None
        return _catalogue(pattern.format(year=year), classification, year)

    return provide


# -- 情况说明 (narrative) data ------------------------------------------------------------------


@lru_cache(maxsize=None)
def narrative_data(name: str) -> dict:
    """One JSON file of ``templates/narrative/`` (quantities, rules, section orders)."""
    with (templates_dir() / "narrative" / f"{name}.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def narrative_vocabulary(year: int):
    """The quantity words of the 情况说明 plus that year's 功能分类 catalogue (names of 类/款/项)."""
    from budgetdesk.core.narrative.vocabulary import Vocabulary

    catalogue = _catalogue(f"functional-{year}", Classification.FUNCTIONAL, year) if year else None
    return Vocabulary.from_data(narrative_data("quantities"), catalogue)


def narrative_rules():
    from budgetdesk.core.narrative.check import rules_from_data

    return rules_from_data(narrative_data("rules"))


def narrative_sections(template_set: TemplateSet) -> dict | None:
    """The section order and phrasing for generating this kind of 情况说明 (预算 or 决算); None if not written yet."""
    name = "final-sections" if template_set.kind == "final_accounts" else "budget-sections"
    if not (templates_dir() / "narrative" / f"{name}.json").is_file():
        return None
    return narrative_data(name)
