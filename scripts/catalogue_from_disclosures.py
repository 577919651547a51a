#!/usr/bin/env python3
"""Check (and optionally extend) a bundled 科目目录 against published 预算/决算 documents.

    .venv/bin/python scripts/catalogue_from_disclosures.py --year 2024 万里2024.pdf 石泉2025.json@2025 [--write]

Each document is a PDF (read with pdftotext -layout), a JSON of extracted page texts, or a text file;
``@YEAR`` gives the year it is compiled for (default ``--year``). The report lists, per classification,
codes printed under one name by a document of ``--year`` and by at least ``--min-documents`` documents
in all that the catalogue lacks, codes whose printed name differs from the catalogue, codes printed
under two names (never decided here) and lines whose 款/项 digits were cut. ``--write`` adds the
lacking codes to resources/catalogue/<classification>-<year>.tsv; the file header (sources, what was
left out and why) is edited by hand. See docs/catalogue-sources.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from budgetdesk.core.codes import Catalogue, Classification  # noqa: E402
from budgetdesk.io.catalogue.harvest import Harvest, merged_catalogue_text, read_text  # noqa: E402
from budgetdesk.resources import resources_dir  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("documents", nargs="+", help="PDF, page-text JSON or text file, optionally @YEAR")
    parser.add_argument("--year", type=int, required=True, help="catalogue year to check")
    parser.add_argument("--min-documents", type=int, default=2)
    parser.add_argument("--write", action="store_true", help="add the lacking codes to the bundled catalogue")
    args = parser.parse_args(argv)

    harvest = Harvest()
    for spec in args.documents:
        path, _, year = spec.rpartition("@") if "@" in Path(spec).name else (spec, "", "")
        harvest.add(read_text(Path(path)), Path(path).name, int(year) if year else args.year)

    for classification in Classification:
        file = resources_dir() / "catalogue" / f"{classification.value}-{args.year}.tsv"
        text = file.read_text(encoding="utf-8")
        new, differ = harvest.compare(Catalogue.parse(text, classification, args.year), args.min_documents)
        print(f"== {classification.label} {args.year}（{file.name}）")
        for code, name in new.items():
            print(f"缺少\t{code}\t{name}\t{sorted(s for s, _ in harvest.seen[code][name])}")
        for code, (ours, printed) in differ.items():
            print(f"名称不同\t{code}\t目录“{ours}”\t公开件“{printed}”")
        for code, names in harvest.conflicts(classification).items():
            print(f"公开件不一致\t{code}\t" + "；".join(f"“{n}”{sorted(s for s, _ in by)}" for n, by in names.items()))
        if args.write and new:
            file.write_text(merged_catalogue_text(text, new), encoding="utf-8")
            print(f"已写入 {len(new)} 条；请在文件头写明来源。")
    for source, line in harvest.malformed:
        print(f"编码不全\t{source}\t{line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
