"""Demo solution orders in every state, between the demo enterprises and the demo vendors' plans.

Amounts of two orders are paid by bank transfer (received, and one waiting for the transfer).
Idempotent: nothing is added when orders exist. Built through the services; orders that started in
the past are placed with their `created_at` moved back first (the services only ever use today), so
renewals and revenue reports have months behind them and every row has its audit trail.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from catalogue.models import PlanPricing, Solution, SolutionPlan
from marketplace.accounts.models import User
from marketplace.core.demo import DemoContext
from marketplace.enterprises.models import Enterprise
from marketplace.payments import services as payment_services
from marketplace.payments.models import PaymentMethod

from . import services
from .amounts import add_months
from .models import AmountStatus, Order


def _place(plan: SolutionPlan, enterprise: Enterprise, *, days_ago: int = 0) -> Order:
    order = services.order_place(
        plan=plan,
        enterprise=enterprise,
        actor=enterprise.memberships.first().user,
        note="Doanh nghiệp muốn triển khai cho bộ phận kế toán và bán hàng.",
    )
    if days_ago:
        Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - dt.timedelta(days=days_ago))
        order.refresh_from_db()
    return order


def _vendor_user(order: Order):
    return order.vendor.memberships.order_by("pk").first().user


def _sme_user(order: Order):
    return order.enterprise.memberships.order_by("pk").first().user


def _confirm(order: Order, start: dt.date) -> Order:
    return services.order_confirm(
        order=order,
        actor=_vendor_user(order),
        start_date=start,
        contract_number=f"HĐ-{start.year}/{order.pk:04d}",
    )


def seed(ctx: DemoContext) -> None:
    if Order.objects.exists():
        return
    plans = list(
        SolutionPlan.objects.filter(is_active=True, solution__status=Solution.PUBLISHED)
        .select_related("solution", "solution__vendor")
        .order_by("solution__vendor__tax_code", "solution__pk", "position")
    )
    enterprises = [e for e in Enterprise.objects.order_by("tax_code")[:12] if e.memberships.exists()]
    if len(plans) < 8 or len(enterprises) < 4:
        ctx.log("  orders: not enough published plans or enterprises; skipped")
        return
    today = timezone.localdate()
    by_pricing = {p: [plan for plan in plans if plan.pricing == p] for p in PlanPricing.values}
    standard = by_pricing[PlanPricing.STANDARD]
    monthly = [p for p in standard if p.billing == "monthly" and not p.trial_days]
    e = enterprises
    used: set[int] = set()

    def fresh(candidates: list[SolutionPlan]) -> SolutionPlan:
        """A plan not ordered yet in this seed (one open order per enterprise and plan)."""
        plan = next(p for p in [*candidates, *plans] if p.pk not in used)
        used.add(plan.pk)
        return plan

    # the first demo enterprise (dn1) and the first vendor's plans show every state
    _place(fresh(standard), e[0])  # waiting for the vendor
    declined = _place(fresh(standard), e[1])
    services.order_decline(
        order=declined, actor=_vendor_user(declined), reason="Chưa hỗ trợ triển khai tại địa bàn."
    )
    withdrawn = _place(fresh(standard), e[2])
    services.order_withdraw(order=withdrawn, actor=_sme_user(withdrawn), reason="Đã chọn giải pháp khác.")

    in_use = _place(fresh(monthly), e[0], days_ago=100)
    _confirm(in_use, today - dt.timedelta(days=95))
    services.order_confirm_in_use(order=in_use, actor=_sme_user(in_use))

    trial = by_pricing[PlanPricing.PAY_AFTER_USE] or [p for p in plans if p.trial_days]
    active = _place(fresh(trial), e[0], days_ago=5)
    _confirm(active, today - dt.timedelta(days=3))  # still in its trial: first payment after it

    co_investment = by_pricing[PlanPricing.CO_INVESTMENT]
    for index in range(min(3, len(co_investment))):
        order = _place(fresh(co_investment), e[(index + 1) % len(e)], days_ago=40)
        _confirm(order, today - dt.timedelta(days=35))
        services.order_confirm_in_use(order=order, actor=_sme_user(order))

    cancelled = _place(fresh(monthly), e[1], days_ago=20)
    _confirm(cancelled, today - dt.timedelta(days=18))
    services.order_cancel(
        order=cancelled, actor=_sme_user(cancelled), reason="Nhân viên chưa quen, tạm dừng."
    )

    ended = _place(fresh(monthly), e[3], days_ago=200)
    _confirm(ended, today - dt.timedelta(days=190))
    services.order_confirm_in_use(order=ended, actor=_sme_user(ended))
    services.orders_renew_due(today=today - dt.timedelta(days=30))
    services.order_end(order=ended, actor=_vendor_user(ended), reason="Doanh nghiệp chuyển sang gói năm.")

    if by_pricing[PlanPricing.REVENUE_SHARING]:
        order = _place(fresh(by_pricing[PlanPricing.REVENUE_SHARING]), e[2], days_ago=120)
        start = add_months(today.replace(day=1), -3)
        _confirm(order, start)
        services.order_confirm_in_use(order=order, actor=_sme_user(order))
        for month, revenue in enumerate((85_000_000, 92_500_000, 101_250_000)):
            services.order_report_revenue(
                order=order, actor=_sme_user(order), month=add_months(start, month), revenue=revenue
            )

    renewed = services.orders_renew_due(today=today)
    _pay_demo_amounts([in_use, *Order.objects.filter(pricing=PlanPricing.CO_INVESTMENT, status="in_use")[:1]])
    ctx.log(f"  orders: {Order.objects.count()} solution orders in every state ({renewed} periods renewed)")


def _pay_demo_amounts(orders: list[Order]) -> None:
    """Bank transfers on the demo orders' amounts: the earliest ones received (and invoiced by the vendor),
    the latest one waiting."""
    officer = User.objects.filter(officer_memberships__is_active=True).order_by("pk").first()
    for order in orders:
        amounts = list(order.amounts.filter(status=AmountStatus.DUE).order_by("due_date", "pk"))
        for index, amount in enumerate(amounts):
            if amount.sme_share <= 0:
                continue
            payment = payment_services.payment_create(
                payable=amount,
                by=_sme_user(order),
                method=PaymentMethod.BANK_TRANSFER,
                idempotency_key=f"demo-order-amount-{amount.pk}",
            )
            if officer is not None and index < len(amounts) - 1:
                payment_services.payment_mark_received(
                    payment=payment, by=officer, bank_reference=f"FT26O{payment.pk:06d}"
                )
                # the vendor invoices what it was paid: support reserved on the amount is redeemed
                amount.refresh_from_db()
                if amount.status == AmountStatus.PAID:
                    services.amount_record_invoice(
                        amount=amount, actor=_vendor_user(order), number=f"C26TVD-{amount.pk:07d}"
                    )
