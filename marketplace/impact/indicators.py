"""The programme indicator this app feeds (registered from ImpactConfig.ready): exemplary SMEs,
counted once per enterprise on the day it was designated, while the designation stands."""

from __future__ import annotations

from collections.abc import Iterator

from marketplace.programme.registry import Fact, local_day, register_source

from .models import Designation, DesignationStatus


def exemplary_smes() -> Iterator[Fact]:
    rows = Designation.objects.filter(status=DesignationStatus.DESIGNATED).values_list(
        "enterprise_id", "designated_at", "pk"
    )
    for enterprise_id, designated_at, pk in rows.iterator(chunk_size=5000):
        yield Fact(
            unit=f"enterprise:{enterprise_id}",
            record=f"designation:{pk}",
            on=local_day(designated_at),
            enterprise_id=enterprise_id,
        )


def register() -> None:
    register_source("exemplary_smes", "impact.designated", exemplary_smes)
