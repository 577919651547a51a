"""A PDF's text as positioned lines and its ruling lines, page by page (PDFium through pypdfium2).

Characters are read with their boxes (``FPDFText_GetCharBox``), grouped into lines by their vertical
centres and into segments by horizontal gaps and by the vertical rulings between them. Rulings are the
thin filled rectangles and stroked lines a PDF draws its table borders with. Nothing is rendered and no
form or script environment is ever created, so JavaScript in a PDF is never run.

Coordinates are PDF points with y measured from the top of the page.
"""

from __future__ import annotations

import bisect

import ctypes
import re
from dataclasses import dataclass, field
from pathlib import Path

from budgetdesk.io.limits import ReadError, current_budget

MAX_PAGES = 400  # a department's package is 10–100 pages; a 1,000-page file is not one package
MIN_CHARS_PER_PAGE = 8  # fewer on every page with images: a scan
_THIN = 2.5  # a rectangle thinner than this (points) is a ruling line
_MIN_RULE = 3.0


@dataclass(frozen=True)
class Segment:
    """Characters of one line standing together: one cell's text on that line."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Line:
    page: int  # 1-based
    top: float
    bottom: float
    segments: list[Segment]
    number: int = 0  # 1-based, top to bottom on its page

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Rule:
    """A ruling line: horizontal (``at`` is y, ``start``..``end`` in x) or vertical (``at`` is x)."""

    at: float
    start: float
    end: float


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    hrules: list[Rule] = field(default_factory=list)
    vrules: list[Rule] = field(default_factory=list)
    images: int = 0
    chars: int = 0


@dataclass
class PdfLayout:
    name: str
    pages: list[Page]
    attachments: int = 0
    has_script: bool = False
    has_form: bool = False


class PdfError(ReadError):
    """A PDF that cannot be read (encrypted, damaged, scanned, too long); the message names file and page."""


def _open(path: Path):
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        code = raw.FPDF_GetLastError()
        if code == raw.FPDF_ERR_PASSWORD:
            raise PdfError(f"{path.name}：PDF 已加密（需要密码才能打开），无法读取。请向单位索取未加密的文件") from None
        if code == raw.FPDF_ERR_SECURITY:
            raise PdfError(f"{path.name}：PDF 使用了不支持的加密方式，无法读取") from None
        if _is_web_page(path):
            raise PdfError(f"{path.name}：不是 PDF，是一个网页（HTML）——多半是下载失败时存下的页面；请重新下载该 PDF") from None
        raise PdfError(f"{path.name}：不是完整的 PDF 文件（已损坏或下载不完整），无法读取（{exc}）") from None


def _is_web_page(path: Path) -> bool:
    """A web page saved under a .pdf name (8 of the 13 重庆 2026 “PDFs” in the crawled repository were)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(1024).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    except OSError:
        return False
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in head


def read_layout(path: Path) -> PdfLayout:
    """Every page's lines and rulings; refuses encrypted, damaged, over-long and image-only files."""
    import pypdfium2.raw as raw

    pdf = _open(path)
    try:
        count = len(pdf)
        if count == 0:
            raise PdfError(f"{path.name}：PDF 中没有任何页面")
        if count > MAX_PAGES:
            raise PdfError(f"{path.name}：PDF 有 {count:,} 页，超过上限 {MAX_PAGES} 页，不像一个单位的公开件，未读取"
                           "（请只导出本单位的部分）")
        layout = PdfLayout(path.name, [])
        layout.attachments = raw.FPDFDoc_GetAttachmentCount(pdf.raw)
        layout.has_script = raw.FPDFDoc_GetJavaScriptActionCount(pdf.raw) > 0
        budget = current_budget()
        for index in range(count):
            budget.at(cell=f"第{index + 1}页")
            page = pdf[index]
            try:
                layout.pages.append(_read_page(page, index + 1, budget))
                if _has_widgets(page):
                    layout.has_form = True
            finally:
                page.close()
        budget.at()
    finally:
        pdf.close()
    if sum(p.chars for p in layout.pages) < MIN_CHARS_PER_PAGE * len(layout.pages) and \
            any(p.images for p in layout.pages):
        scanned = [p.number for p in layout.pages if p.chars < MIN_CHARS_PER_PAGE and p.images]
        raise PdfError(f"{path.name}：是扫描件（第{_pages(scanned)}页只有图像，没有可读的文字），无法读出表中的数。"
                       "请向单位索取由 Excel/Word 直接导出的 PDF 或原表格文件（本程序不做文字识别）")
    return layout


