"""Server-side radar chart: plain coordinates for an inline SVG (readable without JavaScript).

Coordinates are strings formatted here with a dot as decimal separator: SVG needs `180.5`, and a
float handed to a Vietnamese template would come out as `180,5` (the template also renders under
`{% localize off %}`, belt and braces). Labels wrap onto short lines and the view box leaves room
for them on both sides, so they stay readable at 390 px.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

WIDTH = 440
HEIGHT = 380
CENTRE_X = WIDTH / 2
CENTRE_Y = HEIGHT / 2
RADIUS = 110
LABEL_GAP = 14
LINE_CHARS = 15  # ~ what fits beside the chart at 11px in the space the view box leaves
LINE_HEIGHT = 12
RINGS = (25, 50, 75, 100)


def num(value: float) -> str:
    """An SVG number: dot decimal, no needless `.0`, never localised."""
    text = f"{value:.1f}"
    return text.removesuffix(".0")


@dataclass
class Axis:
    label: str
    value: float
    x: str
    y: str
    label_x: str
    label_y: str
    anchor: str
    lines: list[dict] = field(default_factory=list)


def _point(index: int, count: int, value: float, radius: float = RADIUS) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    r = radius * max(0.0, min(100.0, value)) / 100
    return round(CENTRE_X + r * math.cos(angle), 1), round(CENTRE_Y + r * math.sin(angle), 1)


def _polygon(values: list[float]) -> str:
    return " ".join(
        f"{num(x)},{num(y)}" for x, y in (_point(i, len(values), v) for i, v in enumerate(values))
    )


def wrap(label: str, width: int = LINE_CHARS) -> list[str]:
    """Greedy word wrap; a single word longer than the width keeps its own line."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def radar(labels: list[str], values: list[float], *, previous=None, peers=None) -> dict:
    count = len(labels)
    axes = []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        x, y = _point(index, count, 100)
        lx, ly = _point(index, count, 100, RADIUS + LABEL_GAP)
        anchor = "middle" if abs(lx - CENTRE_X) < 8 else ("start" if lx > CENTRE_X else "end")
        lines = wrap(label)
        # above the centre the block of lines grows upwards, below it downwards, beside it centred
        if ly < CENTRE_Y - RADIUS * 0.9:
            first_y = ly - (len(lines) - 1) * LINE_HEIGHT
        elif ly > CENTRE_Y + RADIUS * 0.9:
            first_y = ly + LINE_HEIGHT - 2
        else:
            first_y = ly + 4 - (len(lines) - 1) * LINE_HEIGHT / 2
        axes.append(
            Axis(
                label=label,
                value=value,
                x=num(x),
                y=num(y),
                label_x=num(lx),
                label_y=num(first_y),
                anchor=anchor,
                lines=[
                    {"text": text, "dy": "0" if i == 0 else num(LINE_HEIGHT), "last": i == len(lines) - 1}
                    for i, text in enumerate(lines)
                ],
            )
        )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "centre_x": num(CENTRE_X),
        "centre_y": num(CENTRE_Y),
        "axes": axes,
        "rings": [{"value": ring, "points": _polygon([ring] * count)} for ring in RINGS],
        "scores": _polygon(values),
        "previous": _polygon(previous) if previous and None not in previous else "",
        "peers": _polygon(peers) if peers and None not in peers else "",
    }
