"""Text normalisation shared by name checks and header matching.

Officers' files differ from the catalogue and the templates in whitespace, full-width characters
and line breaks inside cells; compare only after folding those away.
"""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "〔": "[", "〕": "[", "【": "[", "】": "]"})


# Invisible format characters (Unicode category Cf) that Word and browsers keep in text but never show: zero-width
# space/joiners, direction marks, embeddings, overrides and isolates (an RTL override inside "12.5%" hid the
# figure from the checker), word joiner, invisible operators, the BOM as a zero-width no-break space, soft hyphen.
FORMAT_CHARACTERS = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")


def drop_format_characters(text: str) -> str:
    """``text`` without invisible format characters: what a reader sees, which is what is checked."""
    return FORMAT_CHARACTERS.sub("", text)


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
