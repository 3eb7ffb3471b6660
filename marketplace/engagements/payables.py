"""A milestone as something payments can settle (registered in apps.py with payments.registry).

The SME funds a milestone once the engagement is in progress (before or after delivery); after a
dispute or an early end only the settled amount is due, and refunds follow the outcome.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from marketplace.core.audit import audit_record
from marketplace.core.support import CONSULTING
from marketplace.payments.registry import Due

from .errors import EngagementTransitionError
from .models import EngagementStatus, Milestone, MilestoneStatus


def milestone_due(milestone: Milestone) -> Due:
    engagement = milestone.engagement
    if engagement.status not in (EngagementStatus.ACTIVE, EngagementStatus.ENDED, EngagementStatus.COMPLETED):
        raise EngagementTransitionError(_("Pay a milestone once the engagement is accepted."))
    price = milestone.settled_amount if milestone.settled_amount is not None else milestone.amount
    if milestone.status in (MilestoneStatus.CANCELLED, MilestoneStatus.REJECTED) or price <= 0:
        raise EngagementTransitionError(_("Nothing is due on this milestone."))
    return Due(
        enterprise=engagement.enterprise,
        description=f"{engagement.title} — {milestone.title}",
        price=price,
        support_kind=CONSULTING,
    )


def milestone_paid(milestone: Milestone, payment) -> None:
    audit_record(
        subject=milestone.engagement,
        actor=None,
        action="milestone.paid",
        data={"milestone": milestone.pk, "payment": payment.pk, "amount": payment.sme_share},
    )


def milestone_refunded(milestone: Milestone, payment, amount: int) -> None:
    audit_record(
        subject=milestone.engagement,
        actor=None,
        action="milestone.refunded",
        data={"milestone": milestone.pk, "payment": payment.pk, "amount": amount},
    )
