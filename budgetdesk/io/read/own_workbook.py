"""A workbook budgetdesk exported, read back row for row.

The export writes, in its hidden sheet, where every table's rows went (``hidden_sheet.row_layout``). While
a sheet still has those rows — the same 科目 codes and line labels at the same places — its figures are
read straight from them, so the round trip is exact for every layout a document can have (a region's own
lines, a 科目 printed twice, a 合计 line left blank, text columns), and figures changed in Excel are taken
as changed. A sheet whose rows were inserted, deleted or moved is read by its headers and labels instead.
"""

from __future__ import annotations

from budgetdesk.core.codes import normalize_code
from budgetdesk.core.document import Document, DocumentError, extra_row_parts, is_extra_key
from budgetdesk.core.template import TableTemplate
from budgetdesk.core.text import fold
from budgetdesk.io.read.header_match import is_amount_text, is_column_number_row
from budgetdesk.io.read.import_report import GridCell, ImportReport, TableReport
from budgetdesk.io.read.placement import counts_from_one, is_printed_figure, write_row


class LayoutChanged(ValueError):
    """The sheet's rows are no longer where the export wrote them."""


def read_as_written(doc: Document, template: TableTemplate, rows: list[list[GridCell]], layout: dict,
                    report: ImportReport, reason: str) -> TableReport:
    """Place one exported sheet by its saved layout; raises ``LayoutChanged`` (nothing written) when it no
    longer fits, for the caller to read the sheet by meaning."""
    columns = [c.key for c in template.columns]
    if layout.get("columns") != columns:
        raise LayoutChanged("模板的列与导出时不同")
    first, printed = int(layout["first"]), layout["rows"]
    if not 1 <= first <= len(rows) + 1 or not isinstance(printed, list):
        raise LayoutChanged("表体的位置已损坏")
    offset = 1 if template.serial_column else 0
    labels: dict[str, str] = layout.get("labels", {})
    body = [rows[first - 1 + i] if first - 1 + i < len(rows) else [] for i in range(len(printed))]
    after = rows[first - 1 + len(printed):]
    if any(sum(1 for c in r if c.text) > 1 for r in after):  # a line with figures below the last written row
        raise LayoutChanged("表末多出了行")
    if any(_figures_outside(r) for r in rows[:first - 1] + after):  # never a figure left unread above or below
        raise LayoutChanged("表体之外有数")
    by_side = {s.id: {offset + j: c for j, c in enumerate(template.columns) if c.side == s.id} for s in template.sides}
    for line, keys in zip(body, printed):
        for side, key in zip(template.sides, keys):
            if key is not None and not _same_row(template, key, labels.get(key), by_side[side.id], line):
                where = line[0].location if line else f"第{first}行以下"
                raise LayoutChanged(f"{where} 不再是导出时的那一行")
    order = layout.get("order", [])
    _check_keys(template, order, labels)
    _add_rows(doc, template, order, labels)
    treport = TableReport(template.id, template.title, f"{rows[0][0].location if rows and rows[0] else ''}", reason,
                          columns={c.key: c.label for c in template.columns if c.kind == "amount"})
    unplaced_before = len(report.unplaced)
    for line, keys in zip(body, printed):
        for side, key in zip(template.sides, keys):
            if key is None:
                continue
            cols = by_side[side.id]
            cells = {j: line[j] for j in cols if j < len(line)}
            treport.printed += sum(1 for j, c in cells.items() if cols[j].is_amount and is_printed_figure(c.text))
            name = next((c for j, c in cells.items() if cols[j].kind == "name"), None)
            if doc.table(template.id).row(key).is_code_row and name is not None:
                doc.set(template.id, key, "name", name.text.strip())  # a 科目 name corrected in Excel is kept
            write_row(doc, template, report, treport, key, cols, cells, None)
    treport.unplaced = sum(1 for u in report.unplaced[unplaced_before:] if is_amount_text(u.text))
    report.tables.append(treport)
    return treport


def _figures_outside(row: list[GridCell]) -> bool:
    """A figure in a line outside the body (title, header, notes): the column numbers of a 栏次 line are not one."""
    texts = [c.text.strip() for c in row if c.text.strip()]
    if is_column_number_row(texts) or counts_from_one(texts):
        return False
    return any(is_printed_figure(t) for t in texts)


def _same_row(template: TableTemplate, key: str, label: str | None, cols: dict, line: list[GridCell]) -> bool:
    """Whether the printed line still shows row ``key``: its 科目 code, else its label, where the export put it."""
    shown = {cols[j].kind: line[j].text.strip() for j in cols if j < len(line)}
    spec = template.fixed_row(key)
    if label is None and spec is None:
        return False
    if spec is None and "code" in shown:  # a 科目 row: its code is its identity (its name may be corrected)
        return shown["code"] == key
    expected = spec.label if spec is not None else label
    written = next((shown[k] for k in ("label", "name") if k in shown), None)
    return written is None or fold(written) == fold(expected or "")


def _check_keys(template: TableTemplate, order: list, labels: dict) -> None:
    """Every row the layout names is one the template can hold: checked before any is added, so a layout that does
    not fit leaves the table as it was for the reading by headers and labels."""
    line_sides = {s.id for s in template.sides if not s.is_codes}
    for key in order:
        if not isinstance(key, str) or not isinstance(labels.get(key, ""), str):
            raise LayoutChanged("行的记录已损坏")
        if template.fixed_row(key) is not None:
            continue
        if is_extra_key(key):
            if extra_row_parts(key)[0] not in line_sides:
                raise LayoutChanged(f"模板中没有行 {key[:20]}")
        elif not (template.code_side and key in labels and normalize_code(key) == key):
            raise LayoutChanged(f"模板中没有行 {key[:20]}")


def _add_rows(doc: Document, template: TableTemplate, order: list[str], labels: dict[str, str]) -> None:
    """The rows the template does not list (科目, a region's own lines), where they stood."""
    table = doc.table(template.id)
    for position, key in enumerate(order):
        if table.has_row(key):
            continue
        try:
            if not is_extra_key(key):
                doc.add_code_row(template.id, key, labels[key], position=position)
            else:
                side, band = extra_row_parts(key)
                doc.add_extra_row(template.id, side, band, labels.get(key, ""), position=position, key=key)
        except (DocumentError, ValueError) as exc:
            raise LayoutChanged(f"行 {key}：{exc}") from None
