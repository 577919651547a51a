"""A fuzz worker: runs the cases the runner names, one JSON line each, until its input ends.

``python -m tests.fuzz.worker SEEDS_DIR WORK_DIR BASE_SEED``; input lines are ``family index``. The
runner kills and restarts a worker whose case takes longer than the time limit (a hang).
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    seeds_dir, work_dir, base_seed = Path(argv[0]), Path(argv[1]), int(argv[2])
    from tests.fuzz.harness import Seeds, run_case

    seeds = Seeds(seeds_dir)
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        family, index = line.split()
        outcome = run_case(family, int(index), seeds, work_dir, base_seed)
        print(json.dumps(dataclasses.asdict(outcome), ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
