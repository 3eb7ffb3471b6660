"""Background work for vouchers (CELERY_BEAT_SCHEDULE): vouchers past their last valid day expire,
releasing their reservations and returning what they hold to the call. Idempotent."""

from celery import shared_task

from marketplace.core.taskrunner import RETRY_POLICY

from . import services


@shared_task(name="vouchers.expire_due", **RETRY_POLICY)
def expire_due() -> int:
    return services.vouchers_expire_due()
