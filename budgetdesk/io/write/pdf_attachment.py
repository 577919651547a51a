"""The document itself, embedded in every PDF budgetdesk exports (a PDF file attachment).

A PDF is what a unit keeps of last year's package and what a bureau receives; rebuilding tables
from its text is never exact. So the PDF carries the document's ``.json`` (``store/interchange``) as
an embedded file named ``budgetdesk.json`` — listed in the attachments panel of any PDF reader — and
opening such a PDF reads it back exactly and at once (``read/pdf_attachment``). reportlab has no API
for attachments; these are the plain PDF objects of ISO 32000-1 §7.11.4 (an EmbeddedFile stream, its
file specification, the catalog's EmbeddedFiles name tree).
"""

from __future__ import annotations

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString, PDFZCompress

ATTACHMENT_NAME = "budgetdesk.json"
DESCRIPTION = "budgetdesk 文档数据（用 budgetdesk 打开本 PDF 即可原样读回）"


def embed(document, data: bytes, name: str = ATTACHMENT_NAME, description: str = DESCRIPTION) -> None:
    """Add ``data`` to the reportlab ``PDFDocument`` being saved as the attachment ``name``."""
    stream = PDFStream(PDFDictionary({"Type": PDFName("EmbeddedFile"), "Subtype": "/application#2Fjson",
                                      "Params": PDFDictionary({"Size": len(data)})}),
                       content=data, filters=[PDFZCompress])
    spec = PDFDictionary({"Type": PDFName("Filespec"), "F": PDFString(name), "UF": PDFString(name),
                          "Desc": PDFString(description), "AFRelationship": PDFName("Data"),
                          "EF": PDFDictionary({"F": document.Reference(stream)})})
    document.Catalog.Names = PDFDictionary({"EmbeddedFiles": PDFDictionary(
        {"Names": PDFArray([PDFString(name), document.Reference(spec)])})})
