"""The 情况说明 read limits (issue 29): the issue's texts end within seconds, checked or refused with the reason."""

from __future__ import annotations

import time

from budgetdesk.cli import main
from budgetdesk.io.limits import MAX_NARRATIVE_CHARS
from budgetdesk.io.read.disclosure_text import read_disclosure
from budgetdesk.resources import load_template
from tests.conftest import SEED_FILES, SEEDS


def _sentences() -> str:
    from budgetdesk.io.read.narrative import read_narrative

    return "".join(b.text for b in read_narrative(SEEDS / "sichuan_leshan_2024_final_accounts.txt").blocks
                   if not b.heading)


def test_the_issues_long_texts_end_in_seconds(tmp_path, capsys):
    body = _sentences() * 400
    cases = {
        "p1900x1000.txt": ("\n".join(body[i * 1000:(i + 1) * 1000] + "。" for i in range(1_900)), 2, "超过上限 1,000,000 字"),
        "p500x2500.txt": ("\n".join(body[i * 2500:(i + 1) * 2500] + "。" for i in range(500)), 2, "超过上限"),
        "p300x1000.txt": ("\n".join(body[i * 1000:(i + 1) * 1000] + "。" for i in range(300)), 1, "未通过"),
        "digits.txt": ("\n".join("说明：" + "1" * 10_000 + "。" for _ in range(20)), 0, "通过"),
        "spaces.txt": ("\n".join("说明：-" + " " * 9_990 + "。" for _ in range(20)), 0, "通过"),
    }
    for name, (text, code, said) in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        started = time.process_time()
        assert main(["check", "--quiet", str(path)]) == code, name
        out = capsys.readouterr()
        assert name in out.out + out.err and said in out.out + out.err, (name, (out.out + out.err)[-300:])
        assert time.process_time() - started < 10, name


def test_a_disclosure_keeps_its_tables_when_its_narrative_is_past_the_limit(tmp_path):
    path, template = SEED_FILES["beibei"]
    text = path.read_text(encoding="utf-8")
    padded = tmp_path / "padded.txt"
    padded.write_text(text + "\n" + "\n".join(["这一段说明很长，" * 40 + "。"] * (MAX_NARRATIVE_CHARS // 300)),
                      encoding="utf-8")
    doc, report = read_disclosure(padded, load_template(template))
    assert not doc.narrative.blocks or sum(len(b.text) for b in doc.narrative.blocks) <= MAX_NARRATIVE_CHARS
    assert doc.tables and any(t.cells for t in doc.tables.values())
