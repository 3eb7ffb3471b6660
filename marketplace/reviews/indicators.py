"""The programme indicator this app feeds (registered from ReviewsConfig.ready): reviews by score.

Each visible review is one record on the day it was written, grouped by its overall stars rounded
to a whole star ("1" to "5"); hidden reviews count nowhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from marketplace.programme.registry import Fact, local_day, register_source

from .models import Review, ReviewStatus


def review_scores() -> Iterator[Fact]:
    rows = Review.objects.filter(status=ReviewStatus.VISIBLE).values_list(
        "pk", "enterprise_id", "created_at", "overall"
    )
    for pk, enterprise_id, created_at, overall in rows.iterator(chunk_size=5000):
        stars = int(Decimal(overall).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
        yield Fact(
            unit=f"review:{pk}",
            record=f"review:{pk}",
            on=local_day(created_at),
            enterprise_id=enterprise_id,
            group=str(stars),
        )


def register() -> None:
    register_source("review_scores", "reviews.visible", review_scores)
