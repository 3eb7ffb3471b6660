"""Image intake with Pillow: consultant photos, vendor logos, solution screenshots.

Uploaded bytes are judged by what Pillow decodes, never by the file name or the browser's content type.
Every accepted image is re-encoded from its pixels only, so no metadata (EXIF with GPS, XMP, comments,
ICC profiles) survives, and EXIF orientation is applied before it is dropped. Files are stored through
Django's storage API, so a cloud backend can replace the local file system without code changes.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import warnings
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError, features

from .errors import DomainError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_PIXELS = 25_000_000
DEFAULT_THUMB_SIZES = (96, 320)
# A "normalised original" is capped so a 24-megapixel photo does not become every page's download.
NORMALISED_MAX_SIDE = 2048

ACCEPTED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}

_OUTPUT_FORMAT = "WEBP" if features.check("webp") else "JPEG"
_OUTPUT_EXTENSION = {"WEBP": "webp", "JPEG": "jpg"}[_OUTPUT_FORMAT]
_OUTPUT_CONTENT_TYPE = {"WEBP": "image/webp", "JPEG": "image/jpeg"}[_OUTPUT_FORMAT]


class ImageRejected(DomainError):
    code = "invalid_image"
    status = 400
    default_message = _("The image was refused.")

    def __init__(self, message: Any = None, *, reason: str = "", **kwargs: Any):
        # reason: "too_large", "too_many_pixels", "unreadable", "format", "empty" (for callers that re-word).
        super().__init__(message, **kwargs)
        self.reason = reason


@dataclass
class ProcessedImage:
    """A decoded, normalised image ready to be stored. `source_format` is what the upload really was."""

    source_format: str
    width: int
    height: int
    original: ContentFile
    thumbnails: dict[int, ContentFile] = field(default_factory=dict)
    content_type: str = _OUTPUT_CONTENT_TYPE
    digest: str = ""


def _read_limited(uploaded_file: Any, max_bytes: int) -> bytes:
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > max_bytes:
        raise _too_large(max_bytes)
    if isinstance(uploaded_file, bytes | bytearray):
        data = bytes(uploaded_file)
    else:
        if hasattr(uploaded_file, "seek"):
            with contextlib.suppress(OSError, ValueError):
                uploaded_file.seek(0)
        data = uploaded_file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    if not data:
        raise ImageRejected(_("The file is empty."), reason="empty")
    return data


def _too_large(max_bytes: int) -> ImageRejected:
    megabytes = max_bytes / (1024 * 1024)
    return ImageRejected(
        _("The file is too large: the limit is %(limit)s MB.") % {"limit": f"{megabytes:g}"},
        reason="too_large",
    )


def _too_many_pixels(max_pixels: int) -> ImageRejected:
    return ImageRejected(
        _("The image is too large: the limit is %(limit)s megapixels.")
        % {"limit": f"{max_pixels / 1_000_000:g}"},
        reason="too_many_pixels",
    )


def _unreadable() -> ImageRejected:
    return ImageRejected(
        _("This file is not an image we can read. Upload a JPEG, PNG or WebP picture."), reason="unreadable"
    )


def _encode(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    if _OUTPUT_FORMAT == "WEBP":
        image.save(buffer, format="WEBP", quality=85, method=4)
    else:
        image.convert("RGB").save(buffer, format="JPEG", quality=85, optimize=True)
    return buffer.getvalue()


def _clean_pixels(image: Image.Image) -> Image.Image:
    """A fresh image holding only pixels: nothing from the upload's info/EXIF travels with it."""
    has_alpha = image.mode in {"RGBA", "LA", "PA"} or (image.mode == "P" and "transparency" in image.info)
    target_mode = "RGBA" if has_alpha and _OUTPUT_FORMAT == "WEBP" else "RGB"
    if image.mode in {"I;16", "I;16B", "I;16L", "I"}:
        # 16-bit greyscale PNGs: scale to 8 bits before colour conversion.
        image = image.point(lambda value: value / 256).convert("L")
    converted = image.convert(target_mode)
    return Image.frombytes(target_mode, converted.size, converted.tobytes())


