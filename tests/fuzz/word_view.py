"""What Word displays, hidden in the places a paragraph-by-paragraph reader misses (issue 29): a sentence with a
wrong growth rate (10.00 of 100.00 is 10 %, written 50 %) in a table cell, a tracked insertion, a content control,
a smart tag, a simple field, a hyperlink, split across such wrappers, or with an invisible format character inside
the figure — each must be found; the same wrong figure deleted (w:del) or hidden (w:vanish) next to the right one
must not be. Used by the tests and by the ``wordview`` fuzz family."""

from __future__ import annotations

import random

RIGHT = "收入预算110.00万元，比2023年增加10.00万元，增长10.00%。"
WRONG = "收入预算110.00万元，比2023年增加10.00万元，增长50.00%。"
HEAD, TAIL = "收入预算110.00万元，比2023年增加10.00万元，增长", "%。"


def _r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def _p(inner: str) -> str:
    return f"<w:p>{inner}</w:p>"


# name → (body XML, whether the wrong figure is displayed)
SHAPES = {
    "table cell": (f"<w:tbl><w:tr><w:tc>{_p(_r(WRONG))}</w:tc><w:tc>{_p(_r('备注'))}</w:tc></w:tr></w:tbl>", True),
    "nested table": (f"<w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc>{_p(_r(WRONG))}</w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>", True),
    "tracked insertion": (_p(f'<w:ins w:id="1" w:author="a">{_r(WRONG)}</w:ins>'), True),
    "insertion inside the figure": (_p(_r(HEAD) + f'<w:ins w:id="2" w:author="a">{_r("50")}</w:ins>' + _r(".00" + TAIL)), True),
    "block content control": (f"<w:sdt><w:sdtPr><w:alias w:val='x'/></w:sdtPr><w:sdtContent>{_p(_r(WRONG))}</w:sdtContent></w:sdt>", True),
    "inline content control": (_p(f"<w:sdt><w:sdtPr/><w:sdtContent>{_r(WRONG)}</w:sdtContent></w:sdt>"), True),
    "smart tag": (_p(f'<w:smartTag w:uri="urn:x" w:element="num">{_r(WRONG)}</w:smartTag>'), True),
    "simple field": (_p(f'<w:fldSimple w:instr=" QUOTE 1 ">{_r(WRONG)}</w:fldSimple>'), True),
    "hyperlink": (_p(f'<w:hyperlink w:anchor="a">{_r(WRONG)}</w:hyperlink>'), True),
    "custom XML": (f'<w:customXml w:element="x">{_p(_r(WRONG))}</w:customXml>', True),
    "RTL override in the figure": (_p(_r(HEAD + "5\u202e0.00" + TAIL)), True),
    "zero-width space in the figure": (_p(_r(HEAD + "5\u200b0.00" + TAIL)), True),
    "word joiner and BOM in the figure": (_p(_r(HEAD + "5\u20600.0\ufeff0" + TAIL)), True),
    "deleted wrong figure": (_p(_r(HEAD) + f'<w:del w:id="3" w:author="a"><w:r><w:delText>50.00</w:delText></w:r></w:del>'
                                + _r("10.00" + TAIL)), False),
    "hidden wrong figure": (_p(_r(HEAD) + '<w:r><w:rPr><w:vanish/></w:rPr><w:t>5</w:t></w:r>' + _r("10.00" + TAIL)), False),
    "field instruction": (_p(_r(HEAD) + '<w:r><w:instrText> 50.00% </w:instrText></w:r>' + _r("10.00" + TAIL)), False),
}


def with_shape(document_xml: bytes, name: str) -> bytes:
    body, _ = SHAPES[name]
    start = document_xml.index(b"<w:body>") + len(b"<w:body>")
    return document_xml[:start] + _p(_r("一、收入预算情况")).encode() + body.encode("utf-8") + document_xml[start:]


def pick(rng: random.Random) -> str:
    return rng.choice(sorted(SHAPES))
