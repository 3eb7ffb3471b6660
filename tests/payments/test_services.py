"""Payments for milestones: idempotent creation, transfers marked received, the statement import,
refunds, the ledger; attackers refused with nothing changed."""

import pytest

from marketplace.core.audit import audit_history
from marketplace.engagements import services as engagement_services
from marketplace.engagements.errors import EngagementTransitionError
from marketplace.payments import errors, services
from marketplace.payments.models import LedgerEntry, LedgerKind, Payment, PaymentMethod, PaymentStatus
from tests.engagements.factories import active
from tests.factories import EnterpriseFactory, OfficerFactory, enterprise_owner

pytestmark = pytest.mark.django_db
BANK = PaymentMethod.BANK_TRANSFER


@pytest.fixture
def engagement():
    return active(amounts=(4_000_000, 6_000_000))


@pytest.fixture
def milestone(engagement):
    return engagement.milestones.get(position=1)


def pay(milestone, key="k-1", method=BANK, by=None):
    by = by or enterprise_owner(milestone.engagement.enterprise)
    return services.payment_create(payable=milestone, by=by, method=method, idempotency_key=key)


def test_a_payment_takes_its_amount_and_split_from_the_milestone(milestone):
    payment = pay(milestone)
    assert (payment.price, payment.co_investment, payment.support, payment.sme_share) == (
        4_000_000,
        0,
        0,
        4_000_000,
    )
    assert payment.status == PaymentStatus.PENDING
    assert payment.reference.startswith("DXM") and len(payment.reference) == 11


def test_the_same_idempotency_key_returns_the_same_payment(milestone):
    assert pay(milestone, key="same").pk == pay(milestone, key="same").pk
    assert Payment.objects.count() == 1


def test_an_idempotency_key_reused_for_another_milestone_is_a_conflict(engagement, milestone):
    pay(milestone, key="same")
    with pytest.raises(errors.IdempotencyKeyReused):
        pay(engagement.milestones.get(position=2), key="same")
    assert Payment.objects.count() == 1


def test_a_payment_without_an_idempotency_key_is_refused(milestone):
    with pytest.raises(errors.IdempotencyKeyRequired):
        pay(milestone, key="  ")


def test_a_second_payment_for_the_same_milestone_is_refused(milestone):
    pay(milestone, key="a")
    with pytest.raises(errors.AlreadyPaying):
        pay(milestone, key="b")


def test_another_enterprise_cannot_pay_or_see_it_as_its_own(milestone):
    with pytest.raises(errors.NotThePayer):
        pay(milestone, by=enterprise_owner(EnterpriseFactory()))
    assert not Payment.objects.exists()


def test_card_is_refused_until_card_payments_exist(milestone):
    with pytest.raises(errors.CardNotAvailable):
        pay(milestone, method=PaymentMethod.CARD)


def test_marking_a_transfer_received_writes_the_ledger_and_tells_the_engagement(milestone):
    payment = pay(milestone)
    services.payment_mark_received(payment=payment, by=OfficerFactory(), bank_reference="FT26001")
    payment.refresh_from_db()
    assert (payment.status, payment.bank_reference) == (PaymentStatus.SUCCEEDED, "FT26001")
    assert list(payment.ledger.values_list("kind", "amount")) == [
        (LedgerKind.RECEIVED, 4_000_000),
        (LedgerKind.OWED_TO_PROVIDER, 4_000_000),
    ]
    assert audit_history(milestone.engagement).filter(action="milestone.paid").count() == 1


def test_a_transfer_is_marked_received_once(milestone):
    payment = pay(milestone)
    officer = OfficerFactory()
    services.payment_mark_received(payment=payment, by=officer, bank_reference="FT1")
    with pytest.raises(errors.PaymentTransitionError):
        services.payment_mark_received(
            payment=Payment.objects.get(pk=payment.pk), by=officer, bank_reference="FT2"
        )
    assert payment.ledger.filter(kind=LedgerKind.RECEIVED).count() == 1


def test_only_an_officer_marks_a_transfer_received(milestone):
    payment = pay(milestone)
    for user in (enterprise_owner(milestone.engagement.enterprise), milestone.engagement.consultant.user):
        with pytest.raises(errors.OfficerOnly):
            services.payment_mark_received(payment=payment, by=user, bank_reference="FT1")
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING and not payment.ledger.exists()


