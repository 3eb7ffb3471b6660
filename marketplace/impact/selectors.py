"""Reads for measured impact: deals completed in a window, summaries, an enterprise's measurements.

Nothing here aggregates measurements for a profile: `ImpactSummary` rows are written by the services.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet

from consultants.bookings.models import Booking, BookingStatus
from marketplace.engagements.models import Engagement, EngagementStatus
from marketplace.orders.models import Order, OrderStatus
from marketplace.vouchers.models import Voucher

from .models import DealKind, ImpactSummary, Measurement
from .stats import mean_interval


@dataclass(frozen=True)
class CompletedDeal:
    kind: str
    pk: int
    enterprise_id: int
    completed_at: dt.datetime
    consultant_id: int | None = None
    solution_id: int | None = None
    pillars: tuple[str, ...] = ()  # as the deal states them (engagement scope, solution category)


def _engagements(queryset) -> list[CompletedDeal]:
    return [
        CompletedDeal(
            DealKind.ENGAGEMENT,
            e.pk,
            e.enterprise_id,
            e.updated_at,
            consultant_id=e.consultant_id,
            pillars=tuple(
                p for p in (e.accepted_version.pillars if e.accepted_version else []) if isinstance(p, str)
            ),
        )
        for e in queryset.select_related("accepted_version")
    ]


def _bookings(queryset) -> list[CompletedDeal]:
    return [
        CompletedDeal(DealKind.BOOKING, b.pk, b.enterprise_id, b.end_at, consultant_id=b.consultant_id)
        for b in queryset
    ]


def _orders(queryset) -> list[CompletedDeal]:
    return [
        CompletedDeal(
            DealKind.ORDER,
            o.pk,
            o.enterprise_id,
            o.in_use_at,
            solution_id=o.solution_id,
            pillars=tuple(o.solution.category.pillars or []) if o.solution.category_id else (),
        )
        for o in queryset.select_related("solution__category")
    ]


def deals_completed(
    *, enterprise_ids=None, after: dt.datetime | None = None, until: dt.datetime | None = None
) -> list[CompletedDeal]:
    """Deals completed in (after, until]: engagements completed (their last change is the completion),
    consultations held (at their end), solution orders confirmed in use (at the confirmation)."""
    engagements = Engagement.objects.filter(status=EngagementStatus.COMPLETED)
    bookings = Booking.objects.filter(status=BookingStatus.HELD)
    orders = Order.objects.filter(status__in=(OrderStatus.IN_USE, OrderStatus.ENDED), in_use_at__isnull=False)
    if enterprise_ids is not None:
        engagements = engagements.filter(enterprise_id__in=enterprise_ids)
        bookings = bookings.filter(enterprise_id__in=enterprise_ids)
        orders = orders.filter(enterprise_id__in=enterprise_ids)
    if after is not None:
        engagements = engagements.filter(updated_at__gt=after)
        bookings = bookings.filter(end_at__gt=after)
        orders = orders.filter(in_use_at__gt=after)
    if until is not None:
        engagements = engagements.filter(updated_at__lte=until)
        bookings = bookings.filter(end_at__lte=until)
        orders = orders.filter(in_use_at__lte=until)
    return [*_engagements(engagements), *_bookings(bookings), *_orders(orders)]


def summary(kind: str, pk: int) -> ImpactSummary | None:
    return ImpactSummary.objects.filter(kind=kind, object_id=pk, n__gt=0).first()


def measurements_of(enterprise) -> QuerySet[Measurement]:
    return Measurement.objects.filter(enterprise=enterprise).prefetch_related("attributions")


def impact_facts(kind: str, ids: list[int]) -> dict[int, dict]:
    """The reader registered in marketplace.core.reputation (one query over the summaries)."""
    rows = ImpactSummary.objects.filter(kind=kind, object_id__in=ids, n__gt=0)
    return {
        row.object_id: {
            "impact": {
                "n": row.n,
                "enough": row.enough,
                "minimum": settings.IMPACT_MIN_MEASURED,
                "mean_level_change": float(row.mean_level_change),
                "mean_addressed_level_change": float(row.mean_addressed_level_change),
                "low": float(row.low) if row.low is not None else None,
                "high": float(row.high) if row.high is not None else None,
            }
        }
        for row in rows
    }


def summaries_all() -> QuerySet[ImpactSummary]:
    return ImpactSummary.objects.filter(n__gt=0)


@dataclass(frozen=True)
class SupportImpact:
    """The measured readiness change of the SMEs supported under one call or one scheme."""

    label: str
    n: int
    mean: float | None
    low: float | None
    high: float | None
    enough: bool


def impact_by_support(by: str = "call") -> list[SupportImpact]:
    """Per support call (or scheme): SMEs that held a voucher under it and were measured after it was
    issued, each once (its latest such measurement), with the mean overall level change T1 − T0 and a
    95 % interval; below IMPACT_MIN_MEASURED SMEs the figure says too few. SMEs never measured do not
    count (nothing is inflated by them)."""
    vouchers = Voucher.objects.select_related("call__scheme").order_by("issued_at", "pk")
    groups: dict[int, tuple[str, dict[int, int]]] = {}
    for voucher in vouchers:
        group = voucher.call if by == "call" else voucher.call.scheme
        label = voucher.call.title if by == "call" else voucher.call.scheme.name
        latest = (
            Measurement.objects.filter(enterprise_id=voucher.enterprise_id, measured_at__gt=voucher.issued_at)
            .order_by("-measured_at", "-pk")
            .first()
        )
        changes = groups.setdefault(group.pk, (label, {}))[1]
        if latest is not None:
            changes[voucher.enterprise_id] = latest.level_change
    rows = []
    for label, changes in groups.values():
        values = [float(v) for v in changes.values()]
        enough = len(values) >= settings.IMPACT_MIN_MEASURED
        mean, low, high = mean_interval(values) if values else (None, None, None)
        rows.append(SupportImpact(label=label, n=len(values), mean=mean, low=low, high=high, enough=enough))
    return rows
