"""Order services: terms from the plan, the vendor's answer, in use, renewals, revenue, closing."""

import datetime as dt

import pytest
from django.utils import timezone

from catalogue import services as catalogue_services
from marketplace.core.models import AuditRecord
from marketplace.orders import selectors, services
from marketplace.orders.amounts import add_months
from marketplace.orders.errors import (
    ContractNumberTaken,
    InvalidOrderInput,
    NotAnEnterpriseMember,
    OrderAlreadyOpen,
    OrderNotFound,
    OrderTransitionRefused,
    PlanNotOrderable,
    RevenueAlreadyReported,
    TooEarly,
)
from marketplace.orders.models import AmountStatus, Order, OrderStatus
from tests.catalogue.factories import SolutionFactory, VendorFactory, vendor_owner
from tests.factories import EnterpriseFactory, OfficerFactory, UserFactory, enterprise_owner

from .factories import confirmed_order, placed_order, plan_data, published_plan, sme, vendor_user

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def backdate(order: Order, days: int) -> Order:
    """An order placed `days` ago (history a test needs; the services only ever use today)."""
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - dt.timedelta(days=days))
    order.refresh_from_db()
    return order


def test_an_order_copies_the_plan_terms():
    plan = published_plan(
        price=500_000, billing="yearly", pricing="co_investment", co_investment=200_000, co_investor="vendor"
    )
    order = placed_order(plan=plan)
    assert order.status == OrderStatus.REQUESTED
    assert (order.price, order.billing, order.co_investment, order.co_investor) == (
        500_000,
        "yearly",
        200_000,
        "vendor",
    )
    assert order.vendor_id == plan.solution.vendor_id
    assert AuditRecord.objects.filter(action="order.place", object_id=order.pk).exists()


def test_a_later_plan_change_does_not_change_an_order():
    plan = published_plan(price=300_000)
    order = placed_order(plan=plan)
    solution = plan.solution
    catalogue_services.solution_plans_set(
        solution=solution, actor=vendor_owner(solution.vendor), plans=[plan_data(id=plan.pk, price=900_000)]
    )
    catalogue_services.revision_approve(solution=solution, officer=OfficerFactory())
    plan.refresh_from_db()
    order.refresh_from_db()
    assert plan.price == 900_000
    assert order.price == 300_000


def test_only_plans_of_published_solutions_can_be_ordered():
    vendor = VendorFactory()
    draft = SolutionFactory(vendor=vendor, overrides={"plans": [plan_data()]})
    enterprise = EnterpriseFactory()
    with pytest.raises(PlanNotOrderable):
        services.order_place(
            plan=draft.plans.get(), enterprise=enterprise, actor=enterprise_owner(enterprise)
        )


def test_a_retired_plan_cannot_be_ordered():
    plan = published_plan()
    solution = plan.solution
    catalogue_services.solution_plans_set(
        solution=solution, actor=vendor_owner(solution.vendor), plans=[plan_data(name="Gói mới")]
    )
    catalogue_services.revision_approve(solution=solution, officer=OfficerFactory())
    plan.refresh_from_db()
    assert not plan.is_active
    with pytest.raises(PlanNotOrderable):
        placed_order(plan=plan)


def test_only_a_member_orders_for_an_enterprise():
    plan = published_plan()
    enterprise = EnterpriseFactory()
    with pytest.raises(NotAnEnterpriseMember):
        services.order_place(plan=plan, enterprise=enterprise, actor=UserFactory())


def test_a_second_open_order_for_the_same_plan_is_refused():
    order = placed_order()
    with pytest.raises(OrderAlreadyOpen):
        services.order_place(plan=order.plan, enterprise=order.enterprise, actor=sme(order))
    assert Order.objects.count() == 1


def test_confirming_records_the_first_period_due_on_its_start():
    start = TODAY() + dt.timedelta(days=3)
    order = confirmed_order(start=start, price=300_000)
    assert order.status == OrderStatus.ACTIVE
    assert (order.start_date, order.contract_number) == (start, "HĐ-2026/001")
    [amount] = selectors.order_amounts_due(order)
    assert (amount.period_start, amount.period_end, amount.due_date) == (start, add_months(start, 1), start)
    assert (amount.price, amount.co_investment, amount.support, amount.sme_share) == (300_000, 0, 0, 300_000)
    assert order.next_period_start == add_months(start, 1)


