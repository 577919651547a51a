"""Where the bundled data lives: templates, catalogues, samples, fonts.

One function finds the data folder whether budgetdesk runs from a checkout, an installed wheel or a
frozen bundle, so nothing depends on the current directory.
"""

from __future__ import annotations

import json
import os
import re
import sys
from functools import lru_cache
from pathlib import Path

from budgetdesk.core.codes import Catalogue, Classification
from budgetdesk.core.template import TemplateError, TemplateSet, load_template_set, table_titles


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
    if not isinstance(set_id, str) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}", set_id) or ".." in set_id:
        raise TemplateError(f"模板名“{str(set_id)[:40]}”无效")  # a name from a file never becomes a path elsewhere
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
def template_titles(set_id: str) -> tuple[tuple[tuple[str, ...], bool], ...]:
    """The set's tables' titles (and whether each has a text column) without loading the set (``table_titles``)."""
    return table_titles(_raw_template(set_id), _raw_template)


def user_catalogue_dir() -> Path:
    """Where imported 科目表 are kept: ``catalogue/`` in the user data folder (no Qt needed, so the CLI finds it too).

    ``BUDGETDESK_USER_DIR`` overrides, as for the app; otherwise the folder Qt's AppDataLocation gives
    on Windows (%APPDATA%\\budgetdesk\\budgetdesk) and Linux (~/.local/share/budgetdesk/budgetdesk).
    """
    override = os.environ.get("BUDGETDESK_USER_DIR")
    if override:
        base = Path(override)
    elif sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming")) / "budgetdesk" / "budgetdesk"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support" / "budgetdesk" / "budgetdesk"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "budgetdesk" / "budgetdesk"
    return base / "catalogue"


def _catalogue_files(name: str) -> list[Path]:
    """The user's imported 科目表 of that name (if any) first, then the bundled one (if any)."""
    return [p for p in (user_catalogue_dir() / f"{name}.tsv", resources_dir() / "catalogue" / f"{name}.tsv") if p.is_file()]


def _catalogue(name: str, classification: Classification, year: int) -> Catalogue | None:
    """The year's catalogue: an imported 科目表 wins, code by code, over the bundled one it is laid over.

    Laying it over (rather than replacing) means a bureau list that covers only some 类 does not
    make every other bundled code unknown.
    """
    files = _catalogue_files(name)
    if not files:
        return None
    return _parsed(tuple((str(p), p.stat().st_mtime_ns) for p in files), classification, year)


@lru_cache(maxsize=64)
def _parsed(files: tuple[tuple[str, int], ...], classification: Classification, year: int) -> Catalogue:
    layers = [Catalogue.parse(Path(p).read_text(encoding="utf-8"), classification, year) for p, _mtime in files]
    if len(layers) == 1:
        return layers[0]
    user, bundled = layers
    names = {c.code: c.name for c in bundled.all()} | {c.code: c.name for c in user.all()}
    source = f"{user.source}\n科目表中没有的科目取自程序自带目录：{bundled.source.splitlines()[0] if bundled.source else ''}"
    return Catalogue(classification, year, names, source)


def catalogue_years(pattern: str) -> list[int]:
    """The years for which a catalogue named by ``pattern`` (``functional-{year}``) exists, bundled or imported."""
    prefix, _, suffix = pattern.partition("{year}")
    years = set()
    for folder in (user_catalogue_dir(), resources_dir() / "catalogue"):
        for path in folder.glob(f"{prefix}*{suffix}.tsv"):
            middle = path.stem[len(prefix): len(path.stem) - len(suffix) or None]
            if middle.isdigit():
                years.add(int(middle))
    return sorted(years)


def nearest_year(years: list[int], year: int) -> int | None:
    """The closest year; on a tie the earlier one (a published catalogue rather than a later one)."""
    return min(years, key=lambda y: (abs(y - year), y)) if years else None


_generation = [0]


def clear_catalogue_cache() -> None:
    """After a 科目表 is imported into the user folder: providers look the files up again."""
    _generation[0] += 1


