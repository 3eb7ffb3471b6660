"""Payment API: Idempotency-Key enforced, amounts never from the request, VietQR, officer actions."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from marketplace.payments.models import Payment, PaymentStatus
from marketplace.payments.vietqr import decode
from tests.engagements.factories import active
from tests.factories import EnterpriseFactory, OfficerFactory, enterprise_owner

pytestmark = pytest.mark.django_db
URL = "/api/v1/payments/"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def milestone():
    return active(amounts=(2_500_000, 1_000_000)).milestones.get(position=1)


@pytest.fixture
def sme(milestone):
    return client_for(enterprise_owner(milestone.engagement.enterprise))


def create(client, milestone, key="key-1", **extra):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(URL, {"payable_id": milestone.pk, **extra}, format="json", **headers)


def test_creating_a_payment_answers_the_transfer_with_a_vietqr_payload_that_decodes(sme, milestone):
    answer = create(sme, milestone)
    assert answer.status_code == 201, answer.json()
    transfer = answer.json()["transfer"]
    decoded = decode(transfer["payload"])
    assert (decoded.amount, decoded.reference) == (2_500_000, answer.json()["reference"])
    image = sme.get(f"{URL}{answer.json()['id']}/vietqr/")
    assert image.status_code == 200 and image["Content-Type"] == "image/svg+xml"


def test_the_idempotency_key_header_is_required(sme, milestone):
    answer = create(sme, milestone, key=None)
    assert answer.status_code == 400 and answer.json()["code"] == "idempotency_key_required"
    assert not Payment.objects.exists()


def test_a_retried_request_returns_the_same_payment(sme, milestone):
    assert create(sme, milestone).json()["id"] == create(sme, milestone).json()["id"]
    assert Payment.objects.count() == 1


def test_a_forged_amount_or_split_in_the_request_is_ignored(sme, milestone):
    answer = create(sme, milestone, sme_share=1, price=1, support=2_499_999)
    assert (answer.json()["price"], answer.json()["sme_share"], answer.json()["support"]) == (
        2_500_000,
        2_500_000,
        0,
    )


def test_another_smes_milestone_or_payment_is_a_404(sme, milestone):
    outsider = client_for(enterprise_owner(EnterpriseFactory()))
    assert create(outsider, milestone).status_code == 404
    payment_id = create(sme, milestone).json()["id"]
    assert outsider.get(f"{URL}{payment_id}/").status_code == 404
    assert outsider.get(URL).json()["count"] == 0


def test_the_sme_cannot_mark_its_own_transfer_received_or_refund_it(sme, milestone):
    payment_id = create(sme, milestone).json()["id"]
    assert (
        sme.post(f"{URL}{payment_id}/mark-received/", {"bank_reference": "FT1"}, format="json").status_code
        == 403
    )
    assert Payment.objects.get().status == PaymentStatus.PENDING


def test_an_officer_imports_a_statement_and_refunds(sme, milestone):
    payment = create(sme, milestone).json()
    officer = client_for(OfficerFactory())
    csv_file = SimpleUploadedFile(
        "sao-ke.csv", f"Số tiền,Nội dung,Mã giao dịch\n2500000,CK {payment['reference']},FT9\n".encode()
    )
    report = officer.post(f"{URL}bank-statement/", {"file": csv_file}, format="multipart")
    assert report.status_code == 200 and len(report.json()["matched"]) == 1
    refund = officer.post(
        f"{URL}{payment['id']}/refund/", {"amount": 500_000, "reason": "Một phần"}, format="json"
    )
    assert refund.json()["status"] == "partially_refunded" and refund.json()["refunded_amount"] == 500_000