def statement(*lines: str) -> str:
    return "\ufeffNgày,Số tiền,Nội dung,Mã giao dịch\n" + "\n".join(lines) + "\n"


def test_the_statement_import_matches_references_and_reports_the_rest(engagement, milestone):
    first = pay(milestone, key="a")
    second = pay(engagement.milestones.get(position=2), key="b")
    officer = OfficerFactory()
    content = statement(
        f'02/12/2026,"4.000.000","CT TNHH THU NGHIEM CK {first.reference.lower()} thanh toan",FT001',
        f"02/12/2026,5000000,CK {second.reference},FT002",
        "02/12/2026,100000,chuyen tien khong ro,FT003",
    )
    report = services.bank_statement_import(by=officer, content=content)
    assert [i["reference"] for i in report.matched] == [first.reference]
    assert [(i["reference"], i["expected"]) for i in report.amount_mismatch] == [
        (second.reference, 6_000_000)
    ]
    assert [i["line"] for i in report.unmatched] == [4]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.bank_reference) == (PaymentStatus.SUCCEEDED, "FT001")
    assert second.status == PaymentStatus.PENDING
    again = services.bank_statement_import(by=officer, content=content)
    assert again.matched == [] and [i["reference"] for i in again.already_received] == [first.reference]
    assert LedgerEntry.objects.filter(kind=LedgerKind.RECEIVED).count() == 1


def test_the_statement_import_is_for_officers_only(milestone):
    with pytest.raises(errors.OfficerOnly):
        services.bank_statement_import(
            by=enterprise_owner(milestone.engagement.enterprise), content=statement()
        )


def test_refunds_in_parts_until_everything_is_back_and_no_further(milestone):
    payment = pay(milestone)
    officer = OfficerFactory()
    services.payment_mark_received(payment=payment, by=officer, bank_reference="FT1")
    services.payment_refund(
        payment=payment, by=officer, amount=1_000_000, reason="Tranh chấp: chấp nhận một phần"
    )
    assert (payment.status, payment.refunded_amount) == (PaymentStatus.PARTIALLY_REFUNDED, 1_000_000)
    with pytest.raises(errors.InvalidRefund):
        services.payment_refund(payment=payment, by=officer, amount=3_000_001, reason="x")
    services.payment_refund(payment=payment, by=officer, amount=3_000_000, reason="Kết thúc sớm")
    payment.refresh_from_db()
    assert (payment.status, payment.refunded_amount) == (PaymentStatus.REFUNDED, 4_000_000)
    assert sum(payment.ledger.filter(kind=LedgerKind.REFUND).values_list("amount", flat=True)) == 4_000_000
    assert audit_history(milestone.engagement).filter(action="milestone.refunded").count() == 2


def test_a_stale_refund_cannot_take_the_same_dong_twice(milestone):
    payment = pay(milestone)
    officer = OfficerFactory()
    services.payment_mark_received(payment=payment, by=officer, bank_reference="FT1")
    stale = Payment.objects.get(pk=payment.pk)
    services.payment_refund(payment=payment, by=officer, amount=4_000_000, reason="x")
    with pytest.raises((errors.InvalidRefund, errors.PaymentTransitionError)):
        services.payment_refund(payment=stale, by=officer, amount=4_000_000, reason="x")
    assert payment.ledger.filter(kind=LedgerKind.REFUND).count() == 1


def test_ledger_rows_cannot_be_changed_or_deleted(milestone):
    payment = pay(milestone)
    services.payment_mark_received(payment=payment, by=OfficerFactory(), bank_reference="FT1")
    row = payment.ledger.first()
    row.amount = 1
    with pytest.raises(ValueError):
        row.save()
    with pytest.raises(ValueError):
        row.delete()


def test_a_cancelled_milestone_is_not_payable(engagement):
    engagement_services.engagement_end_early(
        engagement=engagement, by=enterprise_owner(engagement.enterprise), reason="Dừng"
    )
    with pytest.raises(EngagementTransitionError):
        pay(engagement.milestones.get(position=1))
    assert not Payment.objects.exists()
