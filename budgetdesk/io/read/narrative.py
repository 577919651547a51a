"""The 情况说明 read from files: disclosure texts (.txt) and Word (.docx).

Officers finish the text in Word/WPS, so a .docx is read back paragraph by paragraph (headings by
their style, or by their numbering when the file uses no heading styles). A .docx is an untrusted zip
of XML: its size is bounded and DTDs are refused before python-docx parses it (python-docx's lxml
parser does not resolve entities either).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from budgetdesk.core.narrative.model import Narrative
from budgetdesk.core.narrative.parse import parse_text
from budgetdesk.io.limits import member_with_dtd, narrative_too_large
from budgetdesk.io.read.disclosure_text import read_text

MAX_DOCX_UNPACKED = 200 * 1024 * 1024
MAX_DOCX_MEMBERS = 5_000  # parts of the package; a Word file with a few charts has about 30
MAX_DOCX_XML = 16 << 20  # one XML part unpacked; the 河北 情况说明 (160 paragraphs) has a document.xml of 60 KB
MAX_DOCX_PARAGRAPHS = 20_000  # <w:p> elements, table cells included, counted before python-docx parses them
# the 情况说明's own limits (blocks, paragraph, whole text) are in io/limits: the writers and the text reader check them too
NARRATIVE_SUFFIXES = (".txt", ".docx", ".pdf")


class NarrativeReadError(ValueError):
    pass


def read_narrative(path: Path | str) -> Narrative:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".txt":
        return bounded(parse_text(read_text(path)), path.name)
    if suffix == ".docx":
        return read_docx(path)
    if suffix == ".pdf":  # the 文字 part of a package published as two files
        from budgetdesk.io.read.pdf import narrative_text

        return bounded(parse_text(narrative_text(path)), path.name)
    raise NarrativeReadError(f"{path.name}：情况说明只能从 .txt、.docx 或 .pdf 读取")


def take_narrative(doc, path: Path) -> Narrative:
    """The 情况说明 of ``path`` (PDF, Word or text) made ``doc``'s own, replacing any it had: a package published as
    two files (北京's “文字” and “表格”) is checked as one. The year the tables leave open is the text's.
    Raises NarrativeReadError (naming the file) when it cannot be read or holds no 情况说明."""
    from dataclasses import replace

    from budgetdesk.core.narrative.extract import extract
    from budgetdesk.core.narrative.year import document_year
    from budgetdesk.io.limits import ReadError, read_boundary
    from budgetdesk.resources import narrative_vocabulary

    path = Path(path)
    if path.suffix.lower() not in NARRATIVE_SUFFIXES or not path.is_file():
        raise NarrativeReadError(f"{path.name}：不是可读的情况说明文件（可读 {'、'.join(NARRATIVE_SUFFIXES)}）")
    try:
        with read_boundary(path, passthrough=(NarrativeReadError,)):
            narrative = read_narrative(path)
    except NarrativeReadError:
        raise
    except (ReadError, OSError, ValueError) as exc:
        raise NarrativeReadError(str(exc) if path.name in str(exc) else f"{path.name}：{exc}") from exc
    claims = extract(narrative, narrative_vocabulary(0)) if narrative else None
    if claims is None or not any(c.kind == "amount" for c in claims.claims):
        # (the checks of a text without a single amount find nothing to check: that would read as 通过)
        raise NarrativeReadError(f"{path.name}：没有读到情况说明——文字中没有一个金额，不像情况说明（是不是选错了文件？）")
    doc.set_narrative(narrative)
    if not doc.meta.year:
        year = document_year(narrative, claims)
        if year:
            doc.set_meta(replace(doc.meta, year=year))
    return narrative


def bounded(narrative: Narrative, name: str) -> Narrative:
    """Refuse a 情况说明 far beyond any real one before it is checked (checking 1,000,000 characters takes seconds)."""
    too_large = narrative_too_large(narrative)
    if too_large:
        raise NarrativeReadError(f"{name}：{too_large}，不像情况说明，未检查")
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
        for p, in_table in displayed_paragraphs(document.element.body):
            text = paragraph_text(p)
            if isinstance(text, list):  # a table row: prose cells as lines, the rest a tab-separated table row
                lines.extend(text)
                continue
            text = text.strip()
            if not text:
                continue
            style_id = _style_of(p)
            style = names.get(style_id, "") if style_id else ""
            if style == "Title":  # the document's name (write_docx puts it there), not a section heading
                continue
            lines.append(f"# {text}" if style.startswith(("Heading", "标题")) and not in_table else text)
    except Exception as exc:  # python-docx raises many kinds for a damaged package
        raise NarrativeReadError(f"{path.name}：无法读取 Word 文档（{type(exc).__name__}: {str(exc)[:120]}）") from exc
    narrative = bounded(parse_text("\n".join(lines), join_lines=False), path.name)  # Word paragraphs are paragraphs
    if not narrative:
        raise NarrativeReadError(f"{path.name}：Word 文档中没有文字，没有可检查的情况说明")
    return narrative


# -- what Word displays ---------------------------------------------------------------------------------------
# python-docx's ``document.paragraphs`` and ``paragraph.text`` see only paragraphs directly in the body and runs
# directly in a paragraph: a sentence in a table cell, a tracked insertion (w:ins), a content control (w:sdt), a
# smart tag, a simple field's result (w:fldSimple), a hyperlink's text were skipped, so a wrong figure there
# passed. The body is walked here as Word lays it out; deleted text (w:del, w:moveFrom), field instructions,
# hidden runs (w:vanish) and the fallback copy of alternate content are what Word does not show, and are skipped.
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_NOT_SHOWN = {W + "del", W + "moveFrom", W + "instrText", W + "delText", W + "delInstrText", MC + "Fallback",
              W + "drawing", W + "pict", W + "object", W + "footnoteReference", W + "endnoteReference",
              W + "commentReference", W + "fldData"}
_CONTAINERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag", MC + "AlternateContent", MC + "Choice",
               W + "ins", W + "moveTo"}
_PROSE = re.compile(r"[。；！？]")


def _is_properties(tag: str) -> bool:
    return tag.endswith("Pr")  # pPr, rPr, sdtPr, sdtEndPr, smartTagPr, customXmlPr, tblPr, trPr, tcPr …


def displayed_paragraphs(body):
    """(paragraph or table row element, in a table) in the order Word shows them: paragraphs of the body, of
    content controls and custom XML around them, and each row of a table (nested tables after their row)."""
    stack = [(child, False) for child in reversed(list(body))]
    while stack:
        el, in_table = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == W + "p":
            yield el, in_table
        elif tag == W + "tbl":
            stack.extend((row, True) for row in reversed(el.findall(W + "tr")))
        elif tag == W + "tr":
            yield el, True
            nested = [t for cell in el.findall(W + "tc") for t in cell.iter(W + "tbl")]
            stack.extend((t, True) for t in reversed(nested) if t.getparent().tag == W + "tc")
        elif tag in _CONTAINERS and not _is_properties(tag):
            stack.extend((child, in_table) for child in reversed(list(el)))


def _cell_paragraphs(cell):
    """A cell's own paragraphs (in content controls too), not those of a table nested in it (read as its rows)."""
    stack = list(reversed(list(cell)))
    while stack:
        el = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == W + "p":
            yield el
        elif tag in _CONTAINERS and not _is_properties(tag):
            stack.extend(reversed(list(el)))


def _hidden(run) -> bool:
    props = run.find(W + "rPr")
    vanish = props.find(W + "vanish") if props is not None else None
    return vanish is not None and vanish.get(W + "val", "true") not in ("0", "false", "off")


def paragraph_text(el) -> str | list[str]:
    """The text Word displays for a paragraph; for a table row, its cells: a cell that reads as prose (a sentence
    mark, or longer than a label) is a line of its own, the other cells one tab-separated table row."""
    if el.tag == W + "tr":
        prose, cells = [], []
        for cell in el.findall(W + "tc"):
            texts = [t for t in (paragraph_text(p).strip() for p in _cell_paragraphs(cell)) if t]
            joined = "".join(texts)
            if _PROSE.search(joined) or len(joined) > 40:
                prose.extend(texts)
            elif joined:
                cells.append(joined)
        return prose + (["\t".join(cells)] if len(cells) > 1 else cells)
    out: list[str] = []
    stack = list(reversed(list(el)))
    while stack:
        node = stack.pop()
        tag = node.tag if isinstance(node.tag, str) else ""
        if not tag or tag in _NOT_SHOWN or _is_properties(tag) or tag == W + "tbl":
            continue
        if tag == W + "r" and _hidden(node):
            continue
        if tag == W + "t":
            out.append(node.text or "")
        elif tag in (W + "tab", W + "ptab"):
            out.append(" ")
        elif tag in (W + "br", W + "cr"):  # a line break inside the paragraph: the paragraph goes on
            out.append(" ")
        elif tag == W + "noBreakHyphen":
            out.append("-")
        else:  # runs, insertions, hyperlinks, smart tags, simple fields, content controls, custom XML …
            stack.extend(reversed(list(node)))
    return "".join(out)


def _style_of(p) -> str:
    props = p.find(W + "pPr")
    style = props.find(W + "pStyle") if props is not None else None
    return style.get(W + "val", "") if style is not None else ""
