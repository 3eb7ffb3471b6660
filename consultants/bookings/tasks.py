"""Background work for bookings (the lead wires the beat schedule: expiry every minute, reminders
every five, the certificate check hourly). Each task is idempotent and safe to retry."""

from celery import shared_task

from . import services


@shared_task(name="bookings.expire_holds")
def expire_holds() -> int:
    return services.bookings_expire_holds()


@shared_task(name="bookings.send_reminders")
def send_reminders() -> int:
    return services.bookings_send_reminders()


@shared_task(name="bookings.flag_uncertified")
def flag_uncertified() -> int:
    return services.bookings_flag_uncertified()
