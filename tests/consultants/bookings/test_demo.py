import io

import pytest

from consultants.bookings.models import Booking, BookingStatus
from marketplace.core.audit import audit_history
from marketplace.core.demo import DemoContext

pytestmark = pytest.mark.django_db


def run_seed():
    from consultants import demo as consultants_demo
    from consultants.bookings import demo as bookings_demo
    from marketplace.accounts import demo as accounts_demo
    from marketplace.enterprises import demo as enterprises_demo

    ctx = DemoContext(seed=2026, scale=1, stdout=io.StringIO(), quiet=True)
    accounts_demo.seed(ctx)
    enterprises_demo.seed(ctx)
    consultants_demo.seed(ctx)
    bookings_demo.seed(ctx)
    return ctx


def test_demo_bookings_cover_every_state_with_audit_trails_and_are_idempotent():
    run_seed()
    assert set(Booking.objects.values_list("status", flat=True)) == set(BookingStatus.values)
    assert all(audit_history(b).exists() for b in Booking.objects.all())
    before = Booking.objects.count()
    run_seed()
    assert Booking.objects.count() == before
