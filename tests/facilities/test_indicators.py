"""Facility use feeds the programme indicators: bookings by state, "used" for what SMEs tried."""

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.facilities import services
from marketplace.programme import selectors

from .factories import book, facility, slot

pytestmark = pytest.mark.django_db


def test_facility_bookings_count_by_state_and_use_is_counted():
    bench = facility()
    used = book(bench, now=timezone.now() - timedelta(days=5), start=slot(days=-2))
    services.booking_confirm(booking=used, actor=bench.manager)
    services.booking_record_outcome(booking=used, actor=used.requested_by, note="Đã thử chatbot")
    book(bench)

    table = selectors.indicator_table("facility_bookings", cut="period")

    assert table.total == 2
    assert sum(r.groups["used"] for r in table.rows) == 1
    assert sum(r.groups["requested"] for r in table.rows) == 1
    records = {r.record for r in selectors.indicator_records("facility_bookings")}
    assert records == {f"facility_booking:{used.pk}", f"facility_booking:{used.pk + 1}"}
