"""绩效目标表 survive .bdesk and JSON exactly; version-1 project files still open; convert writes them all."""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal as D

import pytest

from budgetdesk.cli import main
from budgetdesk.core.performance import Funding, Indicator, PerformanceTarget, TargetKind
from budgetdesk.core.performance.serial import PerformanceDataError, target_from_dict, target_to_dict
from budgetdesk.io.store import interchange
from budgetdesk.io.read.disclosure_text import read_disclosure
from budgetdesk.io.store.project import load_project, save_project
from budgetdesk.resources import load_template
from tests.conftest import SEED_FILES


@pytest.fixture(scope="module", params=["beibei", "yongchuan"])
def seed_doc(request):
    path, template = SEED_FILES[request.param]
    return read_disclosure(path, load_template(template))[0]


def test_bdesk_round_trip_is_exact(seed_doc, tmp_path):
    again = load_project(save_project(seed_doc, tmp_path / "x.bdesk"), load_template)
    assert list(again.performance) == list(seed_doc.performance)
    assert interchange.dumps(again) == interchange.dumps(seed_doc)


def test_json_round_trip_is_exact(seed_doc):
    again = interchange.loads(interchange.dumps(seed_doc), load_template)
    assert list(again.performance) == list(seed_doc.performance)


def test_every_field_survives():
    t = PerformanceTarget(
        "k", TargetKind.PROJECT, name="名", code="C1", department="部", unit="单位", money_unit="元", total=D("12.345600"),
        funding=(Funding("财政拨款", D("1.10"), "project"), Funding("其他", None)), attribute="延续", period="2024-2025",
        overview="概", basis="依", goal="目", tasks="任", execution_weight=D(10), function_code="2080101",
        extra=(("归口", "x"),), indicators=(Indicator("产出指标", "数量", "人次", "≥", "=1+1", "人", D("12.5"), False),),
        source="第1行")
    data = json.loads(json.dumps(target_to_dict(t)))
    assert target_from_dict(data) == t
    assert data["total"] == "12.345600"


def test_bad_records_are_refused_not_half_read():
    with pytest.raises(PerformanceDataError, match="无法识别的字段"):
        target_from_dict({"key": "a", "kind": "project", "surprise": 1})
    with pytest.raises(PerformanceDataError, match="金额须写成字符串"):
        target_from_dict({"key": "a", "kind": "project", "total": 1.5})


def test_version_1_project_files_still_open(tmp_path):
    doc = read_disclosure(*_seed("beibei"))[0]
    path = save_project(doc, tmp_path / "old.bdesk")
    with sqlite3.connect(path) as con:  # what version 1 wrote: no performance table
        con.execute("DROP TABLE performance_targets")
        con.execute("PRAGMA user_version=1")
    con.close()
    again = load_project(path, load_template)
    assert len(again.performance) == 0 and again.amount("expenditure", "total", "total") == D("5738.89")


def _seed(name):
    path, template = SEED_FILES[name]
    return path, load_template(template)


def test_convert_to_json_writes_every_project_and_indicator(tmp_path, capsys):
    path, _ = SEED_FILES["beibei"]
    assert main(["convert", str(path), str(tmp_path / "b.json")]) == 0
    data = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    projects = [t for t in data["performance"] if t["kind"] == "project"]
    assert [p["code"] for p in projects] == ["50010922T000000086715", "50010922T000000087131"]
    assert sum(len(t["indicators"]) for t in data["performance"]) == 21
    assert data["performance"][0]["indicators"][0] == {
        "level1": "产出指标", "level2": "数量指标", "level3": "实施人事考试场次", "nature": "≥", "value": "5",
        "unit": "场次", "weight": "20", "core": True}


def test_check_reports_performance_findings(capsys):
    path, _ = SEED_FILES["yongchuan"]
    main(["check", str(path)])
    out = capsys.readouterr().out
    assert "BD-PF-PROJECT-SUM" in out and "资金总额合计 5,656.19 万元" in out
