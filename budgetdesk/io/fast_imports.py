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
_CJK_WRAP_PATTERN = "([\u2e80-\uffff])"  # reportlab.lib.textsplit.rx, as written there


def _unused_by_platypus(pattern) -> bool:
    return isinstance(pattern, str) and (pattern.startswith(_URI_PATTERN_START) or pattern == _CJK_WRAP_PATTERN)


def import_platypus_quickly() -> None:
    """Import reportlab's paragraph module (and with it ``reportlab.platypus``) without start-up work the export
    never needs: two regular expressions are compiled when first used, and Pillow's ``PIL.Image`` is loaded when
    first used (about 35 ms of CPU together, 10 % of a one-shot ``convert``).

    - ``reportlab.platypus.paragraph.uri_pat`` is one long case-insensitive pattern over most of Unicode, used only
      for ``<a href>`` links, which budgetdesk never writes (≈ 20 ms);
    - ``reportlab.lib.textsplit.rx``, a character class over all of CJK, is used only by its ``cjkwrap``, which
      platypus does not call (≈ 4 ms);
    - ``reportlab.lib.utils`` imports ``PIL.Image`` for bitmap images; budgetdesk's PDF has none (≈ 11 ms). The
      module is made lazy (``importlib.util.LazyLoader``): it runs as usual the first time anything uses it.

    ``re.compile`` is wrapped only while that module is first imported, and only those two patterns (recognised
    as written) are deferred.
    """
    if "reportlab.platypus.paragraph" in sys.modules:
        return
    import re

    eager = re.compile

    def compile_unused_later(pattern, flags=0):
        if _unused_by_platypus(pattern):
            return _DeferredPattern(pattern, flags)
        return eager(pattern, flags)

    _pillow_image_lazily()
    re.compile = compile_unused_later
    try:
        import reportlab.platypus.paragraph  # noqa: F401
    finally:
        re.compile = eager


def _pillow_image_lazily() -> None:
    """``PIL.Image`` in ``sys.modules`` as a module that runs on its first attribute use (nothing if already there,
    not installed, or its loader cannot load lazily: then it is imported as usual)."""
    if "PIL.Image" in sys.modules:
        return
    import importlib.util

    try:
        spec = importlib.util.find_spec("PIL.Image")
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return
        spec.loader = importlib.util.LazyLoader(spec.loader)
        module = importlib.util.module_from_spec(spec)
        sys.modules["PIL.Image"] = module
        spec.loader.exec_module(module)
        setattr(sys.modules["PIL"], "Image", module)
    except (ImportError, AttributeError, TypeError, ValueError):
        sys.modules.pop("PIL.Image", None)


@contextmanager
def few_collections(first_generation: int = 50_000, restore: bool = True):
    """Cyclic garbage collection seldom, for the span of one command (thresholds restored after).

    The default (a young collection every 700 new objects, a full one every 100 young ones) walks the
    ~200,000 objects of openpyxl, reportlab and the parsed font again and again: 15–20 % of a ``convert``.
    Collections still happen, so memory stays bounded on large or hostile files.

    ``restore=False`` when the process ends with the command: restored, the default threshold would set off at
    once a collection of every object made since the last one (~8 ms after a ``convert``), freeing nothing needed.
    """
    before = gc.get_threshold()
    gc.set_threshold(first_generation, 20, 10)
    try:
        yield
    finally:
        if restore:
            gc.set_threshold(*before)
