"""Background work of the consultant network (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task

from marketplace.core.taskrunner import RETRY_POLICY

from .services import certificates_maintain as certificates_maintain_service


@shared_task(name="consultants.certificates_maintain", **RETRY_POLICY)
def certificates_maintain() -> dict[str, int]:
    """Daily: expire overdue certificates, queue renewal reminders. Idempotent: each certificate is
    expired, and each reminder threshold e-mailed, once (compare-and-swap in the service)."""
    return certificates_maintain_service()
