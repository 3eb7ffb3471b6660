"""The programme indicator this app feeds (registered from ReviewsConfig.ready): reviews by score.

Each visible review is one record on the day it was written, grouped by its overall stars rounded
to a whole star ("1" to "5"); hidden reviews count nowhere. Scoped (the reviews table is watched by
its enterprise column), so a page read no longer recomputes every review.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from marketplace.programme.registry import Fact, local_day, register_source, sql_local_day

from .models import Review, ReviewStatus


def review_scores(enterprise_ids=None) -> Iterator[Fact]:
    rows = Review.objects.filter(status=ReviewStatus.VISIBLE)
    if enterprise_ids is not None:
        rows = rows.filter(enterprise_id__in=enterprise_ids)
    rows = rows.values_list("pk", "enterprise_id", "created_at", "overall")
    for pk, enterprise_id, created_at, overall in rows.iterator(chunk_size=5000):
        stars = int(Decimal(overall).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
        yield Fact(
            unit=f"review:{pk}",
            record=f"review:{pk}",
            on=local_day(created_at),
            enterprise_id=enterprise_id,
            group=str(stars),
        )


def review_scores_sql() -> str:
    """review_scores as one SELECT (the PostgreSQL rebuild; see registry.SQL_COLUMNS). round() on a
    numeric rounds halves away from zero: up, for stars between 1 and 5."""
    return (
        "SELECT 'review:' || id, 'review:' || id, "
        f"{sql_local_day('created_at')}, enterprise_id, round(overall)::integer::text, 1, '{{}}'::jsonb "
        f"FROM {Review._meta.db_table} WHERE status = '{ReviewStatus.VISIBLE}'"
    )


def register() -> None:
    register_source("review_scores", "reviews.visible", review_scores, watch=[Review], sql=review_scores_sql)