def test_co_investment_is_shown_in_the_split():
    order = confirmed_order(
        price=1_000_000,
        pricing="co_investment",
        co_investment=400_000,
        co_investor="sponsor",
        sponsor_name="Quỹ Đổi mới",
    )
    [amount] = selectors.order_amounts_due(order)
    assert (amount.price, amount.co_investment, amount.sme_share) == (1_000_000, 400_000, 600_000)


def test_pay_after_use_falls_due_after_the_trial_and_the_first_period_of_use():
    start = TODAY()
    order = confirmed_order(start=start, pricing="pay_after_use", trial_days=30)
    [amount] = selectors.order_amounts_due(order)
    trial_end = start + dt.timedelta(days=30)
    assert amount.period_start == trial_end
    assert amount.due_date == add_months(trial_end, 1) > trial_end


def test_a_one_off_price_is_one_amount_and_never_renews():
    order = confirmed_order(billing="one_off", price=5_000_000)
    services.order_confirm_in_use(order=order, actor=sme(order))
    assert order.next_period_start is None
    assert services.orders_renew_due(today=TODAY() + dt.timedelta(days=800)) == 0
    assert len(selectors.order_amounts_due(order)) == 1


def test_another_vendor_cannot_confirm():
    order = placed_order()
    stranger = vendor_owner(VendorFactory())
    with pytest.raises(OrderNotFound):
        services.order_confirm(order=order, actor=stranger, start_date=TODAY(), contract_number="X-1")
    with pytest.raises(OrderNotFound):
        services.order_confirm(order=order, actor=sme(order), start_date=TODAY(), contract_number="X-1")
    order.refresh_from_db()
    assert order.status == OrderStatus.REQUESTED


def test_the_start_cannot_be_before_the_order_and_the_contract_number_is_required():
    order = placed_order()
    with pytest.raises(InvalidOrderInput) as caught:
        services.order_confirm(
            order=order,
            actor=vendor_user(order),
            start_date=TODAY() - dt.timedelta(days=1),
            contract_number=" ",
        )
    assert set(caught.value.fields) == {"start_date", "contract_number"}


def test_a_contract_number_is_used_once_per_vendor():
    first = confirmed_order(contract="HĐ-01")
    second = placed_order(plan=first.plan)  # another enterprise, same plan
    with pytest.raises(ContractNumberTaken):
        services.order_confirm(
            order=second, actor=vendor_user(second), start_date=TODAY(), contract_number="HĐ-01"
        )
    second.refresh_from_db()
    assert second.status == OrderStatus.REQUESTED


def test_confirming_twice_is_refused_and_records_one_amount():
    order = confirmed_order()
    with pytest.raises(OrderTransitionRefused):
        services.order_confirm(
            order=order, actor=vendor_user(order), start_date=TODAY(), contract_number="HĐ-2"
        )
    assert len(selectors.order_amounts_due(order)) == 1


def test_declining_needs_a_reason():
    order = placed_order()
    with pytest.raises(InvalidOrderInput):
        services.order_decline(order=order, actor=vendor_user(order), reason="  ")
    services.order_decline(order=order, actor=vendor_user(order), reason="Chưa hỗ trợ khu vực này")
    order.refresh_from_db()
    assert order.status == OrderStatus.DECLINED


def test_in_use_is_confirmed_only_after_the_trial():
    order = confirmed_order(trial_days=14)
    with pytest.raises(TooEarly):
        services.order_confirm_in_use(order=order, actor=sme(order))
    order.refresh_from_db()
    assert order.status == OrderStatus.ACTIVE


def test_the_enterprise_confirms_in_use_and_the_indicator_counts_it_once():
    order = confirmed_order()
    with pytest.raises(OrderNotFound):
        services.order_confirm_in_use(order=order, actor=vendor_user(order))
    services.order_confirm_in_use(order=order, actor=sme(order))
    order.refresh_from_db()
    assert order.status == OrderStatus.IN_USE and order.in_use_at
    second_plan = published_plan(vendor=order.vendor, name="Gói khác")
    other = services.order_place(plan=second_plan, enterprise=order.enterprise, actor=sme(order))
    services.order_confirm(order=other, actor=vendor_user(other), start_date=TODAY(), contract_number="HĐ-9")
    services.order_confirm_in_use(order=other, actor=sme(other))
    assert selectors.enterprises_applying_solutions() == 1


