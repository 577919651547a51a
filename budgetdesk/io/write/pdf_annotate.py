"""The checked PDF sent back with its findings on it: each one boxed at its cell or sentence (issue 24, item 6).

What a bureau returns to a department: the department's own published PDF, unchanged, with a red box
around every figure a finding is about and the finding's message as the box's note (a PDF square
annotation, shown by every PDF reader, printed only if the reader prints comments). A finding is placed
by finding its figure on the page: a table finding on the page its source names (``第N页…``), nearest
the row's printed name when the figure stands there more than once; a 情况说明 finding at its stated
figure inside its quoted sentence. A finding that cannot be placed for certain is not boxed at a guess:
it is listed in one note on the first page, so nothing is left out.
"""

from __future__ import annotations

import ctypes
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from budgetdesk.core.findings import Finding, Severity
from budgetdesk.core.money import format_amount
from budgetdesk.io.store.tempfiles import write_bytes_atomically

_PAGE = re.compile(r"第(\d{1,5})页")
COLOURS = {Severity.ERROR: (220, 0, 0), Severity.WARNING: (230, 140, 0)}
PAD = 1.5  # points around the figure's characters
CONTEXT = 12  # characters of the quote either side of a stated figure that must match the page
ANNOTATED = (Severity.ERROR, Severity.WARNING)  # rounding notes stay off the returned PDF


@dataclass(frozen=True)
class Placement:
    page: int  # 0-based
    rect: tuple[float, float, float, float]  # left, bottom, right, top in PDF points


@dataclass
class AnnotationResult:
    boxed: int
    listed: list[Finding]


def _wide(text: str):
    data = (text + "\0").encode("utf-16-le")
    return ctypes.cast(ctypes.create_string_buffer(data, len(data)), ctypes.POINTER(ctypes.c_ushort))


def _occurrences(textpage, text: str) -> list[tuple[float, float, float, float]]:
    """The boxes of every occurrence of ``text`` on the page (each the union of its characters' boxes)."""
    out = []
    if not text:
        return out
    searcher = textpage.search(text, match_case=True, match_whole_word=False)
    try:
        while (hit := searcher.get_next()) is not None:
            index, count = hit
            boxes = [textpage.get_charbox(i) for i in range(index, index + count)]
            out.append((min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                        max(b[3] for b in boxes)))
    finally:
        searcher.close()
    return out


def _figure_texts(value: str | None) -> list[str]:
    """How a figure may be printed: ``9,101.68``, ``9101.68``, as given."""
    if not value:
        return []
    out = [value]
    try:
        amount = Decimal(str(value).replace(",", ""))
    except InvalidOperation:
        return out
    places = max(0, -amount.as_tuple().exponent) if isinstance(amount.as_tuple().exponent, int) else 2
    for text in (format_amount(amount, max(places, 2)), format_amount(amount, max(places, 2), thousands=False)):
        if text not in out:
            out.append(text)
    return out


def _place_table_finding(doc, finding: Finding, textpages) -> Placement | None:
    """The finding's figure on the page its source names (``第N页``), else on the pages printing its table's
    title; several times there, the one level with the row's printed name. Not placed when not certain."""
    m = _PAGE.search(finding.source or "")
    if m is not None:
        pages = [int(m.group(1)) - 1] if 0 < int(m.group(1)) <= len(doc) else []
    elif finding.table_title:
        pages = [i for i in range(len(doc)) if _occurrences(textpages(i), finding.table_title)]
    else:
        pages = []
    found: list[Placement] = []
    for page in pages:
        textpage = textpages(page)
        hits: list[tuple[float, float, float, float]] = []
        for text in _figure_texts(str(finding.actual) if finding.actual is not None else None):
            hits = _occurrences(textpage, text)
            if hits:
                break
        if len(hits) > 1 and finding.row_label:
            hits = _level_with(hits, _row_label(textpage, finding.row_label))
        found += [Placement(page, h) for h in hits]
    return found[0] if len(found) == 1 else None


def _row_label(textpage, label: str) -> list[tuple[float, float, float, float]]:
    """Where the row's name is printed: as given (“2080101 行政运行”), else its code or its name alone, the
    first of these printed exactly once."""
    code, _, name = label.partition(" ")
    for text in (label, code, name) if name and code.isdigit() else (label,):
        found = _occurrences(textpage, text)
        if len(found) == 1:
            return found
    return []


def _level_with(hits, labels):
    """The figures standing level with the one printed row name (none when the name is not printed once)."""
    if len(labels) != 1:
        return []
    y = (labels[0][1] + labels[0][3]) / 2
    return [h for h in hits if h[1] - 2 <= y <= h[3] + 2]


