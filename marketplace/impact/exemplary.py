"""Exemplary SMEs: the criteria (data), the candidates that meet them, the public showcase.

Criteria live in data/exemplary_criteria.json: readiness level at least `min_level` on the latest
submitted assessment, a verified gain (a T0→T1 measurement) of at least `min_verified_gain_levels`,
at least `min_solutions_in_use` solution orders in use, and no disputed milestone left open.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery

from catalogue.models import Solution
from consultants.models import Consultant
from marketplace.engagements.models import Milestone, MilestoneStatus
from marketplace.enterprises.models import Enterprise
from marketplace.orders.models import Order, OrderStatus
from marketplace.taxonomy.models import ExpertiseArea
from matching.models import Assessment

from .models import Designation, DesignationStatus, Measurement

CRITERIA_FILE = Path(__file__).resolve().parent / "data" / "exemplary_criteria.json"


@cache
def criteria() -> dict:
    data = json.loads(CRITERIA_FILE.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def candidates():
    """Enterprises meeting every criterion and not designated now, best gain first (annotated with
    `level`, `gain`, `in_use`)."""
    c = criteria()
    latest_level = Subquery(
        Assessment.objects.filter(enterprise=OuterRef("pk"), status=Assessment.SUBMITTED)
        .order_by("-submitted_at", "-pk")
        .values("level")[:1]
    )
    best_gain = Subquery(
        Measurement.objects.filter(enterprise=OuterRef("pk"))
        .annotate(gain=F("level_t1") - F("level_t0"))
        .order_by()
        .values("enterprise")
        .annotate(best=Max("gain"))
        .values("best")[:1]
    )
    in_use = Subquery(
        Order.objects.filter(enterprise=OuterRef("pk"), status=OrderStatus.IN_USE)
        .order_by()
        .values("enterprise")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    disputed = Milestone.objects.filter(
        engagement__enterprise=OuterRef("pk"), status=MilestoneStatus.DISPUTED
    )
    queryset = (
        Enterprise.objects.annotate(level=latest_level, gain=best_gain, in_use=in_use)
        .filter(
            level__gte=c["min_level"],
            gain__gte=c["min_verified_gain_levels"],
            in_use__gte=c["min_solutions_in_use"],
        )
        .exclude(Q(exemplary_designation__status=DesignationStatus.DESIGNATED))
    )
    if c.get("no_open_dispute"):
        queryset = queryset.exclude(Exists(disputed))
    return queryset.order_by("-gain", "-level", "name")


def showcase():
    return Designation.objects.filter(
        status=DesignationStatus.DESIGNATED, consent_to_publish=True
    ).select_related("enterprise")


def showcase_story(designation: Designation) -> dict:
    """What the public page shows: the pillars that improved (latest measurement) and who helped."""
    measurement = (
        Measurement.objects.filter(enterprise=designation.enterprise).order_by("-measured_at").first()
    )
    improved, helpers = [], []
    if measurement is not None:
        names = {a.code: a.name for a in ExpertiseArea.objects.all()}
        improved = [
            (names.get(code, code), p["level_t0"], p["level_t1"])
            for code, p in sorted(measurement.pillars.items())
            if p["level_t1"] > p["level_t0"]
        ]
        attributions = list(measurement.attributions.all())
        consultants = Consultant.objects.filter(
            pk__in={a.consultant_id for a in attributions if a.consultant_id}
        )
        solutions = Solution.objects.filter(pk__in={a.solution_id for a in attributions if a.solution_id})
        helpers = [(c.display_name, c.get_absolute_url()) for c in consultants] + [
            (s.name, s.get_absolute_url()) for s in solutions
        ]
    return {"measurement": measurement, "improved": improved, "helpers": helpers}
