"""绩效目标表 read by the meaning of their words: forms no template describes, in any unit's layout.

A form is found by its title words (…绩效目标表; 整体 → the 整体 target, 重点专项/一级项目 → a 专项, otherwise a
project) and read by its labels, wherever they stand: a label is followed by its value in the same row, or
alone on its row with the value on the next; ``项目名称：xx`` in one cell as well. The words are data
(``templates/performance/plain.json``: ``labels``, ``funding_words``, ``kind_words``). The indicator table
is found by its column titles in any order; 指标值 and 指标性质 may stand either way or be written together
(“≥95%”). Amounts are read exactly (``Decimal``) in the unit the form prints (单位：元, 资金总额（万元）).
Everything the plain form has no field for is kept on the target (``extra``) with its label.

``describes`` says whether a template's form fits a section found by its title; where it does not (labels
the form has no place for), the section is read here and printed in the plain layout.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from budgetdesk.core.money import AmountError, parse_amount
from budgetdesk.core.performance.forms import INDICATOR_LABELS, FormSpec, PerformanceForms
from budgetdesk.core.performance.model import Funding, Indicator, PerformanceTarget, TargetKind, normalise_nature
from budgetdesk.core.text import fold
from budgetdesk.io.read.import_report import GridCell, ImportReport
from budgetdesk.io.read.performance.grid import MADE_BY, PLACEHOLDER, POINTS, UNIT_LINE, clean, split_value

# 一级指标 … 权重 as printed by any unit (the template words, and the ones found in other units' forms)
COLUMN_WORDS: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标", "一级指标名称"),
    "level2": ("二级指标", "二级指标名称"),
    "level3": ("三级指标", "三级指标名称", "指标内容", "指标名称", "绩效指标名称", "具体指标", "三级指标内容"),
    "nature": ("指标性质", "绩效指标性质", "指标值性质", "指标方向", "计算符号", "符号"),
    "value": ("指标值", "绩效指标值", "本年绩效指标值", "目标值", "指标目标值", "年度指标值", "预期指标值", "绩效目标值", "指标值(数值)"),
    "unit": ("计量单位", "度量单位", "绩效度量单位", "指标单位", "单位"),
    "weight": ("权重", "指标权重", "权重(%)", "权重(分)", "分值", "指标分值", "权重分值", "分值权重"),
    "core": ("是否核心指标", "是否是核心指标", "核心指标"),
    "description": ("绩效指标描述", "指标描述", "指标解释"),
    "basis": ("指标值确定依据", "确定依据", "指标值设定依据"),
}
CAPTIONS = {"总体资金情况", "资金情况", "金额", "合计", "小计", "绩效指标", "年度绩效指标", "部门整体绩效情况",
            "年度绩效目标", "资金来源", "其中", "项目资金", "资金情况(万元)", "资金情况(元)", "预算规模及资金用途"}
_MONEY_SUFFIX = re.compile(r"[(（](万元|元)[)）]$")
_PART_SOURCE = re.compile(r"^(基本支出|项目支出)[:：](.+)$")  # the plain layout's “基本支出：财政拨款” rows
_LABEL_VALUE = re.compile(r"^([^:：]{2,16})[:：]\s*(.+)$")
_AMOUNT = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_BRACKET_CODE = re.compile(r"^[\[［【(（]\s*([0-9A-Za-z]{2,})\s*[\]］】)）]\s*(\S.*)$")
_DASH_CODE = re.compile(r"^([0-9A-Za-z]{3,})\s*[-－—_]\s*(\S.*)$")
_SPACE_CODE = re.compile(r"^([0-9A-Za-z]{6,})\s+(\S.*)$")  # “401 名称” stays a name: too short to be sure
_TEXT_FIELDS = ("overview", "basis", "goal", "tasks")
_LONGEST_LABEL = 40  # characters: a label with numbering, spaces, “其中：” and “（万元）” is far shorter
_AMOUNT_WITH_UNIT = re.compile(r"^(.*?\d)\s*(万元|元)$")
_PARTS = {"basic": "basic", "project": "project", "total": ""}
_TOTAL_WORDS = ("合计", "小计", "总计", "金额", "资金总额")
_EXECUTION_POINTS = re.compile(r"^(?:预算)?执行率(?:分值|权重)?[(（](\d+(?:\.\d+)?)分[)）]$")


_INDEXES: dict[int, tuple[PerformanceForms, dict[str, str]]] = {}


def _index(plain: PerformanceForms) -> dict[str, str]:
    """Folded label → field, from the plain forms' data (built once per forms object)."""
    cached = _INDEXES.get(id(plain))
    if cached is not None and cached[0] is plain:
        return cached[1]
    found = {fold(label): fieldname for fieldname, labels in plain.labels.items() for label in labels}
    for word in plain.funding_words:
        found.setdefault(fold(word), f"funding:{word}")
    _INDEXES[id(plain)] = (plain, found)
    return found


