"""Writes for engagements: propose, revise, accept or send back, deliver, review, dispute, resolve, end.

Every state change goes through `transition` (compare-and-swap + audit record in one transaction), so
two concurrent accepts, deliveries or resolutions change state once; the loser gets a 409.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from consultants.models import Consultant
from marketplace.accounts.roles import is_officer
from marketplace.core.audit import audit_record
from marketplace.core.documents import process_document, save_processed_document
from marketplace.core.errors import Conflict
from marketplace.core.transitions import transition
from marketplace.enterprises.models import Enterprise

from . import deals, selectors
from . import workflow as wf
from .errors import (
    EngagementConflict,
    EngagementTransitionError,
    InvalidPartialAmount,
    InvalidProposal,
    InvoiceNotDue,
    NotAnOfficer,
    NotMet,
    NotTheEnterprise,
    NotTheProvider,
    ReasonRequired,
    ReviewPeriodOver,
    StaleVersion,
)
from .models import (
    SETTLED_STATUSES,
    Engagement,
    EngagementStatus,
    Evidence,
    Milestone,
    MilestoneStatus,
    ProposalVersion,
)

MAX_MILESTONES = 20
# actions recorded outside a state change (audit labels registered in apps.py)
PROPOSE = "engagement.propose"
RECORD_INVOICE = "milestone.record_invoice"


def review_days() -> int:
    return settings.ENGAGEMENT_REVIEW_DAYS


def _move(instance, *, workflow, action: str, actor, **kwargs):
    return transition(
        instance,
        workflow=workflow,
        action=action,
        actor=actor,
        invalid_error=EngagementTransitionError,
        conflict_error=EngagementConflict,
        **kwargs,
    )


def _stamp(engagement: Engagement) -> datetime:
    return Engagement.objects.filter(pk=engagement.pk).values_list("updated_at", flat=True).get()


def _require_provider(engagement: Engagement, user) -> None:
    if not selectors.is_provider(engagement.consultant, user):
        raise NotTheProvider()


def _require_member(engagement: Engagement, user) -> None:
    if not engagement.enterprise.memberships.filter(user=user).exists():
        raise NotTheEnterprise()


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired()
    return reason


def _clean_milestones(milestones: Sequence[dict[str, Any]], *, start: date, end: date) -> list[dict]:
    """Check the milestones a proposal carries; return them normalised for storage (JSON)."""
    errors: dict[str, list[str]] = {}
    if not milestones:
        errors["milestones"] = [_("Add at least one milestone.")]
    elif len(milestones) > MAX_MILESTONES:
        errors["milestones"] = [_("At most %(n)s milestones.") % {"n": MAX_MILESTONES}]
    cleaned = []
    for index, item in enumerate(milestones or []):
        title = str(item.get("title") or "").strip()
        due = item.get("due_date")
        due = parse_date(due) if isinstance(due, str) else due
        amount = item.get("amount")
        problems = []
        if not title:
            problems.append(_("Give each milestone a title."))
        if not isinstance(due, date) or not (start <= due <= end):
            problems.append(_("Each milestone falls due between the start and the end."))
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            problems.append(_("Each milestone's amount is a whole number of đồng above 0."))
        if problems:
            errors[f"milestones.{index}"] = problems
            continue
        cleaned.append({"title": title[:200], "due_date": due.isoformat(), "amount": amount})
    if errors:
        raise InvalidProposal(fields=errors)
    return cleaned


def _write_version(
    *,
    engagement: Engagement,
    number: int,
    created_by,
    scope: str,
    pillars: Iterable[str],
    deliverables: str,
    milestones: Sequence[dict[str, Any]],
    total: int,
    start_date: date,
    end_date: date,
) -> ProposalVersion:
    errors: dict[str, list[str]] = {}
    if not (scope or "").strip():
        errors["scope"] = [_("Describe the scope of the work.")]
    if not (deliverables or "").strip():
        errors["deliverables"] = [_("List the deliverables.")]
    if end_date < start_date:
        errors["end_date"] = [_("The end comes after the start.")]
    if errors:
        raise InvalidProposal(fields=errors)
    cleaned = _clean_milestones(milestones, start=start_date, end=end_date)
    # the total is what the milestones add up to: a total that disagrees is refused, never "fixed"
    if total != sum(m["amount"] for m in cleaned):
        raise InvalidProposal(
            fields={"total": [_("The total must equal the sum of the milestones' amounts.")]}
        )
    return ProposalVersion.objects.create(
        engagement=engagement,
        number=number,
        scope=scope.strip(),
        pillars=[str(p).strip() for p in pillars if str(p).strip()],
        deliverables=deliverables.strip(),
        milestones=cleaned,
        total=total,
        start_date=start_date,
        end_date=end_date,
        created_by=created_by,
    )


def engagement_propose(
    *,
    consultant: Consultant,
    enterprise: Enterprise,
    proposed_by,
    title: str,
    scope: str,
    pillars: Iterable[str] = (),
    deliverables: str,
    milestones: Sequence[dict[str, Any]],
    total: int,
    start_date: date,
    end_date: date,
) -> Engagement:
    """A consultant (or their firm's administrator) proposes work to an enterprise it has met."""
    if not selectors.is_provider(consultant, proposed_by):
        raise NotTheProvider()
    if not selectors.has_met(consultant=consultant, enterprise=enterprise):
        raise NotMet()
    if not (title or "").strip():
        raise InvalidProposal(fields={"title": [_("Give the engagement a title.")]})
    with transaction.atomic():
        engagement = Engagement.objects.create(
            enterprise=enterprise, consultant=consultant, proposed_by=proposed_by, title=title.strip()[:200]
        )
        _write_version(
            engagement=engagement,
            number=1,
            created_by=proposed_by,
            scope=scope,
            pillars=pillars,
            deliverables=deliverables,
            milestones=milestones,
            total=total,
            start_date=start_date,
            end_date=end_date,
        )
        audit_record(subject=engagement, actor=proposed_by, action=PROPOSE, to_state=engagement.status)
    return engagement


def engagement_revise(
    *,
    engagement: Engagement,
    by,
    scope: str,
    pillars: Iterable[str] = (),
    deliverables: str,
    milestones: Sequence[dict[str, Any]],
    total: int,
    start_date: date,
    end_date: date,
    note: str = "",
) -> ProposalVersion:
    """A new version of a proposal not yet accepted; earlier versions stay as they were."""
    _require_provider(engagement, by)
    with transaction.atomic():
        # the version number and the row's stamp move together: of two concurrent revisions one wins
        stamp = _stamp(engagement)
        _move(
            engagement,
            workflow=wf.ENGAGEMENT_WORKFLOW,
            action=wf.REVISE,
            actor=by,
            reason=note,
            expect={"updated_at": stamp},
        )
        number = (selectors.latest_version(engagement).number or 0) + 1
        version = _write_version(
            engagement=engagement,
            number=number,
            created_by=by,
            scope=scope,
            pillars=pillars,
            deliverables=deliverables,
            milestones=milestones,
            total=total,
            start_date=start_date,
            end_date=end_date,
        )
    return version


def engagement_request_changes(*, engagement: Engagement, by, reason: str) -> Engagement:
    _require_member(engagement, by)
    return _move(
        engagement,
        workflow=wf.ENGAGEMENT_WORKFLOW,
        action=wf.REQUEST_CHANGES,
        actor=by,
        reason=_reason(reason),
        changes={"status_reason": _reason(reason)},
    )


def engagement_accept(*, engagement: Engagement, by, version_number: int) -> Engagement:
    """The SME accepts exactly the version it read (`version_number`); a newer one is a 409.

    The acceptance (who, when, which version) is recorded on the engagement and in its history, and
    the accepted version's milestones become the milestones of the work.
    """
    _require_member(engagement, by)
    now = timezone.now()
    with transaction.atomic():
        # read the row's stamp before the version: a revision committed after this read changes the
        # stamp, so the compare-and-swap below refuses to accept a version the SME has not read
        stamp = _stamp(engagement)
        version = selectors.latest_version(engagement)
        if version is None or version.number != version_number:
            raise StaleVersion()
        _move(
            engagement,
            workflow=wf.ENGAGEMENT_WORKFLOW,
            action=wf.ACCEPT,
            actor=by,
            data={"version": version.number, "total": version.total},
            changes={"accepted_version": version, "accepted_by": by, "accepted_at": now},
            expect={"updated_at": stamp},
        )
        Milestone.objects.bulk_create(
            Milestone(
                engagement=engagement,
                position=index,
                title=item["title"],
                due_date=parse_date(item["due_date"]),
                amount=item["amount"],
            )
            for index, item in enumerate(version.milestones, start=1)
        )
        deals.announce_accepted(engagement, by)
    return engagement


def engagement_withdraw(*, engagement: Engagement, by, reason: str = "") -> Engagement:
    _require_provider(engagement, by)
    return _move(engagement, workflow=wf.ENGAGEMENT_WORKFLOW, action=wf.WITHDRAW, actor=by, reason=reason)


def milestone_deliver(*, milestone: Milestone, by, note: str = "", files: Iterable[Any] = ()) -> Milestone:
    """The provider delivers with evidence; the SME's review period starts now (silence accepts)."""
    engagement = milestone.engagement
    _require_provider(engagement, by)
    if engagement.status != EngagementStatus.ACTIVE:
        raise EngagementTransitionError(_("Deliver only on an engagement in progress."))
    files = list(files)
    processed = [process_document(f) for f in files]  # refuse a bad file before anything changes
    now = timezone.now()
    with transaction.atomic():
        _move(
            milestone,
            workflow=wf.MILESTONE_WORKFLOW,
            action=wf.DELIVER,
            actor=by,
            audit_subject=engagement,
            data={"milestone": milestone.pk, "files": len(processed)},
            changes={
                "delivery_note": (note or "").strip(),
                "delivered_at": now,
                "review_due_at": now + timedelta(days=review_days()),
            },
        )
        for document in processed:
            Evidence.objects.create(
                milestone=milestone,
                file_name=save_processed_document(document, prefix=f"private/engagements/{engagement.pk}"),
                original_name=document.original_name,
                content_type=document.content_type,
                size=document.size,
                uploaded_by=by,
            )
    return milestone


def _after_settled(engagement: Engagement, actor) -> None:
    """Complete an engagement in progress once every milestone is settled (inside the caller's atomic)."""
    open_left = engagement.milestones.exclude(status__in=SETTLED_STATUSES).exists()
    if open_left:
        return
    # ended early (it stays "ended") or completed by a concurrent settlement: nothing to do
    with contextlib.suppress(EngagementTransitionError, Conflict):
        _move(engagement, workflow=wf.ENGAGEMENT_WORKFLOW, action=wf.COMPLETE, actor=actor)


def milestone_accept(*, milestone: Milestone, by) -> Milestone:
    _require_member(milestone.engagement, by)
    with transaction.atomic():
        _move(
            milestone,
            workflow=wf.MILESTONE_WORKFLOW,
            action=wf.ACCEPT_DELIVERY,
            actor=by,
            audit_subject=milestone.engagement,
            data={"milestone": milestone.pk},
            changes={"settled_amount": milestone.amount},
        )
        _after_settled(milestone.engagement, by)
    return milestone


def milestone_dispute(*, milestone: Milestone, by, reason: str) -> Milestone:
    _require_member(milestone.engagement, by)
    reason = _reason(reason)
    now = timezone.now()
    if milestone.status == MilestoneStatus.DELIVERED and milestone.review_due_at <= now:
        raise ReviewPeriodOver()
    return _move(
        milestone,
        workflow=wf.MILESTONE_WORKFLOW,
        action=wf.DISPUTE,
        actor=by,
        reason=reason,
        audit_subject=milestone.engagement,
        data={"milestone": milestone.pk},
        changes={"status_reason": reason},
        # the review period is over the moment it ends, even if the scheduled task has not run yet
        expect={"review_due_at__gt": now},
    )


def milestones_auto_accept(*, now: datetime | None = None) -> int:
    """Deliveries whose review period ran out without an answer are accepted (silence accepts).

    Idempotent: each milestone moves by compare-and-swap, so two runs accept it once.
    """
    now = now or timezone.now()
    count = 0
    due = Milestone.objects.filter(status=MilestoneStatus.DELIVERED, review_due_at__lte=now).select_related(
        "engagement"
    )
    for milestone in due.order_by("pk"):
        try:
            with transaction.atomic():
                _move(
                    milestone,
                    workflow=wf.MILESTONE_WORKFLOW,
                    action=wf.AUTO_ACCEPT,
                    actor=None,
                    audit_subject=milestone.engagement,
                    data={"milestone": milestone.pk},
                    changes={"settled_amount": milestone.amount},
                )
                _after_settled(milestone.engagement, None)
        except (EngagementTransitionError, Conflict):
            continue  # answered (or accepted by another run) in the meantime
        count += 1
    return count


RESOLUTIONS = {"accept": wf.RESOLVE_ACCEPT, "partial": wf.RESOLVE_PARTIAL, "reject": wf.RESOLVE_REJECT}


def milestone_resolve(
    *, milestone: Milestone, officer, outcome: str, reason: str, amount: int | None = None
) -> Milestone:
    """An officer settles a dispute: accept (the full amount), partial (`amount`), or reject (0)."""
    if not is_officer(officer):
        raise NotAnOfficer()
    if outcome not in RESOLUTIONS:
        raise InvalidProposal(fields={"outcome": [_("Choose accept, partial or reject.")]})
    reason = _reason(reason)
    if outcome == "partial":
        if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount < milestone.amount:
            raise InvalidPartialAmount()
        settled = amount
    else:
        settled = milestone.amount if outcome == "accept" else 0
    with transaction.atomic():
        _move(
            milestone,
            workflow=wf.MILESTONE_WORKFLOW,
            action=RESOLUTIONS[outcome],
            actor=officer,
            reason=reason,
            audit_subject=milestone.engagement,
            data={"milestone": milestone.pk, "settled_amount": settled},
            changes={"settled_amount": settled, "status_reason": reason},
        )
        if settled == 0:
            deals.announce_released([milestone], officer, reason)
        _after_settled(milestone.engagement, officer)
    return milestone


def engagement_end_early(*, engagement: Engagement, by, reason: str) -> Engagement:
    """Either side ends the work with a reason. Undelivered milestones are cancelled (nothing owed);
    delivered ones keep their review (accept, dispute, or silence accepts), as during the work."""
    party = selectors.engagement_party(engagement, by)
    if party is None:
        raise NotTheEnterprise()
    reason = _reason(reason)
    with transaction.atomic():
        _move(
            engagement,
            workflow=wf.ENGAGEMENT_WORKFLOW,
            action=wf.END_EARLY,
            actor=by,
            reason=reason,
            data={"by": party},
            changes={"status_reason": reason, "ended_by": party},
        )
        cancelled = list(engagement.milestones.filter(status=MilestoneStatus.PENDING).order_by("pk"))
        for milestone in cancelled:
            _move(
                milestone,
                workflow=wf.MILESTONE_WORKFLOW,
                action=wf.CANCEL,
                actor=by,
                reason=reason,
                audit_subject=engagement,
                data={"milestone": milestone.pk},
                changes={"settled_amount": 0},
            )
        deals.announce_released(cancelled, by, reason)
    return engagement


def milestone_record_invoice(*, milestone: Milestone, by, number: str) -> Milestone:
    """The provider records the e-invoice (hóa đơn điện tử) it issued for the milestone's amount."""
    _require_provider(milestone.engagement, by)
    number = (number or "").strip()
    if not number:
        raise InvalidProposal(fields={"e_invoice_number": [_("Give the e-invoice number.")]})
    with transaction.atomic():
        updated = Milestone.objects.filter(
            pk=milestone.pk,
            status__in=(MilestoneStatus.ACCEPTED, MilestoneStatus.PARTIAL),
            settled_amount__gt=0,
        ).update(e_invoice_number=number[:40], updated_at=timezone.now())
        if updated != 1:
            raise InvoiceNotDue()
        audit_record(
            subject=milestone.engagement,
            actor=by,
            action=RECORD_INVOICE,
            data={"milestone": milestone.pk, "e_invoice_number": number[:40]},
        )
        deals.announce_invoiced(milestone, by)
    milestone.e_invoice_number = number[:40]
    return milestone
