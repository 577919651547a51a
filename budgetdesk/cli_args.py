"""The command line's arguments in Chinese: argparse's own words (usage, option groups, errors) translated, and
the values checked where they are parsed, each with a Chinese reason (issue 29: ``--timeout abc`` and
``--template no-such`` printed English usage; ``--timeout -5`` marked every file 超时).

argparse looks its messages up through ``gettext`` when it builds a parser and when it reports; ``chinese()``
answers those look-ups from ``MESSAGES`` for the duration of a ``with`` block only, so no other user of argparse in
the same process (pytest, a GUI plug-in) is changed.
"""

from __future__ import annotations

import argparse
import math
import os
from contextlib import contextmanager

MESSAGES = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示此帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "没有“%(value)s”这一项，可选：%(choices)s",
    "invalid %(type)s value: %(value)r": "“%(value)s”不是有效的值",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多一个值",
    "expected at least one argument": "至少需要一个值",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "选项不接受值 %r",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是 %(matches)s",
    "one of the arguments %s is required": "需要以下参数之一：%s",
    "unexpected option string: %s": "意外的选项：%s",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "没有子命令“%(parser_name)s”，可选：%(choices)s",
}
PLURAL = {("expected %s argument", "expected %s arguments"): "需要 %s 个值"}


def translate(message: str) -> str:
    return MESSAGES.get(message, message)


def translate_plural(singular: str, plural: str, n: int) -> str:
    return PLURAL.get((singular, plural), singular if n == 1 else plural)


@contextmanager
def chinese():
    """argparse speaks Chinese inside the block (building a parser, parsing, printing help or an error)."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = translate, translate_plural
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


MIN_TIMEOUT, MAX_TIMEOUT = 1.0, 86_400.0


def seconds(text: str) -> float:
    """``--timeout``: a finite number of seconds from 1 to a day (−5 or 1e-9 marked healthy files 超时)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是秒数（应为 {MIN_TIMEOUT:g} 到 {MAX_TIMEOUT:,.0f} 之间的数）") from None
    if not math.isfinite(value) or not MIN_TIMEOUT <= value <= MAX_TIMEOUT:
        raise argparse.ArgumentTypeError(f"超时 {text} 秒不合理：应为 {MIN_TIMEOUT:g} 到 {MAX_TIMEOUT:,.0f} 秒之间的数")
    return value


def positive_int(text: str) -> int:
    """``--jobs``: a whole number from 1 (capped later at the CPU count and the number of files)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是整数") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"应为不小于 1 的整数，收到 {value}")
    return value


def year(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是年份") from None
    if not 1990 <= value <= 2100:
        raise argparse.ArgumentTypeError(f"年份 {value} 不合理（应在 1990–2100 之间）")
    return value


def cpu_count() -> int:
    return os.cpu_count() or 1


def shown(text: str) -> str:
    """A file name as it can be printed (``io.sanitize.escaped_name``: ``\\xff`` for a byte that is not UTF-8)."""
    from budgetdesk.io.sanitize import escaped_name

    return escaped_name(text)
