"""Vouchers API, from the user's and the attacker's side."""

import pytest
from rest_framework.test import APIClient

from marketplace.vouchers.models import ApplicationStatus, Voucher
from tests.factories import OfficerFactory, UserFactory, enterprise_owner

from .factories import applied, eligible_enterprise, open_call, voucher

pytestmark = pytest.mark.django_db


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_schemes_and_calls_are_public_and_read_only():
    call = open_call(budget=300_000_000)
    anonymous = client_for()
    schemes = anonymous.get("/api/v1/voucher-schemes/").json()["results"]
    assert schemes[0]["code"] == "ND80-2021-DIEU11" and len(schemes[0]["rules"]) == 6
    calls = anonymous.get("/api/v1/voucher-calls/").json()["results"]
    assert calls[0]["code"] == call.code and calls[0]["available"] == 300_000_000
    response = anonymous.post("/api/v1/voucher-calls/", {"code": "X"}, format="json")
    assert response.status_code in (401, 403, 405)


def test_an_sme_applies_and_sees_what_is_missing():
    call = open_call()
    enterprise = eligible_enterprise(assessed=False)
    owner = enterprise_owner(enterprise)
    response = client_for(owner).post(
        "/api/v1/voucher-applications/",
        {"call": call.pk, "amount_requested": 50_000_000, "purpose": "Tư vấn"},
        format="json",
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "not_eligible" and body["fields"]["eligibility"]


def test_apply_approve_verify():
    call = open_call()
    enterprise = eligible_enterprise()
    owner = enterprise_owner(enterprise)
    response = client_for(owner).post(
        "/api/v1/voucher-applications/",
        {"call": call.pk, "amount_requested": 50_000_000, "purpose": "Tư vấn chuyển đổi số"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    # the SME cannot approve its own application, nor raise its amount
    assert (
        client_for(owner).post(f"/api/v1/voucher-applications/{pk}/approve/", {}, format="json").status_code
        == 403
    )
    officer = OfficerFactory()
    response = client_for(officer).post(
        f"/api/v1/voucher-applications/{pk}/approve/", {"ceiling": 40_000_000}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == ApplicationStatus.APPROVED
    code = response.json()["voucher_code"]
    issued = Voucher.objects.get(code=code)
    for method in ("patch", "put"):
        response = getattr(client_for(owner), method)(
            f"/api/v1/vouchers/{issued.pk}/", {"ceiling": 900_000_000}, format="json"
        )
        assert response.status_code == 405
    issued.refresh_from_db()
    assert issued.ceiling == 40_000_000
    mine = client_for(owner).get("/api/v1/vouchers/").json()["results"]
    assert [v["code"] for v in mine] == [code] and mine[0]["balance"]["remaining"] == 40_000_000
    public = client_for().get(f"/api/v1/voucher-verification/{code.lower().replace('-', ' ')}/")
    assert public.status_code == 200 and public.json()["enterprise_name"] == enterprise.name
    assert (
        client_for().get("/api/v1/voucher-verification/DNV-2026-99999-A/").json()["code"]
        == "voucher_not_found"
    )


def test_another_smes_voucher_and_application_are_not_found():
    issued = voucher()
    stranger = enterprise_owner(eligible_enterprise(assessed=False))
    assert client_for(stranger).get(f"/api/v1/vouchers/{issued.pk}/").status_code == 404
    assert (
        client_for(stranger).get(f"/api/v1/voucher-applications/{issued.application_id}/").status_code == 404
    )
    response = client_for(stranger).post(f"/api/v1/voucher-applications/{issued.application_id}/withdraw/")
    assert response.status_code == 404


def test_the_ledger_is_for_officers_only():
    voucher()
    assert client_for(UserFactory()).get("/api/v1/voucher-ledger/").status_code == 403
    assert client_for().get("/api/v1/voucher-ledger/").status_code in (401, 403)
    rows = client_for(OfficerFactory()).get("/api/v1/voucher-ledger/").json()["results"]
    assert [r["movement"] for r in rows] == ["fund", "allocate"]


def test_a_provider_cannot_redeem_and_an_officer_needs_the_invoice():
    application = applied(open_call())
    consultant = UserFactory()
    response = client_for(consultant).post(
        "/api/v1/voucher-ledger/redeem/", {"payable_key": "x:1", "e_invoice_number": ""}, format="json"
    )
    assert response.status_code == 403
    response = client_for(OfficerFactory()).post(
        "/api/v1/voucher-ledger/redeem/", {"payable_key": "x:1", "e_invoice_number": ""}, format="json"
    )
    assert response.status_code == 400 and "e_invoice_number" in response.json()["fields"]
    response = client_for(OfficerFactory()).post(
        "/api/v1/voucher-ledger/redeem/", {"payable_key": "x:1", "e_invoice_number": "HD-1"}, format="json"
    )
    assert response.status_code == 409 and response.json()["code"] == "nothing_reserved"
    assert application.status == ApplicationStatus.SUBMITTED


def test_bad_input_is_a_400_never_a_500():
    owner = enterprise_owner(eligible_enterprise())
    for payload in (
        {},
        {"call": "x"},
        {"call": 1, "amount_requested": -5, "purpose": "x"},
        {"call": 10**9, "amount_requested": 1, "purpose": "x"},
    ):
        response = client_for(owner).post("/api/v1/voucher-applications/", payload, format="json")
        assert response.status_code in (400, 404), (payload, response.status_code)
        assert "code" in response.json()


def test_an_officer_opens_a_call_and_its_budget_enters_the_ledger():
    from .factories import default_scheme

    scheme = default_scheme()
    payload = {
        "scheme": scheme.pk,
        "code": "DOT-API-1",
        "title": "Đợt hỗ trợ qua API",
        "budget": 400_000_000,
        "opens_on": "2026-01-01",
        "closes_on": "2026-12-31",
        "voucher_valid_until": "2027-12-31",
        "quotas": {"sections": {"C": 100_000_000}},
    }
    assert (
        client_for(enterprise_owner(eligible_enterprise(assessed=False)))
        .post("/api/v1/voucher-calls/", payload, format="json")
        .status_code
        == 403
    )
    response = client_for(OfficerFactory()).post("/api/v1/voucher-calls/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["available"] == 400_000_000
    bad = {**payload, "code": "DOT-API-2", "closes_on": "2025-12-31"}
    response = client_for(OfficerFactory()).post("/api/v1/voucher-calls/", bad, format="json")
    assert response.status_code == 400 and "closes_on" in response.json()["fields"]
