"""What the workbook writers share: the official font, the amount format, borders, and user text as text.

The tables (``xlsx_export``) and the 绩效 forms (``performance_xlsx``) write cells through these, so
neither writer imports the other's helpers.
"""

from __future__ import annotations

from budgetdesk.io.fast_imports import openpyxl_without_numpy

openpyxl_without_numpy()

from openpyxl.styles import Border, Side  # noqa: E402

from budgetdesk.io.sanitize import Sanitizer, write_cell_text  # noqa: E402

FONT_NAME = "宋体"
AMOUNT_FORMAT = "#,##0.00"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def write_text(cell, text: str | None) -> None:
    """User text is text: a leading = + - @ never becomes a formula; characters XML forbids are replaced."""
    if not isinstance(text, str):
        cell.value = text
        return
    sanitizer = getattr(cell.parent.parent, "budgetdesk_sanitizer", None) or Sanitizer()
    write_cell_text(cell, text, sanitizer, f"工作表“{cell.parent.title}”{cell.coordinate}")


def sheet_name(title: str, used: set[str], sanitizer: Sanitizer | None = None) -> str:
    return (sanitizer or Sanitizer()).sheet_name(title, used)
