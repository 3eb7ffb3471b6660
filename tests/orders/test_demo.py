import io

import pytest

from catalogue.models import PlanPricing
from marketplace.core.audit import audit_history
from marketplace.core.demo import DemoContext
from marketplace.orders.models import AmountKind, Order, OrderStatus

pytestmark = pytest.mark.django_db


def run_seed():
    from catalogue import demo as catalogue_demo
    from marketplace.accounts import demo as accounts_demo
    from marketplace.enterprises import demo as enterprises_demo
    from marketplace.orders import demo as orders_demo

    ctx = DemoContext(seed=2026, scale=1, stdout=io.StringIO(), quiet=True)
    accounts_demo.seed(ctx)
    enterprises_demo.seed(ctx)
    catalogue_demo.seed(ctx)
    orders_demo.seed(ctx)


def test_demo_orders_cover_every_state_and_pricing_model_with_audit_trails_and_are_idempotent():
    run_seed()
    assert set(Order.objects.values_list("status", flat=True)) == set(OrderStatus.values)
    assert set(Order.objects.values_list("pricing", flat=True)) == set(PlanPricing.values)
    assert Order.objects.filter(amounts__kind=AmountKind.REVENUE_SHARE).exists()
    assert all(audit_history(order).exists() for order in Order.objects.all())
    before = Order.objects.count()
    run_seed()
    assert Order.objects.count() == before
