"""What the workbook writers share: the official font, the amount format, borders, and user text as text.

The tables (``xlsx_export``) and the 绩效 forms (``performance_xlsx``) write cells through these, so
neither writer imports the other's helpers.
"""

from __future__ import annotations

from budgetdesk.io.fast_imports import openpyxl_without_numpy

openpyxl_without_numpy()

from copy import copy  # noqa: E402

from openpyxl.styles import Border, Side  # noqa: E402

from budgetdesk.io.sanitize import Sanitizer, write_cell_text  # noqa: E402

FONT_NAME = "宋体"


def amount_format(places: int) -> str:
    """The number format printing ``places`` decimals (北京 prints 万元 to 6): ``#,##0.000000``."""
    return "#,##0." + "0" * places if places else "#,##0"


AMOUNT_FORMAT = amount_format(2)
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def write_text(cell, text: str | None) -> None:
    """User text is text: a leading = + - @ never becomes a formula; characters XML forbids are replaced."""
    if not isinstance(text, str):
        cell.value = text
        return
    sanitizer = getattr(cell.parent.parent, "budgetdesk_sanitizer", None) or Sanitizer()
    write_cell_text(cell, text, sanitizer, f"工作表“{cell.parent.title}”{cell.coordinate}")


class StyleCache:
    """Cells of a few styles styled by copying a style record. openpyxl hashes a style object (a Font, an Alignment)
    on every assignment, about 20 µs each: 2,000 绩效 targets (some 200,000 assignments) took minutes."""

    def __init__(self):
        self._styles: dict[object, object] = {}

    def apply(self, cell, key: object, **attributes) -> None:
        """Give ``cell`` the style named ``key``: the first time by setting ``attributes``, then by copying."""
        style = self._styles.get(key)
        if style is None:
            for name, value in attributes.items():
                setattr(cell, name, value)
            self._styles[key] = copy(cell._style)
        else:
            cell._style = copy(style)


def merge(ws, start_row: int, start_column: int, end_row: int, end_column: int,
          styles: StyleCache | None = None) -> None:
    """``ws.merge_cells`` in time linear in the cells merged. openpyxl compares a new range with every range merged
    before (quadratic: the merges of 2,000 绩效 targets never finished) and rebuilds the borders of each range
    from new style objects; the writers' merges never overlap, and the covered cells of a bordered form simply
    take the form's border (``styles`` key "border"), which is what Excel shows for a merged block."""
    from openpyxl.cell.cell import MergedCell
    from openpyxl.worksheet.cell_range import CellRange

    cells = CellRange(min_col=start_column, min_row=start_row, max_col=end_column, max_row=end_row)
    ws.merged_cells.ranges.add(cells)
    for row in range(start_row, end_row + 1):
        for column in range(start_column, end_column + 1):
            if (row, column) == (start_row, start_column):
                continue
            covered = MergedCell(ws, row, column)
            ws._cells[row, column] = covered
            if styles is not None:
                styles.apply(covered, "border", border=BORDER)


def sheet_name(title: str, used: set[str], sanitizer: Sanitizer | None = None) -> str:
    return (sanitizer or Sanitizer()).sheet_name(title, used)
