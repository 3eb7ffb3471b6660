"""Background work for engagements (CELERY_BEAT_SCHEDULE): silence accepts deliveries whose review
period ran out. Idempotent and safe to retry (each milestone moves by compare-and-swap)."""

from celery import shared_task

from marketplace.core.taskrunner import RETRY_POLICY

from . import services


@shared_task(name="engagements.auto_accept_deliveries", **RETRY_POLICY)
def auto_accept_deliveries() -> int:
    return services.milestones_auto_accept()
