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
