"""Attendees hear of every change to their seat by e-mail, after the change commits: a confirmed seat
carries the check-in QR code (a PNG of an absolute, signed link), the waiting list says so, a move
up brings the code, a transferred seat's former holder is told without the new holder's name, and a
cancelled event reaches everyone still holding a place."""

from __future__ import annotations

import pytest
from django.core import mail

from marketplace.training import services
from marketplace.training.errors import SeatStateConflict
from marketplace.training.models import SeatStatus

from .factories import event, register, sme

pytestmark = pytest.mark.django_db


def _by_address():
    return {m.to[0]: m for m in mail.outbox}


def test_registration_confirms_with_the_qr_code_and_waits_the_rest(
    django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://dx.example.gov.vn"
    _made, session, _user = event(capacity=1, title="Hóa đơn điện tử cho hộ kinh doanh")
    enterprise, owner = sme()
    with django_capture_on_commit_callbacks(execute=True):
        first, second = register(session, enterprise, owner, count=2)
    sent = _by_address()
    assert set(sent) == {first.attendee_email, second.attendee_email}
    confirmed = sent[first.attendee_email]
    assert "Hóa đơn điện tử cho hộ kinh doanh" in confirmed.subject
    name, content, kind = confirmed.attachments[0]
    assert (name, kind) == ("check-in.png", "image/png") and content.startswith(b"\x89PNG")
    assert (
        first.attendee_name in confirmed.body
        and "https://dx.example.gov.vn/training/events/" in confirmed.body
    )
    assert sent[second.attendee_email].attachments == []
    assert second.status == SeatStatus.WAITING


def test_a_cancelled_seat_moves_the_first_waiting_person_up_with_the_code(django_capture_on_commit_callbacks):
    _made, session, _user = event(capacity=1)
    enterprise, owner = sme()
    first, second = register(session, enterprise, owner, count=2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.seat_cancel(seat=first, user=owner)
    sent = _by_address()
    assert set(sent) == {first.attendee_email, second.attendee_email}
    assert sent[first.attendee_email].attachments == []
    assert sent[second.attendee_email].attachments[0][0] == "check-in.png"
    second.refresh_from_db()
    assert second.status == SeatStatus.CONFIRMED


def test_a_transferred_seat_tells_the_former_holder_without_naming_the_new_one(
    django_capture_on_commit_callbacks,
):
    _made, session, _user = event()
    enterprise, owner = sme()
    (seat,) = register(session, enterprise, owner)
    former = seat.attendee_email
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.seat_transfer(seat=seat, user=owner, name="Trần Thị Mai", email="mai@dn.vn")
    sent = _by_address()
    assert set(sent) == {former, "mai@dn.vn"}
    assert "Trần Thị Mai" not in sent[former].body and sent[former].attachments == []
    assert "Trần Thị Mai" in sent["mai@dn.vn"].body
    assert sent["mai@dn.vn"].attachments[0][0] == "check-in.png"


def test_a_cancelled_event_reaches_everyone_still_holding_a_place(django_capture_on_commit_callbacks):
    made, session, user = event(capacity=1)
    enterprise, owner = sme()
    first, second = register(session, enterprise, owner, count=2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(event=made, user=user)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.attendee_email, second.attendee_email])


def test_nothing_is_sent_for_a_change_that_did_not_happen(django_capture_on_commit_callbacks):
    _made, session, _user = event(capacity=1)
    enterprise, owner = sme()
    (seat,) = register(session, enterprise, owner)
    services.seat_cancel(seat=seat, user=owner)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(SeatStateConflict):
        services.seat_cancel(seat=seat, user=owner)  # already given back: refused, rolled back
    assert mail.outbox == []