def label_of(text: str, index: dict[str, str]) -> tuple[str, str] | None:
    """(field, money unit printed with the label) for a label cell, else None."""
    if len(text) > _LONGEST_LABEL:
        return None  # a value, not a label (and folding every long text is what reading costs)
    t = fold(clean(text)).rstrip(":：")
    t = re.sub(r"^(?:其中[:：]?|\d+[、.．]|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）])", "", t)
    unit = ""
    m = _MONEY_SUFFIX.search(t)
    if m:
        unit, t = m.group(1), t[: m.start()]
    fieldname = index.get(t)
    part = _PART_SOURCE.match(t)
    if fieldname is None and part and index.get(part.group(2), "").startswith("funding:"):
        fieldname = f"funding:{'basic' if part.group(1) == '基本支出' else 'project'}:{part.group(2)}"
    return (fieldname, unit) if fieldname else None


def is_label(text: str, plain: PerformanceForms) -> bool:
    """Whether a cell's text is a field label of any form (项目名称, 资金总额（万元）, 基本支出：财政拨款 …)."""
    return label_of(text, _index(plain)) is not None


def _columns_index() -> dict[str, str]:
    names = {fold(label): key for key, labels in INDICATOR_LABELS.items() for label in labels}
    names.update({fold(label): key for key, labels in COLUMN_WORDS.items() for label in labels})
    return names


_COLUMNS = _columns_index()




def _joined_columns(text: str) -> list[str]:
    """Column words printed run together in a merged heading (“一级指标二级指标” over two columns), else []."""
    keys: list[str] = []
    while text:
        word = next((w for w in sorted(_COLUMNS, key=len, reverse=True) if w and text.startswith(w)), None)
        if word is None:
            return []
        keys.append(_COLUMNS[word])
        text = text[len(word):]
    return keys if len(keys) > 1 else []


def indicator_header(row: list[GridCell]) -> dict[int, str] | None:
    cols: dict[int, str] = {}
    joined: list[str] = []  # the rest of a run-together heading, for the columns it spans
    last = ""
    for i, c in enumerate(row):
        if len(c.text) > _LONGEST_LABEL:
            continue
        text = POINTS.sub("", fold(clean(c.text)))
        key = _COLUMNS.get(text)
        if key is None and joined and text == last:
            key = joined.pop(0)
        elif key is None and (parts := _joined_columns(text)):
            key, joined = parts[0], parts[1:]
        last = text
        if key and key not in cols.values():
            cols[i] = key
    keys = set(cols.values())
    if len(cols) >= 3 and "level3" in keys and keys & {"value", "nature", "weight"}:
        return cols
    return None


def describes(section, form: FormSpec, plain: PerformanceForms) -> bool:
    """Whether a template's form describes a section: every label it prints is one of the form's own (or an
    alias), and every column title of its indicator table one the template's reader knows."""
    index = _index(plain)
    own = {fold(k) for k in form.label_fields()} | {fold(c) for c in form.captions} | {fold(form.indicator_label)}
    known_columns = {fold(label) for labels in INDICATOR_LABELS.values() for label in labels}
    for row in section.rows:
        found = indicator_header(row)
        if found:
            return all(fold(clean(row[i].text)) in known_columns for i in found)
        for cell in row:
            t = fold(clean(cell.text))
            if t and t not in own and label_of(cell.text, index) is not None:
                return False  # a label the form has no place for, or words its reader does not know
    return True


