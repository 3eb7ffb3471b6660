import pytest
from django.urls import reverse

from consultants import services
from consultants.models import Certificate, CertificationApplication
from tests.consultants.factories import (
    age_certificate,
    certificate_of,
    certified_consultant,
    complete_application,
    expertise,
    make_consultant,
    sector,
    submitted_application,
    under_review_application,
)
from tests.core.imagefiles import image_bytes, minimal_pdf, upload
from tests.factories import OfficerFactory, UserFactory

pytestmark = pytest.mark.django_db
LIST = "/api/v1/consultants/"


def ward_and_province():
    from marketplace.taxonomy.models import AdminUnit

    ward = AdminUnit.objects.filter(level=AdminUnit.COMMUNE).order_by("code").first()
    return ward, ward.parent


# ---- public registry ----


def test_registry_lists_only_certified_visible_consultants(api_client):
    shown = certified_consultant(display_name="An Certified")
    hidden = certified_consultant(display_name="Bình Hidden")
    services.consultant_set_visibility(consultant=hidden, actor=hidden.user, visible=False)
    make_consultant(display_name="Chưa Certified")
    submitted_application(make_consultant(display_name="Đang nộp"))
    response = api_client.get(LIST)
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [shown.pk]
    assert response.json()["results"][0]["certified"] is True
    assert response.json()["results"][0]["certificate"]["status"] == "active"


def test_suspended_and_expired_consultants_leave_the_registry(api_client):
    officer = OfficerFactory()
    suspended = certified_consultant(officer=officer)
    services.certificate_suspend(certificate=certificate_of(suspended), officer=officer, reason="Khiếu nại")
    expired = certified_consultant(officer=officer)
    age_certificate(certificate_of(expired), days_left=-1)
    assert api_client.get(LIST).json()["count"] == 0
    assert api_client.get(f"{LIST}{expired.pk}/").status_code == 404


@pytest.mark.parametrize(
    "query,expected",
    [
        ("sector=62", {"it"}),
        ("sector=K", {"it"}),  # a section matches its divisions
        ("expertise=green", {"farm"}),
        ("service_mode=on_site", {"farm"}),
        ("language=en", {"it"}),
        ("rate_min=400000&rate_max=600000", {"it"}),
        ("rate_max=300000", {"farm"}),
    ],
)
def test_registry_filters(api_client, query, expected):
    it = certified_consultant(
        display_name="IT",
        sectors=[sector("62")],
        expertise=[expertise("data")],
        languages=["vi", "en"],
        service_modes=["online"],
        hourly_rate=500_000,
    )
    farm = certified_consultant(
        display_name="Farm",
        sectors=[sector("01")],
        expertise=[expertise("green")],
        languages=["vi"],
        service_modes=["on_site"],
        hourly_rate=200_000,
    )
    names = {it.pk: "it", farm.pk: "farm"}
    response = api_client.get(f"{LIST}?{query}")
    assert response.status_code == 200, response.json()
    assert {names[row["id"]] for row in response.json()["results"]} == expected


def test_area_filter_matches_ward_and_its_province(api_client):
    ward, province = ward_and_province()
    by_ward = certified_consultant(coverage=[ward])
    by_province = certified_consultant(coverage=[province])
    certified_consultant(coverage=[])
    ids = {row["id"] for row in api_client.get(f"{LIST}?area={ward.code}").json()["results"]}
    assert ids == {by_ward.pk, by_province.pk}
    ids = {row["id"] for row in api_client.get(f"{LIST}?area={province.code}").json()["results"]}
    assert ids == {by_ward.pk, by_province.pk}


def test_sorting_by_rate(api_client):
    cheap = certified_consultant(hourly_rate=100_000)
    dear = certified_consultant(hourly_rate=900_000)
    ids = [row["id"] for row in api_client.get(f"{LIST}?sort=-rate").json()["results"]]
    assert ids == [dear.pk, cheap.pk]


