"""An order's amount due is payable: the payment carries the amount's split (payments.split), paying
marks the amount paid (audited in the order's history), a refund is recorded; the order page shows
"Pay" to the enterprise only; another SME, the vendor and forged amounts change nothing."""

import pytest

from marketplace.core.audit import audit_history
from marketplace.orders import services
from marketplace.orders.errors import AmountNotPayable
from marketplace.orders.models import AmountStatus
from marketplace.payments import services as payments
from marketplace.payments.errors import NotThePayer
from marketplace.payments.models import Payment, PaymentMethod, PaymentStatus
from tests.factories import EnterpriseFactory, OfficerFactory, enterprise_owner

from .factories import confirmed_order, sme, vendor_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def amount():
    order = confirmed_order(
        price=1_000_000,
        pricing="co_investment",
        co_investment=300_000,
        co_investor="vendor",
        billing="monthly",
    )
    return order.amounts.get()


def pay(amount, key="k"):
    return payments.payment_create(
        payable=amount, by=sme(amount.order), method=PaymentMethod.BANK_TRANSFER, idempotency_key=key
    )


def test_the_payment_of_an_amount_carries_its_co_investment_split(amount):
    payment = pay(amount)
    assert (payment.price, payment.co_investment, payment.support, payment.sme_share) == (
        1_000_000,
        300_000,
        0,
        700_000,
    )
    assert (amount.price, amount.co_investment, amount.sme_share) == (1_000_000, 300_000, 700_000)


def test_receiving_the_transfer_marks_the_amount_paid_once_and_audits_it(amount):
    payment = pay(amount)
    payments.payment_mark_received(payment=payment, by=OfficerFactory(), bank_reference="FT1")
    amount.refresh_from_db()
    assert amount.status == AmountStatus.PAID
    actions = [r.action for r in audit_history(amount.order)]
    assert actions.count("amount.pay") == 1
    with pytest.raises(AmountNotPayable):
        pay(amount, key="again")


def test_a_refund_is_recorded_in_the_orders_history(amount):
    payment = pay(amount)
    officer = OfficerFactory()
    payments.payment_mark_received(payment=payment, by=officer, bank_reference="FT1")
    payments.payment_refund(payment=payment, by=officer, amount=200_000, reason="Giảm giá")
    record = [r for r in audit_history(amount.order) if r.action == "amount.refunded"]
    assert len(record) == 1 and record[0].data["refunded"] == 200_000


def test_the_vendor_cannot_pay_for_the_enterprise(amount):
    with pytest.raises(NotThePayer):
        payments.payment_create(
            payable=amount,
            by=vendor_user(amount.order),
            method=PaymentMethod.BANK_TRANSFER,
            idempotency_key="k",
        )
    assert not Payment.objects.exists()


def test_the_order_page_has_a_pay_button_that_leads_to_the_payment(client, amount):
    client.force_login(sme(amount.order))
    page = client.get(amount.order.get_absolute_url()).content.decode()
    assert 'data-testid="pay-amount"' in page and "700.000 ₫" in page
    answer = client.post(
        f"/payments/pay/order_amount/{amount.pk}/", {"idempotency_key": "x", "sme_share": "1"}
    )
    payment = Payment.objects.get()
    assert answer["Location"] == f"/payments/{payment.pk}/" and payment.sme_share == 700_000
    page = client.get(amount.order.get_absolute_url()).content.decode()
    assert 'data-testid="pay-amount"' not in page and payment.reference in page
    payments.payment_mark_received(payment=payment, by=OfficerFactory(), bank_reference="FT9")
    assert "Đã thanh toán" in client.get(amount.order.get_absolute_url()).content.decode()


def test_the_vendor_sees_no_pay_button_and_gets_403(client, amount):
    client.force_login(vendor_user(amount.order))
    assert 'data-testid="pay-amount"' not in client.get(amount.order.get_absolute_url()).content.decode()
    assert (
        client.post(f"/payments/pay/order_amount/{amount.pk}/", {"idempotency_key": "x"}).status_code == 403
    )
    assert not Payment.objects.exists()


def test_another_sme_gets_404_on_the_pay_button(client, amount):
    client.force_login(enterprise_owner(EnterpriseFactory()))
    assert (
        client.post(f"/payments/pay/order_amount/{amount.pk}/", {"idempotency_key": "x"}).status_code == 404
    )
    assert client.post("/payments/pay/nothing/1/", {"idempotency_key": "x"}).status_code == 404
    assert not Payment.objects.exists()


def test_a_paid_amount_is_not_cancelled_when_the_order_ends(amount):
    payment = pay(amount)
    payments.payment_mark_received(payment=payment, by=OfficerFactory(), bank_reference="FT1")
    services.order_end(order=amount.order, actor=sme(amount.order), reason="Dừng")
    amount.refresh_from_db()
    assert amount.status == AmountStatus.PAID
    assert Payment.objects.get().status == PaymentStatus.SUCCEEDED


def test_the_vendor_sees_the_payments_state_but_no_link_to_the_payers_page(client, amount):
    payment = pay(amount)
    client.force_login(vendor_user(amount.order))
    page = client.get(amount.order.get_absolute_url()).content.decode()
    assert f"/payments/{payment.pk}/" not in page and "Chờ thanh toán" in page
    assert client.get(f"/payments/{payment.pk}/").status_code == 404
