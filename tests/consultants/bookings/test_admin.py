import pytest

from tests.factories import OfficerFactory, UserFactory

from .factories import bookable_consultant, request

pytestmark = pytest.mark.django_db


def staff(user):
    user.is_staff = True
    user.save()
    return user


def test_officers_see_bookings_read_only(client):
    booking = request(bookable_consultant())
    client.force_login(staff(OfficerFactory()))
    url = f"/admin/bookings/booking/{booking.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and booking.topic in page.content.decode()
    assert client.get("/admin/bookings/booking/add/").status_code == 403
    client.post(url, {"topic": "đổi"})
    booking.refresh_from_db()
    assert booking.topic != "đổi"


def test_other_staff_do_not_see_bookings(client):
    client.force_login(staff(UserFactory()))
    assert client.get("/admin/bookings/booking/").status_code == 403
