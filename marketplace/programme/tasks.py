"""Background work of the programme indicators: applying the dirty set to the aggregates (scheduled
every few seconds by celery beat; see aggregates.py)."""

from __future__ import annotations

from celery import shared_task

from marketplace.core.taskrunner import RETRY_POLICY

from . import aggregates


@shared_task(name="programme.aggregates_apply", **{**RETRY_POLICY, "max_retries": 3})
def aggregates_apply(batch: int = aggregates.APPLY_BATCH) -> int:
    """Apply the enterprises marked dirty since the last run; returns the marks applied. Idempotent
    (each enterprise is recomputed from its records); a run that finds another applier busy stops."""
    return aggregates.apply_pending(batch=batch)