@pytest.mark.parametrize(
    "query",
    ["sector=ZZ", "rate_min=abc", "rate_min=1.5", "rate_max=-3", "sort=bogus", "language=xx", "area=0"],
)
def test_invalid_filter_values_answer_400_in_the_standard_shape(api_client, query):
    response = api_client.get(f"{LIST}?{query}")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_registry_list_runs_constant_queries(api_client, django_assert_max_num_queries):
    officer = OfficerFactory()
    ward, _province = ward_and_province()
    for index in range(12):
        consultant = certified_consultant(
            officer=officer, sectors=[sector("62")], expertise=[expertise("data")], coverage=[ward]
        )
        services.consultant_package_add(
            consultant=consultant, actor=consultant.user, title=f"Gói {index}", price=1
        )
    with django_assert_max_num_queries(10) as small:
        assert len(api_client.get(f"{LIST}?page_size=2").json()["results"]) == 2
    with django_assert_max_num_queries(10) as large:
        assert len(api_client.get(f"{LIST}?page_size=12").json()["results"]) == 12
    assert len(small.captured_queries) == len(large.captured_queries)


def test_public_profile_detail_and_slots(api_client):
    consultant = certified_consultant(time_zone="Asia/Ho_Chi_Minh")
    response = api_client.get(f"{LIST}{consultant.pk}/")
    assert response.status_code == 200
    response = api_client.get(f"{LIST}{consultant.pk}/slots/?start=2026-06-01T00:00:00Z&days=7")
    assert response.status_code == 200
    assert response.json()["slots"] == []


def test_slots_refuse_a_time_without_offset(api_client):
    consultant = certified_consultant()
    response = api_client.get(f"{LIST}{consultant.pk}/slots/?start=2026-06-01T09:00:00")
    assert response.status_code == 400


def test_uncertified_profile_is_not_public(api_client):
    consultant = make_consultant()
    assert api_client.get(f"{LIST}{consultant.pk}/").status_code == 404


# ---- own profile ----


def test_user_creates_and_edits_own_profile(api_client):
    user = UserFactory()
    api_client.force_authenticate(user)
    response = api_client.post(
        "/api/v1/consultants/me/",
        {"display_name": "Nguyễn Văn Tư", "sectors": ["62"], "languages": ["vi"], "hourly_rate": 400000},
        format="json",
    )
    assert response.status_code == 201, response.json()
    response = api_client.patch("/api/v1/consultants/me/", {"headline": "Tư vấn dữ liệu"}, format="json")
    assert response.json()["headline"] == "Tư vấn dữ liệu"


