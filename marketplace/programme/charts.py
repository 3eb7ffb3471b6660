"""Charts as inline SVG built on the server: no script, no external service, readable on a phone.

Coordinates and numbers inside SVG are written with Python's own formatting, never localised (a
Vietnamese decimal comma would break the path data); the figures people read sit in the tables next
to each chart, localised there.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def progress_bar(percent: float | None, *, label: str) -> SafeString:
    width = max(0.0, min(100.0, percent or 0.0))
    return mark_safe(
        f'<svg class="pg-progress" viewBox="0 0 100 8" preserveAspectRatio="none" role="img" '
        f'aria-label="{escape(label)}" width="100%" height="12">'
        f'<rect x="0" y="0" width="100" height="8" rx="2" fill="#e4e7eb"/>'
        f'<rect x="0" y="0" width="{_n(width)}" height="8" rx="2" fill="#1b6e3a"/></svg>'
    )


def time_series(points: Sequence[tuple[str, int]], *, label: str, cumulative: bool = False) -> SafeString:
    """Columns per period (and a line of the running total when `cumulative`)."""
    width, height, pad = 600, 200, 24
    values = [v for _k, v in points]
    running, total = [], 0
    for v in values:
        total += v
        running.append(total)
    top = max([1, *(running if cumulative else values)])
    n = max(1, len(points))
    step = (width - 2 * pad) / n
    parts = [
        f'<svg class="pg-chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}" '
        f'width="100%" preserveAspectRatio="xMidYMid meet">',
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="#555"/>',
    ]
    for i, (key, value) in enumerate(points):
        h = (height - 2 * pad) * value / top
        x = pad + i * step + step * 0.15
        parts.append(
            f'<rect x="{_n(x)}" y="{_n(height - pad - h)}" width="{_n(step * 0.7)}" height="{_n(h)}" '
            f'fill="#2f6fb3"><title>{escape(key)}: {value}</title></rect>'
        )
    if cumulative and points:
        coords = " ".join(
            f"{_n(pad + i * step + step / 2)},{_n(height - pad - (height - 2 * pad) * r / top)}"
            for i, r in enumerate(running)
        )
        parts.append(f'<polyline points="{coords}" fill="none" stroke="#c0392b" stroke-width="2"/>')
    if points:
        parts.append(
            f'<text x="{pad}" y="{height - 6}" font-size="12" fill="#333">{escape(points[0][0])}</text>'
        )
        parts.append(
            f'<text x="{width - pad}" y="{height - 6}" font-size="12" fill="#333" text-anchor="end">'
            f"{escape(points[-1][0])}</text>"
        )
    parts.append(f'<text x="{pad}" y="14" font-size="12" fill="#333">{top}</text></svg>')
    return mark_safe("".join(parts))


def bars(rows: Sequence[tuple[str, int]], *, label: str, limit: int = 15) -> SafeString:
    """One horizontal bar per row (ward, sector, size class), largest first, labels above the bars."""
    rows = list(rows)[:limit]
    width, line = 600, 34
    height = max(1, len(rows)) * line + 4
    top = max([1, *(v for _k, v in rows)])
    parts = [
        f'<svg class="pg-chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}" '
        f'width="100%">'
    ]
    for i, (name, value) in enumerate(rows):
        y = i * line
        w = (width - 60) * value / top
        parts.append(f'<text x="0" y="{y + 12}" font-size="13" fill="#222">{escape(name)}</text>')
        parts.append(f'<rect x="0" y="{y + 16}" width="{_n(w)}" height="12" fill="#2f6fb3"/>')
        parts.append(f'<text x="{_n(w + 6)}" y="{y + 27}" font-size="12" fill="#222">{value}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))
