"""Background work of measured impact (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from marketplace.core.taskrunner import RETRY_POLICY

from . import services


@shared_task(name="impact.invite", **RETRY_POLICY)
def invite() -> int:
    """Invite the SMEs of newly completed deals to re-assess later."""
    return services.invitations_create()


@shared_task(name="impact.remind", **RETRY_POLICY)
def remind() -> int:
    return services.reminders_send()


@shared_task(name="impact.measure", **RETRY_POLICY)
def measure() -> int:
    """Pair new assessments with the previous ones, credit the deals between, refresh the summaries."""
    return services.measurements_record_new()
