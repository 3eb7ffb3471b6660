"""Facility API: the public list with free sessions, booking and its actions, ICS, the provider's own
facilities; attackers get 404; one error shape; lists run a constant number of queries."""

import pytest
from django.core.cache import cache
from icalendar import Calendar

from marketplace.facilities.models import FacilityBookingStatus
from tests.factories import UserFactory

from .factories import book, facility, provider, slot, sme

pytestmark = pytest.mark.django_db
URL = "/api/v1/facility-bookings/"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def as_user(api_client, user):
    api_client.force_authenticate(user)
    return api_client


def test_the_public_list_shows_facilities_with_free_sessions(api_client):
    bench = facility(slug="ai-test-bench")
    data = api_client.get("/api/v1/facilities/").json()
    row = next(r for r in data["results"] if r["slug"] == "ai-test-bench")
    assert row["slot_price"] == 800_000 and row["next_free_slots"]
    assert api_client.get(f"/api/v1/facilities/{bench.slug}/").json()["name"] == bench.name


def test_an_unapproved_providers_facilities_are_not_listed(api_client):
    bench = facility()
    bench.provider.status = "pending"
    bench.provider.save(update_fields=["status"])
    assert api_client.get("/api/v1/facilities/").json()["count"] == 0
    assert api_client.get(f"/api/v1/facilities/{bench.slug}/").status_code == 404


def test_the_facility_list_runs_a_constant_number_of_queries(api_client, django_assert_max_num_queries):
    for n in range(4):
        book(facility(name=f"Bàn thử {n}"))
    with django_assert_max_num_queries(4):
        assert api_client.get("/api/v1/facilities/").json()["count"] == 4


def test_an_sme_books_and_sees_the_split(api_client):
    bench = facility()
    _enterprise, user = sme()
    response = as_user(api_client, user).post(
        URL, {"facility": bench.slug, "start": slot().isoformat(), "purpose": "Thử chatbot"}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "requested"
    assert (body["price"], body["support"], body["sme_share"]) == (800_000, 400_000, 400_000)


def test_a_taken_session_answers_409_with_the_next_free_times(api_client):
    bench = facility()
    book(bench)
    _enterprise, user = sme()
    response = as_user(api_client, user).post(
        URL, {"facility": bench.slug, "start": slot().isoformat(), "purpose": "x"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "slot_taken" and response.json()["fields"]["next_slots"]


@pytest.mark.parametrize(
    "body",
    [
        {"start": "2026-13-01T09:00", "purpose": "x"},
        {"start": "2030-01-01T09:00:00", "purpose": "x"},  # no offset
        {"purpose": "x"},
        {"start": "x", "purpose": ""},
    ],
)
def test_bad_input_gives_400_with_the_error_shape(api_client, body):
    bench = facility()
    _enterprise, user = sme()
    response = as_user(api_client, user).post(URL, {"facility": bench.slug, **body}, format="json")
    assert response.status_code == 400
    assert {"code", "message", "fields"} <= set(response.json())


def test_a_user_without_an_enterprise_cannot_book(api_client):
    bench = facility()
    response = as_user(api_client, UserFactory()).post(
        URL, {"facility": bench.slug, "start": slot().isoformat(), "purpose": "x"}, format="json"
    )
    assert response.status_code == 403


def test_the_provider_confirms_and_the_sme_cancels(api_client):
    bench = facility()
    booking = book(bench)
    response = as_user(api_client, bench.manager).post(f"{URL}{booking.pk}/confirm/")
    assert response.json()["status"] == "confirmed"
    response = as_user(api_client, booking.requested_by).post(
        f"{URL}{booking.pk}/cancel/", {"reason": "Đổi lịch"}
    )
    assert response.json()["status"] == "cancelled"


def test_the_ics_download_is_an_icalendar(api_client):
    booking = book(facility())
    response = as_user(api_client, booking.requested_by).get(f"{URL}{booking.pk}/ics/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert Calendar.from_ical(response.content).walk("VEVENT")[0]["UID"] == booking.ical_uid


def test_another_smes_booking_is_404_for_reading_acting_and_ics(api_client):
    booking = book(facility())
    _other, intruder = sme()
    client = as_user(api_client, intruder)
    assert client.get(f"{URL}{booking.pk}/").status_code == 404
    assert client.post(f"{URL}{booking.pk}/cancel/", {"reason": "x"}).status_code == 404
    assert client.get(f"{URL}{booking.pk}/ics/").status_code == 404
    assert client.get(URL).json()["count"] == 0


def test_the_sme_cannot_confirm_its_own_request(api_client):
    booking = book(facility())
    response = as_user(api_client, booking.requested_by).post(f"{URL}{booking.pk}/confirm/")
    assert response.status_code == 403
    booking.refresh_from_db()
    assert booking.status == FacilityBookingStatus.REQUESTED


def test_the_booking_list_runs_a_constant_number_of_queries(api_client, django_assert_max_num_queries):
    bench = facility(auto_confirm=True)
    enterprise, user = sme()
    for hour in (8, 10, 12):
        book(bench, enterprise=enterprise, user=user, start=slot(3 + hour, hour))
    with django_assert_max_num_queries(5):
        assert as_user(api_client, user).get(URL).json()["count"] == 3


def test_a_provider_edits_its_own_facility_but_not_another_providers(api_client):
    bench = facility()
    client = as_user(api_client, bench.manager)
    assert (
        client.patch(f"/api/v1/provider-facilities/{bench.slug}/", {"price": 300_000}, format="json").json()[
            "price"
        ]
        == 300_000
    )
    _centre, rival = provider()
    response = as_user(api_client, rival).patch(
        f"/api/v1/provider-facilities/{bench.slug}/", {"price": 1}, format="json"
    )
    assert response.status_code == 404
    bench.refresh_from_db()
    assert bench.price == 300_000


def test_a_provider_adds_a_facility_and_bad_hours_are_explained(api_client):
    _centre, user = provider()
    body = {
        "name": "Máy in 3D",
        "kind": "printing_3d",
        "description": "In mẫu",
        "capacity": 2,
        "open_days": [0, 1],
        "opens_at": "08:00",
        "closes_at": "17:00",
        "slot_minutes": 240,
        "price": 1_000_000,
        "price_unit": "session",
    }
    client = as_user(api_client, user)
    assert client.post("/api/v1/provider-facilities/", body, format="json").status_code == 201
    response = client.post("/api/v1/provider-facilities/", {**body, "closes_at": "07:00"}, format="json")
    assert response.status_code == 400 and "closes_at" in response.json()["fields"]


def test_an_unknown_kind_filter_is_a_400_not_an_empty_list(api_client):
    facility()
    assert api_client.get("/api/v1/facilities/", {"kind": "spaceship"}).status_code == 400
    assert api_client.get("/api/v1/facilities/", {"kind": "ai_test_bench"}).json()["count"] == 1
