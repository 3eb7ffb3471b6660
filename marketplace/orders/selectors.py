"""Reads of orders. Parties only: enterprise members see their enterprise's orders, vendor members
their vendor's; anyone else gets nothing (so 404, not 403). Officers read all (the indicators)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from catalogue.models import Solution, SolutionPlan

from .errors import OrderNotFound
from .models import AmountDue, AmountStatus, Order, OrderStatus


def _base() -> QuerySet[Order]:
    return Order.objects.select_related("enterprise", "solution", "vendor", "plan")


def orders_visible_to(user) -> QuerySet[Order]:
    if not getattr(user, "is_authenticated", False):
        return Order.objects.none()
    if user.is_officer or user.is_superuser:
        return _base()
    return (
        _base().filter(Q(enterprise__memberships__user=user) | Q(vendor__memberships__user=user)).distinct()
    )


def orders_of_enterprise_member(user) -> QuerySet[Order]:
    if not getattr(user, "is_authenticated", False):
        return Order.objects.none()
    return _base().filter(enterprise__memberships__user=user).distinct()


def orders_of_vendor_member(user) -> QuerySet[Order]:
    if not getattr(user, "is_authenticated", False):
        return Order.objects.none()
    return _base().filter(vendor__memberships__user=user).distinct()


def order_get_for(user, pk) -> Order:
    order = orders_visible_to(user).filter(pk=pk).first()
    if order is None:
        raise OrderNotFound()
    return order


def is_enterprise_side(order: Order, user) -> bool:
    return (
        bool(getattr(user, "is_authenticated", False))
        and order.enterprise.memberships.filter(user=user).exists()
    )


def is_vendor_side(order: Order, user) -> bool:
    return (
        bool(getattr(user, "is_authenticated", False)) and order.vendor.memberships.filter(user=user).exists()
    )


def orderable_plan(pk) -> SolutionPlan | None:
    """A plan the public can order: offered, on a published solution."""
    return (
        SolutionPlan.objects.select_related("solution", "solution__vendor")
        .filter(pk=pk, is_active=True, solution__status=Solution.PUBLISHED)
        .first()
    )


def order_amounts_due(order: Order) -> list[AmountDue]:
    """Every amount the order owes and has not cancelled, by due date: what payments turns into
    payments (each row carries its split: price, co_investment, support, sme_share)."""
    return list(order.amounts.filter(status=AmountStatus.DUE).order_by("due_date", "pk"))


def order_amounts(order: Order) -> list[AmountDue]:
    """All amounts of an order, cancelled ones included (the order page's history)."""
    return list(order.amounts.order_by("due_date", "pk"))


def revenue_reported(order: Order) -> int:
    """Revenue reported so far on the order (every report counts, even one on a closed order)."""
    return sum(order.amounts.filter(revenue__isnull=False).values_list("revenue", flat=True))


def enterprises_applying_solutions() -> int:
    """The programme indicator: enterprises with at least one solution confirmed in use."""
    return Order.objects.filter(status=OrderStatus.IN_USE).values("enterprise").distinct().count()


def orders_due_for_renewal(*, until) -> QuerySet[Order]:
    return Order.objects.filter(
        status=OrderStatus.IN_USE, next_period_start__isnull=False, next_period_start__lte=until
    ).order_by("pk")
