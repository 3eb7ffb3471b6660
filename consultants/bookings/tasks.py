"""Background work for bookings, on the beat schedule in settings (CELERY_BEAT_SCHEDULE): hold expiry
every minute, reminders every five, the certificate check every ten. Each task is idempotent and
safe to retry (each service moves only the rows still in the state it looks for)."""

from celery import shared_task

from marketplace.core.taskrunner import RETRY_POLICY

from . import services


@shared_task(name="bookings.expire_holds", **RETRY_POLICY)
def expire_holds() -> int:
    return services.bookings_expire_holds()


@shared_task(name="bookings.send_reminders", **RETRY_POLICY)
def send_reminders() -> int:
    return services.bookings_send_reminders()


@shared_task(name="bookings.flag_uncertified", **RETRY_POLICY)
def flag_uncertified() -> int:
    return services.bookings_flag_uncertified()
