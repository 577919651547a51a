"""Render a document's tables as published-disclosure text, laid out like the seeds (tests/fixtures/seeds).

Text extracted from a published PDF shows each table as its title line (with the form number at its
right), the 编制单位 and 金额单位 line, the header rows as printed (a merged header cell written once,
at its top-left, blanks elsewhere, then the 栏次 row),
one tab-separated line per printed row, the table's 备注, and page footers ("第 N 页 共 M 页")
wherever a page broke — also inside a long table, where the next page repeats the header rows.
Used to feed the text reader a 决算 whose seed (Leshan) has no table cells.
"""

from __future__ import annotations

from decimal import Decimal

from budgetdesk.core.document import Document
from budgetdesk.core.layout import printed_rows
from budgetdesk.core.template import TableTemplate

ROWS_PER_PAGE = 28
# how the national 部门决算公开 forms print some headings the template spells in full
PRINTED_AS = {
    "公务用车购置及运行维护费": "公务用车购置及运行费",
    "公务用车运行维护费": "公务用车运行费",
    "因公出国（境）费": "因公出国(境)费",
}


def _amount(value: Decimal | None) -> str:
    return "" if value is None else f"{value:,.2f}"


def _printed_label(template: TableTemplate, cell, values: dict) -> str:
    """The heading as the form prints it: economic 类 columns with their code ("301 工资福利支出")."""
    leaf = next((c for c in template.columns if c.label == cell.label and cell.rowspan + cell.row == template.header_rows
                 and c.key[1:].isdigit()), None)
    if leaf is not None:
        return f"{leaf.key[1:]} {cell.label}"
    return PRINTED_AS.get(cell.label, cell.label).format(**values)


def header_lines(template: TableTemplate, values: dict) -> list[list[str]]:
    """The header band (a merged cell written once, at its top-left) and the 栏次 row numbering the figures."""
    grid = [[""] * len(template.columns) for _ in range(template.header_rows)]
    for cell in template.header:
        grid[cell.row][cell.col] = _printed_label(template, cell, values)
    numbers, n = [], 0
    for j, col in enumerate(template.columns):
        first_of_side = j == 0 or template.columns[j - 1].side != col.side
        if col.is_amount:
            n += 1
        numbers.append("栏次" if first_of_side else str(n) if col.is_amount else "")
    return grid + [numbers] if not template.columns[0].is_amount else grid


def body_lines(doc: Document, template: TableTemplate) -> list[list[str]]:
    table = doc.table(template.id)
    out = []
    for printed in printed_rows(table):
        line = []
        for col in template.columns:
            row = printed.row_for(col.side)
            if row is None:
                line.append("")
            elif col.kind == "code":
                line.append(row.code or "")
            elif col.kind in ("name", "label"):
                line.append(row.label)
            elif col.kind == "line":
                line.append(row.spec.line if row.spec else "")
            elif col.is_amount:
                line.append(_amount(table.amount(row.key, col.key)))
            else:
                line.append(str(table.get(row.key, col.key) or ""))
        out.append(line)
    return out


def split_codes(template: TableTemplate, header: list[list[str]], body: list[list[str]]) -> tuple[list, list]:
    """The 科目编码 column printed as three, 类 / 款 / 项 ("208", "01", "01"), as the 财政部 决算 forms do."""
    j = next((k for k, c in enumerate(template.columns) if c.kind == "code"), None)
    if j is None:
        return header, body
    head = [r[:j + 1] + ["", ""] + r[j + 1:] for r in header]
    head.insert(template.header_rows, [""] * j + ["类", "款", "项"] + [""] * (len(template.columns) - j - 1))
    rows = []
    for r in body:
        code = r[j]
        rows.append(r[:j] + [code[:3], code[3:5], code[5:7]] + r[j + 1:])
    return head, rows


def render_disclosure(doc: Document, rows_per_page: int = ROWS_PER_PAGE, split_code_columns: bool = False) -> str:
    """The whole package as disclosure text: a short preface, then every table in order with page footers.

    ``split_code_columns``: subject codes over 类/款/项 columns instead of one 科目编码 column."""
    values = doc.meta.format_values()
    pages: list[list[str]] = []
    for n, template in enumerate(sorted(doc.template_set.tables, key=lambda t: t.order), 1):
        width = len(template.columns)
        # the form number at the right of the title; 编制单位 and 单位 on one line, at either end
        head = [template.printed_title(values) + "\t" * (width - 1) + f"公开{n:02d}表", "",
                f"编制单位：{doc.meta.unit_name}" + "\t" * (width - 1) + f"金额单位：{doc.meta.money_unit}", ""]
        header, body = header_lines(template, values), body_lines(doc, template)
        if split_code_columns:
            header, body = split_codes(template, header, body)
        header, body = ["\t".join(r) for r in header], ["\t".join(r) for r in body]
        notes = [n.format(**values) for n in template.notes] + [n for n in doc.note(template.id).splitlines() if n]
        for start in range(0, max(len(body), 1), rows_per_page):
            page = (head if start == 0 else []) + header + body[start:start + rows_per_page]
            if start + rows_per_page >= len(body):
                page += [""] + notes
            pages.append(page)
    preface = [f"{doc.meta.unit_name}{doc.meta.year}年度部门决算", "", "第五部分 附表", ""]
    out = list(preface)
    for n, page in enumerate(pages, 1):
        out += page + ["", f"第 {n} 页 共 {len(pages)} 页", ""]
    return "\n".join(out) + "\n"
