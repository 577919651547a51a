"""Every PDF budgetdesk exports carries its document; opening it reads the document back exactly (issue 24, item 7)."""

from __future__ import annotations

import zlib

import pytest

from budgetdesk.cli import main
from budgetdesk.io.files import OpenError, open_document, save_document
from budgetdesk.io.read.pdf_attachment import MAX_ATTACHMENT_BYTES, embedded_json
from budgetdesk.io.store import interchange
from tests.conftest import SEED_FILES


@pytest.mark.parametrize("seed", sorted(SEED_FILES))
def test_an_exported_pdf_opens_as_exactly_the_document_it_was_made_from(seed, tmp_path):
    doc, _ = open_document(SEED_FILES[seed][0])
    pdf = save_document(doc, tmp_path / f"{seed}.pdf")
    again, report = open_document(pdf)
    assert report is None  # read from the embedded data, not reconstructed from the pages
    assert interchange.dumps(again) == interchange.dumps(doc)


def test_a_pdf_reader_lists_the_attachment_by_its_name(sample_doc, tmp_path):
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(save_document(sample_doc, tmp_path / "p.pdf")))
    try:
        assert pdf.count_attachments() == 1
        attachment = pdf.get_attachment(0)
        assert attachment.get_name() == "budgetdesk.json"
        assert bytes(attachment.get_data()).decode("utf-8") == interchange.dumps(sample_doc)
    finally:
        pdf.close()


def test_check_of_an_exported_pdf_gives_the_same_findings_as_the_document(sample_doc, tmp_path, capsys):
    path = save_document(sample_doc, tmp_path / "p.json")
    assert main(["check", str(path)]) == 0
    expected = capsys.readouterr().out.replace("p.json", "FILE")
    assert main(["convert", str(path), str(tmp_path / "p.pdf")]) == 0
    capsys.readouterr()
    assert main(["check", str(tmp_path / "p.pdf")]) == 0
    assert capsys.readouterr().out.replace("p.pdf", "FILE") == expected


def test_a_compression_bomb_dressed_as_our_attachment_stops_at_the_bound(tmp_path):
    body = zlib.compress(b" " * (MAX_ATTACHMENT_BYTES + 4096), 9)
    pdf = (b"%PDF-1.4\n1 0 obj\n<<\n/Filter [ /FlateDecode ] /Length " + str(len(body)).encode()
           + b" /Subtype /application#2Fjson /Type /EmbeddedFile\n>>\nstream\n" + body + b"\nendstream\nendobj\n%%EOF\n")
    path = tmp_path / "bomb.pdf"
    path.write_bytes(pdf)
    with pytest.raises(OpenError) as info:
        open_document(path)
    assert "bomb.pdf" in str(info.value) and "超过" in str(info.value)


def test_a_pdf_without_our_data_is_named_and_not_guessed(tmp_path):
    path = tmp_path / "other.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n")
    assert embedded_json(path) is None
    with pytest.raises(OpenError) as info:
        open_document(path)
    assert "other.pdf" in str(info.value)
