"""Reviews and measured impact at national scale: profile reads never compute aggregates.

    .venv/bin/python benchmarks/impact.py                  # PostgreSQL database `bench_impact`
    .venv/bin/python benchmarks/impact.py --deals 100000 --assessments 200000 --requests 300

Not a timed test; never run by the test suite. It (re)creates the PostgreSQL database, migrates it,
creates `--consultants` certified consultants (through the services), then:
1. measures p50/p95 of their public profile pages (which show the rating and the measured impact)
   with empty review and impact tables;
2. bulk-inserts `--assessments` submitted assessments (T0/T1 pairs), `--deals` measurements with one
   attribution each and `--deals` verified reviews, all crediting those consultants (rows written
   directly: seeding deals through every service at this scale would measure the seeding);
3. rewrites the consultants' rating and impact summaries (what every review or measurement write
   does for its provider) and reports the time per summary;
4. measures the profile pages again. The read costs the same constant number of queries: p95 should
   not move beyond the machine's noise, whatever the volume behind the summaries.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db-name", default="bench_impact")
    parser.add_argument("--consultants", type=int, default=20)
    parser.add_argument("--deals", type=int, default=100_000)
    parser.add_argument("--assessments", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()

    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{args.db_name}"')
        conn.execute(f'CREATE DATABASE "{args.db_name}"')
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{args.db_name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ALLOWED_HOSTS = ["*"]
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from marketplace.impact import services as impact_services
    from marketplace.impact.models import Attribution, Measurement
    from marketplace.reviews import services as review_services
    from marketplace.reviews.models import Review
    from matching.models import Assessment
    from tests.factories import EnterpriseFactory, enterprise_owner
    from tests.matching.factories import certified_consultant, submitted_assessment

    consultants = [certified_consultant() for _ in range(args.consultants)]
    client = Client()

    def profile_times() -> list[float]:
        times = []
        for i in range(args.requests):
            consultant = consultants[i % len(consultants)]
            start = time.perf_counter()
            response = client.get(consultant.get_absolute_url())
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
        return times

    def report(label: str, times: list[float]) -> None:
        times = sorted(times)
        p95 = times[int(0.95 * (len(times) - 1))]
        print(f"| {label} | {statistics.median(times):.1f} | {p95:.1f} | {len(times)} |", flush=True)

    profile_times()  # warm up
    print("| profile page | p50 ms | p95 ms | requests |\n| --- | --- | --- | --- |", flush=True)
    report("empty review and impact tables", profile_times())

    # a handful of real enterprises and assessments to copy (T0 bottom, T1 top)
    enterprises = [EnterpriseFactory() for _ in range(10)]
    t0 = submitted_assessment(enterprises[0], choose="min")
    authors = [enterprise_owner(e) for e in enterprises]
    started = time.perf_counter()
    now = timezone.now()
    pairs = args.assessments // 2
    batch = 5000
    created = 0
    while created < pairs:
        size = min(batch, pairs - created)
        rows = []
        for i in range(size):
            for level, offset in ((0, 200), (4, 10)):
                rows.append(
                    Assessment(
                        enterprise=enterprises[(created + i) % len(enterprises)],
                        criteria_set_id=t0.criteria_set_id,
                        version_id=t0.version_id,
                        status=Assessment.SUBMITTED,
                        answers={},
                        overall_score=70 if level else 5,
                        level=level,
                        submitted_at=now - timezone.timedelta(days=offset, seconds=created + i),
                    )
                )
        Assessment.objects.bulk_create(rows, batch_size=batch)
        created += size
    assessment_ids = list(Assessment.objects.order_by("pk").values_list("pk", "enterprise_id"))[1:]
    measurements = []
    for index in range(min(args.deals, len(assessment_ids) // 2)):
        (t0_id, enterprise_id), (t1_id, _e) = assessment_ids[2 * index], assessment_ids[2 * index + 1]
        measurements.append(
            Measurement(
                enterprise_id=enterprise_id,
                criteria_set_id=t0.criteria_set_id,
                t0_id=t0_id,
                t1_id=t1_id,
                level_t0=0,
                level_t1=4,
                pillars={},
                measured_at=now,
            )
        )
    Measurement.objects.bulk_create(measurements, batch_size=batch)
    Attribution.objects.bulk_create(
        [
            Attribution(
                measurement=m,
                deal_kind="engagement",
                deal_id=i + 1,
                consultant_id=consultants[i % len(consultants)].pk,
                pillars=["operations"],
                level_change=4,
                addressed_level_change=(i % 5) - 1,
            )
            for i, m in enumerate(Measurement.objects.order_by("pk"))
        ],
        batch_size=batch,
    )
    Review.objects.bulk_create(
        [
            Review(
                subject_kind="consultant",
                consultant_id=consultants[i % len(consultants)].pk,
                deal_kind="booking",
                deal_id=i + 1,
                enterprise=enterprises[i % len(enterprises)],
                author=authors[i % len(authors)],
                scores={"expertise": 4, "communication": 5, "value": 3 + i % 3, "results": 4},
                overall=4,
                text="Tư vấn hữu ích cho doanh nghiệp, đề xuất thực tế.",
                editable_until=now,
            )
            for i in range(args.deals)
        ],
        batch_size=batch,
    )
    print(
        f"\nseeded {Assessment.objects.count():,} assessments, {Measurement.objects.count():,} measurements,"
        f" {Review.objects.count():,} reviews in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    started = time.perf_counter()
    for consultant in consultants:
        review_services.summary_refresh("consultant", consultant.pk)
        impact_services.summary_refresh("consultant", consultant.pk)
    per = (time.perf_counter() - started) * 1000 / len(consultants)
    print(
        f"summary rewrite (rating + impact) per consultant with ~{args.deals // len(consultants):,} reviews"
        f" and SMEs each: {per:.0f} ms (paid on write)\n",
        flush=True,
    )
    print("| profile page | p50 ms | p95 ms | requests |\n| --- | --- | --- | --- |", flush=True)
    report(
        f"{args.deals:,} deals, {Assessment.objects.count():,} assessments behind the summaries",
        profile_times(),
    )


if __name__ == "__main__":
    main()
