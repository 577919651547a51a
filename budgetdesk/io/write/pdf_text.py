"""Text for the PDF: sanitised, escaped for reportlab's paragraph markup, and checked against the font.

The embedded font (SimSun or the bundled WenQuanYi Micro Hei) lacks some characters — rare CJK from
extension B and beyond (𠮷, 𪚥), emoji. reportlab would print them as blanks without a word. Each such
character is printed in the first fallback TrueType font that has it (SimSun-ExtB on Windows, HanaMin
on Linux with fonts-hanazono, or fonts named in ``BUDGETDESK_PDF_FALLBACK_FONTS``); a character no font
has is printed as □ and reported in the export's notices. Text in table cells is cut at
``MAX_CELL_CHARS`` (a row taller than a page cannot be laid out), with a notice.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from budgetdesk.io.sanitize import Sanitizer

MAX_CELL_CHARS = 200  # at the narrowest column and smallest size still well under a page's height
MAX_LINE_CHARS = 5_000  # a note or title outside the grid (it may run over pages)
MISSING = "\u25a1"  # □
_FALLBACK_CANDIDATES = (
    # Windows: SimSun-ExtB covers CJK extension B; Segoe UI Symbol has monochrome emoji
    ("{windir}/Fonts/simsunb.ttf", 0), ("{windir}/Fonts/seguisym.ttf", 0),
    # Debian/Ubuntu: fonts-hanazono (extension A, B …), fonts-symbola
    ("/usr/share/fonts/truetype/hanazono/HanaMinA.ttf", 0), ("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf", 0),
    ("/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf", 0),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 0),
)
_fallbacks: list[tuple[str, frozenset[int] | set[int]]] | None = None


def fallback_paths() -> list[Path]:
    named = [Path(p) for p in os.environ.get("BUDGETDESK_PDF_FALLBACK_FONTS", "").split(os.pathsep) if p]
    windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot") or "C:/Windows"
    found = [Path(p.format(windir=windir)) for p, _ in _FALLBACK_CANDIDATES]
    return [p for p in named + found if p.is_file()]


def _fallback_fonts() -> list[tuple[str, set[int]]]:
    """(registered name, covered code points) of every fallback font present; loaded on first need."""
    global _fallbacks
    if _fallbacks is None:
        _fallbacks = []
        for path in fallback_paths():
            name = f"BDFallback-{zlib.crc32(str(path).encode('utf-8')):08x}"  # one name per file, not per position
            try:
                if name not in pdfmetrics.getRegisteredFontNames():
                    pdfmetrics.registerFont(TTFont(name, str(path)))
                _fallbacks.append((name, set(pdfmetrics.getFont(name).face.charToGlyph)))
            except Exception:  # a font reportlab cannot embed (CFF outlines, damaged): skip it
                continue
    return _fallbacks


def reset_fallbacks() -> None:
    """Forget the fallback fonts found (tests change ``BUDGETDESK_PDF_FALLBACK_FONTS``)."""
    global _fallbacks
    _fallbacks = None


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class PdfText:
    """Turns document text into paragraph markup for one export and collects what it could not print as is."""

    def __init__(self, font_name: str):
        self.font_name = font_name
        self.covered = set(pdfmetrics.getFont(font_name).face.charToGlyph)
        self.cells = Sanitizer(MAX_CELL_CHARS)
        self.lines = Sanitizer(MAX_LINE_CHARS)
        self.missing: dict[str, str] = {}  # character → where it first occurred
        self.fallback_used: set[str] = set()

    def plain(self, text: str, where: str = "PDF", cell: bool = True) -> str:
        """Sanitised text (for metadata and plain table strings): no markup, no font switching."""
        return (self.cells if cell else self.lines).text(str(text), where)

    def one_line(self, text: str, where: str, room: float, size: float) -> str | None:
        """The sanitised text if it fits on one line ``room`` points wide in the main font, which has
        every glyph of it; else None (the caller makes a wrapping paragraph). A table is mostly such
        cells, and a plain string costs reportlab a fraction of a paragraph to lay out and draw."""
        plain = self.plain(text, where)
        if not all(ord(ch) in self.covered for ch in plain):
            return None
        return plain if pdfmetrics.stringWidth(plain, self.font_name, size) <= room else None

    def markup(self, text: str, where: str = "PDF", cell: bool = True) -> str:
        """Paragraph markup: escaped, with characters the main font lacks in a fallback font or as □."""
        out = []
        for ch in self.plain(text, where, cell):
            code = ord(ch)
            if code in self.covered or ch in "\t\n\r ":
                out.append(_escape(ch))
                continue
            font = next((name for name, cover in _fallback_fonts() if code in cover), None)
            if font is not None:
                self.fallback_used.add(font)
                out.append(f'<font name="{font}">{_escape(ch)}</font>')
            else:
                self.missing.setdefault(ch, where)
                out.append(MISSING)
        return "".join(out)

    def notices(self) -> list[str]:
        out = list(dict.fromkeys(self.cells.notices + self.lines.notices))
        if self.missing:
            chars = "".join(list(self.missing)[:20])
            first = next(iter(self.missing.values()))
            out.append(f"PDF 字体缺少这些字：{chars}{'等' if len(self.missing) > 20 else ''}（首次出现在{first}），"
                       f"已印为“{MISSING}”；请改用常用字，或安装含这些字的字体（见 README）")
        return out
