"""The budget can never go below zero and no voucher is spent twice, under concurrency: real threads
on whichever database the suite runs on (SQLite by default, PostgreSQL with DATABASE_URL)."""

import datetime as dt
import threading

import pytest
from django.db import connection

from marketplace.core.deals import DealAmount
from marketplace.core.errors import DomainError
from marketplace.vouchers import ledger, services
from marketplace.vouchers.models import (
    Account,
    Application,
    ApplicationStatus,
    BudgetEntry,
    Movement,
    Voucher,
)
from tests.factories import OfficerFactory

from .factories import applied, draft_scheme, eligible_enterprise, open_call

pytestmark = pytest.mark.django_db(transaction=True)


def _race(work, count):
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


def test_fifty_concurrent_approvals_against_a_budget_for_twenty_approve_exactly_twenty():
    call = open_call(budget=20 * 10_000_000, scheme=draft_scheme())
    applications = [
        applied(call, eligible_enterprise("micro", assessed=False), amount=10_000_000) for _ in range(50)
    ]
    officers = [OfficerFactory() for _ in range(5)]
    outcomes = _race(
        lambda i: services.application_approve(
            application=Application.objects.get(pk=applications[i].pk), by=officers[i % 5]
        ),
        50,
    )
    assert outcomes.count("ok") == 20, outcomes
    assert outcomes.count("budget_exhausted") == 30, outcomes
    assert Application.objects.filter(status=ApplicationStatus.APPROVED).count() == 20
    assert Voucher.objects.count() == 20
    balances = ledger.balances(BudgetEntry.objects.filter(call=call))
    assert balances[Account.AVAILABLE] == 0
    assert balances[Account.GRANTED] == 200_000_000
    assert sum(balances.values()) == 0


def test_concurrent_reservations_never_spend_a_voucher_twice():
    call = open_call(budget=100_000_000, scheme=draft_scheme())
    enterprise = eligible_enterprise("micro", assessed=False)
    issued = services.application_approve(
        application=applied(call, enterprise, amount=25_000_000), by=OfficerFactory()
    )
    amounts = [
        DealAmount(
            key=f"orders.amountdue:{9000 + i}",
            contract=f"orders.order:{9000 + i}",
            enterprise_id=enterprise.pk,
            kind="solution",
            price=10_000_000,
            co_investment=0,
            due_date=dt.date(2026, 12, 1),
            provider="Công ty Phần mềm A",
            description="Thuê phần mềm",
        )
        for i in range(8)
    ]
    # the same amount announced four times at once is reserved once
    outcomes = _race(lambda i: services.reserve(amounts=[amounts[0]]), 4)
    assert outcomes.count("ok") == 4, outcomes
    assert BudgetEntry.objects.filter(payable_key=amounts[0].key, movement=Movement.RESERVE).count() == 1
    # seven more amounts at once against the 15 million left: 100 % of 10 million (micro, draft
    # scheme), then 5 million, then nothing
    outcomes = _race(lambda i: services.reserve(amounts=[amounts[i + 1]]), 7)
    assert outcomes.count("ok") == 7, outcomes
    balances = ledger.balances(BudgetEntry.objects.filter(voucher=issued))
    assert balances[Account.RESERVED] == 25_000_000
    assert balances[Account.GRANTED] == 0
    assert BudgetEntry.objects.filter(voucher=issued, movement=Movement.RESERVE).count() == 3


def test_concurrent_redemptions_of_one_amount_redeem_once():
    call = open_call(budget=100_000_000, scheme=draft_scheme())
    enterprise = eligible_enterprise("micro", assessed=False)
    services.application_approve(
        application=applied(call, enterprise, amount=50_000_000), by=OfficerFactory()
    )
    amount = DealAmount(
        key="orders.amountdue:777",
        contract="orders.order:777",
        enterprise_id=enterprise.pk,
        kind="solution",
        price=10_000_000,
        co_investment=0,
        due_date=dt.date(2026, 12, 1),
        provider="Công ty Phần mềm A",
        description="Thuê phần mềm",
    )
    services.reserve(amounts=[amount])
    officers = [OfficerFactory() for _ in range(8)]
    outcomes = _race(lambda i: services.redeem(key=amount.key, by=officers[i], evidence=f"HD-{i}"), 8)
    assert outcomes.count("ok") == 1, outcomes
    assert set(outcomes) == {"ok", "nothing_reserved"}, outcomes
    assert BudgetEntry.objects.filter(payable_key=amount.key, movement=Movement.REDEEM).count() == 1


def test_concurrent_invoices_and_officer_redemptions_redeem_an_order_amount_once():
    """The vendor records its e-invoice (twice, a double click) while an officer redeems on the page:
    the amount's support is redeemed exactly once."""
    from marketplace.core.deals import payable_key
    from marketplace.orders import services as orders
    from marketplace.payments import services as payments
    from marketplace.payments.models import PaymentMethod
    from tests.orders.factories import confirmed_order, sme, vendor_user

    from .factories import voucher

    issued = voucher(amount=100_000_000)
    order = confirmed_order(price=12_000_000, billing="yearly", enterprise=issued.enterprise)
    amount = order.amounts.get()
    payment = payments.payment_create(
        payable=amount, by=sme(order), method=PaymentMethod.BANK_TRANSFER, idempotency_key="k"
    )
    payments.payment_mark_received(payment=payment, by=OfficerFactory(), bank_reference="FT1")
    key, vendor, officer = payable_key(amount), vendor_user(order), OfficerFactory()

    def work(index):
        if index % 3 == 2:
            services.redeem(key=key, by=officer, evidence=f"HD-{index}")
        else:
            orders.amount_record_invoice(amount=amount, actor=vendor, number=f"HD-{index}")

    outcomes = _race(work, 6)
    assert set(outcomes) <= {"ok", "nothing_reserved"}, outcomes
    rows = BudgetEntry.objects.filter(payable_key=key)
    assert rows.filter(movement=Movement.REDEEM).count() == 1
    balances = ledger.balances(rows)
    assert balances[Account.REDEEMED] == 6_000_000 and balances[Account.RESERVED] == 0