def stacked_indicators(section) -> bool:
    """A section found under a wide form's title that prints a stacked indicator table (一级/二级指标 columns)."""
    for row in section.rows:
        found = indicator_header(row)
        if found and {"level1", "level2"} & set(found.values()):
            return True
    return False


def has_form_cells(section, plain: PerformanceForms) -> bool:
    """A section printed as a form: an indicator table, or two label cells each followed by a value cell."""
    index = _index(plain)
    pairs = 0
    alone = False  # the previous row was a bare label alone
    for row in section.rows:
        if indicator_header(row):
            return True
        cells = [clean(c.text) for c in row if clean(c.text)]
        if not cells:
            continue
        bare = [fold(_MONEY_SUFFIX.sub("", a)) in index for a in cells]
        # a bare label cell (no list numbering, no colon: prose headings have them) followed by its value
        pairs += sum(1 for k in range(len(cells) - 1) if bare[k] and not label_of(cells[k + 1], index))
        pairs += alone and len(cells) == 1 and not label_of(cells[0], index)
        alone = len(cells) == 1 and bare[0]
    return pairs >= 2


def _leading_label(text: str, index: dict[str, str]) -> str:
    got = label_of(text, index)
    if got is None:
        m = _LABEL_VALUE.match(clean(text))
        got = label_of(m.group(1), index) if m else None
    return got[0] if got else ""


def _is_meta_row(row: list[GridCell]) -> bool:
    texts = [clean(c.text) for c in row if clean(c.text)]
    return bool(texts) and all(UNIT_LINE.match(t) or MADE_BY.match(t) for t in texts)


def split_repeated(section, plain: PerformanceForms) -> list:
    """A section holding several forms printed without their titles (a sheet named 项目支出绩效目标表 with one
    project after another): a new form starts where the first label comes again after an indicator table."""
    index = _index(plain)
    first = ""
    seen_table = False
    parts = [[]]
    starts = [section.title]
    for row in section.rows:
        cells = [c for c in row if clean(c.text)]
        got = _leading_label(cells[0].text, index) if cells and not _is_meta_row(row) else None
        if not first and got:
            first = got
        if indicator_header(row):
            seen_table = True
        elif seen_table and got and got == first:
            moved = []  # its 单位：元 / 编制单位 lines printed above it belong to it
            while parts[-1] and _is_meta_row(parts[-1][-1]):
                moved.insert(0, parts[-1].pop())
            parts.append(moved)
            starts.append(GridCell(clean(section.title.text), (moved[0] if moved else cells)[0].location))
            seen_table = False
        parts[-1].append(row)
    return [replace(section, title=title, rows=rows) for title, rows in zip(starts, parts)]


def has_form_content(section, plain: PerformanceForms) -> bool:
    index = _index(plain)
    return any(indicator_header(row) or any(label_of(c.text, index) for c in row) for row in section.rows)


def _amount(text: str, where: str, report: ImportReport) -> Decimal | None:
    t = clean(text).replace(" ", "").replace("，", ",")
    m = _AMOUNT_WITH_UNIT.match(t)
    if m:
        t = m.group(1)  # “12.50万元”: the reader takes the unit (``_Reader.set``)
    try:
        return parse_amount(t)
    except AmountError as exc:
        report.notices.append(f"{where}：“{text}”不是金额（{exc}），原文保留在目标上")
        return None


def _is_amount(text: str) -> bool:
    t = clean(text).replace(" ", "")
    m = _AMOUNT_WITH_UNIT.match(t)
    return bool(_AMOUNT.match(m.group(1) if m else t))


