"""The 部门汇总 report: each unit's contribution to every 类 line, and the consolidated document's check.

Built with pandas from ``core.consolidate.class_contributions`` and written through openpyxl with the
same sheet conventions as the 批量自检 report (frozen header, autofilter, text never a formula).
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from budgetdesk.core.consolidate import class_contributions
from budgetdesk.core.document import Document
from budgetdesk.core.findings import Finding

LONG_COLUMNS = ["表", "类编码", "类名称", "列", "单位", "金额"]


def unique_names(names: Sequence[str]) -> list[str]:
    """Unit names as report columns: a name given twice (two files of one unit) gets （2）, （3）…"""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}（{seen[name]}）")
    return out


def contribution_frames(documents: Sequence[Document], names: Sequence[str], consolidated: Document):
    """(long, wide): every unit's 类 figures, and a pivot (表/类/列 × 单位, with the 汇总 column)."""
    import pandas as pd

    names = unique_names(names)

    rows = [{"表": c.table_title, "类编码": c.code, "类名称": c.name, "列": c.column_label, "单位": c.unit,
             "金额": c.amount} for c in class_contributions(documents, names)]
    total_name = consolidated.meta.unit_name or "汇总"
    rows += [{"表": c.table_title, "类编码": c.code, "类名称": c.name, "列": c.column_label, "单位": f"{total_name}（汇总）",
              "金额": c.amount} for c in class_contributions([consolidated], [total_name])]
    long = pd.DataFrame(rows, columns=LONG_COLUMNS)
    if long.empty:
        return long, pd.DataFrame(columns=["表", "类编码", "类名称", "列"])
    units = list(dict.fromkeys(long["单位"]))
    wide = (long.pivot_table(index=["表", "类编码", "类名称", "列"], columns="单位", values="金额", aggfunc="first",
                             sort=False)
            .reindex(columns=units).reset_index())
    wide.columns.name = None
    wide = wide.astype(object).where(wide.notna(), None)  # blank, not NaN; Decimals stay Decimals
    return long, wide


def write_merge_report(documents: Sequence[Document], names: Sequence[str], consolidated: Document,
                       findings: list[Finding], path: Path | str) -> Path:
    import pandas as pd

    from budgetdesk.io.batch.report import FINDING_COLUMNS, SEVERITY_LABELS, amount_or_none, write_sheets

    long, wide = contribution_frames(documents, names, consolidated)
    names = unique_names(names)
    units = pd.DataFrame([{"单位": n, "单位编码": d.meta.unit_code, "模板": d.template_set.id, "年度": d.meta.year}
                          for n, d in zip(names, documents)])
    checked = pd.DataFrame([{
        FINDING_COLUMNS[k]: v for k, v in f.to_dict().items() if k in FINDING_COLUMNS and k not in ("suspects",)
    } | {"级别": SEVERITY_LABELS[f.severity.value], "应为": amount_or_none(f.to_dict()["expected"]),
         "实为": amount_or_none(f.to_dict()["actual"]), "差额": amount_or_none(f.to_dict()["difference"])} for f in findings],
        columns=["规则", "级别", "表名", "行名称", "列名称", "应为", "实为", "差额", "说明"])
    return write_sheets(path, [("各单位按类贡献", wide, True), ("明细", long, True), ("参与汇总的单位", units, False),
                               ("汇总后检查", checked, True)])
