"""E-mail on every booking step, in each recipient's language, with the .ics invitation.

Handed to the task runner after the transaction commits (never for a change that rolled back): the
request only enqueues one `bookings.notify` task; reading the booking, translating, building the
`.ics` and queueing each message for delivery happen in the worker (inline when there is no
broker, as in the demo and the tests). The console backend prints them in the demo.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from marketplace.core.taskrunner import RETRY_POLICY

from . import ics
from .models import Booking, BookingMessage

SHOWN_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def _subjects() -> dict[str, str]:
    return {
        "requested": _("New booking request: %(topic)s"),
        "confirmed": _("Booking confirmed: %(topic)s"),
        "declined": _("Booking declined: %(topic)s"),
        "proposed": _("Another time proposed: %(topic)s"),
        "cancelled": _("Booking cancelled: %(topic)s"),
        "expired": _("Booking request expired: %(topic)s"),
        "rescheduled": _("New time requested: %(topic)s"),
        "held": _("Consultation recorded as held: %(topic)s"),
        "no_show": _("Consultation recorded as a no-show: %(topic)s"),
        "reminder_24h": _("Reminder: consultation tomorrow: %(topic)s"),
        "reminder_1h": _("Reminder: consultation in one hour: %(topic)s"),
        "flagged": _("Attention: the consultant's certificate is no longer valid: %(topic)s"),
        "message": _("New message about your booking: %(topic)s"),
    }


def _recipients(booking: Booking) -> list:
    users = [booking.consultant.user, booking.requested_by]
    return list({user.pk: user for user in users if user and user.email}.values())


def _body(booking: Booking, event: str) -> str:
    start = booking.start_at.astimezone(SHOWN_ZONE)
    lines = [
        _subjects()[event] % {"topic": booking.topic},
        "",
        _("Consultant: %(name)s") % {"name": booking.consultant.display_name},
        _("Enterprise: %(name)s") % {"name": booking.enterprise.name},
        _("When: %(when)s (Vietnam time)") % {"when": start.strftime("%d/%m/%Y %H:%M")},
        _("Status: %(status)s") % {"status": booking.get_status_display()},
    ]
    if booking.status_reason:
        lines.append(_("Reason: %(reason)s") % {"reason": booking.status_reason})
    lines += ["", booking.get_absolute_url()]
    return "\n".join(lines)


def _send(booking: Booking, event: str, *, with_invitation: bool = True) -> None:
    for user in _recipients(booking):
        with translation.override(getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE):
            email = EmailMessage(
                subject=_subjects()[event] % {"topic": booking.topic},
                body=_body(booking, event),
                to=[user.email],
            )
            if with_invitation:
                email.attach("booking.ics", ics.booking_invitation(booking), "text/calendar; charset=utf-8")
            email.send(fail_silently=True)


@shared_task(name="bookings.notify", **RETRY_POLICY)
def notify(pk: int, event: str) -> bool:
    """The e-mails of one step, from the booking as it is now (each message is then queued for
    delivery on its own, see marketplace.core.mail). False when the booking is gone."""
    booking = (
        Booking.objects.select_related("consultant__user", "enterprise", "requested_by").filter(pk=pk).first()
    )
    if booking is None:
        return False
    _send(booking, event, with_invitation=event not in {"held", "no_show"})
    return True


def booking_event(booking: Booking, event: str) -> None:
    """Queue the e-mails of one step once the transaction commits."""
    pk = booking.pk
    transaction.on_commit(lambda: notify.delay(pk, event))


@shared_task(name="bookings.notify_message", **RETRY_POLICY)
def notify_message(pk: int, author_id: int) -> bool:
    booking = (
        Booking.objects.select_related("consultant__user", "enterprise", "requested_by").filter(pk=pk).first()
    )
    if booking is None:
        return False
    for user in _recipients(booking):
        if user.pk == author_id:
            continue
        with translation.override(getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE):
            EmailMessage(
                subject=_subjects()["message"] % {"topic": booking.topic},
                body=booking.get_absolute_url(),
                to=[user.email],
            ).send(fail_silently=True)
    return True


def booking_message(message: BookingMessage) -> None:
    """Tell the other side a message arrived (without the text: it may hold contact details)."""
    pk, author_id = message.booking_id, message.author_id
    transaction.on_commit(lambda: notify_message.delay(pk, author_id))
