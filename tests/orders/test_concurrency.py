"""Double submissions change an order once: concurrent confirms, renewals and orders, with real threads.

Runs on whichever database the suite runs on (SQLite by default, PostgreSQL with DATABASE_URL).
"""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from marketplace.core.errors import DomainError
from marketplace.orders import services
from marketplace.orders.models import AmountDue, Order, OrderStatus

from .factories import confirmed_order, placed_order, sme, vendor_user

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 6


def race(call, count=THREADS):
    barrier = threading.Barrier(count)
    outcomes = []

    def run(index):
        try:
            barrier.wait()
            result = call(index)
            outcomes.append("ok" if result is not None else "none")
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


def test_concurrent_confirms_confirm_once_and_record_one_amount():
    order = placed_order()
    vendor = vendor_user(order)
    today = timezone.localdate()
    outcomes = race(
        lambda i: services.order_confirm(
            order=Order.objects.get(pk=order.pk), actor=vendor, start_date=today, contract_number=f"HĐ-{i}"
        )
    )
    assert outcomes.count("ok") == 1, outcomes
    assert set(outcomes) - {"ok"} <= {"order_invalid_transition", "order_changed"}, outcomes
    assert AmountDue.objects.filter(order=order).count() == 1


def test_concurrent_renewals_record_the_period_once(settings):
    settings.ORDERS_RENEWAL_LEAD_DAYS = 7
    order = confirmed_order()
    services.order_confirm_in_use(order=order, actor=sme(order))
    day = order.next_period_start
    outcomes = race(lambda i: services.order_renew(order=Order.objects.get(pk=order.pk), today=day))
    assert outcomes.count("ok") == 1, outcomes
    assert AmountDue.objects.filter(order=order).count() == 2
    assert Order.objects.get(pk=order.pk).next_period_start > day + dt.timedelta(days=20)


def test_a_double_clicked_order_is_placed_once():
    first = placed_order()
    services.order_withdraw(order=first, actor=sme(first))
    outcomes = race(
        lambda i: services.order_place(plan=first.plan, enterprise=first.enterprise, actor=sme(first)),
        count=4,
    )
    assert outcomes.count("ok") == 1, outcomes
    assert Order.objects.filter(status=OrderStatus.REQUESTED).count() == 1
