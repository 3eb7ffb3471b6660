"""Officers see the measured change of supported SMEs per call and per scheme (issue 17 × 16)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from marketplace.impact import selectors, services
from marketplace.vouchers.models import Voucher
from matching.models import Assessment
from tests.consultants.factories import make_consultant
from tests.factories import OfficerFactory
from tests.matching.factories import submitted_assessment
from tests.reviews.factories import completed_engagement
from tests.vouchers.factories import eligible_enterprise, open_call, voucher

pytestmark = pytest.mark.django_db


def _days_ago(days: int):
    return timezone.now() - dt.timedelta(days=days)


def supported_then_measured(call, consultant, *, improve: bool):
    """A voucher issued 20 days ago, T0 10 days ago, an engagement since, then T1 now."""
    enterprise = eligible_enterprise()
    granted = voucher(call, enterprise)
    Voucher.objects.filter(pk=granted.pk).update(issued_at=_days_ago(20))
    Assessment.objects.filter(enterprise=enterprise).update(submitted_at=_days_ago(30))
    t0 = submitted_assessment(enterprise, choose="min")
    Assessment.objects.filter(pk=t0.pk).update(submitted_at=_days_ago(10))
    completed_engagement(consultant=consultant, enterprise=enterprise)
    submitted_assessment(enterprise, choose="max" if improve else "min")
    return enterprise


def test_each_supported_sme_counts_once_and_unmeasured_or_earlier_ones_never(client, settings):
    settings.IMPACT_MIN_MEASURED = 2
    consultant = make_consultant()
    first, second = open_call(title="Đợt 1/2026"), open_call(title="Đợt 2/2026")
    supported_then_measured(first, consultant, improve=True)
    supported_then_measured(first, consultant, improve=False)
    voucher(first)  # supported, never re-assessed: not in the figures
    late = voucher(second)  # measured before its voucher was issued: not credited to the call
    submitted_assessment(late.enterprise, choose="max")
    Voucher.objects.filter(pk=late.pk).update(issued_at=timezone.now() + dt.timedelta(minutes=1))
    services.measurements_record_new()

    by_call = {row.label: row for row in selectors.impact_by_support("call")}
    assert by_call["Đợt 1/2026"].n == 2 and by_call["Đợt 1/2026"].enough
    assert by_call["Đợt 1/2026"].low is not None and by_call["Đợt 1/2026"].mean > 0
    assert by_call["Đợt 2/2026"].n == 0 and not by_call["Đợt 2/2026"].enough
    by_scheme = selectors.impact_by_support("scheme")
    assert sum(row.n for row in by_scheme) == 2

    client.force_login(OfficerFactory())
    page = client.get("/impact/officer/").content.decode()
    assert "Đợt 1/2026" in page and "quá ít để kết luận" in page
