"""The attendee's QR code: an inline SVG drawn by segno (already pinned for VietQR)."""

from __future__ import annotations

import io

import segno


def svg(text: str) -> str:
    buffer = io.BytesIO()
    segno.make(text, error="m", micro=False).save(
        buffer, kind="svg", xmldecl=False, svgns=True, scale=4, border=4, svgclass="training-qr"
    )
    return buffer.getvalue().decode("utf-8")


def png(text: str) -> bytes:
    """The same code as a PNG, for e-mail (mail clients do not show SVG)."""
    buffer = io.BytesIO()
    segno.make(text, error="m", micro=False).save(buffer, kind="png", scale=6, border=4)
    return buffer.getvalue()
