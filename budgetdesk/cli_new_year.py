"""Terminal side of ``budgetdesk new-year`` (从上年新建) and ``budgetdesk new-final`` (决算 from the year's 预算).

The work is ``core.new_year``; this module opens and saves the files and prints what was carried and what not.
"""

from __future__ import annotations

import sys
from pathlib import Path

EXIT_OK, EXIT_UNREADABLE = 0, 2


def cmd_new_year(source: Path, target: Path, template: str | None = None) -> int:
    from budgetdesk.core.new_year import new_year
    from budgetdesk.io.files import OpenError, SaveError, open_document, save_document
    from budgetdesk.resources import narrative_data

    try:
        last, _ = open_document(source, template)
        doc, report = new_year(last, narrative_data("carry-over"), source=source.name)
        save_document(doc, target)
    except (OpenError, SaveError, ValueError, OSError) as exc:
        print(f"无法从上年新建：{exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    for line in report.lines():
        print(line)
    print(f"已新建 {doc.meta.year} 年文档 {target}（模板 {doc.template_set.id}）")
    return EXIT_OK


def cmd_new_final(budget: Path, target: Path, template: str = "sc-final-accounts") -> int:
    from budgetdesk.core.new_year import final_from_budget
    from budgetdesk.io.files import OpenError, SaveError, open_document, save_document
    from budgetdesk.resources import load_template

    try:
        source, _ = open_document(budget)
        doc, lines = final_from_budget(source, load_template(template))
        save_document(doc, target)
    except (OpenError, SaveError, ValueError, OSError) as exc:
        print(f"无法从预算新建决算：{exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    for line in lines:
        print(line)
    print(f"已新建 {doc.meta.year} 年度决算 {target}（模板 {template}，预算数来自 {budget.name}）")
    return EXIT_OK
