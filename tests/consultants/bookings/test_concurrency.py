"""No double booking under concurrency: 20 threads request one slot, exactly one holds it.

Runs on whichever database the suite runs on (SQLite by default, PostgreSQL with DATABASE_URL);
CI runs both. On PostgreSQL the exclusion constraint is also checked on its own.
"""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from consultants.bookings.models import Booking, BookingStatus
from tests.concurrency import race

from .factories import bookable_consultant, request, slot, sme

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 20


def _race(consultant, parties, start):
    return race(
        [
            lambda enterprise=enterprise, user=user: request(
                consultant, enterprise=enterprise, user=user, start=start
            )
            for enterprise, user in parties
        ]
    )


def test_twenty_threads_requesting_one_slot_exactly_one_wins():
    consultant = bookable_consultant()
    parties = [sme() for _ in range(THREADS)]
    outcomes = _race(consultant, parties, slot(3, 9))
    assert outcomes.count("ok") == 1, outcomes
    assert outcomes.count("slot_taken") == THREADS - 1, outcomes
    assert Booking.objects.filter(consultant=consultant, status=BookingStatus.REQUESTED).count() == 1


def test_distinct_slots_requested_at_once_all_succeed():
    consultant = bookable_consultant()
    parties = [sme() for _ in range(4)]
    barrier = threading.Barrier(len(parties))
    outcomes = []

    def run(index, enterprise, user):
        try:
            barrier.wait()
            request(consultant, enterprise=enterprise, user=user, start=slot(3, 9 + index))
            outcomes.append("ok")
        except Exception as error:  # noqa: BLE001
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, *party)) for i, party in enumerate(parties)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes == ["ok"] * 4


def test_the_database_itself_refuses_overlapping_holds_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip(
            "the exclusion constraint exists on PostgreSQL only; SQLite relies on the serialised service"
        )
    consultant = bookable_consultant()
    first = request(consultant, start=slot(3, 9))
    enterprise, user = sme()
    clash = Booking(
        consultant=consultant,
        enterprise=enterprise,
        requested_by=user,
        start_at=first.start_at.replace(minute=30),
        end_at=first.end_at.replace(minute=30),
        service_mode="online",
        topic="x",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        clash.save()
    Booking.objects.filter(pk=first.pk).update(status=BookingStatus.CANCELLED)
    clash.save()  # a cancelled booking no longer holds its time
