"""What engagements announce through `marketplace.core.deals` (the vouchers app listens).

Sent from the services inside their transactions: the accepted milestones (support is reserved on
each), a milestone invoiced after acceptance (support is redeemed against the e-invoice number),
milestones that will not be paid (cancelled at an early end, a dispute rejected: support released).
"""

from __future__ import annotations

from collections.abc import Iterable

from marketplace.core import deals
from marketplace.core.support import CONSULTING

from .models import Engagement, Milestone


def milestone_amount(milestone: Milestone) -> deals.DealAmount:
    engagement = milestone.engagement
    return deals.DealAmount(
        key=deals.payable_key(milestone),
        contract=deals.payable_key(engagement),
        enterprise_id=engagement.enterprise_id,
        kind=CONSULTING,
        price=milestone.amount,
        co_investment=0,
        due_date=milestone.due_date,
        provider=engagement.consultant.display_name,
        description=f"{engagement.title} — {milestone.title}"[:500],
    )


def announce_accepted(engagement: Engagement, actor) -> None:
    milestones = engagement.milestones.select_related("engagement__consultant").order_by("position")
    deals.amounts_accepted.send(
        sender=Engagement, amounts=[milestone_amount(m) for m in milestones], actor=actor
    )


def announce_invoiced(milestone: Milestone, actor) -> None:
    milestone = Milestone.objects.select_related("engagement__consultant").get(pk=milestone.pk)
    deals.amount_settled.send(
        sender=Milestone,
        amount=milestone_amount(milestone),
        settled=milestone.settled_amount or 0,
        evidence=milestone.e_invoice_number,
        actor=actor,
    )


def announce_released(milestones: Iterable[Milestone], actor, reason: str) -> None:
    keys = [deals.payable_key(m) for m in milestones]
    if keys:
        deals.amounts_released.send(sender=Milestone, keys=keys, actor=actor, reason=reason)
