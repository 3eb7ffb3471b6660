"""Facility pages: list and detail with free sessions (Vietnamese first), booking from the page, the
SME's list, one booking's actions, ICS, the provider's pages, the officer's approval; attackers 404."""

from datetime import timedelta

import pytest
from django.utils import timezone

from marketplace.facilities.models import FacilityBooking, FacilityBookingStatus, ProviderStatus
from tests.factories import OfficerFactory, UserFactory

from .factories import book, facility, provider, slot, sme

pytestmark = pytest.mark.django_db


def test_the_list_and_detail_are_vietnamese_and_show_free_sessions(client):
    bench = facility(slug="ai-test-bench")
    page = client.get("/facilities/").content.decode()
    assert "Trang thiết bị tại trung tâm đổi mới sáng tạo" in page and bench.name in page
    page = client.get("/facilities/ai-test-bench/", {"day": slot().date().isoformat()}).content.decode()
    assert "Đặt một ca" in page and "Đăng nhập để đặt" in page


def test_an_sme_books_from_the_page_and_sees_its_share(client):
    bench = facility()
    enterprise, user = sme()
    client.force_login(user)
    page = client.get(bench.get_absolute_url(), {"day": slot().date().isoformat()}).content.decode()
    assert slot().isoformat() in page and "400.000" in page
    response = client.post(
        bench.get_absolute_url(),
        {
            "start": slot().isoformat(),
            "purpose": "Thử chatbot",
            "participants": "2",
            "enterprise": enterprise.pk,
        },
    )
    booking = FacilityBooking.objects.get()
    assert response.status_code == 302 and response.url == booking.get_absolute_url()
    assert booking.participants == 2
    assert bench.name in client.get("/facilities/bookings/").content.decode()


@pytest.mark.parametrize(
    "form",
    [
        {"start": "nonsense", "purpose": "x", "participants": "1"},
        {"start": "2030-01-01T08:00:00", "purpose": "x", "participants": "1"},
        {"start": "SLOT", "purpose": "", "participants": "1"},
        {"start": "SLOT", "purpose": "x", "participants": "abc"},
        {"start": "SLOT", "purpose": "x", "participants": "99"},
    ],
)
def test_bad_booking_input_shows_an_error_not_a_500(client, form):
    bench = facility()
    _enterprise, user = sme()
    client.force_login(user)
    form = {k: (slot().isoformat() if v == "SLOT" else v) for k, v in form.items()}
    response = client.post(bench.get_absolute_url(), form)
    assert response.status_code == 400 and 'data-testid="booking-error"' in response.content.decode()
    assert not FacilityBooking.objects.exists()


def test_a_taken_session_shows_the_error_on_the_page(client):
    bench = facility()
    book(bench)
    _enterprise, user = sme()
    client.force_login(user)
    response = client.post(
        bench.get_absolute_url(), {"start": slot().isoformat(), "purpose": "x", "participants": 1}
    )
    assert response.status_code == 400 and "Người khác vừa đặt thời gian này" in response.content.decode()


def test_the_provider_confirms_from_the_booking_page_and_sees_its_calendar(client):
    bench = facility()
    booking = book(bench)
    client.force_login(bench.manager)
    assert booking.enterprise.name in client.get("/facilities/provider/").content.decode()
    client.post(f"/facilities/bookings/{booking.pk}/act/", {"action": "confirm"})
    booking.refresh_from_db()
    assert booking.status == FacilityBookingStatus.CONFIRMED


def test_the_sme_records_the_outcome_after_the_session(client):
    bench = facility()
    booking = book(bench, now=timezone.now() - timedelta(days=5), start=slot(days=-2))
    client.force_login(bench.manager)
    client.post(f"/facilities/bookings/{booking.pk}/act/", {"action": "confirm"})
    client.force_login(booking.requested_by)
    page = client.get(booking.get_absolute_url()).content.decode()
    assert 'data-testid="action-outcome"' in page and 'data-testid="facility-pay"' in page
    client.post(f"/facilities/bookings/{booking.pk}/act/", {"action": "outcome", "note": "Đã thử chatbot"})
    booking.refresh_from_db()
    assert booking.status == FacilityBookingStatus.USED and booking.outcome_note == "Đã thử chatbot"


