"""The parsed TrueType font, cached in the user's cache folder so a fresh process need not parse it.

reportlab parses the whole CJK font (5 MB, ~30,000 glyphs) every time a process registers it: about
half a second, most of what a one-shot ``budgetdesk convert BOOK.xlsx OUT.pdf`` spends. The parsed
face is a plain dictionary of tables and metrics; it is stored once (pickle, keyed by the font's
path, size, modification time and the reportlab version) and read back in a few milliseconds. The
cache is only ever read from the user's own cache folder; any problem with it means parsing again.

Of the ~150,000 small objects the face holds, what a PDF export only indexes or never touches is stored
compactly so reading it back is quicker still: each glyph's metrics and position as flat arrays, and the
glyph → characters map (used only by reportlab's text shaping) as bytes unpickled when first asked for.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
from array import array
from pathlib import Path

from reportlab import Version as REPORTLAB_VERSION
from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from budgetdesk.io.store.tempfiles import write_bytes_atomically

CACHE_FORMAT = 3


def cache_dir() -> Path:
    """``BUDGETDESK_CACHE_DIR``; else under ``BUDGETDESK_USER_DIR``; else the platform's user cache folder."""
    if os.environ.get("BUDGETDESK_CACHE_DIR"):
        return Path(os.environ["BUDGETDESK_CACHE_DIR"])
    if os.environ.get("BUDGETDESK_USER_DIR"):
        return Path(os.environ["BUDGETDESK_USER_DIR"]) / "cache"
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / "budgetdesk" / "cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "budgetdesk"


def _cache_path(font: Path, subfont: int) -> Path:
    st = font.stat()
    key = f"{font.resolve()}|{subfont}|{st.st_size}|{st.st_mtime_ns}|{REPORTLAB_VERSION}|{CACHE_FORMAT}"
    return cache_dir() / f"font-{font.stem}-{hashlib.sha1(key.encode()).hexdigest()[:16]}.pickle"


def _scale(units_per_em: int):
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


def _load_without_collections(fh):
    """Unpickle ~150,000 small tuples without the collector walking them again and again (a third faster)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.load(fh)
    finally:
        if enabled:
            gc.enable()


class _Metrics:
    """reportlab's ``hmetrics`` (advance width, left side bearing) per glyph as two arrays: a subset only indexes it
    (and uses ``int`` of each, which the doubles keep exactly)."""

    __slots__ = ("aw", "lsb")

    def __init__(self, aw: array, lsb: array):
        self.aw, self.lsb = aw, lsb

    def __len__(self) -> int:
        return len(self.aw)

    def __getitem__(self, glyph: int) -> tuple[float, float]:
        return self.aw[glyph], self.lsb[glyph]


class CachedFace(TTFontFace):
    """A face read from the cache; its ``glyphToChar`` is unpickled only if something asks for it."""

    def __getattr__(self, name: str):  # only for what the instance does not have
        if name == "glyphToChar" and "_glyph_to_char" in self.__dict__:
            self.glyphToChar = pickle.loads(self.__dict__.pop("_glyph_to_char"))
            return self.glyphToChar
        raise AttributeError(name)


def _stored(face: TTFontFace) -> dict | None:
    """The face's state as cached, or None when it holds something the compact form would not keep exactly."""
    state = {k: v for k, v in vars(face).items() if k not in ("_pdfScale", "_ttf_data", "glyphToChar", "hmetrics",
                                                               "glyphPos")}
    numbers = (int, float)
    if not all(isinstance(x, numbers) and abs(x) < 2 ** 52 for pair in face.hmetrics for x in pair) or \
            not all(isinstance(p, int) and 0 <= p < 2 ** 62 for p in face.glyphPos):
        return None
    state["_hmetrics"] = (array("d", (aw for aw, _ in face.hmetrics)), array("d", (lsb for _, lsb in face.hmetrics)))
    state["_glyph_pos"] = array("q", face.glyphPos)
    state["_glyph_to_char"] = pickle.dumps(face.glyphToChar, protocol=pickle.HIGHEST_PROTOCOL)
    return state


def load_face(font: Path, subfont: int = 0) -> TTFontFace:
    """The parsed face of ``font``: from the cache when it is there and current, else parsed and cached."""
    try:
        path = _cache_path(font, subfont)
        with path.open("rb") as fh:
            state = _load_without_collections(fh)
        data = font.read_bytes()  # the font file itself is reportlab's _ttf_data: not stored twice
        if len(data) != state.pop("_ttf_data_length"):
            raise ValueError("font changed")
        face = CachedFace.__new__(CachedFace)
        face.hmetrics = _Metrics(*state.pop("_hmetrics"))
        face.glyphPos = state.pop("_glyph_pos")
        face.__dict__.update(state)
        face._ttf_data = data
        face._pdfScale = _scale(face.unitsPerEm)  # a closure: rebuilt, not stored
        return face
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, KeyError, TypeError, ValueError):
        pass
    face = TTFontFace(str(font), subfontIndex=subfont)
    try:
        state = _stored(face)
        if state is None or face._ttf_data != font.read_bytes():
            return face  # not the plain file (a future reportlab may slice it): no cache
        state["_ttf_data_length"] = len(face._ttf_data)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomically(path, pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))
    except (OSError, pickle.PicklingError, NameError, AttributeError):
        pass  # no cache this time; the font still works
    return face


def cached_ttfont(name: str, font: Path, subfont: int = 0) -> TTFont:
    """A reportlab ``TTFont`` built around the cached face (everything else set up by reportlab itself)."""
    face = load_face(font, subfont)
    original = ttfonts.TTFontFace
    ttfonts.TTFontFace = lambda *args, **kwargs: face  # TTFont.__init__ would parse the file again
    try:
        return TTFont(name, str(font), subfontIndex=subfont)
    finally:
        ttfonts.TTFontFace = original
