"""Orders test helpers: published solutions with plans and orders, all built through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from catalogue.models import Solution, SolutionPlan
from marketplace.orders import services
from marketplace.orders.models import Order
from tests.catalogue.factories import SolutionFactory, VendorFactory, vendor_owner
from tests.factories import EnterpriseFactory, enterprise_owner


def plan_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "Gói Cơ bản",
        "price": 300_000,
        "billing": "monthly",
        "trial_days": 0,
        "pricing": "standard",
    }
    data.update(overrides)
    return data


def published_plan(vendor=None, **overrides: Any) -> SolutionPlan:
    vendor = vendor or VendorFactory()
    solution = SolutionFactory(
        vendor=vendor, status=Solution.PUBLISHED, overrides={"plans": [plan_data(**overrides)]}
    )
    return solution.plans.get()


def placed_order(plan: SolutionPlan | None = None, enterprise=None, **plan_overrides: Any) -> Order:
    plan = plan or published_plan(**plan_overrides)
    enterprise = enterprise or EnterpriseFactory()
    return services.order_place(plan=plan, enterprise=enterprise, actor=enterprise_owner(enterprise))


def confirmed_order(
    start: dt.date | None = None, contract: str = "HĐ-2026/001", **plan_overrides: Any
) -> Order:
    order = placed_order(**plan_overrides)
    return services.order_confirm(
        order=order,
        actor=vendor_owner(order.vendor),
        start_date=start or dt.date.today(),
        contract_number=contract,
    )


def sme(order: Order):
    return enterprise_owner(order.enterprise)


def vendor_user(order: Order):
    return vendor_owner(order.vendor)
