"""The start-up scripts, run as a newcomer runs them: ./run's commands, the system-library check."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _fake_tools(folder: Path, log: Path) -> None:
    """dpkg tools behaving as on a machine with i386 added: libraries installed for both architectures are
    ambiguous by plain name; fonts (architecture all) exist only by plain name. apt-get only logs its call."""
    folder.mkdir()
    (folder / "dpkg").write_text("#!/bin/sh\n[ \"$1\" = --print-architecture ] && echo amd64\n")
    (folder / "dpkg-query").write_text(
        "#!/bin/sh\n"
        "name=\"$3\"\n"
        "case \"$name\" in\n"
        "  not-there*) echo \"dpkg-query: no packages found matching $name\" >&2; exit 1 ;;\n"
        "  fonts-*:amd64) echo \"dpkg-query: no packages found matching $name\" >&2; exit 1 ;;\n"
        "  fonts-*|*:amd64) printf 'install ok installed' ;;\n"
        "  *) echo \"dpkg-query: error: ambiguous package name '$name'\" >&2; exit 2 ;;\n"
        "esac\n")
    (folder / "dpkg-query").chmod(0o755)
    (folder / "dpkg").chmod(0o755)
    for tool in ("apt-get", "sudo"):
        (folder / tool).write_text(f"#!/bin/sh\necho {tool} \"$@\" >> {log}\n")
        (folder / tool).chmod(0o755)


def test_gui_library_check_does_not_reinstall_when_i386_copies_exist(tmp_path):
    log = tmp_path / "calls.log"
    _fake_tools(tmp_path / "bin", log)
    env = {**os.environ, "PATH": f"{tmp_path / 'bin'}:{os.environ['PATH']}"}
    result = subprocess.run([str(ROOT / "scripts" / "ensure-gui-libs.sh")], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert not log.exists()  # no apt-get update / install on every launch
    assert "需要以下系统软件包" not in result.stderr
    missing = subprocess.run([str(ROOT / "scripts" / "missing-packages.sh"), "libglib2.0-0", "fonts-wqy-microhei",
                              "not-there"], env={**env, "PATH": f"{tmp_path / 'bin'}:/usr/bin:/bin"},
                             capture_output=True, text=True)
    assert missing.stdout.split() == ["not-there"]  # only the one really missing


def test_run_passes_every_command_line_subcommand_to_the_cli():
    import argparse

    from budgetdesk.cli import _parser

    sub = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    commands = set(sub.choices) - {"gui"}
    assert {"check", "narrative", "batch"} <= commands
    listed = re.search(r"^\s*([a-z|-]+)\) exec \.venv/bin/budgetdesk", (ROOT / "run").read_text(), re.M).group(1)
    assert commands <= set(listed.split("|"))


def test_run_narrative_prints_the_generated_text_without_a_display(tmp_path):
    from budgetdesk.resources import sample_path

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([str(ROOT / "run"), "narrative", str(sample_path("leshan-2024-final.json"))],
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "没有图形显示" not in result.stderr and "usage" not in result.stderr
    assert "收入支出决算总体情况说明" in result.stdout
