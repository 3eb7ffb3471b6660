"""The "Pay" button under concurrent clicks (several tabs, each with its own key) and an order's amount
received by several officers at once: one payment, one "paid" record. Real threads, on whichever
database the suite runs on (SQLite by default, PostgreSQL with DATABASE_URL)."""

import threading

import pytest
from django.db import connection
from django.test import Client

from marketplace.core.audit import audit_history
from marketplace.core.errors import DomainError
from marketplace.orders.models import AmountStatus
from marketplace.payments import services
from marketplace.payments.models import Payment, PaymentMethod, PaymentStatus
from tests.engagements.factories import active
from tests.factories import OfficerFactory, enterprise_owner
from tests.orders.factories import confirmed_order, sme

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 6


def _race(work, count=THREADS):
    barrier = threading.Barrier(count)
    outcomes = []

    def run(index):
        try:
            barrier.wait()
            outcomes.append(work(index))
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


def test_pay_clicked_in_several_tabs_at_once_makes_one_payment():
    milestone = active(amounts=(4_000_000,)).milestones.get(position=1)
    owner = enterprise_owner(milestone.engagement.enterprise)

    def click(index):
        client = Client()
        client.force_login(owner)
        answer = client.post(f"/payments/pay/milestone/{milestone.pk}/", {"idempotency_key": f"tab-{index}"})
        return (answer.status_code, answer.get("Location", ""))

    outcomes = _race(click)
    payment = Payment.objects.get()
    assert outcomes == [(302, f"/payments/{payment.pk}/")] * THREADS, outcomes
    assert payment.sme_share == 4_000_000


def test_an_order_amount_received_by_several_officers_at_once_is_paid_once():
    order = confirmed_order(price=900_000, billing="monthly")
    amount = order.amounts.get()
    payment = services.payment_create(
        payable=amount, by=sme(order), method=PaymentMethod.BANK_TRANSFER, idempotency_key="k"
    )
    officers = [OfficerFactory() for _ in range(THREADS)]
    outcomes = _race(
        lambda i: (
            services.payment_mark_received(
                payment=Payment.objects.get(pk=payment.pk), by=officers[i], bank_reference=f"FT{i}"
            )
            and "ok"
        )
    )
    assert outcomes.count("ok") == 1, outcomes
    amount.refresh_from_db()
    assert amount.status == AmountStatus.PAID
    assert Payment.objects.get().status == PaymentStatus.SUCCEEDED
    assert [r.action for r in audit_history(order)].count("amount.pay") == 1
