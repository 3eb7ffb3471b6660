"""E-mail on every facility booking step, in each recipient's language, with the .ics invitation.

As for consultant bookings: the service only enqueues one task after commit; the worker reads the
booking, translates and sends (inline in the demo and the tests).
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from marketplace.core.taskrunner import RETRY_POLICY

from . import ics
from .models import FacilityBooking
from .selectors import ZONE


def _subjects() -> dict[str, str]:
    return {
        "requested": _("New facility booking: %(facility)s"),
        "confirmed": _("Facility booking confirmed: %(facility)s"),
        "declined": _("Facility booking declined: %(facility)s"),
        "cancelled": _("Facility booking cancelled: %(facility)s"),
        "expired": _("Facility booking expired: %(facility)s"),
        "reminder_24h": _("Reminder: facility booked tomorrow: %(facility)s"),
        "reminder_1h": _("Reminder: facility booked in one hour: %(facility)s"),
    }


def _recipients(booking: FacilityBooking) -> list:
    users = [m.user for m in booking.facility.provider.memberships.select_related("user")]
    users.append(booking.requested_by)
    return list({user.pk: user for user in users if user and user.email}.values())


@shared_task(name="facilities.notify", **RETRY_POLICY)
def notify(pk: int, event: str) -> bool:
    booking = (
        FacilityBooking.objects.select_related("facility__provider", "enterprise", "requested_by")
        .filter(pk=pk)
        .first()
    )
    if booking is None:
        return False
    for user in _recipients(booking):
        with translation.override(getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE):
            subject = _subjects()[event] % {"facility": booking.facility.name}
            when = booking.start_at.astimezone(ZONE).strftime("%d/%m/%Y %H:%M")
            body = "\n".join(
                [
                    subject,
                    "",
                    _("Enterprise: %(name)s") % {"name": booking.enterprise.name},
                    _("When: %(when)s (Vietnam time)") % {"when": when},
                    _("Status: %(status)s") % {"status": booking.get_status_display()},
                    "",
                    booking.get_absolute_url(),
                ]
            )
            email = EmailMessage(subject=subject, body=body, to=[user.email])
            email.attach("facility.ics", ics.booking_invitation(booking), "text/calendar; charset=utf-8")
            email.send(fail_silently=True)
    return True


def booking_event(booking: FacilityBooking, event: str) -> None:
    """Queue the e-mails of one step once the transaction commits."""
    pk = booking.pk
    transaction.on_commit(lambda: notify.delay(pk, event))
