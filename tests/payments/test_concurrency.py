"""Concurrent double submissions change state once: real threads, on whichever database the suite
runs on (SQLite by default, PostgreSQL with DATABASE_URL)."""

import threading

import pytest
from django.db import connection

from marketplace.core.errors import DomainError
from marketplace.engagements import services as engagement_services
from marketplace.engagements.models import EngagementStatus
from marketplace.payments import services
from marketplace.payments.models import LedgerEntry, LedgerKind, Payment, PaymentMethod, PaymentStatus
from tests.engagements.factories import active, proposed
from tests.factories import OfficerFactory, enterprise_owner

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 8


def _race(work, count=THREADS):
    barrier = threading.Barrier(count)
    outcomes = []

    def run(index):
        try:
            barrier.wait()
            work(index)
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error.code)
        except Exception as error:  # noqa: BLE001 - reported in the assertion
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_two_officers_confirming_one_transfer_record_it_once():
    milestone = active(amounts=(3_000_000,)).milestones.get(position=1)
    payment = services.payment_create(
        payable=milestone,
        by=enterprise_owner(milestone.engagement.enterprise),
        method=PaymentMethod.BANK_TRANSFER,
        idempotency_key="k",
    )
    officers = [OfficerFactory() for _ in range(THREADS)]
    outcomes = _race(
        lambda i: services.payment_mark_received(
            payment=Payment.objects.get(pk=payment.pk), by=officers[i], bank_reference=f"FT{i}"
        )
    )
    assert outcomes.count("ok") == 1, outcomes
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.SUCCEEDED
    assert LedgerEntry.objects.filter(kind=LedgerKind.RECEIVED).count() == 1


def test_concurrent_creations_with_one_idempotency_key_make_one_payment():
    milestone = active(amounts=(3_000_000,)).milestones.get(position=1)
    owner = enterprise_owner(milestone.engagement.enterprise)
    outcomes = _race(
        lambda i: services.payment_create(
            payable=milestone, by=owner, method=PaymentMethod.BANK_TRANSFER, idempotency_key="same"
        )
    )
    assert set(outcomes) == {"ok"}, outcomes
    assert Payment.objects.count() == 1


def test_concurrent_refunds_never_return_more_than_was_paid():
    milestone = active(amounts=(3_000_000,)).milestones.get(position=1)
    payment = services.payment_create(
        payable=milestone,
        by=enterprise_owner(milestone.engagement.enterprise),
        method=PaymentMethod.BANK_TRANSFER,
        idempotency_key="k",
    )
    officer = OfficerFactory()
    services.payment_mark_received(payment=payment, by=officer, bank_reference="FT1")
    _race(
        lambda i: services.payment_refund(
            payment=Payment.objects.get(pk=payment.pk), by=officer, amount=2_000_000, reason="x"
        )
    )
    refunds = list(LedgerEntry.objects.filter(kind=LedgerKind.REFUND).values_list("amount", flat=True))
    assert refunds == [2_000_000]
    assert Payment.objects.get(pk=payment.pk).refunded_amount == 2_000_000


def test_two_accepts_of_one_proposal_accept_it_once():
    engagement = proposed(amounts=(1_000_000, 2_000_000))
    owner = enterprise_owner(engagement.enterprise)
    outcomes = _race(
        lambda i: engagement_services.engagement_accept(
            engagement=type(engagement).objects.get(pk=engagement.pk), by=owner, version_number=1
        ),
        count=4,
    )
    assert outcomes.count("ok") == 1, outcomes
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.ACTIVE
    assert engagement.milestones.count() == 2
