"""Damaged and hostile Word files for the 情况说明 reader (``budgetdesk check 情况说明.docx``).

Made from real .docx files the app writes from the seed disclosures' 情况说明 (with their charts):
bytes flipped or cut in the file and in ``word/document.xml``, DTDs and entity bombs (also behind a
long comment, in other parts, as UTF-16), a huge paragraph count, one enormous paragraph, deep nesting,
a zip-bomb member, a wrong content type, an .xlsx renamed .docx, hostile amounts in the text.
Cases that must be refused say so (``must_refuse``); hostile amounts in a sound file must be read.
"""

from __future__ import annotations

import io
import random
import re
import zipfile

from tests.fuzz import mutators as mu

DOCUMENT = "word/document.xml"
BOMB = (b'<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
        b'<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>')
XXE = b'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'


def _paragraph(text: str) -> bytes:
    return b"<w:p><w:r><w:t>" + text.encode("utf-8") + b"</w:t></w:r></w:p>"


def _with_body(xml: bytes, body: bytes) -> bytes:
    start = xml.index(b"<w:body>") + len(b"<w:body>")
    return xml[:start] + body + xml[start:]


def _prolog_dtd(xml: bytes, rng: random.Random) -> bytes:
    dtd = rng.choice([BOMB, XXE, b"<!DOCTYPE w:document>"])
    at = xml.index(b"<w:document")
    pad = rng.choice([b"", b"<!--" + b" " * rng.choice([5000, 70_000]) + b"-->", b"\n" * 5000,
                      b"<?pi " + b"x" * 9000 + b"?>"])
    return xml[:at] + pad + dtd + xml[at:]


def _entity_use(xml: bytes) -> bytes:
    return _with_body(xml, b"<w:p><w:r><w:t>&f;</w:t></w:r></w:p>")


def _with_big_member(members: dict[str, bytes], name: str, head: bytes, size: int, tail: bytes) -> bytes:
    """The package with member ``name`` = head + ``size`` blanks + tail, streamed (never ``size`` bytes in memory)."""
    buf = io.BytesIO()
    chunk = b" " * (1 << 20)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for member, content in members.items():
            if member != name:
                z.writestr(member, content)
        with z.open(name, "w", force_zip64=True) as out:
            out.write(head)
            for _ in range(size >> 20):
                out.write(chunk)
            out.write(tail)
    return buf.getvalue()


def make_docx_case(data: bytes, rng: random.Random, xlsx: bytes) -> mu.Case:
    """One case from the seed Word file ``data`` (``xlsx``: a workbook to pass off as a Word file)."""
    op = rng.randrange(12)
    if op == 0:
        return mu.Case("flip", ".docx", mu.flip_bytes(data, rng))
    if op == 1:
        return mu.Case("cut", ".docx", mu.cut(data, rng))
    members = mu.read_zip(data)
    xml = members[DOCUMENT]
    if op in (2, 3, 4):
        change = (mu.xml_flip, mu.xml_cut, mu.xml_garbage)[op - 2]
        members[DOCUMENT] = change(xml, rng)
        return mu.Case(("xml-flip", "xml-cut", "xml-garbage")[op - 2], ".docx", mu.write_zip(members))
    if op == 5:  # a DTD: refused wherever it hides
        where = rng.choice([DOCUMENT, DOCUMENT, "word/styles.xml", "[Content_Types].xml", "word/_rels/document.xml.rels"])
        target = members[where]
        if where == DOCUMENT:
            target = _prolog_dtd(_entity_use(target) if rng.random() < 0.5 else target, rng)
        else:
            root = re.search(rb"<[A-Za-z]", target[5:]).start() + 5
            target = target[:root] + rng.choice([BOMB, XXE]) + target[root:]
        if rng.random() < 0.2:  # the same in UTF-16, which a byte search for "<!DOCTYPE" misses
            target = target.replace(b"encoding='UTF-8'", b"encoding='UTF-16'").replace(
                b'encoding="UTF-8"', b'encoding="UTF-16"').decode("utf-8").encode("utf-16")
        members[where] = target
        return mu.Case(f"dtd-{where.rsplit('/', 1)[-1]}", ".docx", mu.write_zip(members), notes={"must_refuse": True})
    if op == 6:  # very many paragraphs (compressed to little)
        n = rng.choice([2_000, 20_000, 100_000, 400_000])
        members[DOCUMENT] = _with_body(xml, _paragraph("本单位2024年收入预算1,234.56万元。") * n)
        return mu.Case(f"paragraphs-{n}", ".docx", mu.write_zip(members))
    if op == 7:  # one enormous paragraph, or very deep nesting
        if rng.random() < 0.5:
            size = rng.choice([100_000, 1_000_000, 5_000_000])
            members[DOCUMENT] = _with_body(xml, _paragraph("收入预算1,234.56万元，比上年增长12.5%。" * (size // 24)))
            return mu.Case(f"long-paragraph-{size}", ".docx", mu.write_zip(members))
        depth = rng.choice([300, 5_000, 100_000])
        members[DOCUMENT] = _with_body(xml, b"<w:p>" + b"<w:r>" * depth + b"</w:r>" * depth + b"</w:p>")
        return mu.Case(f"deep-{depth}", ".docx", mu.write_zip(members))
    if op == 8:  # a zip bomb: a member that unpacks to far more than any Word file holds
        if rng.random() < 0.5:
            size = rng.choice([210, 300]) << 20
            return mu.Case(f"zip-bomb-image-{size >> 20}MB", ".docx", _with_big_member(members, "word/media/image9.png", b"",
                           size, b""), notes={"must_refuse": True})
        size = rng.choice([40, 100]) << 20  # an XML part far larger than any real document.xml
        body = xml.index(b"<w:body>")
        return mu.Case(f"zip-bomb-xml-{size >> 20}MB", ".docx", _with_big_member(members, DOCUMENT, xml[:body], size,
                       xml[body:]), notes={"must_refuse": True})
    if op == 9:  # the package says the main part is not a Word document, or says nothing
        types = members["[Content_Types].xml"]
        if rng.random() < 0.5:
            types = types.replace(b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                                  rng.choice([b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                                              b"text/plain", b"application/vnd.ms-word.document.macroEnabled.main+xml"]))
            members["[Content_Types].xml"] = types
        else:
            del members["[Content_Types].xml"]
        return mu.Case("content-type", ".docx", mu.write_zip(members), notes={"must_refuse": True})
    if op == 10:  # a workbook renamed .docx, or an empty zip
        return mu.Case("really-xlsx", ".docx", xlsx if rng.random() < 0.8 else mu.write_zip({}),
                       notes={"must_refuse": True})
    # hostile amounts in the text of a sound file: read, and checked without a crash
    numbers = [(t.start(1) + m.start(), t.start(1) + m.end())  # in the text only, not in attributes
               for t in re.finditer(rb"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml) for m in re.finditer(rb"\d[\d,]*\.\d+", t.group(1))]
    for start, end in sorted(rng.sample(numbers, min(len(numbers), rng.randint(1, 5))), reverse=True):
        value = rng.choice(mu.HOSTILE_TEXT_AMOUNTS + ["9" * 27, "1e26", "-0", "0.000000000001"]).encode()
        xml = xml[:start] + value + xml[end:]
    members[DOCUMENT] = xml
    return mu.Case("amounts", ".docx", mu.write_zip(members), notes={"must_read": True})
