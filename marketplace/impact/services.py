"""Writes of measured impact: invite to re-assess, remind, record T0→T1 measurements, sum them up.

Run by the task runner (`tasks.py`, scheduled in CELERY_BEAT_SCHEDULE): the deals and assessments
live on other floors, so this app looks for what changed rather than being called by them. Every
step is idempotent (unique invitation per deal, unique measurement per T1, compare-and-swap on the
reminder counter), so a job run twice or by two workers at once changes nothing more.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from consultants.models import FirmMembership
from marketplace.accounts.roles import is_officer
from marketplace.core.audit import audit_record
from marketplace.core.transitions import transition
from marketplace.enterprises.models import Enterprise
from marketplace.enterprises.selectors import enterprises_of
from matching.models import Assessment
from matching.readiness import level_for

from . import exemplary, selectors, stats
from . import workflow as wf
from .errors import (
    DesignationChanged,
    DesignationNotFound,
    DesignationRefused,
    InvalidImpactInput,
    NotACandidate,
    NotAnOfficer,
)
from .models import (
    Attribution,
    Designation,
    DesignationStatus,
    ImpactSummary,
    Invitation,
    InvitationStatus,
    Measurement,
    SummaryKind,
)


def _q2(value: float | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------- invitations


def _members(enterprise: Enterprise):
    return [m.user for m in enterprise.memberships.select_related("user") if m.user.email]


def _send(invitation: Invitation, *, reminder: bool) -> None:
    enterprise = invitation.enterprise
    link = reverse("matching:assessment_start")
    for user in _members(enterprise):
        with translation.override(getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE):
            when = formats.date_format(timezone.localtime(invitation.due_at), "DATE_FORMAT")
            subject = (
                _("Reminder: re-assess your digital readiness")
                if reminder
                else _("Measure what changed: re-assess your digital readiness from %(date)s")
                % {"date": when}
            )
            body = _(
                "Your enterprise %(name)s completed a deal on the marketplace. From %(date)s, take the "
                "readiness assessment again with the same criteria set: comparing it with the one before "
                "shows what really improved, and tells other enterprises which providers help.\n\n%(link)s"
            ) % {"name": enterprise.name, "date": when, "link": link}
            EmailMessage(subject=subject, body=body, to=[user.email]).send(fail_silently=True)


def invitations_create(*, now: dt.datetime | None = None) -> int:
    """Invite the SME of every deal completed within IMPACT_SCAN_DAYS that has no invitation yet."""
    now = now or timezone.now()
    deals = selectors.deals_completed(after=now - dt.timedelta(days=settings.IMPACT_SCAN_DAYS), until=now)
    existing = set(
        Invitation.objects.filter(
            deal_id__in=[d.pk for d in deals],
            completed_at__gt=now - dt.timedelta(days=settings.IMPACT_SCAN_DAYS + 1),
        ).values_list("deal_kind", "deal_id")
    )
    created = 0
    for deal in deals:
        if (deal.kind, deal.pk) in existing:
            continue
        baseline = (
            Assessment.objects.filter(
                enterprise_id=deal.enterprise_id,
                status=Assessment.SUBMITTED,
                submitted_at__lte=deal.completed_at,
            )
            .order_by("-submitted_at", "-pk")
            .first()
        )
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(
                    enterprise_id=deal.enterprise_id,
                    deal_kind=deal.kind,
                    deal_id=deal.pk,
                    completed_at=deal.completed_at,
                    baseline=baseline,
                    criteria_set_id=baseline.criteria_set_id if baseline else None,
                    due_at=deal.completed_at + dt.timedelta(days=settings.IMPACT_REASSESS_DAYS),
                    invited_at=now,
                )
                transaction.on_commit(lambda inv=invitation: _send(inv, reminder=False))
        except IntegrityError:
            continue  # another run invited first
        created += 1
    return created


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind the SMEs whose re-assessment is due and not done, at most IMPACT_REMINDERS times,
    IMPACT_REMINDER_INTERVAL_DAYS apart."""
    now = now or timezone.now()
    interval = dt.timedelta(days=settings.IMPACT_REMINDER_INTERVAL_DAYS)
    sent = 0
    due = Invitation.objects.filter(
        status=InvitationStatus.WAITING, due_at__lte=now, reminders_sent__lt=settings.IMPACT_REMINDERS
    ).select_related("enterprise")
    for invitation in due.iterator(chunk_size=500):
        if invitation.last_reminded_at and invitation.last_reminded_at > now - interval:
            continue
        # compare-and-swap: two runs at once remind once
        updated = Invitation.objects.filter(
            pk=invitation.pk, reminders_sent=invitation.reminders_sent
        ).update(reminders_sent=invitation.reminders_sent + 1, last_reminded_at=now)
        if updated:
            _send(invitation, reminder=True)
            sent += 1
    return sent


# ---------------------------------------------------------------- measurements


