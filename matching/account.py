"""The account page's facts: each role's status and next action.

The page sits here, not in marketplace.accounts, because it composes reads from the floors that know
them (assessments here, bookings and certificates in consultants, listings in catalogue) and a lower
floor may not import a higher one."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue.models import Solution
from catalogue.selectors import review_queue, solutions_of
from consultants.bookings.models import PENDING_STATUSES, Booking, BookingStatus
from consultants.bookings.selectors import bookings_of_user, consultant_queue
from consultants.models import CertificationApplication
from consultants.selectors import applications_queue, consultant_live_certificate, consultant_of
from marketplace.core import next_actions
from marketplace.enterprises.models import Enterprise

from .models import Assessment
from .selectors import assessment_latest_submitted


@dataclass
class NextAction:
    label: str
    url: str


@dataclass
class EnterpriseStatus:
    enterprise: Enterprise
    assessment: Assessment | None
    draft: bool
    pending: list[Booking]
    confirmed: list[Booking]
    next_action: NextAction


@dataclass
class AccountOverview:
    enterprises: list[EnterpriseStatus] = field(default_factory=list)
    consultant_application: CertificationApplication | None = None
    consultant_certificate_valid_until: datetime | None = None
    consultant_requests: int = 0
    consultant_next_action: NextAction | None = None
    listings: dict[str, int] = field(default_factory=dict)
    listings_total: int = 0
    vendor_next_action: NextAction | None = None
    officer_queues: dict[str, int] = field(default_factory=dict)
    # each role's items due in the deals (engagements, orders, payments, vouchers register them)
    deal_actions: dict[str, list[next_actions.NextAction]] = field(default_factory=dict)


def _enterprise_status(enterprise: Enterprise, upcoming: list[Booking]) -> EnterpriseStatus:
    assessment = assessment_latest_submitted(enterprise=enterprise)
    draft = enterprise.assessments.filter(status=Assessment.DRAFT).exists()
    mine = [b for b in upcoming if b.enterprise_id == enterprise.pk]
    pending = [b for b in mine if b.status in PENDING_STATUSES]
    confirmed = [b for b in mine if b.status == BookingStatus.CONFIRMED]
    start = reverse("matching:assessment_start") + f"?enterprise={enterprise.pk}"
    if assessment is None:
        label = _("Continue the readiness assessment") if draft else _("Take the readiness assessment")
        action = NextAction(label, start)
    elif confirmed:
        action = NextAction(_("Prepare your next consultation"), confirmed[0].get_absolute_url())
    elif pending:
        action = NextAction(_("See your booking request"), pending[0].get_absolute_url())
    else:
        url = reverse("matching:recommendations") + f"?enterprise={enterprise.pk}"
        action = NextAction(_("Choose a consultant or a solution from your recommendations"), url)
    return EnterpriseStatus(enterprise, assessment, draft, pending, confirmed, action)


def account_overview(*, user, roles: set[str], memberships) -> AccountOverview:
    """What each of the user's roles has to show; only the roles the user holds are read."""
    overview = AccountOverview()
    if "sme" in roles or not roles:
        upcoming = list(bookings_of_user(user, when="upcoming", now=timezone.now())) if memberships else []
        overview.enterprises = [_enterprise_status(m.enterprise, upcoming) for m in memberships]
    consultant = consultant_of(user) if "consultant" in roles else None
    if consultant is not None:
        overview.consultant_application = consultant.applications.order_by("-pk").first()
        certificate = consultant_live_certificate(consultant)
        overview.consultant_certificate_valid_until = certificate.valid_until if certificate else None
        overview.consultant_requests = consultant_queue(consultant).count()
        if overview.consultant_requests:
            action = NextAction(_("Answer the booking requests"), reverse("bookings:queue"))
        elif certificate is None:
            action = NextAction(_("Apply for network certification"), reverse("consultants:application"))
        else:
            action = NextAction(_("Keep your free hours up to date"), reverse("consultants:availability"))
        overview.consultant_next_action = action
    if "vendor" in roles:
        counts = dict(
            solutions_of(user)
            .order_by()
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        labels = dict(Solution.STATUS_CHOICES)
        overview.listings = {str(labels[s]): n for s, n in counts.items() if n}
        overview.listings_total = sum(counts.values())
        dashboard = reverse("catalogue:vendor_dashboard")
        if not overview.listings_total:
            action = NextAction(_("List your first solution"), dashboard)
        elif counts.get(Solution.DRAFT) or counts.get(Solution.CHANGES_REQUESTED):
            action = NextAction(_("Finish your drafts and submit them for review"), dashboard)
        else:
            action = NextAction(_("Manage listings"), dashboard)
        overview.vendor_next_action = action
    if "officer" in roles:
        queue = review_queue()
        overview.officer_queues = {
            "applications": applications_queue().count(),
            "solutions": queue["submitted"].count() + queue["changes"].count(),
        }
    deal_roles = set(roles) | ({"sme"} if memberships else set())
    overview.deal_actions = next_actions.for_user(user, deal_roles)
    return overview