def test_cancelling_during_the_trial_cancels_what_has_not_fallen_due():
    order = confirmed_order(trial_days=30, pricing="pay_after_use")
    services.order_cancel(order=order, actor=sme(order), reason="Không phù hợp quy trình")
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert selectors.order_amounts_due(order) == []
    assert [a.status for a in selectors.order_amounts(order)] == [AmountStatus.CANCELLED]


def test_renewal_records_the_next_period_once_within_the_lead_time(settings):
    settings.ORDERS_RENEWAL_LEAD_DAYS = 7
    start = TODAY()
    order = confirmed_order(start=start)
    services.order_confirm_in_use(order=order, actor=sme(order))
    next_start = add_months(start, 1)
    assert services.order_renew(order=order, today=next_start - dt.timedelta(days=8)) is None
    amount = services.order_renew(order=order, today=next_start - dt.timedelta(days=7))
    assert (amount.period_start, amount.due_date, amount.price) == (next_start, next_start, order.price)
    assert services.order_renew(order=order, today=next_start - dt.timedelta(days=7)) is None
    assert services.orders_renew_due(today=next_start) == 0
    order.refresh_from_db()
    assert order.next_period_start == add_months(start, 2)
    assert AuditRecord.objects.filter(action="order.renew", object_id=order.pk).count() == 1


def test_the_daily_run_catches_up_missed_periods_without_drift(settings):
    settings.ORDERS_RENEWAL_LEAD_DAYS = 0
    start = TODAY()
    order = confirmed_order(start=start)
    services.order_confirm_in_use(order=order, actor=sme(order))
    assert services.orders_renew_due(today=add_months(start, 3)) == 3
    assert services.orders_renew_due(today=add_months(start, 3)) == 0
    starts = [a.period_start for a in selectors.order_amounts_due(order)]
    assert starts == [add_months(start, n) for n in range(4)]


def test_an_order_not_confirmed_in_use_does_not_renew():
    start = TODAY()
    confirmed_order(start=start)
    assert services.orders_renew_due(today=add_months(start, 2)) == 0


def test_either_side_ends_and_later_amounts_are_cancelled(settings):
    settings.ORDERS_RENEWAL_LEAD_DAYS = 7
    start = TODAY() + dt.timedelta(days=2)
    order = confirmed_order(start=start)
    with pytest.raises(InvalidOrderInput):
        services.order_end(order=order, actor=vendor_user(order), reason="")
    with pytest.raises(OrderNotFound):
        services.order_end(order=order, actor=UserFactory(), reason="Kẻ lạ")
    services.order_end(order=order, actor=vendor_user(order), reason="Ngừng cung cấp dịch vụ")
    order.refresh_from_db()
    assert order.status == OrderStatus.ENDED and order.next_period_start is None
    assert selectors.order_amounts_due(order) == []


def test_revenue_share_instalments_come_from_reported_revenue():
    order = placed_order(price=0, pricing="revenue_sharing", revenue_share_basis_points=250)
    backdate(order, 90)
    start = add_months(TODAY().replace(day=1), -2)
    services.order_confirm(order=order, actor=vendor_user(order), start_date=start, contract_number="CS-1")
    assert selectors.order_amounts_due(order) == []  # no fixed part: billed only from revenue
    row = services.order_report_revenue(order=order, actor=sme(order), month=start, revenue=10_000_001)
    assert (row.revenue, row.price, row.sme_share) == (10_000_001, 250_000, 250_000)
    with pytest.raises(RevenueAlreadyReported):
        services.order_report_revenue(
            order=order, actor=sme(order), month=start + dt.timedelta(days=5), revenue=1
        )
    with pytest.raises(InvalidOrderInput):
        services.order_report_revenue(order=order, actor=sme(order), month=TODAY(), revenue=1)
    with pytest.raises(OrderNotFound):
        services.order_report_revenue(
            order=order, actor=vendor_user(order), month=add_months(start, 1), revenue=1
        )
