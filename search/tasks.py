"""Background work of search: applying the outbox (scheduled every few seconds by celery beat)."""

from __future__ import annotations

from celery import shared_task

from marketplace.core.taskrunner import RETRY_POLICY

from . import services


@shared_task(name="search.outbox_process", **{**RETRY_POLICY, "max_retries": 3})
def outbox_process(batch_size: int = 500) -> int:
    """Apply queued index changes to the configured backend; returns the rows applied.

    Idempotent: documents are re-read from the database, and applied rows are deleted. An
    unreachable engine raises (the rows stay) and the task retries with backoff; beat also sends
    a fresh run every few seconds, so few retries are needed."""
    return services.outbox_process(batch_size=batch_size)
