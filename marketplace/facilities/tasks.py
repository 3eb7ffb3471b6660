"""Background work for facility bookings (CELERY_BEAT_SCHEDULE): hold expiry every minute, reminders
every five. Idempotent and safe to retry (each service moves only rows still in the state it seeks)."""

from celery import shared_task

from marketplace.core.taskrunner import RETRY_POLICY

from . import services


@shared_task(name="facilities.expire_holds", **RETRY_POLICY)
def expire_holds() -> int:
    return services.bookings_expire_holds()


@shared_task(name="facilities.send_reminders", **RETRY_POLICY)
def send_reminders() -> int:
    return services.bookings_send_reminders()
