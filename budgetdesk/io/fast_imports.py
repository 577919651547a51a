"""Keeping one-shot commands quick: imports a command does not need are not paid for, nor needless collections.

openpyxl imports numpy (about 60 ms) whenever numpy is installed — and it is, for pandas — only to
accept numpy scalars as cell values. budgetdesk hands openpyxl plain Python values (pandas converts
its own before writing), so openpyxl is imported with numpy hidden unless numpy is already loaded.
"""

from __future__ import annotations

import gc
import sys
from contextlib import contextmanager


def openpyxl_without_numpy() -> None:
    if "openpyxl" in sys.modules or "numpy" in sys.modules:
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]  # makes "import numpy" raise ImportError
    try:
        import openpyxl  # noqa: F401
    finally:
        del sys.modules["numpy"]


class _DeferredPattern:
    """A regular expression compiled on its first use instead of at import."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)
        self._compiled = None

    def __getattr__(self, name: str):
        if self._compiled is None:
            import re

            self._compiled = re.compile(*self._source)
        return getattr(self._compiled, name)


_URI_PATTERN_START = "(^(?:[a-z0-9\\.\\-\\+]*)://)"  # reportlab.platypus.paragraph.uri_pat, as written there


def platypus_with_deferred_uri_pattern() -> None:
    """Import reportlab's paragraph module without compiling its link-address pattern (≈ 25 ms of CPU).

    ``reportlab.platypus.paragraph.uri_pat`` is one long case-insensitive pattern over most of Unicode,
    used only for ``<a href>`` links, which budgetdesk never writes; a one-shot ``convert`` spends 6 % of
    its time compiling it. ``re.compile`` is wrapped only while that module is first imported, and only
    that pattern (recognised by its opening) is deferred — compiled the first time it is used.
    """
    if "reportlab.platypus.paragraph" in sys.modules:
        return
    import re

    eager = re.compile

    def compile_uri_pattern_later(pattern, flags=0):
        if isinstance(pattern, str) and pattern.startswith(_URI_PATTERN_START):
            return _DeferredPattern(pattern, flags)
        return eager(pattern, flags)

    re.compile = compile_uri_pattern_later
    try:
        import reportlab.platypus.paragraph  # noqa: F401
    finally:
        re.compile = eager


@contextmanager
def few_collections(first_generation: int = 50_000):
    """Cyclic garbage collection seldom, for the span of one command (thresholds restored after).

    The default (a young collection every 700 new objects, a full one every 100 young ones) walks the
    ~200,000 objects of openpyxl, reportlab and the parsed font again and again: 15–20 % of a ``convert``.
    Collections still happen, so memory stays bounded on large or hostile files.
    """
    before = gc.get_threshold()
    gc.set_threshold(first_generation, 20, 10)
    try:
        yield
    finally:
        gc.set_threshold(*before)