def test_forged_certified_field_is_ignored(api_client):
    consultant = make_consultant()
    api_client.force_authenticate(consultant.user)
    response = api_client.patch(
        "/api/v1/consultants/me/",
        {"certified": True, "certificate": {"status": "active"}, "status": "certified"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["certified"] is False
    assert not Certificate.objects.exists()
    assert api_client.get(f"{LIST}{consultant.pk}/").status_code == 404


@pytest.mark.parametrize("rate", [-1, "1.5", "abc"])
def test_bad_rate_is_refused_by_the_api(api_client, rate):
    consultant = make_consultant()
    api_client.force_authenticate(consultant.user)
    response = api_client.patch("/api/v1/consultants/me/", {"hourly_rate": rate}, format="json")
    assert response.status_code == 400
    assert "hourly_rate" in response.json()["fields"]


def test_there_is_no_way_to_edit_another_consultants_profile(api_client):
    victim, attacker = make_consultant(), make_consultant()
    certified_consultant(victim)
    api_client.force_authenticate(attacker.user)
    response = api_client.patch(f"{LIST}{victim.pk}/", {"headline": "Hacked"}, format="json")
    assert response.status_code == 405
    victim.refresh_from_db()
    assert victim.headline == ""


def test_photo_upload_refuses_text_renamed_jpg(api_client):
    consultant = make_consultant()
    api_client.force_authenticate(consultant.user)
    response = api_client.post(
        "/api/v1/consultants/me/photo/",
        {"photo": upload(b"not really a picture", "me.jpg")},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_image"


def test_photo_upload_accepts_png_named_jpg(api_client):
    consultant = make_consultant()
    api_client.force_authenticate(consultant.user)
    response = api_client.post(
        "/api/v1/consultants/me/photo/", {"photo": upload(image_bytes("PNG"), "me.jpg")}, format="multipart"
    )
    assert response.status_code == 200
    assert set(response.json()["photo"]) == {"original", "small", "medium"}


def test_overlapping_rule_via_api_is_a_409(api_client):
    consultant = make_consultant()
    api_client.force_authenticate(consultant.user)
    url = "/api/v1/consultants/me/availability-rules/"
    assert api_client.post(url, {"weekday": 0, "start_time": "09:00", "end_time": "12:00"}).status_code == 201
    response = api_client.post(url, {"weekday": 0, "start_time": "11:00", "end_time": "13:00"})
    assert response.status_code == 409
    assert response.json()["code"] == "availability_overlap"


def test_consultant_cannot_delete_another_consultants_rule(api_client):
    from datetime import time

    victim, attacker = make_consultant(), make_consultant()
    rule = services.availability_rule_add(
        consultant=victim, actor=victim.user, weekday=1, start_time=time(9), end_time=time(10)
    )
    api_client.force_authenticate(attacker.user)
    assert api_client.delete(f"/api/v1/consultants/me/availability-rules/{rule.pk}/").status_code == 404
    assert victim.availability_rules.count() == 1


# ---- applications ----


def test_consultant_applies_through_the_api(api_client):
    consultant = make_consultant()
    api_client.force_authenticate(consultant.user)
    answers = dict.fromkeys(("competence", "experience", "training", "no_complaints"), "Có")
    response = api_client.post(
        "/api/v1/certification-applications/",
        {"statement": "Tóm tắt", "criteria_answers": answers},
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    base = f"/api/v1/certification-applications/{pk}/"
    response = api_client.post(
        f"{base}evidence/", {"file": upload(minimal_pdf(), "cv.pdf")}, format="multipart"
    )
    assert response.status_code == 201
    response = api_client.post(
        f"{base}references/", {"name": "Lê Bình", "email": "binh@abc.vn"}, format="json"
    )
    assert response.status_code == 201
    response = api_client.post(f"{base}submit/")
    assert response.json()["status"] == "submitted"


def test_evidence_with_wrong_type_is_refused(api_client):
    consultant = make_consultant()
    application = services.application_create(consultant=consultant, actor=consultant.user)
    api_client.force_authenticate(consultant.user)
    response = api_client.post(
        f"/api/v1/certification-applications/{application.pk}/evidence/",
        {"file": upload(b"MZ\x90\x00 executable", "diploma.pdf")},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_document"


def test_consultant_calling_officer_endpoints_gets_403(api_client):
    application = submitted_application()
    api_client.force_authenticate(application.consultant.user)
    base = f"/api/v1/certification-applications/{application.pk}/"
    assert api_client.post(f"{base}start-review/").status_code == 403
    assert api_client.post(f"{base}decide/", {"decision": "certify"}).status_code == 403
    application.refresh_from_db()
    assert application.status == "submitted"


def test_consultant_cannot_see_another_consultants_application(api_client):
    application = submitted_application()
    api_client.force_authenticate(make_consultant().user)
    assert api_client.get(f"/api/v1/certification-applications/{application.pk}/").status_code == 404


def test_forged_status_in_application_patch_is_ignored(api_client):
    application = complete_application(make_consultant())
    api_client.force_authenticate(application.consultant.user)
    response = api_client.patch(
        f"/api/v1/certification-applications/{application.pk}/", {"status": "certified"}, format="json"
    )
    assert response.status_code == 200
    assert CertificationApplication.objects.get(pk=application.pk).status == "draft"


def test_officer_decides_through_the_api(api_client):
    officer = OfficerFactory()
    application = under_review_application(officer=officer)
    api_client.force_authenticate(officer)
    base = f"/api/v1/certification-applications/{application.pk}/"
    response = api_client.post(f"{base}decide/", {"decision": "reject"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "reason_required"
    response = api_client.post(f"{base}decide/", {"decision": "certify"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "certified"
    response = api_client.post(f"{base}decide/", {"decision": "certify"}, format="json")
    assert response.status_code == 409


def test_officer_queue_filters_by_state(api_client):
    officer = OfficerFactory()
    submitted_application()
    under_review_application(officer=officer)
    api_client.force_authenticate(officer)
    response = api_client.get("/api/v1/certification-applications/?status=under_review")
    assert [row["status"] for row in response.json()["results"]] == ["under_review"]
    assert api_client.get("/api/v1/certification-applications/?status=nonsense").status_code == 400


def test_application_list_runs_constant_queries(api_client, django_assert_max_num_queries):
    for _ in range(6):
        submitted_application()
    api_client.force_authenticate(OfficerFactory())
    api_client.get("/api/v1/certification-applications/")  # warm the per-user officer check
    with django_assert_max_num_queries(12) as small:
        api_client.get("/api/v1/certification-applications/?page_size=2")
    with django_assert_max_num_queries(12) as large:
        api_client.get("/api/v1/certification-applications/?page_size=6")
    assert len(small.captured_queries) == len(large.captured_queries)


# ---- certificates ----


def certificate_status_via_api(api_client, certificate) -> str:
    response = api_client.get(f"/api/v1/certificates/{certificate.code}/")
    assert response.status_code == 200
    return response.json()["status"]


def test_certificate_verification_for_each_status(api_client):
    officer = OfficerFactory()
    valid = certificate_of(certified_consultant(officer=officer))
    assert certificate_status_via_api(api_client, valid) == "valid"
    suspended = certificate_of(certified_consultant(officer=officer))
    services.certificate_suspend(certificate=suspended, officer=officer, reason="Khiếu nại")
    assert certificate_status_via_api(api_client, suspended) == "suspended"
    revoked = certificate_of(certified_consultant(officer=officer))
    services.certificate_revoke(certificate=revoked, officer=officer, reason="Vi phạm")
    assert certificate_status_via_api(api_client, revoked) == "revoked"
    expired = age_certificate(certificate_of(certified_consultant(officer=officer)), days_left=-1)
    assert certificate_status_via_api(api_client, expired) == "expired"


def test_certificate_shows_holder_and_dates(api_client):
    consultant = certified_consultant(display_name="Phạm Minh Châu")
    data = api_client.get(f"/api/v1/certificates/{certificate_of(consultant).code}/").json()
    assert data["holder"]["display_name"] == "Phạm Minh Châu"
    assert data["valid_until"] > data["valid_from"]


def test_unknown_certificate_code_is_a_404_in_the_standard_shape(api_client):
    response = api_client.get("/api/v1/certificates/no-such-code/")
    assert response.status_code == 404
    assert set(response.json()) == {"code", "message", "fields"}
    assert response.json()["code"] == "certificate_not_found"


def test_consultant_cannot_reinstate_or_renew_through_the_api(api_client):
    consultant = certified_consultant()
    api_client.force_authenticate(consultant.user)
    code = certificate_of(consultant).code
    assert api_client.post(f"/api/v1/certificates/{code}/renew/").status_code == 403
    assert api_client.post(f"/api/v1/certificates/{code}/suspend/", {"reason": "x"}).status_code == 403


def test_officer_suspends_through_the_api(api_client):
    officer = OfficerFactory()
    code = certificate_of(certified_consultant(officer=officer)).code
    api_client.force_authenticate(officer)
    assert api_client.post(f"/api/v1/certificates/{code}/suspend/", {"reason": ""}).status_code == 400
    for action in ("suspend", "revoke"):  # no reason at all: a field error, not a crash
        response = api_client.post(f"/api/v1/certificates/{code}/{action}/", {})
        assert response.status_code == 400 and "reason" in response.json()["fields"]
    response = api_client.post(f"/api/v1/certificates/{code}/suspend/", {"reason": "Khiếu nại"})
    assert response.json()["status"] == "suspended"
    assert api_client.post(f"/api/v1/certificates/{code}/renew/").status_code == 409


# ---- firms ----


def test_firm_admin_adds_member_and_outsider_cannot(api_client):
    admin, member, outsider = make_consultant(), make_consultant(), make_consultant()
    api_client.force_authenticate(admin.user)
    firm_id = api_client.post("/api/v1/consulting-firms/", {"name": "Công ty Số"}, format="json").json()["id"]
    assert (
        api_client.post(f"/api/v1/consulting-firms/{firm_id}/members/", {"consultant": member.pk}).status_code
        == 204
    )
    api_client.force_authenticate(outsider.user)
    response = api_client.patch(f"/api/v1/consulting-firms/{firm_id}/", {"name": "Hacked"}, format="json")
    assert response.status_code == 403
    assert (
        api_client.post(
            f"/api/v1/consulting-firms/{firm_id}/members/", {"consultant": outsider.pk}
        ).status_code
        == 403
    )


def test_schema_url_resolves():
    assert reverse("api:consultant-list") == LIST