def catalogue_provider(template_set: TemplateSet):
    """The function the rule engine asks for the catalogue of a classification and year.

    A year without a catalogue gets the nearest year's, whose ``requested_year`` tells the checks
    and the user that it is a fallback.
    """

    found: dict[tuple[Classification, int], Catalogue | None] = {}
    seen = [_generation[0]]

    def lookup(classification: Classification, year: int) -> Catalogue | None:
        pattern = template_set.catalogues.get(classification.value)
        if not pattern or not year:
            return None
        own = _catalogue(pattern.format(year=year), classification, year)
        if own is not None:
            return own
        nearest = nearest_year(catalogue_years(pattern), year)
        base = None if nearest is None else _catalogue(pattern.format(year=nearest), classification, nearest)
        return None if base is None else base.standing_in_for(year)

    def provide(classification: Classification, year: int) -> Catalogue | None:
        if seen[0] != _generation[0]:
            found.clear()
            seen[0] = _generation[0]
        key = (classification, year)
        if key not in found:
            found[key] = lookup(classification, year)
        return found[key]

    return provide


@lru_cache(maxsize=None)
def load_performance(forms_id: str):
    """The 绩效目标表 forms a template set names (``templates/performance/<id>.json``)."""
    from budgetdesk.core.performance.forms import load_performance_forms

    path = templates_dir() / "performance" / f"{forms_id}.json"
    if not path.is_file():
        raise TemplateError(f"没有绩效目标表模板 {forms_id}（{path}）")
    with path.open(encoding="utf-8") as fh:
        forms = load_performance_forms(json.load(fh))
    if forms_id == PLAIN_FORMS:
        return forms
    from dataclasses import replace

    return replace(forms, plain=load_performance(PLAIN_FORMS))  # for targets read as no template's form


PLAIN_FORMS = "plain"  # templates/performance/plain.json: forms read by meaning, printed in a plain layout


def default_new_year(template_set: TemplateSet, today_year: int) -> int:
    """新建's default year: next year's budget, or the nearest year that has a functional catalogue."""
    pattern = template_set.catalogues.get(Classification.FUNCTIONAL.value)
    years = catalogue_years(pattern) if pattern else []
    wanted = today_year + 1
    return wanted if wanted in years or not years else nearest_year(years, wanted)


def catalogue_notices(document) -> list[str]:
    """Sentences for the user when the document's year has no catalogue of its own (the nearest year's is used)."""
    provide = catalogue_provider(document.template_set)
    out = []
    for classification in Classification:
        found = provide(classification, document.meta.year)
        if found is not None and found.fallback_notice:
            out.append(found.fallback_notice)
    return out


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


@lru_cache(maxsize=None)
def narrative_policy():
    """What a finished 情况说明 must have: required sections per kind and region, blanks, reason threshold."""
    from budgetdesk.core.narrative.policy import Policy

    return Policy.from_data(narrative_data("policy"))


def narrative_sections(template_set: TemplateSet) -> dict | None:
    """The section order and phrasing for generating this kind of 情况说明 (预算 or 决算); None if not written yet."""
    name = "final-sections" if template_set.kind == "final_accounts" else "budget-sections"
    if not (templates_dir() / "narrative" / f"{name}.json").is_file():
        return None
    return narrative_data(name)


# -- 情况说明 charts -----------------------------------------------------------------------------

@lru_cache(maxsize=None)
def chart_specs(set_id: str):
    """The charts a template set's 情况说明 carries (``templates/charts/<set>.json``; none when absent)."""
    from budgetdesk.core.charts import parse_chart_specs

    path = templates_dir() / "charts" / f"{set_id}.json"
    if path.is_file():
        with path.open(encoding="utf-8") as fh:
            return parse_chart_specs(json.load(fh))
    parent = _raw_template(set_id).get("extends")
    if not parent:
        return ()
    # a variant (``extends``) carries its parent's charts, less those that read a table it removed
    tables = {t.id for t in load_template(set_id).tables}
    return tuple(spec for spec in chart_specs(parent)
                 if all(ref[0] in tables for ref in spec.refs())
                 and (spec.class_rows is None or spec.class_rows[0] in tables))