def split_code_name(text: str) -> tuple[str, str]:
    """“50011821T000000012345X 名称”, “401-名称”, “[401]名称” → (code, name); a code has a digit."""
    t = clean(text)
    for pattern in (_BRACKET_CODE, _DASH_CODE, _SPACE_CODE):
        m = pattern.match(t)
        if m and re.search(r"\d", m.group(1)):
            return m.group(1), m.group(2).strip()
    return "", t


class _Reader:
    def __init__(self, section, plain: PerformanceForms, report: ImportReport, money_unit: str):
        self.section, self.plain, self.report = section, plain, report
        self.index = _index(plain)
        self.values: dict[str, object] = {"money_unit": money_unit}
        self.unit_from_label = ""
        self.funding: dict[tuple[str, str], Decimal | None] = {}
        self.extra: list[tuple[str, str]] = []
        self.indicators: list[Indicator] = []
        self.period: dict[str, str] = {}
        self.last_text_field = ""
        self.read_fields = 0
        self.matrix_label = ""  # the field the money matrix's header row names (资金总额 | 合计 | 财政拨款 …)
        self.parts: list[str] = []  # the fields of a row over the matrix: 预算支出总额 | 基本支出 | 项目支出

    # -- fields -------------------------------------------------------------------------------
    def set(self, fieldname: str, label: str, text: str, where: str, unit: str) -> None:
        text = clean(text)
        self.read_fields += 1
        self.last_text_field = ""
        m = _AMOUNT_WITH_UNIT.match(text.replace(" ", ""))
        if m and (fieldname in ("total", "basic", "project") or fieldname.startswith("funding:")):
            unit = unit or m.group(2)  # “12.50万元” in the value cell
        if unit and fieldname in ("total", "basic", "project") or (unit and fieldname.startswith("funding:")):
            self.unit_from_label = self.unit_from_label or unit
        if fieldname == "code_name":
            code, name = split_code_name(text)
            self.values["name"] = name
            if code:
                self.values["code"] = code
        elif fieldname == "code":
            self.values["code"] = text
        elif fieldname.startswith("period:"):
            self.period[fieldname[7:]] = text
            self.extra.append((fold(clean(label)).rstrip(":："), text))
        elif fieldname.startswith("funding:"):
            a = _amount(text, where, self.report)
            parts = fieldname.split(":")
            part, source = (parts[1], parts[2]) if len(parts) == 3 else ("", parts[1])
            self.funding[(part, source)] = a
            if a is None:
                self.extra.append((source, text))
        elif fieldname in ("total", "basic", "project", "execution_weight"):
            a = _amount(text, where, self.report)
            if a is None:
                self.extra.append((fold(clean(label)), text))
            elif fieldname in self.values and self.values[fieldname] != a:
                self.extra.append((fold(clean(label)), text))  # a second figure under a label already read
            else:
                self.values[fieldname] = a
        elif fieldname in self.values and fieldname not in ("unit",):
            self.extra.append((fold(clean(label)).rstrip(":："), text))  # printed twice: the first is the field
        else:
            self.values[fieldname] = text
            if fieldname in _TEXT_FIELDS:
                self.last_text_field = fieldname

    # -- the money matrix of an 整体 form (合计 | 财政拨款 | … under 基本支出/项目支出) --------------------
    def matrix_header(self, cells: list[tuple[int, str]]) -> list[tuple[int, str]] | None:
        if len(cells) < 2:
            return None
        out: list[tuple[int, str]] = []
        label, unit = "", ""
        for i, t in cells:
            f = fold(t)
            own = (label_of(t, self.index) or ("", ""))
            if not out and own[0] in ("total", "basic", "project") or f in CAPTIONS - {"合计", "小计", "金额"}:
                if not out and own[0] in ("total", "basic", "project"):  # 资金总额 | 合计 | 财政拨款 | 其他资金
                    label, unit = own  # and the figures on the next row, without a label
                continue  # 预算支出总额 | 合计 | 财政拨款 …: the row's own label before the column titles
            if f in ("合计", "小计", "总计", "金额"):
                out.append((i, ""))
            elif self.index.get(f, "").startswith("funding:"):
                out.append((i, self.index[f][8:]))
            else:
                return None
        if not any(s for _, s in out):
            return None
        self.matrix_label = label
        self.unit_from_label = self.unit_from_label or unit
        return out

    def part_row(self, cells: list[tuple[int, str]]) -> list[str]:
        """The fields of a row printing only 预算支出总额 / 基本支出 / 项目支出 (and captions), in order, or []."""
        fields, units = [], []
        for _, t in cells:
            got = label_of(t, self.index)
            if got and got[0] in ("total", "basic", "project"):
                fields.append(got[0])
                units.append(got[1])
            elif fold(t) not in CAPTIONS:
                return []
        if len(fields) < 2 or not {"basic", "project"} & set(fields):
            return []
        self.unit_from_label = self.unit_from_label or next((u for u in units if u), "")  # 预算支出总额（元）
        return fields

    def parts_band(self, matrix, cells, row) -> None:
        """The figures under a two-row header, in order (their columns drift in extracted text): 预算支出总额 first if
        printed, then each part's 合计 followed by its sources until they add up to it, as the template reader does."""
        figures = [(i, _amount(t, row[i].location, self.report)) for i, t in cells]
        sources = list(dict.fromkeys(s for _, s in matrix if s))
        k = 0
        for fieldname in self.parts:
            if k >= len(figures):
                break
            where, total = figures[k]
            k += 1
            self.values[fieldname] = total
            if fieldname == "total" or total is None:
                continue
            got = Decimal(0)
            for source in sources:
                if k >= len(figures) or got == total:
                    break
                self.funding[(fieldname, source)] = figures[k][1]
                got += figures[k][1] or Decimal(0)
                k += 1
            if got != total:
                self.report.notices.append(f"{row[where].location}：{'基本' if fieldname == 'basic' else '项目'}支出 "
                                           f"{total} 与其资金来源合计 {got} 不等（按原文导入）")
        self.read_fields += 1

    def matrix_row(self, matrix, cells, row) -> bool:
        """“基本支出 | 合计 | 财政拨款 | …” figures; True when the row was one."""
        label_at = next(((k, label_of(t, self.index)) for k, (i, t) in enumerate(cells)
                         if label_of(t, self.index) and label_of(t, self.index)[0] in ("basic", "project", "total")), None)
        if label_at is None and self.matrix_label and all(_is_amount(t) for _, t in cells):
            label_at = (-1, (self.matrix_label, ""))  # the figures under the header's own label
        if label_at is None:
            return False
        k, (fieldname, unit) = label_at
        figures = [(i, t) for i, t in cells[k + 1:] if _is_amount(t)]
        if not figures or len(figures) > len(matrix):
            return False
        cols = [i for i, _ in matrix]
        aligned = all(i in cols for i, _ in figures)
        part = _PARTS[fieldname]
        for n, (i, t) in enumerate(figures):
            source = dict(matrix)[i] if aligned else matrix[n][1]
            a = _amount(t, row[i].location, self.report)
            if source == "":
                if fieldname in self.values and self.values[fieldname] != a:
                    self.extra.append((fieldname, t))
                else:
                    self.values[fieldname] = a
            else:
                self.funding[(part, source)] = a
        self.read_fields += 1
        if unit:
            self.unit_from_label = self.unit_from_label or unit
        return True

    # -- indicators ---------------------------------------------------------------------------
    def indicator(self, row: list[GridCell], header: dict[int, str]) -> Indicator | None:
        cells = [(i, clean(c.text)) for i, c in enumerate(row) if clean(c.text)]
        # a cell spread over the columns of its span (a PDF's “指标值” printed over two grid columns) is one cell:
        # its repeat outside the header is dropped, else the row looked one cell longer and was read shifted left
        cells = [c for k, c in enumerate(cells) if not (c[0] not in header and k and cells[k - 1][1] == c[1])]
        positions = sorted(header)
        if all(i in header for i, _ in cells):
            got = {header[i]: t for i, t in cells}
        elif len(cells) <= len(positions):  # blank cells dropped (one cell a line): merged leading cells
            got = {header[p]: t for p, (_, t) in zip(positions[len(positions) - len(cells):], cells)}
        else:
            got = {header[i]: t for i, t in cells if i in header}
        nature = normalise_nature(got.get("nature", ""))
        value, unit = got.get("value", ""), got.get("unit", "")
        if nature in ("", "定量", "≥", "≤") and re.match(r"^\s*(>=|<=|[=≥≤<>＝＜＞≧≦])", value):
            nature, value, unit2 = split_value(value)  # “≥95%” in the 指标值 cell
            unit = unit or unit2
        elif "nature" not in got and value:
            nature, value, unit2 = split_value(value)
            unit = unit or unit2
        elif nature and nature[0] in "≥≤=<>" and len(nature) > 1:  # “≥95%” in the 指标性质 cell
            nature, value2, unit2 = split_value(nature)
            value, unit = value or value2, unit or unit2
        weight = None
        if got.get("weight"):
            try:
                weight = parse_amount(got["weight"].rstrip("%％").strip())
            except AmountError as exc:
                at = next((row[i].location for i, key in header.items() if key == "weight" and i < len(row)),
                          self.section.title.location)
                self.report.notices.append(f"{at}：权重“{got['weight']}”不是数（{exc}），未导入该权重")
        core = {"是": True, "否": False}.get(got.get("core", ""), None) if "core" in header.values() else None
        ind = Indicator(level1=got.get("level1", ""), level2=got.get("level2", ""), level3=got.get("level3", ""),
                        nature=nature, value=value, unit=unit, weight=weight, core=core,
                        description=got.get("description", ""), basis=got.get("basis", ""))
        if not ind.level3 and not ind.value and ind.weight is None:
            return None
        if self.indicators:  # merged cells down the 一级/二级 columns
            prev = self.indicators[-1]
            if not ind.level1 and "level1" in header.values():
                ind = replace(ind, level1=prev.level1, level2=ind.level2 or prev.level2)
            elif not ind.level2 and "level2" in header.values() and ind.level1 == prev.level1:
                ind = replace(ind, level2=prev.level2)
        return ind

    # -- the form -----------------------------------------------------------------------------
    def read(self) -> None:
        header: dict[int, str] | None = None
        pending: tuple[str, str, str] | None = None  # a label alone on its row: (field, label, unit)
        matrix = None
        for row in self.section.rows:
            cells = [(i, clean(c.text)) for i, c in enumerate(row) if clean(c.text)]
            if not cells:
                continue
            if header is not None:
                found = indicator_header(row)
                if found:  # the table's header repeated on the next page
                    header = found
                    continue
                ind = self.indicator(row, header) if len(cells) >= 2 else None
                if ind is not None and PLACEHOLDER.match(ind.level3) and not ind.value and ind.weight is None:
                    continue  # a blank form's “......” (西安's 专项资金总体绩效目标表, printed 不涉及): no indicator
                if ind is not None:
                    self.indicators.append(ind)
                elif len(cells) == 1 and self.indicators and not label_of(cells[0][1], self.index):
                    i, t = cells[0]
                    column = header.get(i, "")
                    if i > 0 and column in ("level3", "description", "basis"):  # a cell's text broken over rows
                        prev = self.indicators[-1]
                        self.indicators[-1] = replace(prev, **{column: getattr(prev, column) + t})
                        continue
                    if len(t) <= 4 and column in ("", "level1", "level2") and not re.search(r"\d", t):
                        continue  # a merged label's words broken over lines of their own (西安: “年度绩 | 效指标”)
                    break  # the form has ended: text after it belongs to the document
                else:
                    got = label_of(cells[0][1], self.index)
                    rest = " ".join(t for _, t in cells[1:])
                    self.extra.append((cells[0][1] if len(cells) > 1 else "表后", rest or cells[0][1]))
                continue
            found = indicator_header(row)
            if found:
                header, pending = found, None
                continue
            if all(UNIT_LINE.match(t) or MADE_BY.match(t) for _, t in cells):
                for _, t in cells:
                    if UNIT_LINE.match(t):
                        self.values["money_unit"] = UNIT_LINE.match(t).group(1)
                    elif MADE_BY.match(t).group(1).strip():
                        self.values.setdefault("unit", MADE_BY.match(t).group(1).strip())
                continue
            points = [(i, t) for i, t in cells if _EXECUTION_POINTS.match(t.replace(" ", ""))]
            for _, t in points:  # “执行率分值（10分）”: the 预算执行率's weight printed in its label (西安)
                self.values.setdefault("execution_weight", Decimal(_EXECUTION_POINTS.match(t.replace(" ", "")).group(1)))
            cells = [c for c in cells if c not in points]
            if not cells:
                continue
            parts = self.part_row(cells)
            if parts:  # 预算支出总额 | 基本支出 | 项目支出 over the sources' row (整体 forms like 永川's)
                self.parts = parts
                continue
            m = self.matrix_header(cells)
            if m:
                matrix = m
                continue
            if matrix and self.parts and all(_is_amount(t) for _, t in cells):
                self.parts_band(matrix, cells, row)
                continue
            if matrix and self.matrix_row(matrix, cells, row):
                continue
            if pending and len(cells) == 1 and not label_of(cells[0][1], self.index):
                self.set(pending[0], pending[1], cells[0][1], row[cells[0][0]].location, pending[2])
                pending = None
                continue
            pending = None
            used: set[int] = set()
            for pos, (i, t) in enumerate(cells):
                if i in used:
                    continue
                got = label_of(t, self.index)
                if got is None:
                    lv = _LABEL_VALUE.match(t)
                    inner = label_of(lv.group(1), self.index) if lv else None
                    if inner:  # 项目名称：xx in one cell
                        used.add(i)
                        self.set(inner[0], lv.group(1), lv.group(2), row[i].location, inner[1])
                    continue
                used.add(i)
                nxt = cells[pos + 1] if pos + 1 < len(cells) else None
                if nxt is None:
                    if len(cells) == 1:
                        pending = (got[0], t, got[1])
                    continue
                if label_of(nxt[1], self.index) or fold(nxt[1]) in CAPTIONS:
                    continue  # a label with an empty value
                used.add(nxt[0])
                text = nxt[1]
                if got[0] in _TEXT_FIELDS and all(label_of(u, self.index) is None for j, u in cells if j > nxt[0]):
                    rest = [(j, u) for j, u in cells if j > nxt[0]]  # 绩效目标 | 1.… | 2.…
                    used.update(j for j, _ in rest)
                    text = "\n".join([text] + [u for _, u in rest])
                self.set(got[0], t, text, row[nxt[0]].location, got[1])
            rest = [(i, t) for i, t in cells if i not in used and fold(t) not in CAPTIONS]
            if rest and not used and len(cells) == 1 and self.last_text_field:  # a long text broken over lines
                f = self.last_text_field
                self.values[f] = f"{self.values[f]}\n{rest[0][1]}"
                continue
            for i, t in rest:
                self.extra.append(("", t))

    def target(self, key: str, kind: TargetKind) -> PerformanceTarget:
        values = dict(self.values)
        if self.unit_from_label and not any(UNIT_LINE.match(clean(c.text)) for r in self.section.rows for c in r):
            values["money_unit"] = self.unit_from_label
        if "period" not in values and self.period:
            values["period"] = "至".join(v for k, v in sorted(self.period.items(), key=lambda kv: kv[0] != "start"))
        funding = tuple(Funding(s, a, p) for (p, s), a in self.funding.items())
        return PerformanceTarget(key=key, kind=kind, funding=funding, extra=tuple(self.extra),
                                 indicators=tuple(self.indicators), source=self.section.title.location,
                                 form="plain", **values)


def read_plain(section, key: str, plain: PerformanceForms, report: ImportReport,
               money_unit: str) -> PerformanceTarget | None:
    """A form no template describes, read by meaning; None when it holds no field and no indicator."""
    reader = _Reader(section, plain, report, money_unit)
    reader.read()
    if not reader.indicators and reader.read_fields == 0:
        return None
    return reader.target(key, section.form.kind)
