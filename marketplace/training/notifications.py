"""E-mail to the people named on seats, who often have no account: a confirmed seat (with the QR code
to show at the door), a place on the waiting list, a move up from it, a seat given back, an event
cancelled.

Like bookings, a service only queues one `training.notify` task after its transaction commits
(never for a change that rolled back); the worker reads the seats as they are then, writes the
messages in the site's language (the attendee has no language preference of their own) and each
message is queued for delivery on its own (marketplace.core.mail). Links are absolute
(`SITE_URL`): the organiser's phone scans the code at the door.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from marketplace.core.taskrunner import RETRY_POLICY

from . import qr, selectors
from .models import Seat

KINDS = ("confirmed", "waiting", "promoted", "cancelled", "transferred", "event_cancelled")


def _subject(kind: str, title: str) -> str:
    subjects = {
        "confirmed": _("Your seat is confirmed: %(title)s"),
        "waiting": _("You are on the waiting list: %(title)s"),
        "promoted": _("A seat opened up for you: %(title)s"),
        "cancelled": _("Your seat was given back: %(title)s"),
        "transferred": _("Your seat was passed to a colleague: %(title)s"),
        "event_cancelled": _("Event cancelled: %(title)s"),
    }
    return subjects[kind] % {"title": title}


def _body(seat: Seat, kind: str) -> str:
    session = seat.session
    start = session.starts_at.astimezone(ZoneInfo(session.timezone or "Asia/Ho_Chi_Minh"))
    lines = [
        _subject(kind, session.event.title),
        "",
    ]
    if kind != "transferred":  # the old holder is not told who holds it now
        lines.append(_("Attendee: %(name)s") % {"name": seat.attendee_name})
    lines += [
        _("When: %(when)s (%(zone)s)") % {"when": start.strftime("%d/%m/%Y %H:%M"), "zone": session.timezone},
    ]
    if session.venue:
        lines.append(_("Where: %(venue)s") % {"venue": session.venue})
    if session.online_url and kind in ("confirmed", "promoted"):
        lines.append(_("Online: %(url)s") % {"url": session.online_url})
    if kind in ("confirmed", "promoted"):
        lines += ["", _("Show the attached QR code at the door: the organiser scans it to check you in.")]
    if kind == "waiting":
        lines += ["", _("We will write to you if a seat opens up.")]
    lines += ["", _url(reverse("training:event", args=[session.event_id]))]
    return "\n".join(lines)


def _url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@shared_task(name="training.notify", **RETRY_POLICY)
def notify(seat_ids: list[int], kind: str, to: str = "") -> int:
    """The e-mails of one change, from the seats as they are now (to `to` instead of the seat's
    attendee when given: a transferred seat's former holder); the number of messages queued."""
    seats = Seat.objects.filter(pk__in=seat_ids).select_related("session__event").order_by("pk")
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for seat in seats:
            message = EmailMessage(
                subject=_subject(kind, seat.session.event.title),
                body=_body(seat, kind),
                to=[to or seat.attendee_email],
            )
            if kind in ("confirmed", "promoted"):
                link = _url(reverse("training:check_in", args=[selectors.check_in_token(seat)]))
                message.attach("check-in.png", qr.png(link), "image/png")
            message.send(fail_silently=True)
            sent += 1
    return sent


def seats_changed(seats, kind: str, *, to: str = "") -> None:
    """Queue the e-mails of one change once the transaction commits."""
    assert kind in KINDS, kind
    ids = [seat.pk for seat in seats]
    if ids:
        transaction.on_commit(lambda: notify.delay(ids, kind, to))
