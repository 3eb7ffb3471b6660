"""The officer's voucher pages that the API alone did before: open a call, and redeem / disburse /
claw back support on an amount due. Non-officers are refused; bad input is a clear error that
changes nothing."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from marketplace.core.deals import payable_key
from marketplace.vouchers import ledger
from marketplace.vouchers.models import Account, BudgetEntry, Call, Movement
from tests.engagements.factories import active
from tests.factories import OfficerFactory, UserFactory, enterprise_owner

from .factories import default_scheme, eligible_enterprise, voucher

pytestmark = pytest.mark.django_db


def client_for(user=None, language: str = "en") -> Client:
    """Messages are checked in English (the language switch's cookie); Vietnamese is the default."""
    client = Client()
    client.cookies["django_language"] = language
    if user is not None:
        client.force_login(user)
    return client


def call_form(**changes) -> dict:
    today = timezone.localdate()
    data = {
        "scheme": default_scheme().pk,
        "code": "HT-2026-09",
        "title": "Đợt hỗ trợ tư vấn chuyển đổi số quý IV",
        "budget": "2,5 tỷ",
        "opens_on": today.isoformat(),
        "closes_on": (today + dt.timedelta(days=30)).isoformat(),
        "voucher_valid_until": (today + dt.timedelta(days=365)).isoformat(),
        "auto_approve_up_to": "30 triệu",
        "ward_quotas": "26734: 500 triệu\n26737 = 1.000.000.000",
        "section_quotas": "c: 800 triệu",
    }
    data.update(changes)
    return data


def test_an_officer_opens_a_call_on_the_page_with_vietnamese_amounts_and_quotas():
    officer = client_for(OfficerFactory())
    page = officer.get("/vouchers/officer/calls/new/")
    assert page.status_code == 200 and 'name="budget"' in page.content.decode()
    vietnamese = client_for(OfficerFactory(), language="vi").get("/vouchers/officer/calls/new/")
    assert "Mở đợt hỗ trợ" in vietnamese.content.decode()
    assert "/vouchers/officer/calls/new/" in officer.get("/vouchers/officer/").content.decode()
    response = officer.post("/vouchers/officer/calls/new/", call_form())
    assert response.status_code == 302
    call = Call.objects.get(code="HT-2026-09")
    assert call.budget == 2_500_000_000 and call.auto_approve_up_to == 30_000_000
    assert call.quotas == {
        "wards": {"26734": 500_000_000, "26737": 1_000_000_000},
        "sections": {"C": 800_000_000},
    }
    assert ledger.call_available(call) == 2_500_000_000
    assert BudgetEntry.objects.filter(call=call, movement=Movement.FUND).count() == 1


@pytest.mark.parametrize(
    ("changes", "field_text"),
    [
        ({"budget": "năm tỷ"}, "1.200.000.000"),
        ({"budget": "1.2000.000"}, "separators"),
        ({"budget": "0"}, "greater than zero"),
        ({"budget": "-5 triệu"}, "negative"),
        ({"closes_on": "2020-01-01"}, "close before it opens"),
        ({"voucher_valid_until": "2020-01-01"}, "at least until the call closes"),
        ({"opens_on": "31/02/2026"}, "date"),
        ({"ward_quotas": "26734 200 triệu"}, "Line 1"),
        ({"section_quotas": "C: 1 triệu\nC: 2 triệu"}, "given twice"),
        ({"scheme": "999999"}, "choice"),
        ({"code": ""}, "required"),
    ],
)
def test_bad_call_input_is_a_clear_400_and_opens_nothing(changes, field_text):
    officer = client_for(OfficerFactory())
    response = officer.post("/vouchers/officer/calls/new/", call_form(**changes))
    assert response.status_code == 400
    assert field_text.lower() in response.content.decode().lower()
    assert not Call.objects.filter(code="HT-2026-09").exists()
    assert not BudgetEntry.objects.exists()


def test_a_duplicate_code_is_refused_on_the_form():
    officer = client_for(OfficerFactory())
    assert officer.post("/vouchers/officer/calls/new/", call_form()).status_code == 302
    response = officer.post("/vouchers/officer/calls/new/", call_form())
    assert response.status_code == 400 and "exists" in response.content.decode()
    assert Call.objects.filter(code="HT-2026-09").count() == 1
    assert BudgetEntry.objects.count() == 1


def test_non_officers_are_refused_every_officer_page_and_action():
    issued = voucher(amount=100_000_000)
    engagement = active(enterprise=issued.enterprise, amounts=(20_000_000,))
    key = payable_key(engagement.milestones.get())
    before = BudgetEntry.objects.count()
    sme = enterprise_owner(issued.enterprise)
    for user in (sme, engagement.consultant.user, UserFactory()):
        client = client_for(user)
        assert client.get("/vouchers/officer/calls/new/").status_code == 403
        assert client.post("/vouchers/officer/calls/new/", call_form()).status_code == 403
        assert client.get("/vouchers/officer/money/").status_code == 403
        for data in (
            {"action": "redeem", "payable_key": key, "e_invoice_number": "HD-1"},
            {"action": "disburse", "payable_key": key, "bank_reference": "VCB-1"},
            {"action": "claw_back", "payable_key": key, "reason": "giả"},
        ):
            assert client.post("/vouchers/officer/money/act/", data).status_code == 403
    anonymous = client_for()
    assert anonymous.get("/vouchers/officer/money/").status_code == 302
    assert anonymous.post("/vouchers/officer/money/act/", {"action": "redeem"}).status_code == 302
    assert BudgetEntry.objects.count() == before
    assert not Call.objects.filter(code="HT-2026-09").exists()


def test_an_officer_redeems_disburses_and_claws_back_on_the_page():
    issued = voucher(amount=100_000_000)
    engagement = active(enterprise=issued.enterprise, amounts=(20_000_000,))
    key = payable_key(engagement.milestones.get())
    officer = client_for(OfficerFactory())
    page = officer.get("/vouchers/officer/money/").content.decode()
    assert issued.enterprise.name in page and 'data-testid="redeem"' in page
    officer.cookies["django_language"] = "vi"
    page = officer.get("/vouchers/officer/money/").content.decode()
    assert "10.000.000" in page and "Số hóa đơn điện tử của nhà cung cấp" in page
    officer.cookies["django_language"] = "en"

    def act(**data):
        response = officer.post("/vouchers/officer/money/act/", data, follow=True)
        assert response.status_code == 200
        return response.content.decode()

    def balances():
        return ledger.balances(BudgetEntry.objects.filter(payable_key=key))

    # bad input first: a clear message, nothing moves
    assert "e-invoice number" in act(action="redeem", payable_key=key, e_invoice_number="  ")
    assert "Nothing redeemed is waiting" in act(action="disburse", payable_key=key, bank_reference="VCB-1")
    assert balances()[Account.RESERVED] == 10_000_000 and balances()[Account.REDEEMED] == 0
    assert "No support is reserved" in act(action="redeem", payable_key="x:1", e_invoice_number="HD-1")
    assert (
        officer.post("/vouchers/officer/money/act/", {"action": "steal", "payable_key": key}).status_code
        == 404
    )

    act(action="redeem", payable_key=key, e_invoice_number="C26TAA-0001234")
    assert balances()[Account.REDEEMED] == 10_000_000 and balances()[Account.RESERVED] == 0
    assert "Give the bank reference" in act(action="disburse", payable_key=key, bank_reference="")
    assert balances()[Account.DISBURSED] == 0
    act(action="disburse", payable_key=key, bank_reference="VCB-20261202-77")
    assert balances()[Account.DISBURSED] == 10_000_000
    assert "Give a reason" in act(action="claw_back", payable_key=key, reason=" ")
    assert balances()[Account.CLAWED_BACK] == 0
    act(action="claw_back", payable_key=key, reason="Hóa đơn không tồn tại trên hệ thống thuế")
    assert balances()[Account.CLAWED_BACK] == 10_000_000 and balances()[Account.DISBURSED] == 0
    rows = BudgetEntry.objects.filter(payable_key=key).order_by("pk")
    assert [r.movement for r in rows] == ["reserve", "redeem", "disburse", "claw_back"]
    assert rows[1].evidence == "C26TAA-0001234" and rows[2].evidence == "VCB-20261202-77"
    # nothing left to move: a second claw back is refused, nothing posted
    assert "Nothing redeemed or disbursed" in act(action="claw_back", payable_key=key, reason="lần hai")
    assert rows.count() == 4


def test_the_money_page_is_empty_without_reservations():
    voucher(enterprise=eligible_enterprise())
    page = client_for(OfficerFactory()).get("/vouchers/officer/money/")
    assert page.status_code == 200
