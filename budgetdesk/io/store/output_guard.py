"""An output never destroys an input: checked before any work, for every command that writes a file.

``convert foreign.xlsx foreign.xlsx`` would replace a unit's workbook (its own sheets, its notes) with
what we carry of it; ``narrative x.json -o x.json`` a project with plain text; ``batch --report`` one
of the files it checks with the report. A target that is one of the inputs is refused, unless the
command rewrites the same document in a format we read back exactly (a project saved as itself). The
target must also be a regular file (or not exist yet) of the kind its suffix names, in a folder that
exists — said at once, not after a batch of an hour has run.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Iterable

EXACT_ROUND_TRIP = (".bdesk", ".json")  # formats whose every value we write and read back as it was


class OutputRefused(ValueError):
    """The target cannot be written without destroying something; the message says why, in Chinese."""


def same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` name one file (links, ``..``, case on Windows included)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def check_output(target: Path, inputs: Iterable[Path | None] = (), *, suffixes: Iterable[str] = (),
                 what: str = "输出文件", rewrites: Path | None = None) -> Path:
    """``target`` if writing it destroys no input and it is a file of an allowed kind; else OutputRefused.

    ``rewrites``: the input whose document the output is (convert, an export of the open file); written
    over itself in an exact round-trip format of its own kind, nothing is lost, so that alone is allowed.
    """
    target = Path(target)
    allowed = tuple(s.lower() for s in suffixes)
    suffix = target.suffix.lower()
    if allowed and suffix not in allowed:
        raise OutputRefused(f"{what}“{target.name}”应为 {'、'.join(allowed)} 文件，不能写成“{suffix or '无扩展名'}”")
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise OutputRefused(f"{what}“{target}”无法访问：{exc.strerror or exc}") from exc
    if mode is not None and not stat.S_ISREG(mode):
        kind = "文件夹" if stat.S_ISDIR(mode) else "设备、管道等特殊文件"
        raise OutputRefused(f"{what}“{target}”是{kind}，不是普通文件，不能写到这里")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputRefused(f"{what}“{target}”所在的文件夹不存在")
    if mode is None:
        return target
    if rewrites is not None and same_file(target, Path(rewrites)):
        if suffix in EXACT_ROUND_TRIP and Path(rewrites).suffix.lower() == suffix:
            inputs = [p for p in inputs if p is not None and not same_file(target, Path(p))]
        else:
            inputs = [rewrites]
    for source in inputs:
        if source is None or not same_file(target, Path(source)):
            continue
        raise OutputRefused(f"{what}“{target.name}”就是输入文件“{Path(source).name}”，写出会覆盖它"
                            "（其中本程序不保留的内容会丢失）；请换一个文件名")
    return target
