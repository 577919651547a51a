"""The seeds the fuzzer mutates: the real disclosures, exported as .xlsx, and as .xls through xlwt.

Typed cells can be written into an .xls (``write_xls(..., typed={location: value})``): a date, a
boolean, an error value such as ``#DIV/0!`` — the cells a real Excel file carries and a reader must
report, not convert.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import openpyxl
from openpyxl.utils import column_index_from_string, coordinate_to_tuple

from budgetdesk.io.read.disclosure_text import read_disclosure
from budgetdesk.io.files import open_document
from budgetdesk.io.write.xlsx_export import export_xlsx
from budgetdesk.resources import load_template

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
SEED_TEXTS = {
    "yongchuan": (SEEDS / "chongqing_yongchuan_2024_budget.txt", "cq-budget"),
    "beibei": (SEEDS / "chongqing_beibei_2024_budget.txt", "cq-budget-beibei"),
    "haigang": (SEEDS / "hebei_haigang_2024_budget.txt", "hebei-budget"),
}
XLS_ERRORS = {"#NULL!": 0x00, "#DIV/0!": 0x07, "#VALUE!": 0x0F, "#REF!": 0x17, "#NAME?": 0x1D, "#NUM!": 0x24, "#N/A": 0x2A}


def seed_document(name: str):
    path, template = SEED_TEXTS[name]
    doc, _ = read_disclosure(path, load_template(template))
    return doc


def seed_word_files(folder: Path) -> dict[str, Path]:
    """The 情况说明 of the seeds as the app writes them to Word: 北碚 and 海港 with their charts, 乐山 决算 text only."""
    from budgetdesk.io.files import save_document
    from budgetdesk.io.read.narrative import read_narrative
    from budgetdesk.io.write.docx import write_docx

    out = {n: save_document(seed_document(n), folder / f"{n}.docx") for n in ("beibei", "haigang")}
    out["leshan"] = write_docx(read_narrative(SEEDS / "sichuan_leshan_2024_final_accounts.txt"), folder / "leshan.docx",
                               title="乐山市2024年部门决算情况说明")
    return out


def export_seed_xlsx(name: str, folder: Path) -> Path:
    return export_xlsx(seed_document(name), folder / f"{name}.xlsx")


@lru_cache(maxsize=None)
def placed_locations(path: Path) -> tuple[str, ...]:
    """Source cells (``Sheet!C7``) whose figures the import of ``path`` placed: where mutations must show."""
    _doc, report = open_document(path)
    return tuple(sorted(set(report.locations.values())))


def write_xls(source: Path, target: Path, typed: dict[str, object] | None = None) -> Path:
    """Copy the visible sheets of an .xlsx into an .xls (xlwt); ``typed`` puts typed values into cells."""
    import xlwt

    typed = dict(typed or {})
    book = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    wb = openpyxl.load_workbook(source, read_only=True, data_only=True)
    try:
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                continue
            sheet = book.add_sheet(ws.title[:31], cell_overwrite_ok=True)
            for r, row in enumerate(ws.iter_rows(values_only=True)):
                for c, value in enumerate(row):
                    if value is None:
                        continue
                    sheet.write(r, c, float(value) if isinstance(value, Decimal) else value)
            for location, value in list(typed.items()):
                name, cell = location.rsplit("!", 1)
                if name != ws.title:
                    continue
                r, c = coordinate_to_tuple(cell)
                xrow = sheet.row(r - 1)
                if isinstance(value, bool):
                    xrow.set_cell_boolean(c - 1, value)
                elif isinstance(value, (_dt.date, _dt.datetime)):
                    sheet.write(r - 1, c - 1, value, date_style)
                elif isinstance(value, str) and value in XLS_ERRORS:
                    xrow.set_cell_error(c - 1, XLS_ERRORS[value])
                else:
                    sheet.write(r - 1, c - 1, value)
                typed.pop(location)
    finally:
        wb.close()
    book.save(str(target))
    return target


__all__ = ["SEED_TEXTS", "column_index_from_string", "export_seed_xlsx", "placed_locations", "seed_document",
           "seed_word_files", "write_xls"]
