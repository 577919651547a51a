"""The document a budgetdesk PDF carries (``write/pdf_attachment``), read back exactly without reading the pages.

The PDF is untrusted: its bytes are scanned for the embedded-file stream our writer makes (an
``/EmbeddedFile`` of subtype ``application/json``) and the stream is inflated with a hard bound, so a
compression bomb dressed as our attachment stops at the bound; nothing in the PDF is run. A PDF whose
attachment is missing, damaged or made otherwise is simply read like any other published PDF.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

MAX_ATTACHMENT_BYTES = 64 << 20  # the .json reader's own limit
_MARK = re.compile(rb"/Type\s*/EmbeddedFile\b")
_LENGTH = re.compile(rb"/Length\s+(\d{1,10})\b")
_STREAM = re.compile(rb">>\s*stream\r?\n")
DICT_WINDOW = 4096  # a stream dictionary of ours is a few hundred bytes


class AttachmentError(ValueError):
    """An attachment that claims to be ours but cannot be read within the bounds."""


def embedded_json(path: Path | str, data: bytes | None = None) -> str | None:
    """The ``budgetdesk.json`` text embedded in the PDF at ``path``, or None when there is none."""
    raw = Path(path).read_bytes() if data is None else data
    for mark in _MARK.finditer(raw):
        start = raw.rfind(b"obj", max(0, mark.start() - DICT_WINDOW), mark.start())  # the object's dictionary
        opening = _STREAM.search(raw, mark.end(), mark.end() + DICT_WINDOW)
        if start < 0 or opening is None:
            continue
        head = raw[start:opening.start()]
        if b"application#2Fjson" not in head or b"/FlateDecode" not in head:
            continue
        length = _LENGTH.search(head)
        if length is None:
            continue
        body = raw[opening.end():opening.end() + int(length.group(1))]
        inflate = zlib.decompressobj()
        try:
            text = inflate.decompress(body, MAX_ATTACHMENT_BYTES + 1)
        except zlib.error as exc:
            raise AttachmentError(f"{Path(path).name}：内嵌的 budgetdesk 数据已损坏（{exc}）") from None
        if len(text) > MAX_ATTACHMENT_BYTES or inflate.unconsumed_tail:
            raise AttachmentError(f"{Path(path).name}：内嵌的 budgetdesk 数据解压后超过 "
                                  f"{MAX_ATTACHMENT_BYTES >> 20} MB，拒绝读取")
        try:
            return text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise AttachmentError(f"{Path(path).name}：内嵌的 budgetdesk 数据不是 UTF-8 文本（{exc.reason}）") from None
    return None
