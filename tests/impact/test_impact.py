"""Measured impact: invitations and reminders, T0→T1 attribution, aggregates, the matching feature."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from marketplace.core import reputation
from marketplace.impact import selectors, services, stats
from marketplace.impact.models import Attribution, Invitation, InvitationStatus, Measurement
from matching import scoring
from matching.models import Assessment
from tests.consultants.factories import make_consultant
from tests.engagements.factories import met
from tests.factories import EnterpriseFactory
from tests.matching.factories import submitted_assessment
from tests.reviews.factories import completed_engagement

pytestmark = pytest.mark.django_db


def backdate(assessment: Assessment, days: int) -> Assessment:
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=timezone.now() - dt.timedelta(days=days))
    assessment.refresh_from_db()
    return assessment


def measured_sme(consultant, *, improve: str = "operations"):
    """T0 (everything at the bottom) 10 days ago, an engagement on operations completed since, then T1
    with `improve` at the top (or nothing improved when `improve` is "")."""
    enterprise = EnterpriseFactory()
    backdate(submitted_assessment(enterprise, choose="min"), 10)
    engagement = completed_engagement(consultant=consultant, enterprise=enterprise)
    t1 = submitted_assessment(enterprise, choose="min", per_pillar={improve: "max"} if improve else None)
    return enterprise, engagement, t1


def test_a_re_assessment_is_credited_to_every_deal_completed_between_t0_and_t1():
    consultant = make_consultant()
    enterprise, engagement, t1 = measured_sme(consultant)
    booking = engagement.consultant.bookings.get(enterprise=enterprise)  # held before the proposal
    assert services.measurements_record_new() == 1
    measurement = Measurement.objects.get(t1=t1)
    assert (
        measurement.pillars["operations"]["level_t0"] == 0
        and measurement.pillars["operations"]["level_t1"] == 5
    )
    by_deal = {(a.deal_kind, a.deal_id): a for a in measurement.attributions.all()}
    assert set(by_deal) == {("engagement", engagement.pk), ("booking", booking.pk)}
    # the engagement addressed "operations" (its "customers" item is no pillar of the set)
    assert by_deal[("engagement", engagement.pk)].pillars == ["operations"]
    assert by_deal[("engagement", engagement.pk)].addressed_level_change == Decimal("5.00")
    # the consultation named no pillar: credited with the overall change
    overall = measurement.level_t1 - measurement.level_t0
    assert by_deal[("booking", booking.pk)].addressed_level_change == Decimal(overall)
    # one SME, counted once although two of its deals were with this consultant
    summary = selectors.summary("consultant", consultant.pk)
    assert summary.n == 1 and not summary.enough
    assert services.measurements_record_new() == 0  # idempotent


def test_a_re_assessment_with_no_deal_in_between_credits_nobody():
    enterprise = EnterpriseFactory()
    backdate(submitted_assessment(enterprise, choose="min"), 10)
    submitted_assessment(enterprise, choose="max")
    assert services.measurements_record_new() == 1
    assert Measurement.objects.count() == 1 and not Attribution.objects.exists()


def test_a_deal_before_t0_is_not_credited():
    consultant = make_consultant()
    enterprise = EnterpriseFactory()
    completed_engagement(consultant=consultant, enterprise=enterprise)
    submitted_assessment(enterprise, choose="min")
    submitted_assessment(enterprise, choose="max")
    services.measurements_record_new()
    assert not Attribution.objects.exists()


@override_settings(IMPACT_MIN_MEASURED=3)
def test_too_few_to_say_then_a_mean_with_its_interval_and_unmeasured_smes_never_count():
    consultant = make_consultant()
    measured_sme(consultant, improve="operations")
    measured_sme(consultant, improve="operations")
    completed_engagement(consultant=consultant)  # served, never re-assessed: not in the figures
    services.measurements_record_new()
    summary = selectors.summary("consultant", consultant.pk)
    assert summary.n == 2 and not summary.enough
    facts = reputation.facts_for("consultant", consultant.pk)["impact"]
    assert facts["enough"] is False and facts["minimum"] == 3
    measured_sme(consultant, improve="")  # nothing improved
    services.measurements_record_new()
    summary.refresh_from_db()
    assert summary.n == 3 and summary.enough
    # per SME: the mean of its deals' addressed changes (the engagement on operations, and the
    # consultation before it, credited with the overall change)
    per_sme = []
    for measurement in Measurement.objects.all():
        changes = [float(a.addressed_level_change) for a in measurement.attributions.all()]
        per_sme.append(sum(changes) / len(changes))
    assert sorted(per_sme)[0] == 0.0 and len(per_sme) == 3
    mean, low, high = stats.mean_interval(per_sme)
    assert summary.mean_addressed_level_change == Decimal(str(round(mean, 2)))
    assert summary.low == Decimal(str(round(low, 2))) and summary.high == Decimal(str(round(high, 2)))
    assert summary.low < 0 < summary.high  # three SMEs, one with no gain: not clearly positive


def test_the_t_interval():
    mean, low, high = stats.mean_interval([1.0, 2.0, 3.0])
    assert mean == 2.0 and round(high - mean, 3) == round(4.303 * 1 / 3**0.5, 3) and low < mean
    assert stats.mean_interval([1.0]) == (1.0, None, None)


def test_the_matching_feature_and_its_reason():
    candidate = scoring.Candidate(id=1, name="x")
    profile = scoring.SmeProfile(1, "G", "46", "", "", "small")
    assert scoring.impact(profile, candidate) == (0.5, None)
    candidate.extra["impact"] = {
        "n": 2,
        "enough": False,
        "mean_addressed_level_change": 3.0,
        "low": 1,
        "high": 5,
    }
    assert scoring.impact(profile, candidate) == (0.5, None)  # too few to say: neutral
    candidate.extra["impact"] = {
        "n": 12,
        "enough": True,
        "mean_addressed_level_change": 0.8,
        "low": 0.3,
        "high": 1.3,
    }
    value, reason = scoring.impact(profile, candidate)
    assert value == pytest.approx(0.9) and reason.code == "impact" and reason.effect == "+"
    assert reason.params == {"n": 12, "change": 0.8}
    from matching.reasons import reason_text

    text = reason_text(reason.as_dict())
    assert "12" in text and "+0.8" in text
    candidate.extra["impact"] = {
        "n": 12,
        "enough": True,
        "mean_addressed_level_change": 0.2,
        "low": -0.3,
        "high": 0.7,
    }
    assert scoring.impact(profile, candidate)[1] is None  # the interval holds zero: no claim


@override_settings(IMPACT_REASSESS_DAYS=30, IMPACT_REMINDERS=2, IMPACT_REMINDER_INTERVAL_DAYS=7)
def test_invitations_once_per_deal_then_reminders_spaced_and_capped(django_capture_on_commit_callbacks):
    consultant = make_consultant()
    enterprise = EnterpriseFactory()
    backdate(submitted_assessment(enterprise, choose="min"), 10)
    met(consultant, enterprise)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.invitations_create() == 1
        assert services.invitations_create() == 0
    invitation = Invitation.objects.get()
    assert invitation.baseline is not None and invitation.criteria_set.code == "basic"
    assert len(mail.outbox) == 1
    assert services.reminders_send() == 0  # not due yet
    later = invitation.due_at + dt.timedelta(days=1)
    assert services.reminders_send(now=later) == 1
    assert services.reminders_send(now=later) == 0  # spaced
    assert services.reminders_send(now=later + dt.timedelta(days=8)) == 1
    assert services.reminders_send(now=later + dt.timedelta(days=30)) == 0  # capped
    assert len(mail.outbox) == 3
    # re-assessing ends the invitation
    submitted_assessment(enterprise, choose="max")
    services.measurements_record_new()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.MEASURED
