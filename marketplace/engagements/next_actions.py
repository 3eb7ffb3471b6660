"""The engagements' items on the account page (registered in `EngagementsConfig.ready`).

Each function counts only the user's own items: the SME side through the enterprises the user is a
member of, the provider side through the consultant (or the firm the user administers). One item
links to itself; several link to the list they are on."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Min, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from marketplace.accounts.roles import is_officer
from marketplace.core.next_actions import NextAction
from marketplace.payments.models import LIVE_STATUSES, Payment

from .models import EngagementStatus, Milestone, MilestoneStatus
from .selectors import disputes_open, engagements_of_enterprise_member, engagements_of_provider

# the engagement states in which milestones are paid (as on the engagement page)
PAYABLE_STATES = (EngagementStatus.ACTIVE, EngagementStatus.ENDED, EngagementStatus.COMPLETED)


def _engagements_action(key, label, engagements: QuerySet) -> NextAction | None:
    ids = list(engagements.order_by("pk").values_list("pk", flat=True)[:2])
    if not ids:
        return None
    count = engagements.count()
    url = reverse("engagements:detail", args=[ids[0]]) if count == 1 else reverse("engagements:mine")
    return NextAction(key, label, count, url)


def _milestones_action(key, label, milestones: QuerySet, *, deadline: bool = False) -> NextAction | None:
    first = milestones.order_by("review_due_at", "pk").values_list("pk", "engagement_id").first()
    if first is None:
        return None
    count = milestones.count()
    if count == 1:
        url = reverse("engagements:detail", args=[first[1]]) + f"#milestone-{first[0]}"
    else:
        url = reverse("engagements:mine")
    due_at = milestones.aggregate(first=Min("review_due_at"))["first"] if deadline else None
    return NextAction(key, label, count, url, due_at)


def proposals_to_answer(user) -> NextAction | None:
    engagements = engagements_of_enterprise_member(user).filter(status=EngagementStatus.PROPOSED)
    return _engagements_action(
        "engagements.proposals_to_answer", _("Proposals waiting for your answer"), engagements
    )


def deliveries_to_review(user) -> NextAction | None:
    milestones = Milestone.objects.filter(
        status=MilestoneStatus.DELIVERED,
        engagement__in=engagements_of_enterprise_member(user).values("pk"),
    )
    return _milestones_action(
        "engagements.deliveries_to_review", _("Deliveries to review"), milestones, deadline=True
    )


def milestones_to_pay(user) -> NextAction | None:
    """Milestones the enterprise owes and has not started paying (a started payment is listed by
    the payments app)."""
    paid_or_open = Payment.objects.filter(
        payable_type=ContentType.objects.get_for_model(Milestone), status__in=LIVE_STATUSES
    ).values("payable_id")
    milestones = (
        Milestone.objects.filter(
            engagement__in=engagements_of_enterprise_member(user).values("pk"),
            engagement__status__in=PAYABLE_STATES,
        )
        .exclude(status__in=(MilestoneStatus.CANCELLED, MilestoneStatus.REJECTED))
        .annotate(owed=Coalesce("settled_amount", "amount"))
        .filter(owed__gt=0)
        .exclude(pk__in=paid_or_open)
    )
    return _milestones_action("engagements.milestones_to_pay", _("Milestones to pay"), milestones)


def proposals_to_change(user) -> NextAction | None:
    engagements = engagements_of_provider(user).filter(status=EngagementStatus.CHANGES_REQUESTED)
    return _engagements_action(
        "engagements.proposals_to_change", _("Proposals the enterprise asked to change"), engagements
    )


def milestones_to_deliver(user) -> NextAction | None:
    milestones = Milestone.objects.filter(
        status=MilestoneStatus.PENDING,
        engagement__status=EngagementStatus.ACTIVE,
        engagement__in=engagements_of_provider(user).values("pk"),
    )
    return _milestones_action("engagements.milestones_to_deliver", _("Milestones to deliver"), milestones)


def invoices_to_record(user) -> NextAction | None:
    milestones = Milestone.objects.filter(
        Q(status=MilestoneStatus.ACCEPTED) | Q(status=MilestoneStatus.PARTIAL),
        settled_amount__gt=0,
        e_invoice_number="",
        engagement__in=engagements_of_provider(user).values("pk"),
    )
    return _milestones_action("engagements.invoices_to_record", _("E-invoices to record"), milestones)


def disputes_to_resolve(user) -> NextAction | None:
    if not is_officer(user):
        return None
    count = disputes_open().count()
    if not count:
        return None
    return NextAction(
        "engagements.disputes", _("Disputed milestones to resolve"), count, reverse("engagements:disputes")
    )


def register() -> None:
    from marketplace.core import next_actions

    next_actions.register("sme", proposals_to_answer)
    next_actions.register("sme", deliveries_to_review)
    next_actions.register("sme", milestones_to_pay)
    next_actions.register("consultant", proposals_to_change)
    next_actions.register("consultant", milestones_to_deliver)
    next_actions.register("consultant", invoices_to_record)
    next_actions.register("officer", disputes_to_resolve)
