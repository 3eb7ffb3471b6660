import pytest
from django.core.files.storage import default_storage
from django.utils import translation

from marketplace.core.documents import DocumentRejected, process_document, save_processed_document
from tests.core.imagefiles import image_bytes, jpeg_with_gps_and_orientation, minimal_pdf, upload


@pytest.fixture(autouse=True)
def english():
    # Messages are asserted in English; earlier tests may leave Vietnamese active.
    with translation.override("en"):
        yield


def test_pdf_is_accepted_by_its_content():
    document = process_document(upload(minimal_pdf(), "certificate.pdf", "application/pdf"))
    assert document.kind == "pdf"
    assert document.content_type == "application/pdf"
    assert document.original_name == "certificate.pdf"


def test_pdf_renamed_to_txt_is_still_recognised_as_pdf():
    assert process_document(upload(minimal_pdf(), "notes.txt", "text/plain")).kind == "pdf"


def test_text_renamed_pdf_is_refused():
    with pytest.raises(DocumentRejected) as excinfo:
        process_document(upload(b"Hello, this is not a PDF", "cv.pdf", "application/pdf"))
    assert excinfo.value.code == "invalid_document"
    assert "PDF" in excinfo.value.message


def test_pdf_signature_without_structure_is_refused():
    with pytest.raises(DocumentRejected):
        process_document(upload(b"%PDF-1.7\nnothing else here", "cv.pdf"))


def test_pdf_with_javascript_is_refused():
    data = minimal_pdf().replace(
        b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (x) >>"
    )
    with pytest.raises(DocumentRejected):
        process_document(upload(data, "cv.pdf"))


def test_image_evidence_is_accepted_and_its_metadata_stripped():
    document = process_document(upload(jpeg_with_gps_and_orientation(), "diploma.jpg"))
    assert document.kind == "image"
    assert b"PhoneMaker" not in document.content.read()


def test_gif_evidence_is_refused():
    with pytest.raises(DocumentRejected):
        process_document(upload(image_bytes("GIF"), "scan.gif", "image/gif"))


def test_oversize_document_is_refused():
    with pytest.raises(DocumentRejected) as excinfo:
        process_document(upload(minimal_pdf() + b"%" * 2000, "big.pdf"), max_bytes=1000)
    assert "too large" in excinfo.value.message


def test_display_name_is_cleaned_of_paths():
    document = process_document(upload(minimal_pdf(), "../../etc/passwd.pdf"))
    assert document.original_name == "passwd.pdf"


def test_saved_document_goes_through_storage():
    name = save_processed_document(process_document(upload(minimal_pdf(), "a.pdf")), prefix="tests/docs")
    assert default_storage.exists(name)
    assert name.endswith(".pdf")
