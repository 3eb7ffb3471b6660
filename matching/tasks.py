"""Background work of matching (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task

from marketplace.core.taskrunner import RETRY_POLICY

from . import services


@shared_task(name="matching.recommendations_refresh", **RETRY_POLICY)
def recommendations_refresh(everything: bool = False) -> int:
    """Recompute stale (or, with everything, all) stored recommendations. Idempotent: a second run
    finds nothing stale, and a recompute from the same inputs stores the same ranking."""
    return services.recommendations_refresh(everything=everything)
