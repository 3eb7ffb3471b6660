"""Voucher pages: the SME, the officer, the public; exports and open data."""

import json

import pytest
from django.test import Client

from tests.factories import OfficerFactory, enterprise_owner

from .factories import eligible_enterprise, open_call, voucher

pytestmark = pytest.mark.django_db


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_sme_applies_on_the_page_and_sees_its_voucher():
    call = open_call(auto_approve_up_to=30_000_000)
    enterprise = eligible_enterprise()
    owner = client_for(enterprise_owner(enterprise))
    page = owner.get("/vouchers/")
    assert page.status_code == 200 and call.title in page.content.decode()
    response = owner.post(
        f"/vouchers/calls/{call.pk}/apply/", {"amount": "30 triệu", "purpose": "Thuê phần mềm"}
    )
    assert response.status_code == 302
    page = owner.get("/vouchers/").content.decode()
    assert "DNV-" in page and "30.000.000" in page


def test_the_apply_page_lists_the_gaps():
    call = open_call()
    enterprise = eligible_enterprise(assessed=False)
    response = client_for(enterprise_owner(enterprise)).post(
        f"/vouchers/calls/{call.pk}/apply/", {"amount": "50.000.000", "purpose": "Tư vấn"}
    )
    assert response.status_code in (400, 409)
    assert b"eligibility-gaps" in response.content


def test_a_bad_amount_on_the_page_is_a_400():
    call = open_call()
    enterprise = eligible_enterprise()
    response = client_for(enterprise_owner(enterprise)).post(
        f"/vouchers/calls/{call.pk}/apply/", {"amount": "năm mươi", "purpose": "Tư vấn"}
    )
    assert response.status_code == 400


def test_officer_pages_are_for_officers():
    voucher()
    sme = client_for(enterprise_owner(eligible_enterprise(assessed=False)))
    assert sme.get("/vouchers/officer/").status_code == 403
    assert sme.get("/vouchers/officer/budget/").status_code == 403
    officer = client_for(OfficerFactory())
    assert officer.get("/vouchers/officer/").status_code == 200
    for cut in ("call", "ward", "section", "size"):
        assert officer.get(f"/vouchers/officer/budget/?cut={cut}").status_code == 200
    csv = officer.get("/vouchers/officer/budget/?cut=ward&format=csv")
    assert csv["Content-Type"].startswith("text/csv") and "100000000" in csv.content.decode("utf-8-sig")
    xlsx = officer.get("/vouchers/officer/budget/?format=xlsx")
    assert xlsx.content[:2] == b"PK"


def test_the_public_page_and_open_data_name_enterprises_but_no_person():
    from tests.engagements.factories import active

    issued = voucher(amount=100_000_000)
    active(enterprise=issued.enterprise, amounts=(20_000_000,))
    page = client_for().get("/vouchers/public/").content.decode()
    assert issued.enterprise.name in page and "10.000.000" in page
    data = json.loads(client_for().get("/vouchers/open-data.json").content)
    assert data["grants"][0]["tax_code"] == issued.enterprise.tax_code
    assert data["grants"][0]["reserved"] == 10_000_000
    text = json.dumps(data, ensure_ascii=False) + client_for().get("/vouchers/open-data.csv").content.decode(
        "utf-8-sig"
    )
    assert issued.enterprise.contact_email not in text and issued.enterprise.contact_phone not in text
    assert issued.enterprise.contact_name not in text


def test_the_verification_page():
    issued = voucher()
    assert (
        issued.enterprise.name in client_for().get(f"/vouchers/verify/?code={issued.code}").content.decode()
    )
    assert client_for().get("/vouchers/verify/?code=nonsense").status_code == 404
    assert client_for().get("/vouchers/verify/").status_code == 200


def test_the_enterprise_page_shows_its_vouchers():
    issued = voucher()
    page = (
        client_for(enterprise_owner(issued.enterprise))
        .get(f"/enterprises/{issued.enterprise.pk}/")
        .content.decode()
    )
    assert issued.code in page and "enterprise-vouchers" in page
