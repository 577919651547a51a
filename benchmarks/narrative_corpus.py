"""Precision and recall of the 情况说明 check on the corpus of issue 25 (``tests/core/narrative/corpus.py``).

Run with ``benchmarks/run`` (or ``python -m benchmarks.narrative_corpus``). Every error reported on an
unchanged text must be one verified true by hand (``tests/fixtures/real_narrative/expected.json``);
every error seeded into a real sentence must be found. Target: precision ≥ 98 %, every seeded error found.
"""

from __future__ import annotations

import time

from budgetdesk.core.findings import Severity
from tests.core.narrative.corpus import EXPECTED, baseline, check, errors, expected, names


def main() -> None:
    started = time.perf_counter()
    reported = true = listed = found = warnings = checked = unchecked = 0
    false_examples: list[str] = []
    for name in names():
        report = check(name)
        errs = errors(report.findings)
        want = expected(name)
        reported += len(errs)
        true += sum(1 for f in errs if any(e.matches(f) for e in want))
        false_examples += [f"{name}: {f.rule} {f.stated} «{f.quote[:40]}»" for f in errs
                           if not any(e.matches(f) for e in want)]
        listed += len(want)
        found += sum(1 for e in want if any(e.matches(f) for f in report.findings))
        warnings += sum(1 for f in report.findings if f.severity is Severity.WARNING)
        checked += report.checked
        unchecked += report.unchecked
    misses = len(EXPECTED.get("known_misses", []))
    seeded = EXPECTED["seeded"]
    seeded_found = 0
    extra = 0
    for case in seeded:
        report = check(case["file"], case)
        seeded_found += any(f.rule == case["rule"] for f in report.findings)
        before = {f.key for f in baseline(case).findings}
        extra += sum(1 for f in errors(report.findings) if f.key not in before and f.rule != case["rule"])
    seconds = time.perf_counter() - started
    texts = names()
    print()
    print(f"| 情况说明 corpus ({len(texts)} texts: 9 real published texts from 江苏 and 上海, 3 seeds from 重庆, 河北, 四川) | result |")
    print("|---|---|")
    print(f"| errors reported on the unchanged texts | {reported} |")
    print(f"| of which verified true by hand (expected.json) | {true} → precision {100 * true / max(reported, 1):.1f} % (target ≥ 98 %) |")
    print(f"| true errors known in the texts, found | {found} / {listed + misses} = {100 * found / max(listed + misses, 1):.1f} % "
          f"({misses} known only against tables) |")
    print(f"| errors seeded into real sentences, found | {seeded_found} / {len(seeded)} |")
    print(f"| further errors a seeded change brought (each about the changed figure) | {extra} |")
    print(f"| warnings on the unchanged texts (not counted above) | {warnings} |")
    print(f"| figures checked / not checked (未核对, each with its reason) | {checked} / {unchecked} |")
    print(f"| time | {seconds:.1f} s |")
    for line in false_examples[:10]:
        print(f"  false: {line}")


if __name__ == "__main__":
    main()