def process_image(
    uploaded_file: Any,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    thumb_sizes: tuple[int, ...] = DEFAULT_THUMB_SIZES,
) -> ProcessedImage:
    """Decode, check and normalise an uploaded image; raise ImageRejected with a clear message."""
    data = _read_limited(uploaded_file, max_bytes)
    with warnings.catch_warnings():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that; treat the warning as a refusal too.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_many_pixels(max_pixels) from exc
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise _unreadable() from exc
        try:
            if image.format not in ACCEPTED_FORMATS:
                raise ImageRejected(
                    _("Only JPEG, PNG and WebP images are accepted (this file is %(format)s).")
                    % {"format": image.format or "?"},
                    reason="format",
                )
            width, height = image.size
            # The header's dimensions are known before any pixel is decoded.
            if width <= 0 or height <= 0:
                raise _unreadable()
            if width * height > max_pixels:
                raise _too_many_pixels(max_pixels)
            source_format = image.format
            image.load()
            image = ImageOps.exif_transpose(image) or image
        except ImageRejected:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_many_pixels(max_pixels) from exc
        except (OSError, SyntaxError, ValueError, EOFError, TypeError) as exc:
            raise _unreadable() from exc

    clean = _clean_pixels(image)
    if max(clean.size) > NORMALISED_MAX_SIDE:
        clean.thumbnail((NORMALISED_MAX_SIDE, NORMALISED_MAX_SIDE), Image.Resampling.LANCZOS)
    original_bytes = _encode(clean)
    digest = hashlib.sha256(original_bytes).hexdigest()[:20]
    thumbnails: dict[int, ContentFile] = {}
    for size in sorted(set(thumb_sizes)):
        thumb = clean.copy()
        thumb.thumbnail((size, size), Image.Resampling.LANCZOS)  # keeps aspect ratio, never upscales
        thumbnails[size] = ContentFile(_encode(thumb), name=f"{digest}_{size}.{_OUTPUT_EXTENSION}")
    return ProcessedImage(
        source_format=source_format,
        width=clean.width,
        height=clean.height,
        original=ContentFile(original_bytes, name=f"{digest}.{_OUTPUT_EXTENSION}"),
        thumbnails=thumbnails,
        digest=digest,
    )


def save_processed_image(
    processed: ProcessedImage, *, storage: Storage = default_storage, prefix: str
) -> dict[str, str]:
    """Store the original and thumbnails; return the stored names: {"original": ..., "96": ..., ...}.

    Names come from the storage (it may rename to avoid collisions); keep them, not the paths we asked for.
    """
    prefix = prefix.strip("/")
    names = {"original": storage.save(f"{prefix}/{processed.original.name}", processed.original)}
    for size, content in processed.thumbnails.items():
        names[str(size)] = storage.save(f"{prefix}/{content.name}", content)
    return names


def delete_stored_image(names: dict[str, str] | None, *, storage: Storage = default_storage) -> None:
    for name in (names or {}).values():
        if name:
            storage.delete(name)


def image_urls(names: dict[str, str] | None, *, storage: Storage = default_storage) -> dict[str, str]:
    return {key: storage.url(name) for key, name in (names or {}).items() if name}


@deconstructible
class ImageFileValidator:
    """Form/serializer field validator: runs the full decode so a form error matches the service's."""

    def __init__(self, *, max_bytes: int = DEFAULT_MAX_BYTES, max_pixels: int = DEFAULT_MAX_PIXELS):
        self.max_bytes = max_bytes
        self.max_pixels = max_pixels

    def __call__(self, uploaded_file: Any) -> None:
        try:
            process_image(uploaded_file, max_bytes=self.max_bytes, max_pixels=self.max_pixels, thumb_sizes=())
        except ImageRejected as exc:
            raise ValidationError(exc.message, code=exc.code) from exc
        finally:
            if hasattr(uploaded_file, "seek"):
                with contextlib.suppress(OSError, ValueError):
                    uploaded_file.seek(0)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, ImageFileValidator)
            and other.max_bytes == self.max_bytes
            and other.max_pixels == self.max_pixels
        )


validate_image_file = ImageFileValidator()
