from datetime import UTC, date, datetime, time, timedelta

import pytest

from consultants import selectors, services
from consultants.bookings import selectors as booking_selectors
from consultants.errors import AvailabilityOverlap, InvalidAvailability, NotYourProfile
from consultants.models import AvailabilityException
from tests.consultants.factories import make_consultant

pytestmark = pytest.mark.django_db
UTC = UTC


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def add_rule(consultant, weekday, start, end):
    return services.availability_rule_add(
        consultant=consultant, actor=consultant.user, weekday=weekday, start_time=start, end_time=end
    )


def test_overlapping_rule_is_refused():
    consultant = make_consultant()
    add_rule(consultant, 0, time(9), time(12))
    with pytest.raises(AvailabilityOverlap):
        add_rule(consultant, 0, time(11), time(13))
    assert consultant.availability_rules.count() == 1


def test_adjacent_rules_and_other_days_are_allowed():
    consultant = make_consultant()
    add_rule(consultant, 0, time(9), time(12))
    add_rule(consultant, 0, time(12), time(14))
    add_rule(consultant, 1, time(9), time(12))
    assert consultant.availability_rules.count() == 3


def test_rule_ending_before_it_starts_is_refused():
    consultant = make_consultant()
    with pytest.raises(InvalidAvailability):
        add_rule(consultant, 0, time(12), time(9))


def test_only_the_owner_edits_availability():
    consultant, other = make_consultant(), make_consultant()
    with pytest.raises(NotYourProfile):
        services.availability_rule_add(
            consultant=consultant, actor=other.user, weekday=0, start_time=time(9), end_time=time(10)
        )


def test_slots_are_utc_instants_of_local_hours():
    consultant = make_consultant(time_zone="Asia/Ho_Chi_Minh")
    add_rule(consultant, 0, time(9), time(11))  # Monday 09–11 in Vietnam (UTC+7)
    slots = selectors.consultant_free_slots(consultant, start=utc(2026, 6, 1), end=utc(2026, 6, 2))
    assert slots == [utc(2026, 6, 1, 2), utc(2026, 6, 1, 3)]
    assert all(slot.tzinfo == UTC for slot in slots)


def test_weekly_slots_follow_wall_clock_across_dst_change():
    consultant = make_consultant(time_zone="Europe/Berlin")
    add_rule(consultant, 0, time(9), time(10))  # Mondays 09:00 Berlin time
    # 2026-03-29 is the spring-forward Sunday in Europe: CET (UTC+1) → CEST (UTC+2).
    slots = selectors.consultant_free_slots(consultant, start=utc(2026, 3, 22), end=utc(2026, 4, 1))
    assert slots == [utc(2026, 3, 23, 8), utc(2026, 3, 30, 7)]


def test_nonexistent_local_hour_on_spring_forward_day_yields_no_slot():
    consultant = make_consultant(time_zone="Europe/Berlin")
    add_rule(consultant, 6, time(1), time(4))  # Sunday 01:00–04:00; 02:00–03:00 does not exist on 29 March
    slots = selectors.consultant_free_slots(consultant, start=utc(2026, 3, 28), end=utc(2026, 3, 30))
    assert slots == [utc(2026, 3, 29, 0), utc(2026, 3, 29, 1)]  # 01:00 CET and 03:00 CEST


def test_fall_back_day_offers_the_repeated_hour():
    consultant = make_consultant(time_zone="Europe/Berlin")
    add_rule(consultant, 6, time(1), time(4))  # 25 October 2026: 03:00 CEST → 02:00 CET, four real hours
    slots = selectors.consultant_free_slots(consultant, start=utc(2026, 10, 24), end=utc(2026, 10, 26))
    assert len(slots) == 4
    assert slots[0] == utc(2026, 10, 24, 23)


def test_day_off_removes_slots_and_extra_hours_add_them():
    consultant = make_consultant(time_zone="Asia/Ho_Chi_Minh")
    add_rule(consultant, 0, time(9), time(11))
    services.availability_exception_add(
        consultant=consultant,
        actor=consultant.user,
        date=date(2026, 6, 1),
        kind=AvailabilityException.DAY_OFF,
    )
    services.availability_exception_add(
        consultant=consultant,
        actor=consultant.user,
        date=date(2026, 6, 2),
        kind=AvailabilityException.EXTRA,
        start_time=time(14),
        end_time=time(15),
    )
    slots = selectors.consultant_free_slots(consultant, start=utc(2026, 6, 1), end=utc(2026, 6, 3))
    assert slots == [utc(2026, 6, 2, 7)]


def test_partial_day_off_cuts_a_rule():
    consultant = make_consultant(time_zone="Asia/Ho_Chi_Minh")
    add_rule(consultant, 0, time(9), time(12))
    services.availability_exception_add(
        consultant=consultant,
        actor=consultant.user,
        date=date(2026, 6, 1),
        kind=AvailabilityException.DAY_OFF,
        start_time=time(10),
        end_time=time(11),
    )
    slots = selectors.consultant_free_slots(consultant, start=utc(2026, 6, 1), end=utc(2026, 6, 2))
    assert slots == [utc(2026, 6, 1, 2), utc(2026, 6, 1, 4)]


def test_busy_intervals_are_removed_from_slots():
    consultant = make_consultant(time_zone="Asia/Ho_Chi_Minh")
    add_rule(consultant, 0, time(9), time(12))
    slots = selectors.consultant_free_slots(
        consultant,
        start=utc(2026, 6, 1),
        end=utc(2026, 6, 2),
        busy=[(utc(2026, 6, 1, 3), utc(2026, 6, 1, 4))],
    )
    assert slots == [utc(2026, 6, 1, 2), utc(2026, 6, 1, 4)]


def test_extra_hours_without_times_are_refused():
    consultant = make_consultant()
    with pytest.raises(InvalidAvailability):
        services.availability_exception_add(
            consultant=consultant,
            actor=consultant.user,
            date=date(2026, 6, 1),
            kind=AvailabilityException.EXTRA,
        )


def test_free_hours_over_weeks_counts_rules():
    consultant = make_consultant(time_zone="Asia/Ho_Chi_Minh")
    add_rule(consultant, 0, time(9), time(12))
    add_rule(consultant, 2, time(14), time(16))
    now = utc(2026, 6, 1)  # a Monday, 07:00 in Vietnam
    assert booking_selectors.free_hours(consultant, weeks=2, now=now) == 10.0


def test_free_hours_for_many_consultants_uses_constant_queries(django_assert_max_num_queries):
    consultants = [make_consultant() for _ in range(5)]
    for consultant in consultants:
        add_rule(consultant, 1, time(8), time(10))
    with django_assert_max_num_queries(3):  # rules, exceptions, held bookings
        hours = booking_selectors.free_hours_many(consultants, weeks=1, now=utc(2026, 6, 1))
    assert set(hours.values()) == {2.0}


def test_naive_datetimes_are_refused():
    consultant = make_consultant()
    with pytest.raises(ValueError):
        selectors.consultant_free_slots(consultant, start=datetime(2026, 6, 1), end=datetime(2026, 6, 2))


def test_next_slots_are_in_the_future():
    from django.utils import timezone

    consultant = make_consultant()
    for weekday in range(7):
        add_rule(consultant, weekday, time(8), time(17))
    slots = booking_selectors.next_slots(consultant, count=3)
    assert len(slots) == 3 and all(slot > timezone.now() for slot in slots)
    assert slots[1] - slots[0] >= timedelta(hours=1)
