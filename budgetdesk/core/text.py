"""Text normalisation shared by name checks and header matching.

Officers' files differ from the catalogue and the templates in whitespace, full-width characters
and line breaks inside cells; compare only after folding those away.
"""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "〔": "[", "〕": "[", "【": "[", "】": "]"})


def fold(text: str | None) -> str:
    """Fold a label for comparison: NFKC (full-width → half-width), no whitespace, plain quotes."""
    if not text:
        return ""
    s = unicodedata.normalize("NFKC", str(text)).translate(_QUOTES)
    return _SPACE.sub("", s)


_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d+[、.．]|其中[:：]?)"
)


def fold_label(text: str | None) -> str:
    """Fold a row label and drop its list numbering (``一、``, ``(二)``, ``3.``, ``其中：``)."""
    s = fold(text)
    while True:
        stripped = _NUMBERING.sub("", s, count=1)
        if stripped == s:
            return s
        s = stripped


def fill(text: str, values: dict) -> str:
    """Fill ``{year}``-style placeholders of template text; text with unknown placeholders stays as written."""
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        return text
