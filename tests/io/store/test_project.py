import sqlite3
import subprocess
import sys
import textwrap
import time
from decimal import Decimal

import pytest

from budgetdesk.io.store import interchange

from budgetdesk.io.store import project
from budgetdesk.io.store.project import ProjectError, load_project, save_project
from budgetdesk.resources import load_template


def test_save_and_reopen_gives_the_same_document(sample_doc, tmp_path):
    sample_doc.set_explanation("BD-3GONG-RECEPTION|three_public|amount|reception", "含项目支出")
    sample_doc.set_prior("gpb_expenditure", "total", "total", Decimal("14000.00"))
    path = save_project(sample_doc, tmp_path / "永川.bdesk")
    again = load_project(path, load_template)
    assert interchange.dumps(again) == interchange.dumps(sample_doc)
    assert again.amount("summary", "in.gpb", "in_amount") == Decimal("14236.27")
    assert isinstance(again.amount("income", "total", "fund_gap"), Decimal)


def test_failed_save_leaves_the_previous_file_intact(sample_doc, tmp_path, monkeypatch):
    path = save_project(sample_doc, tmp_path / "a.bdesk")
    original = path.read_bytes()
    sample_doc.set("summary", "in.gpb", "in_amount", "1.00")

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(project.os, "replace", boom)
    with pytest.raises(ProjectError, match="原文件未被改动"):
        save_project(sample_doc, path)
    assert path.read_bytes() == original
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_killed_saver_never_corrupts_the_file(sample_doc, tmp_path):
    """A process killed at a random moment while saving over a file leaves a valid old or new file."""
    path = save_project(sample_doc, tmp_path / "k.bdesk")
    script = textwrap.dedent(f"""
        import sys
        from budgetdesk.io.files import open_document
        from budgetdesk.io.store.project import save_project
        from budgetdesk.resources import sample_path
        doc, _ = open_document(sample_path())
        print("ready", flush=True)
        i = 0
        while True:
            i += 1
            doc.set("summary", "in.gpb", "in_amount", str(i))
            save_project(doc, {str(path)!r}, fsync=False)
    """)
    for delay in (0.05, 0.2, 0.45):
        with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True) as proc:
            assert proc.stdout.readline().strip() == "ready"
            time.sleep(delay)
            proc.kill()
            proc.wait()
        doc = load_project(path, load_template)  # opens: never half-written
        assert doc.amount("summary", "in.gpb", "in_amount") is not None


def test_clear_messages_for_files_that_are_not_projects(tmp_path):
    bad = tmp_path / "x.bdesk"
    bad.write_text("hello")
    with pytest.raises(ProjectError, match="不是 budgetdesk 项目文件"):
        load_project(bad, load_template)
    other = tmp_path / "y.bdesk"
    sqlite3.connect(other).execute("CREATE TABLE t (a)").connection.commit()
    with pytest.raises(ProjectError, match="不是 budgetdesk 项目文件"):
        load_project(other, load_template)
    with pytest.raises(ProjectError, match="找不到"):
        load_project(tmp_path / "missing.bdesk", load_template)


def test_truncated_file_is_reported_as_damaged(sample_doc, tmp_path):
    path = save_project(sample_doc, tmp_path / "t.bdesk")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(ProjectError, match="t.bdesk"):
        load_project(path, load_template)


def test_newer_schema_asks_for_an_upgrade(sample_doc, tmp_path):
    path = save_project(sample_doc, tmp_path / "n.bdesk")
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version={project.SCHEMA_VERSION + 1}")
    con.commit()
    con.close()
    with pytest.raises(ProjectError, match="请升级"):
        load_project(path, load_template)


def test_every_schema_version_ever_written_has_a_reader():
    assert set(project._READERS) == set(range(1, project.SCHEMA_VERSION + 1))
