"""The payment page: the transfer to make (text and VietQR) in Vietnamese, then the receipt."""

import pytest

from marketplace.payments import services
from marketplace.payments.models import PaymentMethod
from tests.engagements.factories import active
from tests.factories import PASSWORD, EnterpriseFactory, OfficerFactory, enterprise_owner

pytestmark = pytest.mark.django_db


@pytest.fixture
def payment():
    milestone = active(amounts=(2_500_000,)).milestones.get(position=1)
    return services.payment_create(
        payable=milestone,
        by=enterprise_owner(milestone.engagement.enterprise),
        method=PaymentMethod.BANK_TRANSFER,
        idempotency_key="k",
    )


def page(client, user, payment):
    client.login(username=user.email, password=PASSWORD)
    return client.get(f"/payments/{payment.pk}/")


def test_the_sme_sees_what_to_transfer_with_the_amount_grouped_the_vietnamese_way(client, payment):
    answer = page(client, enterprise_owner(payment.enterprise), payment)
    body = answer.content.decode()
    assert answer.status_code == 200
    assert "2.500.000 ₫" in body
    assert payment.reference in body and "<svg" in body
    assert "Chuyển khoản ngân hàng" in body


def test_once_received_the_page_is_a_receipt_without_the_code(client, payment):
    services.payment_mark_received(payment=payment, by=OfficerFactory(), bank_reference="FT26001")
    body = page(client, enterprise_owner(payment.enterprise), payment).content.decode()
    assert "Biên lai" in body and "FT26001" in body and "<svg" not in body


def test_another_enterprise_gets_a_404(client, payment):
    assert page(client, enterprise_owner(EnterpriseFactory()), payment).status_code == 404
