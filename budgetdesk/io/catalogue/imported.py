"""The 科目表 a finance bureau distributes (xlsx/xls) → catalogue files in the user data folder.

Bureaus send the year's 政府收支分类科目 as a workbook: a code column and a name column, or the code
split over 类/款/项 columns, or “2050101 学前教育” in one cell. Whatever the layout, the rows become
``code<TAB>name`` lines in ``functional-{year}.tsv`` / ``economic-{year}.tsv`` (the bundled format),
which the app lays over its own catalogue for that year (the bureau's entry wins code by code). The workbook is read through
``workbook_import.read_workbook_grids`` (container checks, size and row limits, no formulas run).
Rows that look like subjects but cannot be taken are listed with their cell, never dropped silently.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from budgetdesk.core.codes import Classification
from budgetdesk.core.text import fold
from budgetdesk.io.read.import_report import GridCell
from budgetdesk.io.store.tempfiles import write_text_atomically
from budgetdesk.io.read.unit_meta import year_in
from budgetdesk.io.read.workbook_import import read_workbook_grids

CODE_HEADERS = {"科目编码", "编码", "代码", "科目代码", "科目编号", "功能科目编码", "经济科目编码", "功能分类编码", "经济分类编码"}
NAME_HEADERS = {"科目名称", "名称", "功能科目名称", "经济科目名称", "功能分类名称", "经济分类名称"}
SPLIT_HEADERS = {"类": 0, "款": 1, "项": 2}
_CODE_AND_NAME = re.compile(r"^[\[【(（]?(\d{7}|\d{5}|\d{3})(?!\d)[\]】)）]?\s*[-－—:：.、]?\s*(.*)$")
_NAME = re.compile(r"^[\u4e00-\u9fff（(“]")


class CatalogueImportError(ValueError):
    pass


@dataclass
class CatalogueImport:
    source: str
    year: int
    codes: dict[Classification, dict[str, str]] = field(default_factory=lambda: {c: {} for c in Classification})
    skipped: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"科目表 {self.source}（{self.year} 年）："
               + "，".join(f"{c.label} {len(v)} 个科目" for c, v in self.codes.items())]
        out += [f"  写入 {p}" for p in self.written]
        out += [f"  未收录 {s}" for s in self.skipped]
        return out


def _classification(code: str) -> Classification | None:
    if code[0] == "2" and len(code) in Classification.FUNCTIONAL.lengths:
        return Classification.FUNCTIONAL
    if code[0] == "3" and len(code) in Classification.ECONOMIC.lengths:
        return Classification.ECONOMIC
    return None


def _header(rows: list[list[GridCell]]) -> tuple[int, dict[str, object]] | None:
    """The header row in the first rows: its index and the code / name / split columns."""
    for i, row in enumerate(rows[:12]):
        cols: dict[str, object] = {"split": {}}
        for j, cell in enumerate(row):
            key = fold("".join(cell.text.split()))
            if key in CODE_HEADERS and "code" not in cols:
                cols["code"] = j
            elif key in NAME_HEADERS and "name" not in cols:
                cols["name"] = j
            elif key in SPLIT_HEADERS:
                cols["split"][j] = SPLIT_HEADERS[key]
        if "name" in cols and ("code" in cols or 0 in cols["split"].values()):
            return i, cols
    return None


def _joined(row: list[GridCell], split: dict[int, int]) -> str:
    parts = ["", "", ""]
    for j, part in split.items():
        if j < len(row):
            parts[part] = "".join(row[j].text.split())
    code = parts[0]
    for p in parts[1:]:
        if not p:
            break
        code += p[-2:].zfill(2)
    return code


def _row_subject(row: list[GridCell], cols: dict | None) -> tuple[str, str, GridCell] | None:
    """(code, name, cell) of a row, or None when the row is not a subject at all (titles, blanks)."""
    cells = [c for c in row if c.text]
    if not cells:
        return None
    if cols is not None:
        name_cell = row[cols["name"]] if cols["name"] < len(row) else GridCell("", "")
        if "code" in cols:
            code_cell = row[cols["code"]] if cols["code"] < len(row) else GridCell("", "")
            code = "".join(code_cell.text.split())
        else:
            code_cell = next((row[j] for j in cols["split"] if j < len(row) and row[j].text), name_cell)
            code = _joined(row, cols["split"])
        m = _CODE_AND_NAME.match(code)
        name = name_cell.text.strip() or (m.group(2).strip() if m else "")
        return (m.group(1) if m else code), name, code_cell
    for k, cell in enumerate(cells):
        m = _CODE_AND_NAME.match(cell.text.strip())
        if m and len(m.group(1)) == 3 and _NAME.match(cell.text.strip()[3:]):
            return None  # “323某某局”: a unit code glued to the unit name (河北), not a 类
        if m:
            name = m.group(2).strip() or next((c.text.strip() for c in cells[k + 1:] if _NAME.match(c.text.strip())), "")
            return m.group(1), name, cell
    return None


def read_catalogue_workbook(path: Path, year: int | None = None) -> CatalogueImport:
    """Every subject of the workbook, by classification; ``year`` defaults to the one in a title or the file name."""
    sheets, _saved = read_workbook_grids(path)
    found_year = year or 0
    if not found_year:
        texts = [c.text for _n, rows in sheets for r in rows[:3] for c in r] + [n for n, _r in sheets] + [path.stem]
        found_year = next((year_in(t) for t in texts if "年" in t and year_in(t)), 0) or year_in(path.stem)
    if not found_year:
        raise CatalogueImportError(f"{path.name}：看不出是哪一年的科目表，请指定年度")
    result = CatalogueImport(source=path.name, year=found_year)
    for sheet_name, rows in sheets:
        if "绩效" in sheet_name or any("绩效" in c.text for r in rows[:2] for c in r):
            continue  # a 绩效目标表's amounts (200, 其中：财政资金) are not subjects
        header = _header(rows)
        start, cols = (header[0] + 1, header[1]) if header else (0, None)
        for row in rows[start:]:
            subject = _row_subject(row, cols)
            if subject is None:
                continue
            code, name, cell = subject
            if not code and (not name or "计" in name) or name.isdigit():
                continue  # blank, 合计/小计 and 栏次 (1 2 3 …) rows are layout, not subjects
            classification = _classification(code) if code.isdigit() else None
            if classification is None:
                # under a 科目编码 header every row is meant as a subject; without one, only 2xx/3xx codes are
                if cols is not None:
                    result.skipped.append(f"{cell.location}：“{code or '（无编码）'} {name}”不是支出功能分类或部门预算经济分类科目")
                continue
            if not name:
                result.skipped.append(f"{cell.location}：科目 {code} 没有名称")
                continue
            codes = result.codes[classification]
            if code in codes and codes[code] != name:
                result.skipped.append(f"{cell.location}：科目 {code} 重复（已有“{codes[code]}”，此处为“{name}”）")
                continue
            codes[code] = " ".join(name.split())
    if not any(result.codes.values()):
        raise CatalogueImportError(f"{path.name}：没有找到科目编码和名称（需要“科目编码”“科目名称”列，或“类/款/项”列）")
    return result


def write_user_catalogues(result: CatalogueImport, folder: Path) -> list[Path]:
    """One TSV per classification found, in the bundled format with the source in its header; atomic."""
    folder.mkdir(parents=True, exist_ok=True)
    today = datetime.date.today().isoformat()
    titles = {Classification.FUNCTIONAL: "支出功能分类科目", Classification.ECONOMIC: "部门预算支出经济分类科目"}
    for classification, codes in result.codes.items():
        if not codes:
            continue
        lines = [f"# {titles[classification]}（{result.year}年）— 用户导入的科目表",
                 f"# 来源：{result.source}，{today} 导入，{len(codes)} 个科目；与程序自带的同年目录合并，同一编码以本文件为准。",
                 "# 格式：每行“科目编码<TAB>科目名称”，上级科目由编码去掉末两位得到。"]
        lines += [f"{code}\t{name}" for code, name in sorted(codes.items())]
        path = folder / f"{classification.value}-{result.year}.tsv"
        result.written.append(write_text_atomically(path, "\n".join(lines) + "\n"))
    return result.written


def import_catalogue(path: Path, folder: Path, year: int | None = None) -> CatalogueImport:
    """Read a 科目表 workbook and write its catalogues into ``folder``; errors are CatalogueImportError with the reason."""
    from budgetdesk.io.read.workbook_import import WorkbookError

    try:
        result = read_catalogue_workbook(path, year)
    except WorkbookError as exc:
        raise CatalogueImportError(str(exc)) from exc
    except OSError as exc:
        raise CatalogueImportError(f"{path.name}：无法打开（{exc.strerror or exc}）") from exc
    try:
        write_user_catalogues(result, folder)
    except OSError as exc:
        raise CatalogueImportError(f"无法写入科目目录 {folder}：{exc}") from exc
    return result
