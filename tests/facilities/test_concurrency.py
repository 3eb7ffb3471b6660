"""No double booking of a facility under concurrency: 20 threads book one session, exactly one holds
it. Runs on SQLite by default and on PostgreSQL with DATABASE_URL (the exclusion constraint too)."""

import pytest
from django.db import IntegrityError, connection, transaction

from marketplace.facilities.models import FacilityBooking, FacilityBookingStatus
from tests.concurrency import race

from .factories import book, facility, slot, sme

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 20


def test_twenty_threads_booking_one_session_exactly_one_wins():
    bench = facility()
    parties = [sme() for _ in range(THREADS)]
    outcomes = race(
        [
            lambda enterprise=enterprise, user=user: book(
                bench, enterprise=enterprise, user=user, start=slot(3, 10)
            )
            for enterprise, user in parties
        ]
    )
    assert outcomes.count("ok") == 1, outcomes
    assert outcomes.count("slot_taken") == THREADS - 1, outcomes
    assert FacilityBooking.objects.filter(facility=bench, status=FacilityBookingStatus.REQUESTED).count() == 1


def test_the_database_itself_refuses_overlapping_holds_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip(
            "the exclusion constraint exists on PostgreSQL only; SQLite relies on the serialised service"
        )
    bench = facility()
    first = book(bench, start=slot(3, 10))
    enterprise, user = sme()
    clash = FacilityBooking(
        facility=bench,
        enterprise=enterprise,
        requested_by=user,
        start_at=first.start_at,
        end_at=first.end_at,
        purpose="x",
        price=0,
        sme_share=0,
    )
    with pytest.raises(IntegrityError, match="facility_booking_no_overlap"), transaction.atomic():
        clash.save()
