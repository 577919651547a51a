"""Arguments checked where they are parsed, in Chinese, exit 2 (issue 29): ``--timeout abc``, ``-5`` or ``1e-9``,
``--template no-such``, ``--jobs 0``; ``--jobs 100000`` capped at the CPU count; a file name that is not UTF-8 is
one file's line, not the end of the batch; a font that is not a font falls back to the bundled one."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from budgetdesk.cli import main
from budgetdesk.cli_args import shown
from budgetdesk.io.batch import run as batch_run
from budgetdesk.resources import sample_path

ROOT = Path(__file__).parent.parent
ENGLISH = re.compile(r"usage:|error:|invalid|argument|choose from|required|expected|unrecognized", re.I)


@pytest.fixture(autouse=True)
def user_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGETDESK_USER_DIR", str(tmp_path / "user"))


@pytest.mark.parametrize("args, reason", [
    (["batch", "--timeout", "abc", "x"], "不是秒数"),
    (["batch", "--timeout", "-5", "x"], "不合理"),
    (["batch", "--timeout", "1e-9", "x"], "不合理"),
    (["batch", "--timeout", "inf", "x"], "不合理"),
    (["batch", "--timeout", "nan", "x"], "不合理"),
    (["batch", "--jobs", "0", "x"], "不小于 1"),
    (["batch", "--jobs", "many", "x"], "不是整数"),
    (["check", "--template", "no-such", "x"], "没有“no-such”这一项"),
    (["convert", "a.json"], "缺少必需的参数"),
    (["catalogue", "x.xlsx", "--year", "20x4"], "不是年份"),
    (["check", "--frobnicate"], "无法识别的参数"),
    (["frob"], "没有“frob”这一项"),
])
def test_bad_arguments_are_refused_in_chinese(args, reason, capsys):
    with pytest.raises(SystemExit) as stop:
        main(args)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert reason in err and "用法：" in err and "错误：" in err
    assert not ENGLISH.search(err), err


def test_help_is_chinese(capsys):
    for command in (["-h"], ["batch", "-h"], ["check", "-h"], ["convert", "-h"], ["merge", "-h"], ["narrative", "-h"]):
        with pytest.raises(SystemExit):
            main(command)
        out = capsys.readouterr().out
        assert "用法：" in out and "显示此帮助并退出" in out
        assert not re.search(r"usage:|show this help|positional arguments|options:", out), out


def test_argparse_is_english_again_outside_the_command_line():
    import argparse

    main(["templates"])
    assert argparse._("usage: ") == "usage: "


def test_jobs_are_capped_at_the_cpu_count_and_the_files(monkeypatch):
    started = []

    class Pool:
        def __init__(self, jobs):
            started.append(jobs)

    monkeypatch.setattr(batch_run, "_new_pool", lambda jobs: (_ for _ in ()).throw(RuntimeError(jobs)))
    monkeypatch.setattr(batch_run.os, "cpu_count", lambda: 2)
    for jobs, files, expected in ((100_000, 30, 2), (100_000, 1, 1), (None, 30, 2), (1, 30, 1)):
        with pytest.raises(RuntimeError) as got:
            batch_run.run_batch([Path(f"f{i}.json") for i in range(files)], jobs=jobs)
        assert got.value.args[0] == expected


@pytest.mark.skipif(sys.platform == "win32", reason="Windows file names are UTF-16")
def test_a_file_name_that_is_not_utf8_is_one_line_of_the_batch(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    data = sample_path().read_bytes()
    (folder / "ok.json").write_bytes(data)
    bad = os.fsdecode(os.fsencode(str(folder)) + b"/unit\xff\xfe.json")
    Path(bad).write_bytes(data)
    env = {**os.environ, "BUDGETDESK_USER_DIR": str(tmp_path / "user")}
    result = subprocess.run([sys.executable, "-m", "budgetdesk", "batch", str(folder), "--jobs", "1",
                             "--report", str(tmp_path / "r.xlsx")],
                            capture_output=True, env=env, cwd=ROOT)
    out, err = result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    assert result.returncode == 0, err
    assert "unit\\xff\\xfe.json: 通过" in out and "ok.json: 通过" in out
    assert "Traceback" not in err and "内部错误" not in err
    assert (tmp_path / "r.xlsx").is_file()
    assert shown("a\udcff") == "a\\xff" and shown("a\ud800") == "a\\ud800"


def test_a_font_that_is_not_a_font_falls_back_with_a_notice(tmp_path):
    fake = tmp_path / "fake.ttf"
    fake.write_bytes(b"not a font at all" * 10)
    env = {**os.environ, "BUDGETDESK_USER_DIR": str(tmp_path / "user"), "BUDGETDESK_PDF_FONT": str(fake)}
    result = subprocess.run([sys.executable, "-m", "budgetdesk", "convert", str(sample_path()), str(tmp_path / "o.pdf")],
                            capture_output=True, text=True, encoding="utf-8", env=env, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    said = result.stdout + result.stderr
    assert "fake.ttf" in said and "无法使用" in said and "文泉驿" in said and "Traceback" not in said
    assert (tmp_path / "o.pdf").read_bytes().startswith(b"%PDF")
