"""Orders: the vendor records its e-invoice number against a paid amount due, which redeems the support
a voucher reserved on it (the vouchers app listens through marketplace.core.deals). Only the vendor,
only a paid amount, never without a number; a corrected number redeems nothing twice."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from marketplace.core.deals import payable_key
from marketplace.orders import services as orders
from marketplace.orders.errors import InvalidOrderInput, InvoiceNotDue, OrderNotFound
from marketplace.orders.models import AmountStatus
from marketplace.payments import services as payments
from marketplace.payments.models import PaymentMethod
from marketplace.vouchers import ledger
from marketplace.vouchers.models import Account, BudgetEntry, Movement
from tests.factories import OfficerFactory, UserFactory, enterprise_owner
from tests.orders.factories import confirmed_order, sme, vendor_user

from .factories import voucher

pytestmark = pytest.mark.django_db


@pytest.fixture
def amount():
    issued = voucher(amount=100_000_000)
    order = confirmed_order(price=12_000_000, billing="yearly", enterprise=issued.enterprise)
    return order.amounts.get()


def held(amount) -> dict:
    return ledger.balances(BudgetEntry.objects.filter(payable_key=payable_key(amount)))


def paid(amount):
    payment = payments.payment_create(
        payable=amount, by=sme(amount.order), method=PaymentMethod.BANK_TRANSFER, idempotency_key="k"
    )
    payments.payment_mark_received(payment=payment, by=OfficerFactory(), bank_reference="FT26336")
    amount.refresh_from_db()
    assert amount.status == AmountStatus.PAID
    return amount


def test_the_vendors_e_invoice_redeems_the_reserved_support(amount):
    assert held(amount)[Account.RESERVED] == 6_000_000  # 50 % of 12 million, within the small caps
    paid(amount)
    orders.amount_record_invoice(amount=amount, actor=vendor_user(amount.order), number=" C26TBB-000771 ")
    amount.refresh_from_db()
    assert amount.e_invoice_number == "C26TBB-000771"
    balances = held(amount)
    assert balances[Account.RESERVED] == 0 and balances[Account.REDEEMED] == 6_000_000
    redeem = BudgetEntry.objects.get(payable_key=payable_key(amount), movement=Movement.REDEEM)
    assert redeem.evidence == "C26TBB-000771" and redeem.created_by == vendor_user(amount.order)
    # a corrected number changes the number, never redeems twice
    orders.amount_record_invoice(amount=amount, actor=vendor_user(amount.order), number="C26TBB-000772")
    assert BudgetEntry.objects.filter(payable_key=payable_key(amount), movement=Movement.REDEEM).count() == 1
    assert held(amount)[Account.REDEEMED] == 6_000_000


def test_no_invoice_before_payment_without_a_number_or_by_anyone_but_the_vendor(amount):
    vendor = vendor_user(amount.order)
    with pytest.raises(InvoiceNotDue):
        orders.amount_record_invoice(amount=amount, actor=vendor, number="HD-1")
    paid(amount)
    with pytest.raises(InvalidOrderInput):
        orders.amount_record_invoice(amount=amount, actor=vendor, number="   ")
    for outsider in (sme(amount.order), UserFactory(), OfficerFactory()):
        with pytest.raises(OrderNotFound):
            orders.amount_record_invoice(amount=amount, actor=outsider, number="HD-1")
    amount.refresh_from_db()
    assert amount.e_invoice_number == ""
    assert held(amount)[Account.RESERVED] == 6_000_000 and held(amount)[Account.REDEEMED] == 0


def test_an_order_without_a_voucher_records_its_invoice_and_touches_no_ledger():
    order = confirmed_order(price=2_000_000, billing="yearly")
    amount = paid(order.amounts.get())
    orders.amount_record_invoice(amount=amount, actor=vendor_user(order), number="HD-9")
    amount.refresh_from_db()
    assert (
        amount.e_invoice_number == "HD-9"
        and not BudgetEntry.objects.filter(payable_key=payable_key(amount)).exists()
    )


def test_the_vendor_records_it_on_the_order_page_and_others_cannot(amount):
    paid(amount)
    order = amount.order
    url = f"/orders/{order.pk}/action/"
    vendor = Client()
    vendor.force_login(vendor_user(order))
    page = vendor.get(f"/orders/{order.pk}/").content.decode()
    assert 'data-testid="invoice-amount"' in page
    owner = Client()
    owner.force_login(enterprise_owner(order.enterprise))
    assert 'data-testid="invoice-amount"' not in owner.get(f"/orders/{order.pk}/").content.decode()
    owner.post(url, {"action": "invoice", "amount": amount.pk, "e_invoice_number": "GIA-1"})
    stranger = Client()
    stranger.force_login(UserFactory())
    assert (
        stranger.post(url, {"action": "invoice", "amount": amount.pk, "e_invoice_number": "X"}).status_code
        == 404
    )
    for bad in ("", "abc", "99999999999999999999", str(amount.pk + 1000)):
        response = vendor.post(url, {"action": "invoice", "amount": bad, "e_invoice_number": "X"})
        assert response.status_code == 404
    assert held(amount)[Account.REDEEMED] == 0
    response = vendor.post(url, {"action": "invoice", "amount": amount.pk, "e_invoice_number": "C26TBB-1"})
    assert response.status_code == 302
    assert held(amount)[Account.REDEEMED] == 6_000_000
    assert "C26TBB-1" in vendor.get(f"/orders/{order.pk}/").content.decode()


def test_the_api_records_the_invoice_for_the_vendor_only(amount):
    paid(amount)
    order = amount.order
    url = f"/api/v1/orders/{order.pk}/invoice/"
    client = APIClient()
    client.force_authenticate(enterprise_owner(order.enterprise))
    response = client.post(url, {"amount": amount.pk, "e_invoice_number": "X"}, format="json")
    assert response.status_code in (403, 404)
    client.force_authenticate(vendor_user(order))
    for payload in (
        {},
        {"amount": "x", "e_invoice_number": "X"},
        {"amount": amount.pk, "e_invoice_number": ""},
    ):
        assert client.post(url, payload, format="json").status_code == 400
    assert client.post(url, {"amount": 10**9, "e_invoice_number": "X"}, format="json").status_code == 400
    response = client.post(url, {"amount": amount.pk, "e_invoice_number": "C26TBB-2"}, format="json")
    assert response.status_code == 200
    assert response.json()["amounts"][0]["e_invoice_number"] == "C26TBB-2"
    assert held(amount)[Account.REDEEMED] == 6_000_000
