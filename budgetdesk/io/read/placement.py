"""Placing a printed table (a grid of cell texts) into a document table, by meaning not position.

Any reader — the text disclosures in the seeds, Excel workbooks — turns a table into a ``Grid``:
rows of ``GridCell`` (text + where it came from, e.g. ``表1!C7`` or ``第 12 行``). ``place_grid``
finds the header band, maps grid columns to template columns by their header labels, maps rows by
subject code or fixed-row label, and writes the figures. Everything it could not place is listed
in the ``ImportReport`` with its location: nothing is dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from budgetdesk.core.codes import normalize_code
from budgetdesk.core.document import Document, DocumentError
from budgetdesk.core.findings import CellRef
from budgetdesk.core.labels import canonical, concept, is_total_word, match_label, tier_of
from budgetdesk.core.money import AmountError, parse_amount
from budgetdesk.core.cell_names import describe
from budgetdesk.core.template import Column, RowSpec, TableTemplate
from budgetdesk.core.text import fold
from budgetdesk.io.read.header_match import (centred_groups_spread, expand_header_row, find_header_band, header_paths, is_amount_text,
                                        is_column_number_row, map_columns, regrouped, row_texts, split_code_columns,
                                        SPLIT_CODE_PARTS)
from budgetdesk.io.read.import_report import Grid, GridCell, ImportReport, TableReport, Unplaced
from budgetdesk.io.read.structure import map_total_columns_by_sum, place_row_by_structure


def _match_fixed_row(rows: list[RowSpec], label: str, matched: set[str], cursor: int) -> RowSpec | None:
    """The fixed row ``label`` means, searching from the reading cursor so repeated words go in order."""
    if not canonical(label):
        return None
    order = [rows[i] for i in list(range(cursor, len(rows))) + list(range(0, cursor)) if rows[i].key not in matched]
    found = match_label(label, order, lambda spec: (spec.label, *spec.aliases))
    if found is not None:
        return found[0]
    if is_total_word(label):
        # 合计 / 总计 alone: the next total-like row from the cursor (本年收入合计 before 收入总计)
        ahead = [rows[i] for i in range(cursor, len(rows)) if rows[i].key not in matched]
        for spec in ahead:
            if spec.band in ("subtotal", "total") or is_total_word(spec.label) or concept(spec.label).endswith("∑"):
                return spec
    return None


def _codes_into_names(rows: list[list[GridCell]], split: dict[int, int],
                      mapping: dict[int, Column]) -> list[list[GridCell]]:
    """Each run of 类 / 款 (/ 项) columns of a 明细表 (烟台's 基本支出表: a 部门经济 and a 政府经济 科目 per line)
    written before the name in the first mapped column after it: “30101 基本工资”. The code columns are then
    read, not left over as unplaced figures."""
    runs: list[tuple[dict[int, int], int]] = []
    columns = sorted(split)
    while columns:
        run = [columns.pop(0)]
        while columns and columns[0] == run[-1] + 1 and split[columns[0]] > split[run[-1]]:
            run.append(columns.pop(0))
        target = next((j for j in range(run[-1] + 1, run[-1] + 3) if j in mapping and not mapping[j].is_amount), None)
        if target is not None:
            runs.append(({j: split[j] for j in run}, target))
    if not runs:
        return rows
    above: list[dict[int, str]] = [{} for _ in runs]
    out = []
    for row in rows:
        row = list(row)
        for (parts, target), seen in zip(runs, above):
            code = _joined_code(row, parts, seen)
            if code and target < len(row):
                row[target] = GridCell(f"{code} {row[target].text.strip()}".strip(), row[target].location)
        out.append(row)
    return out


def _joined_code(row: list[GridCell], split: dict[int, int], above: dict[int, str]) -> str | None:
    """The 科目 code printed over 类 / 款 / 项 columns. A line printing only its own part (烟台: “201”, then
    “06”, then “01” on the lines below) continues the 类 or 款 printed above it (``above``: length → code)."""
    parts = ["", "", ""]
    for j, part in split.items():
        if j < len(row):
            parts[part] = "".join(row[j].text.split())
    if parts[0].isdigit():
        code, rest = parts[0], parts[1:]
    elif parts[1].isdigit() and len(parts[1]) <= 2 and 3 in above:
        code, rest = above[3], parts[1:]
    elif not parts[1] and parts[2].isdigit() and len(parts[2]) <= 2 and 5 in above:
        code, rest = above[5], parts[2:]
    else:
        return None
    for p in rest:
        if not p:
            break
        if not p.isdigit():
            return None
        code += p[-2:].zfill(2)
    code = normalize_code(code)
    if code is not None and len(code) in (3, 5):
        above[len(code)] = code
        if len(code) == 3:
            above.pop(5, None)
    return code


def place_grid(doc: Document, template: TableTemplate, grid: Grid, report: ImportReport, reason: str,
               scale: Decimal | None = None, taught_columns: dict[str, str] | None = None,
               taught_rows: dict[str, str] | None = None) -> TableReport:
    """Place ``grid`` into the document's table; ``scale`` converts the source's money unit (元 → 万元)."""
    year = doc.meta.year
    rows = _without_blank_columns(unfold_side_by_side(grid.rows) if template.code_side is not None else grid.rows,
                                  leading_only=True)
    rows = [r for r in rows if not is_column_number_row(row_texts(r))]
    rows = _without_bare_column_numbers(rows)
    width = max((len(r) for r in rows), default=0)
    start = find_header_band(Grid(grid.title, grid.location, rows), template, year)
    rows = [expand_header_row(r, template, width, year) for r in rows[:start]] + rows[start:]
    rows = _without_blank_columns(rows)
    if template.serial_column:
        rows = [r[1:] if r and (fold(r[0].text) in ("序号", "") or r[0].text.strip().isdigit()) else r for r in rows]
        width = max((len(r) for r in rows), default=0)
    rows, start = _code_parts_into_header(rows, start)
    rows = _twin_columns_joined(rows, start)
    header = [row_texts(r) for r in rows[:start]]
    if grid.headings_centred:
        header = centred_groups_spread(template, header)
    paths = header_paths(header, width)
    mapping = map_columns(template, paths, year, taught_columns)
    lines_only = template.code_side is None and any(side.lines for side in template.sides)
    split = split_code_columns(paths) if template.code_side is not None or lines_only else {}
    if lines_only:  # a 明细表's codes printed over 类 / 款: each joins the name beside it
        rows = rows[:start] + _codes_into_names(rows[start:], split, mapping)
    for j, col in map_total_columns_by_sum(doc, template, paths, rows[start:], mapping, split, scale).items():
        mapping[j] = col
        report.notices.append(f"{grid.location}《{template.title}》的“{'/'.join(paths[j]) or '（无表头）'}”列"
                              f"等于各分项之和，按结构认定为“{col.label}”列")
    treport = TableReport(template.id, template.title, grid.location, reason,
                          columns={c.key: "/".join(paths[j]) for j, c in mapping.items()},
                          printed=sum(1 for r in rows[start:] for j, c in enumerate(r)
                                      if j not in split and is_printed_figure(c.text) and not _code_in_key_column(
                                          mapping.get(j), c.text)))
    for j, path in enumerate(paths):
        if path and j not in mapping and j not in split and any(j < len(r) and r[j].text.strip() for r in rows[start:]):
            report.notices.append(f"{grid.location}《{template.title}》的“{'/'.join(path)}”列在模板中没有对应列")
            first = next(r[j].location for r in rows[start:] if j < len(r) and r[j].text.strip())
            report.unknown_columns.append((template.id, path[-1], f"{first} 所在列"))
    missing = [c for c in template.columns if c.kind in ("amount", "code") and c not in mapping.values()
               and not (c.kind == "code" and split)]
    if missing and rows[start:]:
        treport.missing_columns = tuple(c.label for c in missing if c.kind == "amount")
        report.notices.append(
            f"{grid.location}《{template.title}》中没有找到这些列：{'、'.join(c.label for c in missing)}")

    unplaced_before = len(report.unplaced)
    matched: dict[str, set[str]] = {s.id: set() for s in template.sides}
    cursors: dict[str, int] = {s.id: 0 for s in template.sides}
    order: dict[str, list[str | None]] = {}  # per side, the row each data line went to (None: not yet known)
    pending: list[tuple[int, object, dict[int, Column], dict[int, GridCell]]] = []
    code_lines: dict[str, tuple[str, tuple[str, ...]]] = {}  # 科目 row → where its line was printed, and what it showed
    above: dict[int, str] = {}  # the 类 and 款 codes printed last, for lines printing only their own part
    for grid_row in rows[start:]:
        texts = row_texts(grid_row)
        if not any(texts):
            continue
        if is_column_number_row(texts):
            continue
        for side in template.sides:
            cols = {j: c for j, c in mapping.items() if c.side == side.id}
            if not cols:
                continue
            cells = {j: grid_row[j] for j in cols if j < len(grid_row)}
            joined = _joined_code(grid_row, split, above) if split and side.is_codes else None
            if not any(c.text.strip() for j, c in cells.items() if cols[j].kind != "line") and not joined:
                continue  # (a line of the form left blank but for its 行次: 国家信访局's “9” … “26” under 八、其他收入)
            if not side.is_codes and _bare_total_word(cols, cells):
                continue  # “小计” alone under “当 年 收 入”: the rest of a label printed on two lines, not 收入合计
            row_key = _taught_row(side, cols, cells, taught_rows, matched[side.id]) or \
                _locate_row(doc, template, side, cols, cells, matched[side.id], cursors, joined)
            order.setdefault(side.id, []).append(row_key)
            if row_key is None:
                pending.append((len(order[side.id]) - 1, side, cols, cells))
                continue
            if side.is_codes and template.fixed_row(row_key) is None and \
                    _repeated_code_line(template, report, treport, row_key, cols, cells, code_lines):
                continue
            write_row(doc, template, report, treport, row_key, cols, cells, scale)
        # values standing in columns nobody claimed
        for j, cell in enumerate(grid_row):
            if j not in mapping and j not in split and cell.text.strip() and is_amount_text(cell.text):
                report.unplaced.append(Unplaced(cell.location, cell.text.strip(), "该列在模板中没有对应列"))
    guessed: list[tuple[str, dict[int, Column], dict[int, GridCell]]] = []
    lines_kept: dict[str, int] = {}
    for index, side, cols, cells in pending:
        if side.lines:  # a 明细表's line is a row of its own: never guessed to be a 合计 row, never "unknown"
            total = _unworded_total(side, cols, cells, index, matched[side.id])
            if total is not None:
                matched[side.id].add(total)
                order[side.id][index] = total
                write_row(doc, template, report, treport, total, cols, cells, scale)
                report.notices.append(f"{next(iter(cells.values())).location}：表头下第一行只印数、不印名称，"
                                      f"读作《{template.title}》的合计行")
                continue
            extra = _keep_as_extra_row(doc, template, side, cols, cells, index, order[side.id])
            if extra is not None:
                order[side.id][index] = extra
                write_row(doc, template, report, treport, extra, cols, cells, scale)
                lines_kept[side.id] = lines_kept.get(side.id, 0) + 1
                continue
            _list_unplaced_line(cols, cells, report)
            continue
        row_key = place_row_by_structure(doc, template, side, cols, cells, index, order[side.id], matched[side.id], scale)
        if row_key is not None:
            matched[side.id].add(row_key)
            order[side.id][index] = row_key
            write_row(doc, template, report, treport, row_key, cols, cells, scale)
            guessed.append((row_key, cols, cells))
            report.notices.append(f"{next(iter(cells.values())).location}：“{_label_of(cols, cells) or '（无名称）'}”行"
                                  f"按位置和数值认定为《{template.title}》的“{_spec_label(template, row_key)}”行")
            continue
        label = _label_of(cols, cells)
        if label and not side.is_codes:
            report.unknown_rows.append((template.id, label, next(iter(cells.values())).location))
        extra = _keep_as_extra_row(doc, template, side, cols, cells, index, order[side.id])
        if extra is not None:
            order[side.id][index] = extra
            write_row(doc, template, report, treport, extra, cols, cells, scale)
            row = doc.table(template.id).row(extra)
            report.notices.append(f"{next(iter(cells.values())).location}：模板中没有“{row.label}”行，"
                                  f"已作为附加行保留在《{template.title}》中（计入{_BAND_NAMES.get(row.spec.band, '所在部分')}的合计）")
            report.extra_rows.append((template.id, extra, row.label))
            continue
        _list_unplaced_line(cols, cells, report)
    for side_id, n in lines_kept.items():
        report.notices.append(f"{grid.location}《{template.title}》：{n} 行明细按印出的顺序逐行读入")
    for note in grid.notes:
        _place_note(doc, template, note)
    if guessed and any(is_amount_text(u.text) for u in report.unplaced[unplaced_before:]):
        _take_back_guesses(doc, template, report, treport, guessed)
    treport.unplaced = sum(1 for u in report.unplaced[unplaced_before:]
                           if is_amount_text(u.text) and not _POINT_NUMBER.fullmatch(u.text.strip()))
    report.tables.append(treport)
    return treport


def _without_bare_column_numbers(rows: list[list[GridCell]]) -> list[list[GridCell]]:
    """The first line with figures, when it is just “1 2 3 … n” (n ≥ 4) one per column, numbers the columns
    (国家信访局 2024 “三公”决算表: no 栏次 word before them); it is not the table's first row of figures."""
    for i, row in enumerate(rows):
        texts = [c.text.strip() for c in row if c.text.strip()]
        if not any(is_amount_text(t) for t in texts):
            continue
        if len(texts) >= 4 and counts_from_one(texts):
            return rows[:i] + rows[i + 1:]
        return rows
    return rows


def counts_from_one(texts: list[str]) -> bool:
    """“1 2 3 … n”: the texts of a line that numbers the columns, not a row of figures."""
    return texts == [str(n) for n in range(1, len(texts) + 1)]


def _list_unplaced_line(cols: dict[int, Column], cells: dict[int, GridCell], report: ImportReport) -> None:
    for j, cell in cells.items():
        if cell.text.strip() and cols[j].kind == "amount":
            report.unplaced.append(Unplaced(cell.location, cell.text.strip(), "无法确定该数所在的行"))
    label = _label_of(cols, cells)
    if label and not any(cells[j].text.strip() and cols[j].kind == "amount" for j in cells):
        report.unplaced.append(Unplaced(next(iter(cells.values())).location, label, "模板中没有这一行"))


def _repeated_code_line(template: TableTemplate, report: ImportReport, treport: TableReport, row_key: str,
                        cols: dict[int, Column], cells: dict[int, GridCell],
                        code_lines: dict[str, tuple[str, tuple[str, ...]]]) -> bool:
    """A 科目 printed on a second line of the same table (北京 lists each unit's lines one after another) is
    not written over the first: its figures are listed as unplaced, so the table counts as not fully read.
    """
    where = next(iter(cells.values())).location
    shown = tuple(cells[j].text.strip() for j in sorted(cells) if cols[j].kind != "line")
    first, first_shown = code_lines.setdefault(row_key, (where, shown))
    if first == where:
        return False
    if shown == first_shown:  # the same 科目 line again, name and figures alike (无锡发改委 2025: a 款 with no 项
        # printed again at the 项 level): nothing to choose between, its figures are those already placed
        report.notices.append(f"{where}：科目 {row_key} 与{first}的一行相同（名称、各数都一样），按一行读入")
        treport.placed += sum(1 for j in cells if cols[j].is_amount and cells[j].text.strip())
        return True
    for j, cell in cells.items():
        text = cell.text.strip()
        if text and cols[j].is_amount and is_amount_text(text):
            report.unplaced.append(Unplaced(cell.location, text, f"科目 {row_key} 在《{template.title}》中印了两行"
                                            f"（另一行在{first}），不知道该取哪一行，未读入"))
    return True


def _take_back_guesses(doc: Document, template: TableTemplate, report: ImportReport, treport: TableReport,
                       guessed: list[tuple[str, dict[int, Column], dict[int, GridCell]]]) -> None:
    """Rows placed by position and value are a guess that only a completely read table confirms.

    When other figures of the table found no place, the row a guess chose may be the one an unplaced
    figure belongs to (江苏 2017: 基本支出 17,123.19 taken for 支出合计 while 28,849.38 stayed unplaced):
    the guessed figures are listed as unplaced too, and the table's blanks are 未核对, not compared as 0.
    """
    for row_key, cols, cells in guessed:
        for j, cell in cells.items():
            text = cell.text.strip()
            if cols[j].kind != "amount" or not text:
                continue
            doc.set(template.id, row_key, cols[j].key, None)
            report.locations.pop((template.id, row_key, cols[j].key), None)
            treport.placed -= 1
            report.unplaced.append(Unplaced(cell.location, text, f"按位置和数值认定为“{_spec_label(template, row_key)}”行"
                                            "只是推断，而本表另有数没能放入，未采用"))
        report.notices[:] = [n for n in report.notices
                             if not (n.endswith(f"按位置和数值认定为《{template.title}》的“{_spec_label(template, row_key)}”行")
                                     and n.startswith(next(iter(cells.values())).location))]


def _code_parts_into_header(rows: list[list[GridCell]], start: int) -> tuple[list[list[GridCell]], int]:
    """“类 | 款 | 项” printed on the 合计 line (上海 收入决算表) belong to the header: moved up into a line of their own."""
    if start >= len(rows):
        return rows, start
    line = rows[start]
    parts = [j for j, c in enumerate(line) if fold(c.text) in SPLIT_CODE_PARTS]
    if len(parts) < 2 or fold(line[parts[0]].text) != "类":
        return rows, start
    header = [GridCell(c.text if j in parts else "", c.location) for j, c in enumerate(line)]
    body = [GridCell("" if j in parts else c.text, c.location) for j, c in enumerate(line)]
    return rows[:start] + [header, body] + rows[start + 1:], start + 1


def unfold_side_by_side(rows: list[list[GridCell]]) -> list[list[GridCell]]:
    """A 科目 table printed in blocks side by side (上海 基本支出决算表: 人员经费 left, 公用经费 right, each
    “经济分类科目编码 | 科目名称 | 决算数”; 国家信访局 2024 决算: 公用经费 over two of three blocks) as one block:
    each block's lines after the one to its left.

    Recognised by a header line (among the first three) whose texts are the same sequence two or three times;
    every other line must have text only under those header cells, or the grid is left as it was (nothing
    dropped). A line above may name the blocks (人员经费 / 公用经费) only when each block has its own 科目 columns:
    “预算数 | 决算数” over two runs of amount columns is one table with two measures, not blocks to unfold."""
    for h, header in enumerate(rows[:3]):
        cols = [j for j, c in enumerate(header) if c.text.strip()]
        blocks = _repeated_blocks(cols, [fold(header[j].text) for j in cols])
        if blocks is None:
            continue
        if any(j < len(r) and r[j].text.strip() and j not in cols for r in rows for j in range(len(r))):
            return rows
        named = any(r[j].text.strip() for r in rows[:h] for block in blocks[1:] for j in block if j < len(r))
        if named and not any(_CODE_HEADING.search(fold(header[j].text)) for j in blocks[0]):
            return rows  # a title line over the right block: not a repeated block

        def part(r: list[GridCell], js: list[int]) -> list[GridCell]:
            return [r[j] if j < len(r) else GridCell("", r[0].location if r else "") for j in js]

        first = next((i for i in range(h + 1, len(rows)) if any(ch.isdigit() for c in rows[i] for ch in c.text)),
                     len(rows))
        if any(len({tuple(fold(c.text) for c in part(r, b)) for b in blocks}) > 1 for r in rows[h:first]):
            return rows  # header lines of the blocks differ: not one table printed twice
        body = rows[first:]
        return ([part(r, blocks[0]) for r in rows[:first]] + [part(r, blocks[0]) for r in body]
                + [part(r, b) for b in blocks[1:] for r in body if any(c.text.strip() for c in part(r, b))])
    return rows


_CODE_HEADING = re.compile(r"(科目|经济分类).*(编码|代码)|^(科目)?(编码|代码)$")


def _repeated_blocks(cols: list[int], texts: list[str]) -> list[list[int]] | None:
    """The header cells cut into two or three runs that read the same (at least two cells each), or None."""
    for k in (3, 2):
        size = len(cols) // k
        if size >= 2 and len(cols) == size * k and all(texts[i * size:(i + 1) * size] == texts[:size] for i in range(k)):
            return [cols[i * size:(i + 1) * size] for i in range(k)]
    return None


def _bare_total_word(cols: dict[int, Column], cells: dict[int, GridCell]) -> bool:
    """A line that says only “小计”/“合计” and prints no figure on this side: it names no row of its own."""
    if any(cells[j].text.strip() for j, c in cols.items() if c.kind == "amount" and j in cells):
        return False
    label = _label_of(cols, cells)
    return bool(label) and is_total_word(label)


_SPACED_CODE = re.compile(r"\d{3}(?: \d{2}){1,2}")
_LETTER_SPACED = re.compile(r"\S(?: \S){2,}")
_POINT_NUMBER = re.compile(r"\d{1,2}[.．、]")


def _code_in_key_column(col: Column | None, text: str) -> bool:
    """A bare whole number under a 部门代码 / 单位代码 column (苏州 收入总表: “123001”) names a row, not an amount."""
    return col is not None and not col.is_amount and ("代码" in col.label or "编码" in col.label) and text.strip().isdigit()


def is_printed_figure(text: str) -> bool:
    """A figure in a table's body (a 科目编码 of 3, 5 or 7 digits, a 款/项 part or a 0 is not counted)."""
    t = text.strip()
    if t != regrouped(t):
        return True  # (grouped with commas, however badly: an amount, never a code)
    if _LETTER_SPACED.fullmatch(t):  # “3 0 1 1 4”: a page set one character apart (重庆 2026) is read unspaced
        t = t.replace(" ", "")
    if not t or not any(ch.isdigit() for ch in t) or (t.isdigit() and len(t) in (1, 2, 3, 5, 7)):
        return False
    if _SPACED_CODE.fullmatch(t):
        return False  # “208 01 01”: a 科目编码 printed with spaces, not a figure
    if _POINT_NUMBER.fullmatch(t):
        return False  # “2.”: the number of a point in a 绩效目标 wrapped to the start of a line (广州), not a figure
    if not is_amount_text(t):
        return False
    value = parse_amount(t)
    return value is not None and (value != 0 or "." in t)  # “0.00” is a printed figure, a bare “0” may be a 栏次


_BAND_NAMES = {"items": "本年各项", "carry": "结转部分", "head": "表头部分"}


def _unworded_total(side, cols: dict[int, Column], cells: dict[int, GridCell], index: int,
                   matched: set[str]) -> str | None:
    """A 明细表's first line printing figures and not one word, right under its header, is its 合计 (湖州's 项目支出
    绩效表: “1,266.75” alone above the projects), when the template gives the side a total row."""
    total = next((r for r in side.rows if r.band == "total"), None)
    if index != 0 or total is None or total.key in matched or _label_of(cols, cells):
        return None
    return total.key if any(cols[j].is_amount and is_amount_text(cells[j].text) for j in cells) else None


def _keep_as_extra_row(doc: Document, template: TableTemplate, side, cols: dict[int, Column], cells: dict[int, GridCell],
                       index: int, order: list[str | None]) -> str | None:
    """A labelled line with figures that no template row takes: kept as an extra row of its band, never dropped.

    The band is the one of the line placed just above it (or just below, at the top of a band), so an
    extra income line between 事业收入 and 其他收入 is counted in 本年收入合计 like its neighbours.
    """
    if side.is_codes:
        return None
    label = next((cells[j].text.strip() for j, c in cols.items() if c.kind == "label" and j in cells), "")
    if not label and side.lines:  # a 明细表 line under a group line: named by its other words (苏州 政府采购支出表)
        label = _label_of(cols, cells)
    if not label or not any(cols[j].is_amount and is_amount_text(cells[j].text) for j in cells):
        return None
    table = doc.table(template.id)
    before = next((k for k in reversed(order[:index]) if k is not None), None)
    after = next((k for k in order[index + 1:] if k is not None), None)
    band = "items"
    for key in (before, after):
        if key is not None and table.row(key).spec is not None and table.row(key).spec.band in ("items", "carry"):
            band = table.row(key).spec.band
            break
    if before is not None:
        position = table.rows.index(table.row(before)) + 1
    elif after is not None:
        position = table.rows.index(table.row(after))
    else:
        position = None
    return doc.add_extra_row(template.id, side.id, band, fold(label) and label.strip(), position=position)


def _label_of(cols: dict[int, Column], cells: dict[int, GridCell]) -> str:
    return " ".join(c.text.strip() for j, c in cells.items() if cols[j].kind != "amount" and c.text.strip())


def _spec_label(template: TableTemplate, row_key: str) -> str:
    spec = template.fixed_row(row_key)
    return spec.label if spec is not None else row_key


def write_row(doc: Document, template: TableTemplate, report: ImportReport, treport: TableReport, row_key: str,
               cols: dict[int, Column], cells: dict[int, GridCell], scale: Decimal | None) -> None:
    for j, cell in cells.items():
        col = cols[j]
        text = cell.text.strip()
        if col.kind not in ("amount", "text") or not text:
            continue
        if col.kind == "text" and is_printed_figure(text) and not _code_in_key_column(col, text):
            # a figure under a 科目 column: the columns slipped
            report.unplaced.append(Unplaced(cell.location, text, f"金额印在“{col.label}”列下，列没有对齐，未读入"))
            continue
        if col.is_amount and regrouped(text) != text:
            report.notices.append(f"{cell.location}：“{text}”的千分位逗号位置不对，按数字 {regrouped(text)} 读入")
            text = regrouped(text)
        try:
            value = text
            if col.is_amount and scale is not None:
                amount = parse_amount(text)
                value = None if amount is None else amount * scale
            doc.set(template.id, row_key, col.key, value)
        except (DocumentError, AmountError) as exc:
            report.unplaced.append(Unplaced(cell.location, text, str(exc)))
            continue
        report.locations[(template.id, row_key, col.key)] = cell.location
        report.placed_cells.append(  # names as printed, never internal keys (in.head)
            f"{cell.location} → {describe(doc, CellRef(template.id, row_key, col.key))} = {text}")
        if col.is_amount:  # a 明细表's 科目 texts are kept, but only figures count as placed (of the printed figures)
            treport.placed += 1


def _taught_row(side, cols: dict[int, Column], cells: dict[int, GridCell], taught: dict[str, str] | None,
                matched: set[str]) -> str | None:
    """A row label the officer assigned once (``io.mappings``): its fixed row, if still free."""
    if not taught or side.is_codes:
        return None
    label = next((cells[j].text for j, c in cols.items() if c.kind == "label" and j in cells), "")
    key = taught.get(canonical(label))
    if key and key not in matched and any(r.key == key for r in side.rows):
        matched.add(key)
        return key
    return None


def _twin_columns_joined(rows: list[list[GridCell]], start: int) -> list[list[GridCell]]:
    """Two neighbouring columns under one header cell, word for word in every header row, whose data lines never
    fill both, are one column set over two: 上海市数据局's “功能分类科目名称” spans two, the names stand in the left
    one and “合计” in the right (the 合计 line went unread). Columns a header row tells apart (类 / 款 / 项) stay;
    a line of words only (a header overflowing onto the next page) does not keep them apart."""
    width = max((len(r) for r in rows), default=0)

    def text(r: list[GridCell], j: int) -> str:
        return r[j].text.strip() if j < len(r) else ""

    twins = [j for j in range(width - 1)
             if any(text(r, j) for r in rows[:start]) and all(text(r, j) == text(r, j + 1) for r in rows[:start])
             and not any(text(r, j) and text(r, j + 1) for r in rows[start:]
                         if any(is_amount_text(c.text) for c in r))]
    if not twins or not start:
        return rows
    out = [list(r) for r in rows]
    for j in reversed(twins):
        for r in out[start:]:
            if j + 1 < len(r):
                if r[j + 1].text.strip():  # (both filled only in a line of words: one text)
                    r[j] = replace(r[j], text=f"{r[j].text.strip()} {r[j + 1].text.strip()}".strip()) \
                        if r[j].text.strip() else r[j + 1]
                del r[j + 1]
        for r in out[:start]:
            if j + 1 < len(r):
                del r[j + 1]
    return out


def _without_blank_columns(rows: list[list[GridCell]], leading_only: bool = False) -> list[list[GridCell]]:
    """Columns with nothing in them (a spacer column) are left out; cells keep their own locations.

    Before merged header cells are re-opened only leading blank columns can be told apart from the
    columns a short header row does not reach, hence ``leading_only``.
    """
    width = max((len(r) for r in rows), default=0)
    used = [j for j in range(width) if any(j < len(r) and r[j].text.strip() for r in rows)]
    if leading_only and used:
        used = list(range(used[0], width))
    if len(used) == width:
        return rows
    return [[r[j] for j in used if j < len(r)] if len(r) > 0 else r for r in rows]


def _locate_row(doc: Document, template: TableTemplate, side, cols: dict[int, Column], cells: dict[int, GridCell],
                matched: set[str], cursors: dict[str, int], joined_code: str | None = None) -> str | None:
    by_kind: dict[str, str] = {}
    for j, col in cols.items():
        if j in cells and col.kind in ("code", "name", "label"):
            by_kind[col.kind] = cells[j].text.strip()
    table = doc.table(template.id)
    if side.is_codes:
        code = joined_code or normalize_code(by_kind.get("code"))
        if not code:
            code, name = _code_in_name(by_kind.get("code") or by_kind.get("name") or "")
            if code:
                by_kind["name"] = name
        if code:
            if not table.has_row(code):
                doc.add_code_row(template.id, code, by_kind.get("name", ""), position=len(table.rows))
            elif by_kind.get("name"):
                doc.set(template.id, code, "name", by_kind["name"])
            return code
        label = by_kind.get("name") or by_kind.get("code") or ""
        total = side.total_row
        if total and (is_total_word(label) or tier_of(label, (total.label, *total.aliases), fuzzy=False) >= 2):
            return total.key
        unit = next((cells[j].text.strip() for j, col in cols.items() if col.key == "unit" and j in cells), "")
        if total and not label and unit and total.key not in matched:
            matched.add(total.key)  # 深圳: the line naming the 预算单位, before its 科目, is the unit's total (once)
            return total.key
        subtotals = [r for r in side.rows if r is not total]
        spec = _match_fixed_row(subtotals, label, matched, 0) if subtotals and label else None
        if spec is not None:
            matched.add(spec.key)
            return spec.key
        return None
    fixed = list(side.rows)
    label = by_kind.get("label", "")
    if not label and side.lines:
        label = _label_of(cols, cells)  # a 明细表's “合 计” printed under its second key column (北京 05表)
    if not label and all(not r.label for r in fixed):
        # a table without a label column (三公 in Chongqing): rows in printed order
        for spec in fixed:
            if spec.key not in matched:
                matched.add(spec.key)
                return spec.key
        return None
    spec = _match_fixed_row(fixed, label, matched, cursors[side.id])
    if spec is None:
        return None
    matched.add(spec.key)
    cursors[side.id] = fixed.index(spec) + 1
    return spec.key


_CODE_AND_NAME = re.compile(r"^\[?(\d{3}(?:\d{2}){0,2})\]?(?!\d)\s*[-—.、:：]?\s*(.*)$")


def _code_in_name(text: str) -> tuple[str | None, str]:
    """"2080101 行政运行" written in one cell: the code and the name apart."""
    m = _CODE_AND_NAME.match(fold(text) and text.strip())
    if not m:
        return None, text
    return normalize_code(m.group(1)), m.group(2).strip()


def _place_note(doc: Document, template: TableTemplate, note: GridCell) -> None:
    text = note.text.strip()
    if not text or fold(text) in {fold(n) for n in template.notes}:
        return  # the template's own 备注 line
    existing = doc.note(template.id)
    doc.set_note(template.id, f"{existing}\n{text}" if existing else text)


# -- lines around a table (shared by every reader) ------------------------------------------------------------
