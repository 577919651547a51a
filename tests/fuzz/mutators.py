"""Mutations of real files, as an attacker or an unlucky user would make them; deterministic from a seed.

Each mutator takes the seed's bytes and a ``random.Random`` and returns a ``Case``: the damaged file,
and — when it planted a hostile value in a cell whose figure the clean file places — that location or
text, which the import must then report (never place silently).
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from dataclasses import dataclass, field

HOSTILE_NUMBERS = [b"1e308", b"1E+400", b"1e26", b"-1e26", b"123456789012345678901234567", b"1.0000000000000002e15",
                   b"99999999999999.99", b"0.1234567", b"inf", b"NaN", b"-Infinity"]
BENIGN_NUMBERS = [b"0.30000000000000004", b"-0", b"12.5", b"0"]  # float noise and zeros: read as shown, no warning
HOSTILE_TEXT_AMOUNTS = ["1e308", "1E+400", "inf", "NaN", "-inf", "123456789012345678901234567", "1,23,456.00",
                        "12.3.4", "0x1F", "１２３４５６７８９０１２３４５６", "12%", "TRUE", "#DIV/0!", "2024-01-01"]
HOSTILE_STRINGS = ["=1+1", "+SUM(A1:A9)", "-2+3", "@cmd", "=HYPERLINK(\"http://x\",\"y\")", "'单位", "单位[1]:*?/\\",
                   "\x00\x01\x1f控制", "\ufffe\uffff", "孤立\ud800代理", "\udfff", "𠮷𪚥", "😀👍", "a" * 40_000,
                   "科目" * 500, "<b>&amp;</b>", "\u202e反向", "\t\n\r", "﻿BOM", "='a'!A1"]


@dataclass
class Case:
    name: str
    suffix: str
    data: bytes
    refused: tuple[str, ...] = ()  # locations ("Sheet!C7") that must be listed as not placed
    refused_text: tuple[str, ...] = ()  # texts that must appear among the not-placed values (text files)
    notes: dict = field(default_factory=dict)


# -- raw bytes ---------------------------------------------------------------------------------------------
def flip_bytes(data: bytes, rng: random.Random, n: int | None = None) -> bytes:
    out = bytearray(data)
    for _ in range(n or rng.randint(1, 20)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def cut(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, len(data))]


def splice(data: bytes, rng: random.Random) -> bytes:
    a, b = sorted(rng.randrange(len(data)) for _ in range(2))
    return data[:a] + data[b:] + data[a:b]


# -- inside an xlsx ----------------------------------------------------------------------------------------
def read_zip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def write_zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in members.items():
            z.writestr(name, content)
    return buf.getvalue()


def sheet_members(members: dict[str, bytes]) -> list[str]:
    return sorted((n for n in members if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)),
                  key=lambda n: int(re.search(r"\d+", n.rsplit("/", 1)[1]).group()))


def _cell_pattern(cell: str) -> re.Pattern:
    return re.compile(rb'<c r="' + cell.encode() + rb'"([^>]*?)(?:/>|>(.*?)</c>)', re.S)


def set_cell_xml(xml: bytes, cell: str, attrs: bytes, inner: bytes) -> bytes:
    """Replace cell ``cell`` (which must exist) by ``<c r=… attrs>inner</c>``."""
    return _cell_pattern(cell).sub(lambda m: b'<c r="' + cell.encode() + b'"' + attrs + b">" + inner + b"</c>", xml,
                                   count=1)


def in_sheet_xml(data: bytes, rng: random.Random, change) -> bytes:
    members = read_zip(data)
    name = rng.choice(sheet_members(members))
    members[name] = change(members[name], rng)
    return write_zip(members)


def xml_flip(xml: bytes, rng: random.Random) -> bytes:
    return flip_bytes(xml, rng, rng.randint(1, 6))


def xml_cut(xml: bytes, rng: random.Random) -> bytes:
    return cut(xml, rng)


def xml_garbage(xml: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(xml))
    junk = rng.choice([b"<", b"&", b"<c r=\"ZZZZ9\">", b"<row r=\"0\">", b"<row r=\"-5\"/>", b"\x00",
                       b'<c r="A1" t="s"><v>99999</v></c>', b'<c r="A1" t="n"><v>abc</v></c>', b"<!DOCTYPE x>",
                       b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', b"&lol;"])
    return xml[:at] + junk + xml[at:]


def huge_dimension(xml: bytes, rng: random.Random) -> bytes:
    ref = rng.choice([b"A1:XFD20000", b"A1:XFD1048576", b"A1:ZZ999999", b"A1:A1", b"B2:A1", b"XFD1048576"])
    return re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="' + ref + b'"/>', xml)


def far_row(xml: bytes, rng: random.Random) -> bytes:
    r = rng.choice([b"20001", b"1048576", b"99999"])
    return xml.replace(b"</sheetData>", b'<row r="' + r + b'"><c r="A' + r + b'" t="n"><v>1</v></c></row></sheetData>')


def hostile_cell(data: bytes, rng: random.Random, placed: tuple[str, ...], sheets: list[str]) -> Case:
    """A placed amount replaced by a hostile number or a typed value (date, boolean, error)."""
    members = read_zip(data)
    location = rng.choice(placed)
    sheet, cell = location.rsplit("!", 1)
    member = sheet_members(members)[sheets.index(sheet)]
    choice = rng.randrange(5)
    refused: tuple[str, ...] = (location,)
    if choice == 0:
        value = rng.choice(HOSTILE_NUMBERS)
        attrs, inner = b' t="n"', b"<v>" + value + b"</v>"
    elif choice == 1:
        attrs, inner = b' t="b"', b"<v>" + rng.choice([b"1", b"0"]) + b"</v>"
    elif choice == 2:
        attrs, inner = b' t="e"', b"<v>" + rng.choice([b"#DIV/0!", b"#N/A", b"#REF!", b"#VALUE!"]) + b"</v>"
    elif choice == 3:
        attrs, inner = b' t="d"', b"<v>2024-01-01T00:00:00</v>"
    else:  # a formula with Excel's float noise: read as shown, accepted
        attrs, inner = b' t="n"', b"<f>A1+B1</f><v>" + rng.choice(BENIGN_NUMBERS) + b"</v>"
        refused = ()
    members[member] = set_cell_xml(members[member], cell, attrs, inner)
    return Case(f"cell-{choice}", ".xlsx", write_zip(members), refused=refused, notes={"inner": inner.decode()})


def crafted_meta(data: bytes, rng: random.Random) -> bytes:
    """The hidden budgetdesk sheet with hostile values: unknown template, broken JSON, absurd prior figures."""
    members = read_zip(data)
    name = sheet_members(members)[-1]
    xml = members[name].decode("utf-8")
    payload = rng.choice([
        "nonexistent-template", "{", "[[[[[[[[[[", '[["income","total","total","1E+400"]]',
        '[["income","total","total","NaN"]]', '[["nope","x","y","1"]]', '[1,2,3]', '{"a": 1}', "null",
        '{"": "=1+1"}', '[["income","total","total",1e999]]', "x" * 100_000])
    key = rng.choice(["template_set", "notes", "explanations", "prior", "year", "format_version"])
    xml = re.sub(r"(<t>" + key + r"</t>.*?<t[^>]*>)(.*?)(</t>)",
                 lambda m: m.group(1) + payload.replace("&", "&amp;").replace("<", "&lt;") + m.group(3), xml,
                 count=1, flags=re.S)
    members[name] = xml.encode("utf-8")
    return write_zip(members)


# -- text disclosures -------------------------------------------------------------------------------------------
def text_hostile_cell(text: str, location: str, rng: random.Random) -> tuple[str, str]:
    """The cell at ``第N行第k格`` (or the line ``第N行``) replaced by a hostile amount; the new text and value."""
    m = re.fullmatch(r"第(\d+)行(?:第(\d+)格)?", location)
    lines = text.split("\n")
    n = int(m.group(1)) - 1
    value = rng.choice(HOSTILE_TEXT_AMOUNTS)
    if m.group(2):
        cells = lines[n].split("\t")
        k = int(m.group(2)) - 1
        cells[k] = value + ("\r" if cells[k].endswith("\r") else "")
        lines[n] = "\t".join(cells)
    else:
        lines[n] = "\t" + value + ("\r" if lines[n].endswith("\r") else "")
    return "\n".join(lines), value


def text_lines(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    op = rng.randrange(6)
    i = rng.randrange(len(lines))
    if op == 0:
        del lines[i: i + rng.randint(1, 30)]
    elif op == 1:
        lines[i:i] = lines[i: i + rng.randint(1, 30)]
    elif op == 2:
        lines[i] = lines[i].replace("\t", "", rng.randint(1, 3))
    elif op == 3:
        lines[i] = "\t".join([lines[i]] * rng.randint(2, 50))
    elif op == 4:
        lines[i] = rng.choice(HOSTILE_STRINGS) + lines[i]
    else:
        rng.shuffle(lines)
    return "\n".join(lines)


def text_bomb(rng: random.Random) -> bytes:
    kind = rng.randrange(7)
    if kind == 4:
        return "\n".join(["支出总表"] * 60_000).encode()
    if kind == 5:
        return ("收入总表\n" + "\n".join("\t".join(["1.00"] * 390) for _ in range(250))).encode()
    if kind == 6:
        return ("收入总表\n科目编码\t科目名称\t合计\n" + "\n".join(f"2080101\t行政运行\t{i}.00" for i in range(30_000))).encode()
    if kind == 0:
        return b"\t" * 2_000_000
    if kind == 1:
        return ("收入总表\n" + "\n".join("\t".join(["1.00"] * 400) for _ in range(1_500))).encode()
    if kind == 2:
        return b"x" * 7_000_000
    return "\n".join(["支出总表"] * 200_000).encode()


# -- JSON and .bdesk ------------------------------------------------------------------------------------------------
def json_values(text: str, rng: random.Random) -> str:
    op = rng.randrange(5)
    if op == 0:
        return re.sub(r'"value": "[^"]*"', lambda m: f'"value": "{rng.choice(HOSTILE_TEXT_AMOUNTS)}"', text, count=1)
    if op == 1:
        return re.sub(r'"value": "[^"]*"', '"value": 1e999', text, count=1)
    if op == 2:
        return re.sub(r'"(unit_name|label)": "[^"]*"', lambda m: f'"{m.group(1)}": {rng.choice(["null", "[]", "{}", "7"])}',
                      text, count=1)
    if op == 3:
        return re.sub(r'"(rows|cells|tables|prior)": \[', lambda m: f'"{m.group(1)}": "x", "_": [', text, count=1)
    return re.sub(r'"year": \d+', '"year": ' + rng.choice(['"abc"', "-1", "99999999999999999999", "null", "1.5"]), text)


# -- PDF: a script run on opening, a file attached, a page count that lies, a form, text taken out -------------

def _catalog_insert(data: bytes, extra: bytes) -> bytes:
    at = data.find(b"/Type /Catalog")
    if at < 0:
        at = data.find(b"/Type/Catalog")
    if at < 0:
        return data + b"\n% no catalog found\n"
    end = data.find(b"/Catalog", at) + len(b"/Catalog")
    return data[:end] + b" " + extra + data[end:]  # offsets now wrong: PDFium rebuilds the cross-reference table


def pdf_javascript(data: bytes) -> bytes:
    """Open action and a document-level script (must never run: the reader is inert)."""
    return _catalog_insert(data, b"/OpenAction << /S /JavaScript /JS (app.alert('x'); while(true){}) >> "
                                 b"/Names << /JavaScript << /Names [(a) << /S /JavaScript /JS (this.exportDataObject();) >>] >> >>")


def pdf_attachment(data: bytes) -> bytes:
    return _catalog_insert(data, b"/Names << /EmbeddedFiles << /Names [(x.exe) << /Type /Filespec /F (x.exe) "
                                 b"/EF << /F << /Length 4 >> >> >>] >> >>")


def pdf_page_count(data: bytes, rng: random.Random) -> bytes:
    """The page tree claims far more pages than there are."""
    import re as _re

    return _re.sub(rb"/Count \d+", b"/Count " + str(rng.choice([0, 10**6, 2**31 - 1, -5])).encode(), data, count=1)


def pdf_form(data: bytes) -> bytes:
    return _catalog_insert(data, b"/AcroForm << /Fields [] /NeedAppearances true /XFA (<xdp/>) >>")


def pdf_without_text(data: bytes) -> bytes:
    """Every text operator renamed away: pages without text (a scan-like file)."""
    return data.replace(b" Tj", b" n ").replace(b" TJ", b" n ")
