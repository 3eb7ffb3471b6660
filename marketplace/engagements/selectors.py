"""Reads for engagements: who may see which engagement, which side a user is on, what is due."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from consultants.bookings.models import BookingStatus
from consultants.models import Consultant, FirmMembership
from marketplace.accounts.roles import is_officer
from marketplace.core.audit import audit_history
from marketplace.enterprises.models import Enterprise

from .errors import EngagementNotFound, MilestoneNotFound
from .models import Engagement, Evidence, Milestone, MilestoneStatus, Party, ProposalVersion

# a consultation that took place (or is confirmed) is what "has met" means
MET_STATUSES = (BookingStatus.CONFIRMED, BookingStatus.HELD)


def _provider_q(user, prefix: str = "") -> Q:
    """The consultant themselves, or an administrator of the firm the consultant acts for."""
    return Q(**{f"{prefix}consultant__user": user}) | Q(
        **{
            f"{prefix}consultant__firm_membership__firm__memberships__consultant__user": user,
            f"{prefix}consultant__firm_membership__firm__memberships__role": FirmMembership.ADMIN,
        }
    )


def engagements_visible_to(user) -> QuerySet[Engagement]:
    """Engagements the user is a party to (SME member or provider); officers see all (disputes)."""
    if not getattr(user, "is_authenticated", False):
        return Engagement.objects.none()
    queryset = Engagement.objects.select_related("enterprise", "consultant__user", "accepted_version")
    if is_officer(user):
        return queryset
    ids = Engagement.objects.filter(Q(enterprise__memberships__user=user) | _provider_q(user)).values("pk")
    return queryset.filter(pk__in=ids)


def engagement_get_for(*, user, pk) -> Engagement:
    """One engagement the user may see; anyone else gets 404 (not 403), as everywhere."""
    engagement = engagements_visible_to(user).filter(pk=pk).first()
    if engagement is None:
        raise EngagementNotFound()
    return engagement


def milestone_get_for(*, user, pk) -> Milestone:
    milestone = (
        Milestone.objects.select_related("engagement__enterprise", "engagement__consultant__user")
        .filter(pk=pk, engagement__in=engagements_visible_to(user).values("pk"))
        .first()
    )
    if milestone is None:
        raise MilestoneNotFound()
    return milestone


def engagement_party(engagement: Engagement, user) -> str | None:
    """Which side `user` is on (the provider wins when one person is both)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if is_provider(engagement.consultant, user):
        return Party.PROVIDER
    if engagement.enterprise.memberships.filter(user=user).exists():
        return Party.SME
    return None


def is_provider(consultant: Consultant, user) -> bool:
    """May `user` act for `consultant`: the consultant, or their firm's administrator."""
    if not getattr(user, "is_authenticated", False):
        return False
    if consultant.user_id == user.pk:
        return True
    return FirmMembership.objects.filter(
        firm__memberships__consultant=consultant, consultant__user=user, role=FirmMembership.ADMIN
    ).exists()


def has_met(*, consultant: Consultant, enterprise: Enterprise) -> bool:
    return consultant.bookings.filter(enterprise=enterprise, status__in=MET_STATUSES).exists()


def latest_version(engagement: Engagement) -> ProposalVersion:
    return engagement.versions.order_by("-number").first()


def milestones_of(engagement: Engagement) -> QuerySet[Milestone]:
    return engagement.milestones.prefetch_related("evidence").order_by("position")


def amount_owed(engagement: Engagement) -> int:
    """What the SME owes for the settled milestones (the sum of their settled amounts)."""
    return sum(m.settled_amount or 0 for m in engagement.milestones.all())


def disputes_open() -> QuerySet[Milestone]:
    """The officer's queue: disputed milestones, oldest first."""
    return (
        Milestone.objects.filter(status=MilestoneStatus.DISPUTED)
        .select_related("engagement__enterprise", "engagement__consultant__user")
        .order_by("updated_at", "pk")
    )


def engagement_history(engagement: Engagement):
    return audit_history(engagement)


def engagements_of_enterprise_member(user) -> QuerySet[Engagement]:
    """The "my engagements" list of an SME member (every enterprise the user belongs to)."""
    if not getattr(user, "is_authenticated", False):
        return Engagement.objects.none()
    ids = Engagement.objects.filter(enterprise__memberships__user=user).values("pk")
    return Engagement.objects.select_related("enterprise", "consultant").filter(pk__in=ids)


def engagements_of_provider(user) -> QuerySet[Engagement]:
    """The consultant's list: their engagements and, for a firm administrator, the firm's."""
    if not getattr(user, "is_authenticated", False):
        return Engagement.objects.none()
    ids = Engagement.objects.filter(_provider_q(user)).values("pk")
    return Engagement.objects.select_related("enterprise", "consultant").filter(pk__in=ids)


def consultants_acted_for(user) -> QuerySet[Consultant]:
    """The consultants `user` may propose for: themselves, and their firm's consultants if an admin."""
    if not getattr(user, "is_authenticated", False):
        return Consultant.objects.none()
    ids = Consultant.objects.filter(
        Q(user=user)
        | Q(
            firm_membership__firm__memberships__consultant__user=user,
            firm_membership__firm__memberships__role=FirmMembership.ADMIN,
        )
    ).values("pk")
    return Consultant.objects.select_related("user").filter(pk__in=ids).order_by("pk")


def enterprises_met_by(consultants) -> QuerySet[Enterprise]:
    """Enterprises that had a consultation with one of `consultants`: who a proposal may go to."""
    return (
        Enterprise.objects.filter(bookings__consultant__in=consultants, bookings__status__in=MET_STATUSES)
        .distinct()
        .order_by("name")
    )


def versions_of(engagement: Engagement) -> list[ProposalVersion]:
    return list(engagement.versions.order_by("number"))


def version_changes(before: ProposalVersion | None, after: ProposalVersion) -> list[dict]:
    """What changed between two versions, field by field (what the SME reads before answering)."""
    if before is None:
        return []
    changes = []
    for name in ("scope", "deliverables", "start_date", "end_date", "total"):
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            changes.append({"field": name, "before": old, "after": new})
    if before.pillars != after.pillars:
        changes.append({"field": "pillars", "before": before.pillars, "after": after.pillars})
    if before.milestones != after.milestones:
        changes.append({"field": "milestones", "before": before.milestones, "after": after.milestones})
    return changes


def evidence_get_for(*, user, pk):
    """A delivered file, for the parties and officers only (404 for anyone else)."""
    evidence = (
        Evidence.objects.select_related("milestone")
        .filter(pk=pk, milestone__engagement__in=engagements_visible_to(user).values("pk"))
        .first()
    )
    if evidence is None:
        raise MilestoneNotFound()
    return evidence