def _place_narrative_finding(doc, finding: Finding, textpages) -> Placement | None:
    """The stated figure inside its quoted sentence: the one occurrence in the PDF whose text just before and
    after it (line breaks ignored) is the quote's around that figure. Not placed when that is not certain."""
    stated, quote = finding.stated or finding.column or "", finding.quote or ""
    at = [i for i in range(len(quote)) if quote.startswith(stated, i)] if stated else []
    if len(at) > 1 and finding.position is not None and quote[finding.position.start:finding.position.end] == stated:
        at = [finding.position.start]  # the quote starts its paragraph: the position names the occurrence
    if len(at) != 1:
        return None
    before = _plain(quote[:at[0]])[-CONTEXT:]
    after = _plain(quote[at[0] + len(stated):])[:CONTEXT]
    found: list[Placement] = []
    for page in range(len(doc)):
        textpage = textpages(page)
        searcher = textpage.search(stated, match_case=True)
        try:
            while (hit := searcher.get_next()) is not None:
                index, count = hit
                left = _plain(textpage.get_text_range(max(0, index - 3 * CONTEXT), min(index, 3 * CONTEXT)))
                right = _plain(textpage.get_text_range(index + count, 3 * CONTEXT))
                if left.endswith(before) and right.startswith(after):
                    boxes = [textpage.get_charbox(i) for i in range(index, index + count)]
                    found.append(Placement(page, (min(b[0] for b in boxes), min(b[1] for b in boxes),
                                                  max(b[2] for b in boxes), max(b[3] for b in boxes))))
        finally:
            searcher.close()
    return found[0] if len(found) == 1 else None


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _add_box(page, rect, colour, message: str) -> None:
    import pypdfium2.raw as pdfium_c

    annot = pdfium_c.FPDFPage_CreateAnnot(page.raw, pdfium_c.FPDF_ANNOT_SQUARE)
    try:
        left, bottom, right, top = rect
        pdfium_c.FPDFAnnot_SetRect(annot, pdfium_c.FS_RECTF(left - PAD, top + PAD, right + PAD, bottom - PAD))
        pdfium_c.FPDFAnnot_SetColor(annot, pdfium_c.FPDFANNOT_COLORTYPE_Color, *colour, 255)
        pdfium_c.FPDFAnnot_SetBorder(annot, 0, 0, 1.2)
        pdfium_c.FPDFAnnot_SetStringValue(annot, b"Contents", _wide(message))
        pdfium_c.FPDFAnnot_SetStringValue(annot, b"T", _wide("budgetdesk 自检"))
        pdfium_c.FPDFAnnot_SetFlags(annot, pdfium_c.FPDF_ANNOT_FLAG_PRINT)
    finally:
        pdfium_c.FPDFPage_CloseAnnot(annot)


def _add_note(page, message: str) -> None:
    import pypdfium2.raw as pdfium_c

    width, height = page.get_size()
    annot = pdfium_c.FPDFPage_CreateAnnot(page.raw, pdfium_c.FPDF_ANNOT_TEXT)
    try:
        pdfium_c.FPDFAnnot_SetRect(annot, pdfium_c.FS_RECTF(width - 40, height - 20, width - 20, height - 40))
        pdfium_c.FPDFAnnot_SetColor(annot, pdfium_c.FPDFANNOT_COLORTYPE_Color, 220, 0, 0, 255)
        pdfium_c.FPDFAnnot_SetStringValue(annot, b"Contents", _wide(message))
        pdfium_c.FPDFAnnot_SetStringValue(annot, b"T", _wide("budgetdesk 自检"))
    finally:
        pdfium_c.FPDFPage_CloseAnnot(annot)


def annotate_pdf(source: Path | str, target: Path | str, findings: list[Finding]) -> AnnotationResult:
    """Write ``source`` to ``target`` with each error and warning boxed where it stands; the rest in one note."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(source))
    cache: dict[int, object] = {}

    def textpages(i: int):
        if i not in cache:
            cache[i] = doc[i].get_textpage()
        return cache[i]

    try:
        boxed, listed = 0, []
        for f in findings:
            if f.severity not in ANNOTATED:
                continue
            place = (_place_narrative_finding if f.table == "narrative" else _place_table_finding)(doc, f, textpages)
            if place is None:
                listed.append(f)
                continue
            _add_box(doc[place.page], place.rect, COLOURS[f.severity], f"[{f.severity.label}] {f.rule}\n{f.message}")
            boxed += 1
        if listed and len(doc):
            lines = [f"另有 {len(listed)} 处问题无法确定在页面上的位置（没有标框）："]
            lines += [f"{i}. [{f.severity.label}] {f.message}" for i, f in enumerate(listed, 1)]
            _add_note(doc[0], "\n".join(lines))
        out = io.BytesIO()
        doc.save(out)
    finally:
        for tp in cache.values():
            tp.close()
        doc.close()
    write_bytes_atomically(Path(target), out.getvalue())
    return AnnotationResult(boxed, listed)
