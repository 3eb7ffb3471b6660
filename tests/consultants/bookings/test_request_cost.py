"""What one booking request costs in SQL statements, pinned so it cannot creep back up.

The request path: the token, the user's enterprises, the consultant with its facts (bookable,
member, capacity) in one statement, the day's weekly hours and exceptions, then in the transaction
one read of pending requests and overlaps, the insert (in a savepoint) and the audit row. The
e-mails are one task queued after commit (without a broker it runs inline once the transaction
commits, which a test's transaction never does, so they are not counted here; with a broker the
request only enqueues it). Speed itself is measured by benchmarks/booking.py, never in a test.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from consultants.bookings import services
from consultants.bookings.models import Booking, BookingStatus

from .factories import bookable_consultant, request, slot, sme

pytestmark = pytest.mark.django_db
URL = "/api/v1/bookings/"
# token, enterprises, consultant with facts, weekly hours, exceptions, savepoint, conflicts,
# savepoint, insert, release, audit, release (the transaction is a savepoint inside the test's)
CREATE_STATEMENTS = 12


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def post(client, consultant, start):
    body = {"consultant": consultant.pk, "start": start.isoformat(), "service_mode": "online", "topic": "Kho"}
    return client.post(URL, body, format="json")


def test_a_booking_request_runs_a_pinned_number_of_statements(django_assert_max_num_queries):
    consultant = bookable_consultant()
    _enterprise, user = sme()
    client = token_client(user)
    assert post(client, consultant, slot(3, 9)).status_code == 201  # warm (content types)
    with django_assert_max_num_queries(CREATE_STATEMENTS):
        response = post(client, consultant, slot(3, 11))
    assert response.status_code == 201, response.json()


def test_a_lost_slot_costs_no_more_than_a_won_one(django_assert_max_num_queries):
    """409 answers read the next free slots a week ahead, not the whole horizon."""
    consultant = bookable_consultant()
    request(consultant, start=slot(3, 9))
    _enterprise, user = sme()
    client = token_client(user)
    assert post(client, consultant, slot(3, 11)).status_code == 201
    with django_assert_max_num_queries(CREATE_STATEMENTS):
        response = post(client, consultant, slot(3, 9))
    assert response.status_code == 409
    assert response.json()["fields"]["next_slots"]


def test_the_request_only_queues_the_e_mails_until_commit(django_capture_on_commit_callbacks):
    consultant = bookable_consultant()
    _enterprise, user = sme()
    client = token_client(user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert post(client, consultant, slot(3, 9)).status_code == 201
    assert mail.outbox == []  # nothing built or sent inside the request
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 2  # the task (inline without a broker) sent both sides their e-mail
    assert {m.to[0] for m in mail.outbox} == {consultant.user.email, user.email}


def test_a_hold_that_ran_out_is_expired_only_when_it_is_in_the_way(django_capture_on_commit_callbacks):
    consultant = bookable_consultant()
    in_the_way = request(consultant, start=slot(3, 9))
    elsewhere = request(consultant, start=slot(4, 9))
    ran_out = timezone.now() - timedelta(seconds=1)
    Booking.objects.filter(pk__in=[in_the_way.pk, elsewhere.pk]).update(hold_expires_at=ran_out)
    again = request(consultant, start=slot(3, 9))
    assert again.status == BookingStatus.REQUESTED
    assert Booking.objects.get(pk=in_the_way.pk).status == BookingStatus.EXPIRED
    # the other one holds nothing already and is left to the expiry task
    assert Booking.objects.get(pk=elsewhere.pk).status == BookingStatus.REQUESTED
    assert services.bookings_expire_holds() == 1


def test_holds_that_ran_out_do_not_count_towards_the_pending_limit(settings):
    settings.BOOKING_MAX_PENDING_PER_CONSULTANT = 1
    consultant = bookable_consultant()
    enterprise, user = sme()
    first = request(consultant, enterprise=enterprise, user=user, start=slot(3, 9))
    Booking.objects.filter(pk=first.pk).update(hold_expires_at=timezone.now() - timedelta(seconds=1))
    second = request(consultant, enterprise=enterprise, user=user, start=slot(4, 9))
    assert second.status == BookingStatus.REQUESTED


def test_facts_read_for_another_member_are_read_again():
    """The service trusts pre-read facts only for the same enterprise and user."""
    consultant = bookable_consultant()
    enterprise, user = sme()
    other_enterprise, outsider = sme()
    from consultants.bookings import selectors
    from consultants.bookings.errors import NotAnEnterpriseMember

    loaded = selectors.consultant_for_booking(consultant.pk, enterprise=enterprise, user=user)
    assert loaded.booking_member and loaded.booking_bookable and loaded.booking_capacity is None
    with pytest.raises(NotAnEnterpriseMember):
        services.booking_request(
            consultant=loaded,
            enterprise=enterprise,
            requested_by=outsider,
            start=slot(3, 9),
            service_mode="online",
            topic="Kho",
        )
    assert other_enterprise.pk != enterprise.pk
