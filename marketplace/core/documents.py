"""Evidence document intake: PDF files or pictures (JPEG, PNG, WebP), judged by content, size-limited.

A PDF is recognised by its `%PDF-` signature plus a structural sanity check (a version, at least one
object, a trailer/xref and an end-of-file marker); PDFs with active content (JavaScript, launch actions,
embedded files) are refused because officers open them. Pictures go through `images.process_image`, so
their metadata (EXIF GPS) is stripped. Stored names are content hashes; the user's file name is kept
separately (cleaned) for display only.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from .errors import DomainError
from .images import ImageRejected, process_image

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

_PDF_VERSION = re.compile(rb"^%PDF-[12]\.\d")
_PDF_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")
_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA)\b")


class DocumentRejected(DomainError):
    code = "invalid_document"
    status = 400
    default_message = _("The document was refused.")


@dataclass
class ProcessedDocument:
    kind: str  # "pdf" or "image"
    content_type: str
    content: ContentFile
    size: int
    digest: str
    original_name: str


def _clean_display_name(name: str) -> str:
    name = os.path.basename(name or "").strip()
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '\\/:*?"<>|')
    return name[:150] or "document"


def _read_limited(uploaded_file: Any, max_bytes: int) -> bytes:
    size = getattr(uploaded_file, "size", None)
    too_large = DocumentRejected(
        _("The document is too large: the limit is %(limit)s MB.")
        % {"limit": f"{max_bytes / (1024 * 1024):g}"}
    )
    if size is not None and size > max_bytes:
        raise too_large
    if hasattr(uploaded_file, "seek"):
        with contextlib.suppress(OSError, ValueError):
            uploaded_file.seek(0)
    data = uploaded_file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_large
    if not data:
        raise DocumentRejected(_("The document is empty."))
    return data


def _check_pdf(data: bytes) -> None:
    if not _PDF_VERSION.match(data):
        raise DocumentRejected(_("This PDF is damaged or not really a PDF."))
    tail = data[-2048:]
    if b"%%EOF" not in tail or not (b"startxref" in data or b"trailer" in data):
        raise DocumentRejected(_("This PDF is damaged or incomplete."))
    if not _PDF_OBJECT.search(data):
        raise DocumentRejected(_("This PDF is damaged or not really a PDF."))
    if _PDF_ACTIVE.search(data):
        raise DocumentRejected(
            _(
                "PDFs with scripts, launch actions or embedded files are not accepted. Print it to a plain PDF."
            )
        )


def process_document(uploaded_file: Any, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ProcessedDocument:
    """Check an uploaded evidence document; raise DocumentRejected with a clear message."""
    data = _read_limited(uploaded_file, max_bytes)
    original_name = _clean_display_name(getattr(uploaded_file, "name", "") or "")
    if data.startswith(b"%PDF-"):
        _check_pdf(data)
        digest = hashlib.sha256(data).hexdigest()[:24]
        return ProcessedDocument(
            kind="pdf",
            content_type="application/pdf",
            content=ContentFile(data, name=f"{digest}.pdf"),
            size=len(data),
            digest=digest,
            original_name=original_name,
        )
    try:
        image = process_image(data, max_bytes=max_bytes, thumb_sizes=())
    except ImageRejected as exc:
        if exc.reason in {"unreadable", "format"}:
            raise DocumentRejected(
                _("Only PDF documents and JPEG, PNG or WebP pictures are accepted.")
            ) from exc
        raise DocumentRejected(exc.message) from exc
    content = image.original
    return ProcessedDocument(
        kind="image",
        content_type=image.content_type,
        content=content,
        size=content.size,
        digest=image.digest,
        original_name=original_name,
    )


def save_processed_document(
    processed: ProcessedDocument, *, storage: Storage = default_storage, prefix: str
) -> str:
    return storage.save(f"{prefix.strip('/')}/{processed.content.name}", processed.content)


@deconstructible
class DocumentFileValidator:
    def __init__(self, *, max_bytes: int = DEFAULT_MAX_BYTES):
        self.max_bytes = max_bytes

    def __call__(self, uploaded_file: Any) -> None:
        try:
            process_document(uploaded_file, max_bytes=self.max_bytes)
        except DocumentRejected as exc:
            raise ValidationError(exc.message, code=exc.code) from exc
        finally:
            if hasattr(uploaded_file, "seek"):
                with contextlib.suppress(OSError, ValueError):
                    uploaded_file.seek(0)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DocumentFileValidator) and other.max_bytes == self.max_bytes


validate_document_file = DocumentFileValidator()