def _pillar_levels(assessment: Assessment) -> dict[str, tuple[Decimal, int]]:
    content = assessment.version.content
    return {ps.pillar_code: (ps.score, level_for(content, ps.score)) for ps in assessment.pillar_scores.all()}


def _previous(assessment: Assessment) -> Assessment | None:
    return (
        Assessment.objects.filter(
            enterprise_id=assessment.enterprise_id,
            criteria_set_id=assessment.criteria_set_id,
            status=Assessment.SUBMITTED,
            submitted_at__lt=assessment.submitted_at,
        )
        .select_related("version")
        .prefetch_related("pillar_scores")
        .order_by("-submitted_at", "-pk")
        .first()
    )


def _firm_of(consultant_ids: set[int]) -> dict[int, int]:
    return dict(
        FirmMembership.objects.filter(consultant_id__in=consultant_ids).values_list(
            "consultant_id", "firm_id"
        )
    )


def measurement_record(t1: Assessment) -> Measurement | None:
    """Pair a submitted assessment with the one before it (same set) and credit the deals between."""
    t0 = _previous(t1)
    if t0 is None:
        return None
    before, after = _pillar_levels(t0), _pillar_levels(t1)
    pillars = {
        code: {
            "t0": str(before[code][0]),
            "t1": str(after[code][0]),
            "level_t0": before[code][1],
            "level_t1": after[code][1],
        }
        for code in sorted(set(before) & set(after))
    }
    deals = selectors.deals_completed(
        enterprise_ids=[t1.enterprise_id], after=t0.submitted_at, until=t1.submitted_at
    )
    firms = _firm_of({d.consultant_id for d in deals if d.consultant_id})
    level_change = t1.level - t0.level
    try:
        with transaction.atomic():
            measurement = Measurement.objects.create(
                enterprise_id=t1.enterprise_id,
                criteria_set_id=t1.criteria_set_id,
                t0=t0,
                t1=t1,
                level_t0=t0.level,
                level_t1=t1.level,
                pillars=pillars,
                measured_at=t1.submitted_at,
            )
            for deal in deals:
                addressed = [p for p in deal.pillars if p in pillars]
                if addressed:
                    change = sum(pillars[p]["level_t1"] - pillars[p]["level_t0"] for p in addressed) / len(
                        addressed
                    )
                else:  # a deal that names no measured pillar is credited with the overall change
                    change = level_change
                Attribution.objects.create(
                    measurement=measurement,
                    deal_kind=deal.kind,
                    deal_id=deal.pk,
                    consultant_id=deal.consultant_id,
                    firm_id=firms.get(deal.consultant_id) if deal.consultant_id else None,
                    solution_id=deal.solution_id,
                    pillars=addressed,
                    level_change=level_change,
                    addressed_level_change=_q2(change),
                )
            Invitation.objects.filter(
                enterprise_id=t1.enterprise_id,
                status=InvitationStatus.WAITING,
                completed_at__lt=t1.submitted_at,
            ).update(status=InvitationStatus.MEASURED)
            audit_record(
                subject=measurement,
                actor=None,
                action="impact.measure",
                data={"t0": t0.pk, "t1": t1.pk, "deals": [f"{d.kind}:{d.pk}" for d in deals]},
            )
            for kind, object_id in _targets(measurement):
                summary_refresh(kind, object_id)
    except IntegrityError:
        return Measurement.objects.filter(t1=t1).first()  # measured by a concurrent run
    return measurement


def _targets(measurement: Measurement) -> set[tuple[str, int]]:
    targets = set()
    for a in measurement.attributions.all():
        if a.consultant_id:
            targets.add((SummaryKind.CONSULTANT, a.consultant_id))
        if a.firm_id:
            targets.add((SummaryKind.FIRM, a.firm_id))
        if a.solution_id:
            targets.add((SummaryKind.SOLUTION, a.solution_id))
    return targets


def summary_refresh(kind: str, object_id: int) -> ImpactSummary:
    """Rewrite one summary: each SME counted once (its latest measurement crediting this provider);
    SMEs never re-assessed are not in it at all, so they cannot inflate it."""
    field = {"consultant": "consultant_id", "firm": "firm_id", "solution": "solution_id"}[kind]
    rows = (
        Attribution.objects.filter(**{field: object_id})
        .order_by("measurement__enterprise_id", "-measurement__measured_at", "-measurement_id")
        .values_list("measurement__enterprise_id", "measurement_id", "level_change", "addressed_level_change")
    )
    latest: dict[int, tuple[int, list]] = {}
    for enterprise_id, measurement_id, level_change, addressed in rows:
        if enterprise_id not in latest:
            latest[enterprise_id] = (measurement_id, [])
        if latest[enterprise_id][0] == measurement_id:
            latest[enterprise_id][1].append((level_change, float(addressed)))
    overall, addressed_values = [], []
    for _measurement, items in latest.values():
        overall.append(float(items[0][0]))
        # several deals with this provider in one window: their addressed changes averaged
        addressed_values.append(sum(a for _l, a in items) / len(items))
    with transaction.atomic():
        summary, _created = ImpactSummary.objects.select_for_update().get_or_create(
            kind=kind, object_id=object_id
        )
        summary.n = len(latest)
        if latest:
            mean, low, high = stats.mean_interval(addressed_values)
            summary.mean_level_change = _q2(sum(overall) / len(overall))
            summary.mean_addressed_level_change = _q2(mean)
            summary.low, summary.high = _q2(low), _q2(high)
        else:
            summary.mean_level_change = summary.mean_addressed_level_change = summary.low = summary.high = (
                None
            )
        summary.enough = summary.n >= settings.IMPACT_MIN_MEASURED
        summary.save()
    return summary


