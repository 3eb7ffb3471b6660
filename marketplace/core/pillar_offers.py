"""What higher floors offer for a readiness pillar, for pages on lower floors (the roadmap).

Matching's roadmap names the SME's weakest pillars, but the things that help with them beyond
consultants and solutions (upcoming training courses, later perhaps facilities) live on the top
floor, which matching may not import. Like `reputation` and `next_actions`, the top-floor app
registers a function from its `AppConfig.ready`; the roadmap asks `for_pillars(codes)`.

A provider takes a list of pillar codes and returns `{pillar code: [Offer, ...]}` (soonest first,
a few per pillar), in one or two queries whatever the number of pillars.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Offer:
    kind: str  # "training", ...
    label: Any  # the title (may be a lazy translation)
    url: str
    starts_at: dt.datetime | None = None
    detail: Any = ""  # one short line: "Workshop · at a venue · free for micro enterprises"


Provider = Callable[[list[str]], "dict[str, list[Offer]]"]

_providers: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    """Register (or replace) the provider called `name`."""
    _providers[name] = provider


def for_pillars(codes: Iterable[str]) -> dict[str, list[Offer]]:
    codes = [str(code) for code in codes]
    merged: dict[str, list[Offer]] = {}
    if not codes:
        return merged
    for provider in _providers.values():
        for code, offers in provider(codes).items():
            merged.setdefault(code, []).extend(offers)
    return merged
