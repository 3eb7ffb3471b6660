"""Background work of orders (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from marketplace.core.taskrunner import RETRY_POLICY

from . import services


@shared_task(name="orders.renew_due", **RETRY_POLICY)
def renew_due() -> int:
    return services.orders_renew_due()
