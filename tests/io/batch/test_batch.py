"""批量自检 over real documents and bad files: every file gets its row, nothing stops the batch."""

from __future__ import annotations

import os
import shutil
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from budgetdesk.cli import main
from budgetdesk.io.batch.run import CRASHED, OK, TIMEOUT, UNREADABLE, check_file, collect_files, exit_code, run_batch
from budgetdesk.io.files import open_document, save_document
from budgetdesk.io.write.xlsx_export import export_xlsx
from budgetdesk.resources import sample_path
from tests.conftest import SEED_FILES
from tests.wine import UNDER_WINE

BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">
<c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>"""


def hostile_xlsx(good: Path, target: Path) -> Path:
    """A real workbook whose first sheet is an XML entity bomb."""
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = BOMB.encode()
            dst.writestr(item, data)
    return target


@pytest.fixture(scope="module")
def mixed_folder(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A few dozen real-looking files in nested folders; ``expected`` maps each name to its status."""
    root = tmp_path_factory.mktemp("packages")
    expected: dict[str, str] = {}
    doc, _ = open_document(sample_path())
    good_book = export_xlsx(doc, root / "永川人社局.xlsx")
    expected[good_book.name] = OK
    for i in range(8):
        units = root / f"单位{i // 4}"
        units.mkdir(exist_ok=True)
        d, _ = open_document(sample_path())
        if i % 3 == 0:
            d.set("expenditure", "210", "total", "185.28")  # an error
        for suffix in (".json", ".bdesk", ".xlsx"):
            path = units / f"unit{i}{suffix}"
            save_document(d, path)
            expected[path.name] = OK
    for name, (seed, _) in SEED_FILES.items():
        shutil.copy(seed, root / f"{name}.txt")
        expected[f"{name}.txt"] = OK
    bad = root / "坏文件"
    bad.mkdir()
    (bad / "truncated.xlsx").write_bytes(good_book.read_bytes()[:3000])
    (bad / "picture.xlsx").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    (bad / "legacy.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    (bad / "empty.json").write_text("", encoding="utf-8")
    (bad / "other.json").write_text('{"hello": 1}', encoding="utf-8")
    (bad / "notes.bdesk").write_text("不是项目文件", encoding="utf-8")
    (bad / "会议纪要.txt").write_text("关于召开会议的通知\n各科室：定于下周一开会。\n", encoding="utf-8")
    (bad / "=cmd.txt").write_text("=HYPERLINK(\"http://x\")", encoding="utf-8")
    hostile_xlsx(good_book, bad / "hostile.xlsx")
    for p in bad.iterdir():
        expected[p.name] = UNREADABLE
    (root / "readme.md").write_text("not a package", encoding="utf-8")  # not a readable type: skipped
    return root, expected


def test_batch_gives_every_file_its_row_with_reasons(mixed_folder, tmp_path):
    root, expected = mixed_folder
    files = collect_files([root])
    assert sorted(p.name for p in files) == sorted(expected)
    seen = []
    rows = run_batch(files, jobs=2, progress=seen.append)
    assert len(seen) == len(rows) == len(files) >= 30
    by_name = {Path(r["file"]).name: r for r in rows}
    assert {n: r["status"] for n, r in by_name.items()} == expected
    for name, row in by_name.items():
        if expected[name] != OK:
            assert row["reason"].startswith(name) or name in row["reason"], row["reason"]
    assert by_name["unit0.json"]["errors"] > 0 and by_name["unit1.json"]["errors"] == 0
    assert by_name["unit1.json"]["total"] == "15052.63" and by_name["unit1.json"]["year"] == 2024
    assert by_name["unit1.xlsx"]["template"] == "cq-budget" and by_name["unit1.xlsx"]["unit"]
    assert exit_code(rows) == 2
    assert exit_code([r for r in rows if r["status"] == OK]) == 1


def test_report_workbook_is_complete_and_inert(mixed_folder, tmp_path):
    root, expected = mixed_folder
    report = tmp_path / "summary.xlsx"
    assert main(["batch", str(root), "--jobs", "2", "--report", str(report)]) == 2
    wb = openpyxl.load_workbook(report)
    assert wb.sheetnames == ["文件汇总", "全部问题", "按规则统计"]
    files = wb["文件汇总"]
    header = [c.value for c in files[1]]
    assert header[:12] == ["文件", "状态", "单位名称", "单位编码", "模板", "年度", "收支总计", "错误", "警告", "已说明",
                           "尾差", "第一个错误"]
    assert "导入问题" in header and "无法检查的原因" in header
    assert files.freeze_panes == "A2" and files.max_row == len(expected) + 1
    rows = {Path(r[0]).name: dict(zip(header, r)) for r in files.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == set(expected)
    for name, status in expected.items():
        assert (rows[name]["状态"] == "已检查") == (status == OK)
        if status != OK:
            assert rows[name]["无法检查的原因"], name
    assert rows["unit0.json"]["错误"] == 5 and "不符" in rows["unit0.json"]["第一个错误"]
    evil = next(c for c in files["A"] if str(c.value).endswith("=cmd.txt"))
    assert evil.data_type == "s"  # never a formula
    assert not any(c.data_type == "f" for ws in wb for row in ws.iter_rows() for c in row)
    findings = wb["全部问题"]
    assert findings.auto_filter.ref and findings.auto_filter.ref.startswith("A1:")
    fh = [c.value for c in findings[1]]
    assert {"规则", "级别", "表", "行", "列", "应为", "实为", "差额", "说明", "来源单元格", "可能出错的单元格"} <= set(fh)
    total_findings = sum(r["错误"] + r["警告"] + r["已说明"] + r["尾差"] for r in rows.values())
    assert findings.max_row - 1 == total_findings
    counts = wb["按规则统计"]
    assert sum(r[2] for r in counts.iter_rows(min_row=2, values_only=True)) == total_findings


def test_batch_json_and_exit_codes(tmp_path, capsys):
    good = tmp_path / "good.json"
    shutil.copy(sample_path(), good)
    assert main(["batch", str(good), "--jobs", "1"]) == 0
    doc, _ = open_document(sample_path())
    doc.set("expenditure", "210", "total", "185.28")
    save_document(doc, tmp_path / "bad.json")
    capsys.readouterr()
    assert main(["batch", str(tmp_path), "--json"]) == 1
    import json

    rows = json.loads(capsys.readouterr().out)
    assert [Path(r["file"]).name for r in rows] == ["bad.json", "good.json"]
    assert rows[0]["findings"][0]["severity"] == "error"
    assert main(["batch", str(tmp_path / "nothing-here")]) == 2


# -- workers that misbehave (module level so that spawned workers can import them) -------------


def misbehaving_worker(path: str, template: str | None) -> dict:
    name = Path(path).name
    if name.startswith("crash"):
        os._exit(3)  # as a segfault in a C library would
    if name.startswith("hang"):
        time.sleep(60)
    return check_file(path, template)


@pytest.mark.skipif(UNDER_WINE, reason="a 5-second limit per file: under Wine on 2 cores a sound file takes longer, so every row is a timeout")
def test_crashing_and_hanging_files_get_their_rows_and_the_rest_is_checked(tmp_path):
    for name in ("a.json", "crash.json", "b.json", "hang.json", "c.json", "d.json"):
        shutil.copy(sample_path(), tmp_path / name)
    files = collect_files([tmp_path])
    rows = run_batch(files, jobs=2, timeout=5, worker=misbehaving_worker)
    status = {Path(r["file"]).name: r["status"] for r in rows}
    assert status == {"a.json": OK, "b.json": OK, "c.json": OK, "d.json": OK, "crash.json": CRASHED,
                      "hang.json": TIMEOUT}
    assert "超过 5 秒" in next(r["reason"] for r in rows if r["status"] == TIMEOUT)
    assert exit_code(rows) == 2


def test_cancel_stops_early(tmp_path):
    for i in range(6):
        shutil.copy(sample_path(), tmp_path / f"u{i}.json")
    done = []
    rows = run_batch(collect_files([tmp_path]), jobs=1, progress=done.append, cancelled=lambda: len(done) >= 2)
    assert 2 <= len(rows) < 6
