"""Server-side radar chart: plain coordinates for an inline SVG (readable without JavaScript)."""

from __future__ import annotations

import math
from dataclasses import dataclass

SIZE = 360
CENTRE = SIZE / 2
RADIUS = 110
RINGS = (25, 50, 75, 100)


@dataclass
class Axis:
    label: str
    value: float
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str


def _point(index: int, count: int, value: float, radius: float = RADIUS) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    r = radius * max(0.0, min(100.0, value)) / 100
    return round(CENTRE + r * math.cos(angle), 1), round(CENTRE + r * math.sin(angle), 1)


def _polygon(values: list[float]) -> str:
    return " ".join(f"{x},{y}" for x, y in (_point(i, len(values), v) for i, v in enumerate(values)))


def radar(labels: list[str], values: list[float], *, previous=None, peers=None) -> dict:
    count = len(labels)
    axes = []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        x, y = _point(index, count, 100)
        lx, ly = _point(index, count, 100, RADIUS + 18)
        anchor = "middle" if abs(lx - CENTRE) < 8 else ("start" if lx > CENTRE else "end")
        axes.append(Axis(label=label, value=value, x=x, y=y, label_x=lx, label_y=ly + 4, anchor=anchor))
    return {
        "size": SIZE,
        "centre": CENTRE,
        "axes": axes,
        "rings": [{"value": ring, "points": _polygon([ring] * count)} for ring in RINGS],
        "scores": _polygon(values),
        "previous": _polygon(previous) if previous and None not in previous else "",
        "peers": _polygon(peers) if peers and None not in peers else "",
    }
