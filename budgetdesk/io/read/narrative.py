"""The 情况说明 read from files: disclosure texts (.txt) and Word (.docx).

Officers finish the text in Word/WPS, so a .docx is read back paragraph by paragraph (headings by
their style, or by their numbering when the file uses no heading styles). A .docx is an untrusted zip
of XML: its size is bounded and DTDs are refused before python-docx parses it (python-docx's lxml
parser does not resolve entities either).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from budgetdesk.core.narrative.model import Narrative
from budgetdesk.core.narrative.parse import parse_text
from budgetdesk.io.limits import member_with_dtd
from budgetdesk.io.read.disclosure_text import read_text

MAX_DOCX_UNPACKED = 200 * 1024 * 1024
MAX_DOCX_MEMBERS = 5_000  # parts of the package; a Word file with a few charts has about 30
MAX_DOCX_XML = 16 << 20  # one XML part unpacked; the 河北 情况说明 (160 paragraphs) has a document.xml of 60 KB
MAX_DOCX_PARAGRAPHS = 20_000  # <w:p> elements, table cells included, counted before python-docx parses them
MAX_NARRATIVE_BLOCKS = 2_000  # headings and paragraphs read; 河北: 160
MAX_PARAGRAPH_CHARS = 10_000  # one paragraph; real ones have well under 1,000 characters
NARRATIVE_SUFFIXES = (".txt", ".docx")


class NarrativeReadError(ValueError):
    pass


def read_narrative(path: Path | str) -> Narrative:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".txt":
        return bounded(parse_text(read_text(path)), path.name)
    if suffix == ".docx":
        return read_docx(path)
    raise NarrativeReadError(f"{path.name}：情况说明只能从 .txt 或 .docx 读取")


def bounded(narrative: Narrative, name: str) -> Narrative:
    """Refuse a 情况说明 far beyond any real one before it is checked (the checks grow faster than the text)."""
    if len(narrative.blocks) > MAX_NARRATIVE_BLOCKS:
        raise NarrativeReadError(f"{name}：情况说明有 {len(narrative.blocks):,} 段，超过上限 {MAX_NARRATIVE_BLOCKS:,} 段，"
                                 "不像情况说明，未检查")
    for i, block in enumerate(narrative.blocks):
        if len(block.text) > MAX_PARAGRAPH_CHARS:
            raise NarrativeReadError(f"{name}：情况说明第 {i + 1} 段有 {len(block.text):,} 字，超过上限 "
                                     f"{MAX_PARAGRAPH_CHARS:,} 字，不像情况说明，未检查")
    return narrative


def _check_docx(path: Path) -> None:
    if not zipfile.is_zipfile(path):
        raise NarrativeReadError(f"{path.name}：不是 Word 文档（.docx 应为 zip 格式），文件可能已损坏")
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
        if "word/document.xml" not in {i.filename for i in infos}:
            raise NarrativeReadError(f"{path.name}：压缩包中没有 word/document.xml，不是 Word 文档")
        if len(infos) > MAX_DOCX_MEMBERS or sum(i.file_size for i in infos) > MAX_DOCX_UNPACKED:
            raise NarrativeReadError(f"{path.name}：解压后大小异常（{len(infos):,} 个部件，"
                                     f"{sum(i.file_size for i in infos) / (1 << 20):,.0f} MB），拒绝读取")
        big = next((i for i in infos if i.filename.endswith((".xml", ".rels")) and i.file_size > MAX_DOCX_XML), None)
        if big is not None:
            raise NarrativeReadError(f"{path.name}：{big.filename} 解压后 {big.file_size / (1 << 20):,.0f} MB，"
                                     f"超过上限 {MAX_DOCX_XML >> 20} MB，拒绝读取")
        dtd = member_with_dtd(z)
        if dtd:
            raise NarrativeReadError(f"{path.name}：{dtd} 含有 DTD 声明，Word 不会这样保存，拒绝读取")
        xml = z.read("word/document.xml")
        paragraphs = xml.count(b"<w:p>") + xml.count(b"<w:p ")
        if paragraphs > MAX_DOCX_PARAGRAPHS:
            raise NarrativeReadError(f"{path.name}：有 {paragraphs:,} 个段落，超过上限 {MAX_DOCX_PARAGRAPHS:,}，"
                                     "不像情况说明，拒绝读取")


def read_docx(path: Path | str) -> Narrative:
    path = Path(path)
    _check_docx(path)
    import docx  # python-docx: only when a Word file is read

    try:
        document = docx.Document(str(path))
        names = {s.style_id: s.name or "" for s in document.styles}  # once: p.style searches all styles per paragraph
        lines = []
        for p in document.paragraphs:
            text = p.text.strip()
            if not text:
                continue
            style = names.get(p._p.style, "") if p._p.style else ""
            if style == "Title":  # the document's name (write_docx puts it there), not a section heading
                continue
            lines.append(f"# {text}" if style.startswith(("Heading", "标题")) else text)
    except Exception as exc:  # python-docx raises many kinds for a damaged package
        raise NarrativeReadError(f"{path.name}：无法读取 Word 文档（{type(exc).__name__}: {str(exc)[:120]}）") from exc
    narrative = bounded(parse_text("\n".join(lines)), path.name)
    if not narrative:
        raise NarrativeReadError(f"{path.name}：Word 文档中没有文字，没有可检查的情况说明")
    return narrative
