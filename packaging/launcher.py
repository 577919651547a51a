"""Entry point of the frozen app.

One script, two executables built from it: ``budgetdesk`` (``budgetdesk.exe``, no console on Windows) opens
the window — with a file when Explorer passes one — and ``budgetdesk-cli`` runs the command line
(``check``, ``convert``, …). The executable's own name decides which.
"""

import os
import sys
from pathlib import Path


def main() -> int:
    import multiprocessing

    multiprocessing.freeze_support()  # 批量自检 workers re-enter the frozen executable
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:  # a windowed Windows executable has no console streams
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
    from budgetdesk.cli import main as cli_main, program

    if Path(sys.executable).stem.lower().endswith("-cli"):
        return program()  # main() with sys.argv[1:]
    return cli_main(["gui", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
