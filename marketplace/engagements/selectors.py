"""Reads for engagements: who may see which engagement, which side a user is on, what is due."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from consultants.bookings.models import BookingStatus
from consultants.models import Consultant, FirmMembership
from marketplace.accounts.roles import is_officer
from marketplace.core.audit import audit_history
from marketplace.enterprises.models import Enterprise

from .errors import EngagementNotFound, MilestoneNotFound
from .models import Engagement, Milestone, MilestoneStatus, Party, ProposalVersion

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
