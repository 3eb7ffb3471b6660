"""Seats are never oversold: many enterprises register at once for the last seats of a session, and
cancellations race with registrations; the session row is locked before every count-and-insert.

Runs on whichever database the suite runs on (SQLite by default, PostgreSQL with DATABASE_URL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from marketplace.training import services
from marketplace.training.models import Seat, SeatStatus

from .factories import event, people, register, sme

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 12


def _run(jobs):
    barrier = threading.Barrier(len(jobs))
    outcomes = []

    def run(job):
        try:
            barrier.wait()
            outcomes.append(job())
        except Exception as error:  # noqa: BLE001 - reported in the assertion
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_twelve_enterprises_registering_two_each_for_five_seats_never_oversell():
    _event, session, _user = event(capacity=5)
    parties = [sme() for _ in range(THREADS)]

    def job(enterprise, owner, index):
        return lambda: [
            s.status
            for s in services.seats_register(
                session=session, enterprise=enterprise, user=owner, attendees=people(2, 2 * index, "dn.vn")
            )
        ]

    outcomes = _run([job(e, o, i) for i, (e, o) in enumerate(parties)])
    assert all(isinstance(o, list) for o in outcomes), outcomes
    confirmed = Seat.objects.filter(session=session, status=SeatStatus.CONFIRMED).count()
    waiting = Seat.objects.filter(session=session, status=SeatStatus.WAITING).count()
    assert (confirmed, waiting) == (5, 2 * THREADS - 5)


def test_cancellations_racing_with_registrations_keep_capacity_and_order():
    _event, session, _user = event(capacity=4)
    holder, holder_owner = sme()
    held = register(session, holder, holder_owner, count=4)
    waiting_parties = [sme() for _ in range(4)]
    for enterprise, owner in waiting_parties:
        register(session, enterprise, owner)  # four on the waiting list, in order
    newcomers = [sme() for _ in range(4)]
    jobs = [lambda seat=seat: services.seat_cancel(seat=seat, user=holder_owner).status for seat in held]
    jobs += [lambda e=e, o=o: register(session, e, o)[0].status for e, o in newcomers]
    outcomes = _run(jobs)
    assert outcomes.count("cancelled") == 4, outcomes
    confirmed = list(Seat.objects.filter(session=session, status=SeatStatus.CONFIRMED))
    assert len(confirmed) == 4
    # the four who waited first got the freed seats, not the newcomers
    assert {s.enterprise_id for s in confirmed} == {e.pk for e, _o in waiting_parties}
