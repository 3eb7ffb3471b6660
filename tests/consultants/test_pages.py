import pytest
from django.urls import reverse

from consultants.models import Consultant
from tests.consultants.factories import (
    certificate_of,
    certified_consultant,
    complete_application,
    make_consultant,
    submitted_application,
)
from tests.core.imagefiles import image_bytes, upload
from tests.factories import OfficerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_registry_page_shows_certified_consultant(client):
    consultant = certified_consultant(display_name="Võ Thị Hạnh")
    make_consultant(display_name="Chưa Được Chứng Nhận")
    response = client.get(reverse("consultants:registry"))
    assert response.status_code == 200
    assert "Võ Thị Hạnh" in response.text
    assert "Chưa Được Chứng Nhận" not in response.text
    assert reverse("consultants:profile", args=[consultant.pk]) in response.text


def test_registry_page_with_invalid_filter_is_a_400_page_not_an_error(client):
    response = client.get(reverse("consultants:registry") + "?rate_min=abc")
    assert response.status_code == 400


def test_uncertified_profile_page_is_404_for_the_public(client):
    consultant = make_consultant()
    assert client.get(reverse("consultants:profile", args=[consultant.pk])).status_code == 404


def test_owner_sees_own_uncertified_profile(client):
    consultant = make_consultant()
    client.force_login(consultant.user)
    assert client.get(reverse("consultants:profile", args=[consultant.pk])).status_code == 200


def test_certificate_page_says_valid(client):
    certificate = certificate_of(certified_consultant())
    response = client.get(reverse("consultants:certificate_check", args=[certificate.code]))
    assert response.status_code == 200
    assert 'data-testid="certificate-status"' in response.text


def test_unknown_certificate_page_is_a_friendly_404(client):
    response = client.get(reverse("consultants:certificate_check", args=["unknown-code"]))
    assert response.status_code == 404
    assert 'data-testid="certificate-not-found"' in response.text


def test_signed_in_user_creates_profile_through_the_editor(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("consultants:profile_edit"),
        {
            "display_name": "Đặng Quốc Bảo",
            "years_experience": 5,
            "languages": ["vi"],
            "service_modes": ["online"],
            "hourly_rate": "450000",
            "time_zone": "Asia/Ho_Chi_Minh",
            "is_visible": "on",
        },
    )
    assert response.status_code == 302
    assert Consultant.objects.get(user=user).hourly_rate == 450_000


@pytest.mark.parametrize(
    ("typed", "rate"), [("1.200.000", 1_200_000), ("500 nghìn", 500_000), ("1,2 triệu", 1_200_000)]
)
def test_the_rate_is_typed_the_vietnamese_way(client, typed, rate):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("consultants:profile_edit"),
        {
            "display_name": "Đặng Quốc Bảo",
            "years_experience": 5,
            "languages": ["vi"],
            "service_modes": ["online"],
            "hourly_rate": typed,
            "time_zone": "Asia/Ho_Chi_Minh",
        },
    )
    assert response.status_code == 302
    assert Consultant.objects.get(user=user).hourly_rate == rate


def test_a_package_price_is_typed_the_vietnamese_way(client):
    consultant = make_consultant()
    client.force_login(consultant.user)
    response = client.post(
        reverse("consultants:track_record"),
        {"form": "package", "pkg-title": "Gói khảo sát", "pkg-price": "15 triệu", "pkg-duration_hours": 8},
    )
    assert response.status_code == 302
    assert consultant.packages.get().price == 15_000_000


def test_editor_refuses_fractional_rate(client):
    consultant = make_consultant()
    client.force_login(consultant.user)
    response = client.post(
        reverse("consultants:profile_edit"),
        {
            "display_name": "X",
            "years_experience": 1,
            "languages": ["vi"],
            "service_modes": ["online"],
            "hourly_rate": "1.5",
            "time_zone": "Asia/Ho_Chi_Minh",
        },
    )
    assert response.status_code == 400


def test_photo_upload_page_refuses_text_and_accepts_png(client):
    consultant = make_consultant()
    client.force_login(consultant.user)
    response = client.post(reverse("consultants:photo_upload"), {"photo": upload(b"hello", "me.jpg")})
    assert response.status_code == 400
    response = client.post(
        reverse("consultants:photo_upload"), {"photo": upload(image_bytes("PNG"), "me.jpg")}
    )
    assert response.status_code == 302
    consultant.refresh_from_db()
    assert consultant.photo


def test_overlapping_rule_in_the_editor_shows_an_error(client):
    consultant = make_consultant()
    client.force_login(consultant.user)
    url = reverse("consultants:availability")
    data = {"form": "rule", "rule-weekday": "0", "rule-start_time": "09:00", "rule-end_time": "12:00"}
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "rule-start_time": "10:00"})
    assert response.status_code == 400
    assert consultant.availability_rules.count() == 1


def test_consultant_cannot_open_officer_pages(client):
    application = submitted_application()
    client.force_login(application.consultant.user)
    assert client.get(reverse("consultants:officer_queue")).status_code == 403
    response = client.post(
        reverse("consultants:officer_review", args=[application.pk]), {"form": "start_review"}
    )
    assert response.status_code == 403


def test_evidence_is_private_to_applicant_and_officers(client):
    application = complete_application(make_consultant())
    evidence = application.evidence.first()
    url = reverse("consultants:evidence_download", args=[evidence.pk])
    client.force_login(make_consultant().user)
    assert client.get(url).status_code == 404
    client.force_login(application.consultant.user)
    assert client.get(url).status_code == 200
    client.force_login(OfficerFactory())
    assert client.get(url).status_code == 200


def test_officer_reviews_and_certifies_on_the_review_page(client):
    officer = OfficerFactory()
    application = submitted_application()
    client.force_login(officer)
    url = reverse("consultants:officer_review", args=[application.pk])
    assert client.get(reverse("consultants:officer_queue")).status_code == 200
    assert client.post(url, {"form": "start_review"}).status_code == 302
    checks = {f"check_{code}": "on" for code in ("competence", "experience", "training", "no_complaints")}
    assert client.post(url, {"form": "decide", "decision": "certify", **checks}).status_code == 302
    application.refresh_from_db()
    assert application.status == "certified"


def test_reject_without_reason_on_the_review_page_is_refused(client):
    from tests.consultants.factories import under_review_application

    officer = OfficerFactory()
    application = under_review_application(officer=officer)
    client.force_login(officer)
    response = client.post(
        reverse("consultants:officer_review", args=[application.pk]), {"form": "decide", "decision": "reject"}
    )
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.status == "under_review"
