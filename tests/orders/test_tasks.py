"""The daily renewal task: scheduled, runs the service, idempotent."""

import pytest
from django.conf import settings as django_settings

from marketplace.orders import selectors, services
from marketplace.orders.tasks import renew_due

from .factories import confirmed_order, sme

pytestmark = pytest.mark.django_db


def test_the_renewal_is_on_the_beat_schedule():
    assert any(entry["task"] == "orders.renew_due" for entry in django_settings.CELERY_BEAT_SCHEDULE.values())


def test_the_task_records_the_next_period_once(settings, tasks_run):
    settings.ORDERS_RENEWAL_LEAD_DAYS = 40  # next month's period is within the lead time today
    order = confirmed_order()
    services.order_confirm_in_use(order=order, actor=sme(order))
    assert renew_due.delay().get() == 1
    assert renew_due.delay().get() == 0
    assert tasks_run == ["orders.renew_due", "orders.renew_due"]
    assert len(selectors.order_amounts_due(order)) == 2
