"""Deals ready to be reviewed, built through the services of the apps that own them."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from marketplace.engagements import services as engagement_services
from marketplace.engagements.models import Engagement
from marketplace.orders import services as order_services
from marketplace.orders.models import Order
from marketplace.reviews import services
from tests.engagements.factories import active, met
from tests.factories import enterprise_owner
from tests.orders.factories import confirmed_order, sme

CONSULTANT_SCORES = {"expertise": 5, "communication": 4, "value": 4, "results": 5}
SOLUTION_SCORES = {"ease_of_use": 4, "support": 3, "value": 4, "fit": 5}
TEXT = "Tư vấn viên nắm rõ quy trình, đề xuất thực tế và hỗ trợ tận tình."


def completed_engagement(**kwargs) -> Engagement:
    engagement = active(**kwargs)
    owner = enterprise_owner(engagement.enterprise)
    for milestone in engagement.milestones.order_by("position"):
        engagement_services.milestone_deliver(milestone=milestone, by=engagement.consultant.user, note="Xong")
        milestone.refresh_from_db()
        engagement_services.milestone_accept(milestone=milestone, by=owner)
    engagement.refresh_from_db()
    return engagement


def held_booking(consultant, enterprise):
    return met(consultant, enterprise)


def order_in_use(days_in_use: int = 40) -> Order:
    order = confirmed_order(contract=f"HĐ-{days_in_use}-{Order.objects.count()}")
    order_services.order_confirm_in_use(order=order, actor=sme(order))
    Order.objects.filter(pk=order.pk).update(in_use_at=timezone.now() - dt.timedelta(days=days_in_use))
    order.refresh_from_db()
    return order


def review_engagement(engagement: Engagement, scores=None, text: str = TEXT):
    return services.review_create(
        user=enterprise_owner(engagement.enterprise),
        deal_kind="engagement",
        deal_id=engagement.pk,
        scores=scores or CONSULTANT_SCORES,
        text=text,
    )