def measurements_record_new(*, limit: int = 5000) -> int:
    """Measure every submitted assessment that has an earlier one of its set and no measurement yet."""
    earlier = Assessment.objects.filter(
        enterprise_id=OuterRef("enterprise_id"),
        criteria_set_id=OuterRef("criteria_set_id"),
        status=Assessment.SUBMITTED,
        submitted_at__lt=OuterRef("submitted_at"),
    )
    pending = (
        Assessment.objects.filter(status=Assessment.SUBMITTED, impact_measurement__isnull=True)
        .filter(Exists(earlier))
        .select_related("version")
        .prefetch_related("pillar_scores")
        .order_by("submitted_at", "pk")[:limit]
    )
    return sum(1 for t1 in pending if measurement_record(t1) is not None)


# ---------------------------------------------------------------- exemplary SMEs


def _require_officer(user) -> None:
    if not is_officer(user):
        raise NotAnOfficer()


def _require_reason(reason) -> str:
    reason = (reason if isinstance(reason, str) else "").strip()
    if not reason:
        message = _("Give a reason: it is recorded with the decision.")
        raise InvalidImpactInput(message, fields={"reason": [message]})
    return reason


def exemplary_designate(*, enterprise: Enterprise, officer, reason) -> Designation:
    """Designate a candidate (it must meet the criteria now), or designate again after a withdrawal."""
    _require_officer(officer)
    reason = _require_reason(reason)
    if not exemplary.candidates().filter(pk=enterprise.pk).exists():
        raise NotACandidate()
    with transaction.atomic():
        existing = Designation.objects.select_for_update().filter(enterprise=enterprise).first()
        if existing is not None:
            return transition(
                existing,
                workflow=wf.DESIGNATION_WORKFLOW,
                action=wf.REDESIGNATE,
                actor=officer,
                reason=reason,
                changes={
                    "status_reason": reason,
                    "designated_at": timezone.now(),
                    "designated_by_id": officer.pk,
                },
                invalid_error=DesignationRefused,
                conflict_error=DesignationChanged,
            )
        try:
            with transaction.atomic():
                designation = Designation.objects.create(
                    enterprise=enterprise,
                    status_reason=reason,
                    designated_at=timezone.now(),
                    designated_by=officer,
                )
        except IntegrityError as exc:
            raise DesignationChanged() from exc
        audit_record(
            subject=designation,
            actor=officer,
            action=wf.DESIGNATE,
            to_state=DesignationStatus.DESIGNATED,
            reason=reason,
            data={"criteria": exemplary.criteria()},
        )
    return designation


def exemplary_withdraw(*, designation: Designation, officer, reason) -> Designation:
    _require_officer(officer)
    reason = _require_reason(reason)
    return transition(
        designation,
        workflow=wf.DESIGNATION_WORKFLOW,
        action=wf.WITHDRAW,
        actor=officer,
        reason=reason,
        changes={"status_reason": reason},
        invalid_error=DesignationRefused,
        conflict_error=DesignationChanged,
    )


def exemplary_consent(*, designation: Designation, user, consent: bool, story) -> Designation:
    """The enterprise (a member) gives or takes back its consent to publish, with its story."""
    if not enterprises_of(user).filter(pk=designation.enterprise_id).exists():
        raise DesignationNotFound()
    story = (story if isinstance(story, str) else "").strip()
    if consent and not 20 <= len(story) <= 4000:
        message = _("Tell your story in 20 to 4000 characters: it is published with your consent.")
        raise InvalidImpactInput(message, fields={"story": [message]})
    with transaction.atomic():
        Designation.objects.filter(pk=designation.pk).update(
            consent_to_publish=bool(consent),
            consent_at=timezone.now() if consent else None,
            story=story if consent else designation.story,
            updated_at=timezone.now(),
        )
        audit_record(
            subject=designation,
            actor=user,
            action="exemplary.consent" if consent else "exemplary.consent_withdrawn",
        )
    designation.refresh_from_db()
    return designation
