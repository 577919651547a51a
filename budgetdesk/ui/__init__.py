import os
import sys


def _chinese_dates() -> None:
    """Qt's file dialog writes dates in the system locale: on a Linux machine set to C/English that is
    “6 12 2026”. Dates follow Chinese custom (2026/12/6) unless the officer chose one locale for everything
    (LC_ALL) or a Chinese one already. Qt reads the locale once, early: so this runs before anything of ours."""
    if sys.platform.startswith("linux") and not os.environ.get("LC_ALL"):
        chosen = os.environ.get("LC_TIME") or os.environ.get("LANG") or ""
        if not chosen.startswith("zh"):
            os.environ["LC_TIME"] = "zh_CN.UTF-8"


_chinese_dates()

from budgetdesk.ui.qt_workarounds import protect_bool_singletons  # noqa: E402

protect_bool_singletons()  # before any window exists: see qt_workarounds