def _pages(numbers: list[int]) -> str:
    if len(numbers) > 6:
        return f"{numbers[0]}–{numbers[-1]} 等 {len(numbers)} "
    return "、".join(map(str, numbers))


def _has_widgets(page) -> bool:
    import pypdfium2.raw as raw

    for k in range(raw.FPDFPage_GetAnnotCount(page.raw)):
        annot = raw.FPDFPage_GetAnnot(page.raw, k)
        try:
            if raw.FPDFAnnot_GetSubtype(annot) == raw.FPDF_ANNOT_WIDGET:
                return True
        finally:
            raw.FPDFPage_CloseAnnot(annot)
    return False


def _read_page(page, number: int, budget) -> Page:
    import pypdfium2.raw as raw

    width, height = page.get_size()  # as displayed: a /Rotate 90 page is read as it is seen
    out = Page(number, width, height)
    view = _View(page.get_rotation(), width, height)
    _read_objects(page, out, view)
    textpage = page.get_textpage()
    try:
        tp = textpage.raw
        n = raw.FPDFText_CountChars(tp)
        budget.tick(max(1, n // 20))  # about one "cell" per 20 characters
        left, right, bottom, top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
        chars = []
        spaced = False
        for k in range(n):
            code = raw.FPDFText_GetUnicode(tp, k)
            if code in (0, 9, 10, 13, 32, 0xA0, 0x3000, 0xFFFE, 0xFFFF):
                spaced = True
                continue
            if not raw.FPDFText_GetCharBox(tp, k, left, right, bottom, top):
                continue
            try:
                ch = "-" if code == HYPHEN_AT_LINE_END else chr(code)
            except ValueError:
                continue
            x0, x1, y0, y1 = view.box(left.value, bottom.value, right.value, top.value)
            chars.append((ch, x0, x1, y0, y1, max(y1 - y0, 1.0), spaced))
            spaced = False
    finally:
        textpage.close()
    out.chars = len(chars)
    out.lines = _lines(chars, out.vrules, number)
    return out


HYPHEN_AT_LINE_END = 0x02  # pdfium's code for a hyphen ending a line (FPDFText_IsHyphen): printed as “-”


class _View:
    """PDF user space (y up, unrotated) → the page as displayed (y down, /Rotate applied)."""

    def __init__(self, rotation: int, width: float, height: float):
        self.rotation = rotation % 360
        self.w0, self.h0 = (height, width) if self.rotation in (90, 270) else (width, height)

    def point(self, x: float, y: float) -> tuple[float, float]:
        if self.rotation == 90:
            return y, x
        if self.rotation == 180:
            return self.w0 - x, y
        if self.rotation == 270:
            return self.h0 - y, self.w0 - x
        return x, self.h0 - y

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """x0, x1, top, bottom as displayed."""
        ax, ay = self.point(left, bottom)
        bx, by = self.point(right, top)
        return min(ax, bx), max(ax, bx), min(ay, by), max(ay, by)


def _read_objects(page, out: Page, view: "_View") -> None:
    import pypdfium2.raw as raw

    l, b, r, t = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    count = raw.FPDFPage_CountObjects(page.raw)
    for k in range(count):
        obj = raw.FPDFPage_GetObject(page.raw, k)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_IMAGE:
            out.images += 1
            continue
        if kind != raw.FPDF_PAGEOBJ_PATH or not raw.FPDFPageObj_GetBounds(obj, l, b, r, t):
            continue
        x0, x1, y0, y1 = view.box(l.value, b.value, r.value, t.value)
        w, h = x1 - x0, y1 - y0
        if w <= _THIN and h >= _MIN_RULE:
            out.vrules.append(Rule((x0 + x1) / 2, y0, y1))
        elif h <= _THIN and w >= _MIN_RULE:
            out.hrules.append(Rule((y0 + y1) / 2, x0, x1))
        elif w >= _MIN_RULE and h >= _MIN_RULE:
            raw.FPDFPath_GetDrawMode(obj, fill, stroke)
            if stroke.value and raw.FPDFPath_CountSegments(obj) <= 6:  # a stroked rectangle: a cell's four borders
                out.hrules += [Rule(y0, x0, x1), Rule(y1, x0, x1)]
                out.vrules += [Rule(x0, y0, y1), Rule(x1, y0, y1)]
            elif stroke.value:
                _stroked_segments(obj, out, view)


def _stroked_segments(obj, out: Page, view: "_View") -> None:
    """Axis-parallel line segments of one stroked path (a whole grid drawn as one path)."""
    import pypdfium2.raw as raw

    n = raw.FPDFPath_CountSegments(obj)
    if n > 20000:
        return
    matrix = raw.FS_MATRIX()
    raw.FPDFPageObj_GetMatrix(obj, matrix)
    x, y = ctypes.c_float(), ctypes.c_float()
    prev = None
    for k in range(n):
        seg = raw.FPDFPath_GetPathSegment(obj, k)
        if not raw.FPDFPathSegment_GetPoint(seg, x, y):
            continue
        px, py = view.point(matrix.a * x.value + matrix.c * y.value + matrix.e,
                            matrix.b * x.value + matrix.d * y.value + matrix.f)
        if raw.FPDFPathSegment_GetType(seg) == raw.FPDF_SEGMENT_LINETO and prev is not None:
            (qx, qy) = prev
            if abs(px - qx) <= 0.5 and abs(py - qy) >= _MIN_RULE:
                out.vrules.append(Rule((px + qx) / 2, min(py, qy), max(py, qy)))
            elif abs(py - qy) <= 0.5 and abs(px - qx) >= _MIN_RULE:
                out.hrules.append(Rule((py + qy) / 2, min(px, qx), max(px, qx)))
        prev = (px, py)


def _tall(c: tuple, typical: float) -> bool:
    """A character that makes a line of its own: as tall as the page's text, or a letter, digit or 汉字 in smaller
    type (a table set in 8 pt on a page of 15 pt prose: 江苏高院 2017's header rows “功能分类” / “项目名称” /
    “功能科目名称” are 12 pt apart, each its own line). Only marks — commas, full stops — join the line they sit in."""
    return c[5] >= 0.6 * typical or c[0].isalnum() and c[5] >= 0.3 * typical and c[5] >= 0.5 * (c[2] - c[1])
    # (not a flat glyph — “一” is a stroke a tenth as tall as it is wide, its box nowhere near the line's centre)


def _lines(chars: list[tuple], vrules: list[Rule], page: int) -> list[Line]:
    """Characters → lines (by vertical centre) → segments (by gaps and rulings).

    Lines are formed from the full-height characters; low or small ones (commas, full stops) then join
    the line whose band holds them, so “82,096,797.42” stays one figure.
    """
    if not chars:
        return []
    heights = sorted(c[5] for c in chars)
    typical = heights[len(heights) // 2]
    tall = sorted((c for c in chars if _tall(c, typical)), key=lambda c: (c[3] + c[4]) / 2)
    groups: list[list[tuple]] = []
    bands: list[list[float]] = []  # per group: centre, top, bottom, tallest character
    for c in tall:
        mid = (c[3] + c[4]) / 2
        # within 0.4 of a character's height of the line's centre — not of the band's extent, which grows as
        # characters join and would chain two lines of a tightly wrapped cell (“三支 / 一扶”) into one
        if groups and abs(mid - bands[-1][0]) <= 0.4 * max(bands[-1][3], c[5]):
            groups[-1].append(c)
            band = bands[-1]
            band[0] += (mid - band[0]) / len(groups[-1])
            band[1], band[2], band[3] = min(band[1], c[3]), max(band[2], c[4]), max(band[3], c[5])
            continue
        groups.append([c])
        bands.append([mid, c[3], c[4], c[5]])
    xs = [sorted(ch[1] for ch in g) for g in groups]  # per line, where its characters start

    def apart(i: int, c: tuple) -> float:
        """How far across the page the nearest character of line ``i`` is from ``c``."""
        k = bisect.bisect_left(xs[i], c[1])
        near = [xs[i][j] for j in (k - 1, k) if 0 <= j < len(xs[i])]
        return min((abs(x - c[1]) for x in near), default=float("inf"))

    for c in chars:
        if _tall(c, typical):
            continue
        mid = (c[3] + c[4]) / 2
        # the line whose band holds it; of several (a neighbouring cell's line at the same height), the nearest
        # across the page — “一” and “” ” of a wrapped name belong with “三支扶”, not with the next column's text
        best = min(range(len(bands)), key=lambda i: (0, apart(i, c)) if bands[i][1] - 1 <= mid <= bands[i][2] + 1
                   else (min(abs(mid - bands[i][1]), abs(mid - bands[i][2])) + 1, 0.0), default=None)
        if best is not None and bands[best][1] - 0.6 * typical <= mid <= bands[best][2] + 0.6 * typical:
            groups[best].append(c)
            bisect.insort(xs[best], c[1])
        else:
            groups.append([c])
            bands.append([mid, c[3], c[4], c[5]])
            xs.append([c[1]])
    order = sorted(range(len(groups)), key=lambda i: bands[i][0])
    lines = []
    for i in order:
        g = sorted(groups[i], key=lambda c: c[1])
        top, bottom = bands[i][1], bands[i][2]
        walls = sorted(r.at for r in vrules if r.start <= (top + bottom) / 2 <= r.end)
        segments: list[Segment] = []
        text: list[str] = []
        start = last = None
        for c in g:
            if last is not None:
                if c[1] < last[1] + 0.01 and c[0] == last[0]:
                    continue  # the same character drawn twice (fake bold)
                gap = c[1] - last[2]
                em = max(c[5], last[5], typical, 1.0)
                wall = any(last[2] - 0.8 <= w <= c[1] + 0.8 for w in walls) if walls else False
                if gap > 0.9 * em or wall or c[6] and gap > 0.1 * em and _figure_then_words(text, c[0]):
                    segments.append(Segment("".join(text), start[1], last[2], top, bottom))
                    text, start = [], None
                elif c[6] and gap > 0.1 * em:
                    text.append(" ")
            if start is None:
                start = c
            text.append(c[0])
            last = c
        if text:
            segments.append(Segment("".join(text), start[1], last[2], top, bottom))
        lines.append(Line(page, top, bottom, _letter_spaced(segments, walls), len(lines) + 1))
    return lines


_GROUPED_FIGURE = re.compile(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+\.\d{2}")


def _figure_then_words(text: list[str], following: str) -> bool:
    """“215,020,000 一、其他支出” set one space apart (上海市福利彩票发行中心 2026): a figure the segment began
    with, then the next cell's words — two cells. (A figure followed by its unit, “155.66 万元”, stays one.)"""
    return "\u4e00" <= following <= "\u9fff" and following not in "万元亿" and \
        _GROUPED_FIGURE.fullmatch("".join(text)) is not None


def _letter_spaced(segments: list[Segment], walls: list[float]) -> list[Segment]:
    """A word set letter-spaced (“收   入” over a header, 烟台) is one segment: runs of single CJK characters
    a little over a character apart, with no ruling between them and far wider gaps on either side."""
    if len(segments) < 2:
        return segments

    def single(s: Segment) -> bool:
        return len(s.text) == 1 and "\u4e00" <= s.text <= "\u9fff"

    out: list[Segment] = []
    i = 0
    while i < len(segments):
        j = i
        while j + 1 < len(segments) and single(segments[j]) and single(segments[j + 1]):
            a, b = segments[j], segments[j + 1]
            em = max(a.x1 - a.x0, b.x1 - b.x0, 1.0)
            if b.x0 - a.x1 > 1.5 * em or any(a.x1 - 0.8 <= w <= b.x0 + 0.8 for w in walls):
                break
            j += 1
        if j > i:
            run = segments[i:j + 1]
            widest = max(b.x0 - a.x1 for a, b in zip(run, run[1:]))
            before = run[0].x0 - segments[i - 1].x1 if i > 0 else float("inf")
            after = segments[j + 1].x0 - run[-1].x1 if j + 1 < len(segments) else float("inf")
            if min(before, after) > 2.5 * max(widest, 1.0):
                out.append(Segment(" ".join(s.text for s in run), run[0].x0, run[-1].x1, run[0].top, run[0].bottom))
                i = j + 1
                continue
        out.append(segments[i])
        i += 1
    return out
