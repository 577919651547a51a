"""What every PDF writer shares: the embedded font, page margin, paragraph styles and the one escaper.

Tables (``pdf_export``), charts (``chart_draw``) and 绩效 forms (``performance_pdf``) print user text
through ``escape`` — sanitised, cut and glyph-checked by the export's ``PdfText`` — so no writer needs
another's private helpers and none imports another.
"""

from __future__ import annotations

import contextvars
import os
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

from budgetdesk.io.write.font_cache import cached_ttfont
from budgetdesk.io.write.pdf_text import PdfText
from budgetdesk.resources import resources_dir

FONT = "BDSong"
MARGIN = 15 * mm
BASE_SIZE = 9.0
CELL_PADDING = 2  # points left and right of a table cell's text
MIN_SIZE = 6.0
WINDOWS_SONG = ("simsun.ttc", "simsun.ttf", "SimSun.ttf")


@dataclass(frozen=True)
class FontChoice:
    path: Path
    subfont: int
    name: str


def choose_font() -> FontChoice:
    """SimSun on Windows when present; ``BUDGETDESK_PDF_FONT`` if set; else the bundled TrueType font."""
    override = os.environ.get("BUDGETDESK_PDF_FONT")
    if override and Path(override).is_file():
        return FontChoice(Path(override), 0, Path(override).stem)
    windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot")
    if windir:
        for name in WINDOWS_SONG:
            p = Path(windir) / "Fonts" / name
            if p.is_file():
                return FontChoice(p, 0, "SimSun")
    return FontChoice(resources_dir() / "fonts" / "wqy-microhei.ttc", 0, "WenQuanYi Micro Hei")


def register_font() -> FontChoice:
    choice = choose_font()
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(cached_ttfont(FONT, choice.path, choice.subfont))  # parsed once per machine
    return choice


def paragraph_style(name: str, size: float, align=TA_LEFT, leading: float | None = None, indent: float = 0) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=FONT, fontSize=size, leading=leading or size * 1.3,
                          alignment=align, wordWrap="CJK", leftIndent=indent)



current_text: contextvars.ContextVar[PdfText | None] = contextvars.ContextVar("pdf_text", default=None)
"""The text handler of the export under way: every writer's user text goes through it."""


def escape(text: str, where: str = "PDF", cell: bool = True) -> str:
    """Paragraph markup of user text through the export's ``PdfText`` (sanitised, glyphs checked)."""
    current = current_text.get()
    if current is None:
        return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return current.markup(text, where, cell)
