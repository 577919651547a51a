"""Keeping one-shot commands quick: imports a command does not need are not paid for.

openpyxl imports numpy (about 60 ms) whenever numpy is installed — and it is, for pandas — only to
accept numpy scalars as cell values. budgetdesk hands openpyxl plain Python values (pandas converts
its own before writing), so openpyxl is imported with numpy hidden unless numpy is already loaded.
"""

from __future__ import annotations

import sys


def openpyxl_without_numpy() -> None:
    if "openpyxl" in sys.modules or "numpy" in sys.modules:
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]  # makes "import numpy" raise ImportError
    try:
        import openpyxl  # noqa: F401
    finally:
        del sys.modules["numpy"]
