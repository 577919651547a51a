"""Whether the tests run with the Windows Python under Wine (scripts/windows-check), for the few tests Wine cannot run."""

from __future__ import annotations

import os


def _under_wine() -> bool:
    if os.name != "nt":
        return False
    import ctypes

    try:
        return hasattr(ctypes.WinDLL("ntdll"), "wine_get_version")
    except (OSError, AttributeError):
        return False


UNDER_WINE = _under_wine()