def test_the_ics_download_and_an_unknown_action(client):
    booking = book(facility())
    client.force_login(booking.requested_by)
    response = client.get(f"/facilities/bookings/{booking.pk}/booking.ics")
    assert response.status_code == 200 and b"BEGIN:VCALENDAR" in response.content
    assert client.post(f"/facilities/bookings/{booking.pk}/act/", {"action": "drop table"}).status_code == 302


def test_another_sme_gets_404_on_the_booking_its_actions_and_ics(client):
    booking = book(facility())
    _other, intruder = sme()
    client.force_login(intruder)
    assert client.get(booking.get_absolute_url()).status_code == 404
    assert (
        client.post(
            f"/facilities/bookings/{booking.pk}/act/", {"action": "cancel", "reason": "x"}
        ).status_code
        == 404
    )
    assert client.get(f"/facilities/bookings/{booking.pk}/booking.ics").status_code == 404
    booking.refresh_from_db()
    assert booking.status == FacilityBookingStatus.REQUESTED


def test_a_provider_cannot_open_or_post_another_providers_edit_page(client):
    bench = facility()
    _centre, rival = provider()
    client.force_login(rival)
    assert client.get(f"/facilities/provider/{bench.slug}/edit/").status_code == 404
    assert client.post(f"/facilities/provider/{bench.slug}/edit/", {"name": "Hacked"}).status_code == 404
    bench.refresh_from_db()
    assert bench.name == "Bàn thử nghiệm AI"


def test_a_provider_edits_its_facility_and_bad_values_are_explained(client):
    bench = facility()
    client.force_login(bench.manager)
    form = {
        "name": "Bàn AI mới",
        "kind": "ai_test_bench",
        "description": "GPU",
        "capacity": "3",
        "open_days": ["0", "1"],
        "opens_at": "08:00",
        "closes_at": "17:00",
        "slot_minutes": "60",
        "price": "500000",
        "price_unit": "hour",
        "support_eligible": "on",
        "is_published": "on",
    }
    assert client.post(f"/facilities/provider/{bench.slug}/edit/", form).status_code == 302
    bench.refresh_from_db()
    assert (bench.name, bench.price, bench.open_days) == ("Bàn AI mới", 500_000, [0, 1])
    response = client.post(
        f"/facilities/provider/{bench.slug}/edit/", {**form, "closes_at": "x", "capacity": ""}
    )
    assert response.status_code == 400 and "Giờ đóng cửa phải sau giờ mở cửa" in response.content.decode()


def test_a_user_registers_a_centre_and_an_officer_approves_it(client):
    user = UserFactory()
    client.force_login(user)
    client.post(
        "/facilities/provider/",
        {"name": "FabLab", "kind": "innovation_centre", "address": "KCN Biên Hòa 2", "email": "fab@lab.vn"},
    )
    centre = user.facility_provider_memberships.get().provider
    assert centre.status == ProviderStatus.PENDING
    assert client.get("/facilities/officer/providers/").status_code == 403
    client.force_login(OfficerFactory())
    assert "FabLab" in client.get("/facilities/officer/providers/").content.decode()
    client.post("/facilities/officer/providers/", {"provider": centre.pk, "decision": "approve"})
    centre.refresh_from_db()
    assert centre.status == ProviderStatus.APPROVED


def test_the_sme_pays_its_share_and_the_booking_is_marked_paid(client):
    from marketplace.payments.models import Payment

    bench = facility(auto_confirm=True)
    booking = book(bench)
    client.force_login(booking.requested_by)
    response = client.post(
        f"/payments/pay/facility_booking/{booking.pk}/",
        {"idempotency_key": f"facility-{booking.pk}", "next": booking.get_absolute_url()},
    )
    payment = Payment.objects.get()
    assert response.status_code == 302 and payment.sme_share == booking.sme_share == 400_000
    client.force_login(OfficerFactory())
    client.post(f"/payments/{payment.pk}/received/", {"bank_reference": "FT26001", "note": ""})
    booking.refresh_from_db()
    assert booking.paid_at is not None


def test_another_sme_cannot_pay_or_see_a_booking_through_payments(client):
    booking = book(facility(auto_confirm=True))
    _other, intruder = sme()
    client.force_login(intruder)
    response = client.post(f"/payments/pay/facility_booking/{booking.pk}/", {"idempotency_key": "k"})
    assert response.status_code == 404
