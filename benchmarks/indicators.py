"""Programme indicators at national scale on PostgreSQL (not a timed test; never run by the suite).

    .venv/bin/python benchmarks/indicators.py --scale 0.01            # 10,000 enterprises: a few minutes
    .venv/bin/python benchmarks/indicators.py --scale 1               # the issue's national scale
    .venv/bin/python benchmarks/indicators.py --scale 1 --reuse       # measure again on the seeded data

``--scale 1`` is 1,000,000 enterprises, 2,000,000 assessments, 500,000 engagements, 500,000 solution
orders and 300,000 vouchers with their budget ledger (see ``seed_vouchers``). What it does:

1. creates the database ``BENCH_DATABASE_URL`` (default ``postgres://postgres@127.0.0.1:5432/
   dxm_bench_indicators``; dropped first), migrates it and runs ``seed_demo`` (the officer, a
   consultant, a vendor's plan and the criteria sets the bulk rows refer to);
2. bulk-inserts the records with ``INSERT ... SELECT ... FROM generate_series`` (each row a copy of a
   demo row with its own enterprise, dates, state and level), with the change triggers off
   (``session_replication_role = replica``), as a data migration would;
3. times ``indicators_rebuild`` (the full recomputation of every aggregate);
4. times the officer dashboard, the public page and the API (list, a ward cut, a section cut filtered by
   a quarter) in-process: p50 / p95 / max;
5. measures what keeping the aggregates current costs per write: the trigger's extra time on a one-row
   UPDATE (triggers on vs off), and the time to apply one changed enterprise (``apply_pending``), and
   the first dashboard view after a write (it applies what is pending first).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/dxm_bench_indicators"
NATIONAL = {"enterprises": 1_000_000, "assessments": 2_000_000, "engagements": 500_000, "orders": 500_000}
NATIONAL_VOUCHERS = 300_000


def _admin_connection(url: str):
    import psycopg

    base, _slash, _name = url.rpartition("/")
    return psycopg.connect(f"{base}/postgres", autocommit=True)


def _recreate(url: str) -> None:
    name = url.rpartition("/")[2]
    with _admin_connection(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def _manage(*args: str, env: dict) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def _clone(cursor, table: str, template_id: int, count: int, overrides: dict[str, str]) -> None:
    """Insert `count` copies of one row, some columns computed from i = 1..count."""
    cursor.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position",
        [table],
    )
    columns = [c for (c,) in cursor.fetchall() if c != "id"]
    values = ", ".join(overrides.get(c, f't."{c}"') for c in columns).replace("%", "%%")
    names = ", ".join(f'"{c}"' for c in columns)
    cursor.execute(
        f'INSERT INTO "{table}" ({names}) SELECT {values} '
        f'FROM "{table}" AS t, generate_series(1, %s) AS i WHERE t.id = %s',
        [count, template_id],
    )


def _day(expression: str) -> str:
    """A timestamp in 2026 spread over the days before today (Vietnam time)."""
    return f"(timestamptz '2026-01-02 09:00+07' + (({expression}) % 330) * interval '1 day')"


def _insert(cursor, table: str, values: dict[str, str], source: str) -> int:
    """INSERT INTO table (columns) SELECT expressions FROM source; returns the rows inserted."""
    names = ", ".join(f'"{c}"' for c in values)
    cursor.execute(f'INSERT INTO "{table}" ({names}) SELECT {", ".join(values.values())} FROM {source}')
    return cursor.rowcount


def seed_vouchers(cursor, count: int, base: int, enterprises: int) -> None:
    """Vouchers in their states with their budget ledger, as the services leave them: an approved
    application per voucher (one live per call and enterprise), the voucher (80 % valid, 15 % expired,
    5 % revoked) and its ledger rows: the grant (available -> granted); for 6 in 10 a reservation for an
    amount due, of which 2 in 10 released in part, 3 in 10 redeemed (the provider's e-invoice) and 2 in
    10 of those disbursed; an expired voucher's unreserved rest returned to the call. Each call is
    funded with what its vouchers were granted (the state budget -> available), so every balance holds.
    These are the rows the voucher indicators (support reserved / redeemed / disbursed, SMEs supported
    by a voucher) read."""
    from marketplace.vouchers.models import Application, BudgetEntry, Call, Voucher

    voucher = Voucher.objects.select_related("application").order_by("pk").first()
    calls = list(Call.objects.order_by("pk").values_list("pk", flat=True))
    assert voucher and calls, "seed_demo made no voucher"
    applications, vouchers, ledger = (
        Application._meta.db_table,
        Voucher._meta.db_table,
        BudgetEntry._meta.db_table,
    )
    cursor.execute(f"SELECT coalesce(max(id), 0) FROM {applications}")
    first_application = cursor.fetchone()[0]
    firm = f"({base} + 1 + (i + {enterprises // 3}) % {enterprises})"  # one voucher per enterprise
    calls_sql = f"(ARRAY{calls}::bigint[])[1 + (CASE WHEN i % 5 = 0 THEN 1 ELSE 0 END) % {len(calls)}]"
    _clone(
        cursor,
        applications,
        voucher.application_id,
        count,
        {
            "call_id": calls_sql,
            "enterprise_id": firm,
            "amount_requested": "(10 + (i * 37) % 71) * 1000000",
            "status": "'approved'",
            "decided_at": _day("i::bigint * 27644437"),
            "created_at": _day("i::bigint * 27644437"),
            "updated_at": _day("i::bigint * 27644437"),
        },
    )
    new_applications = f"{applications} a, LATERAL (SELECT a.id - {first_application} AS i) n WHERE a.id > {first_application}"
    cursor.execute(f"SELECT coalesce(max(id), 0) FROM {vouchers}")
    first_voucher = cursor.fetchone()[0]
    cursor.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s", [vouchers])
    columns = {c for (c,) in cursor.fetchall()}
    values = {
        "application_id": "a.id",
        "call_id": "a.call_id",
        "enterprise_id": "a.enterprise_id",
        "code": "'PH-B' || a.id",
        "ceiling": "a.amount_requested",
        "valid_until": "date '2027-12-31'",
        "status": "CASE WHEN n.i % 20 = 19 THEN 'revoked' WHEN n.i % 20 >= 16 THEN 'expired' ELSE 'active' END",
        "status_reason": "''",
        "issued_at": "a.decided_at",
        "updated_at": "a.decided_at",
    }
    assert set(values) == columns - {"id"}, sorted(columns - {"id"} - set(values))
    _insert(cursor, vouchers, values, new_applications)
    # the ledger: one statement per movement over the new vouchers (v.id - first_voucher = i)
    new_vouchers = (
        f"{vouchers} v, LATERAL (SELECT v.id - {first_voucher} AS i) n WHERE v.id > {first_voucher}"
    )
    reserved = "(v.ceiling / 2)"

    def entries(movement, source, target, amount, day_offset, where="true", evidence="''"):
        return _insert(
            cursor,
            ledger,
            {
                "call_id": "v.call_id",
                "voucher_id": "v.id",
                "enterprise_id": "v.enterprise_id",
                "movement": f"'{movement}'",
                "source": f"'{source}'",
                "target": f"'{target}'",
                "amount": amount,
                "payable_key": "''" if movement == "allocate" else "'bench:' || v.id",
                "contract_key": "''",
                "kind": "''",
                "year": "2026",
                "provider": "''",
                "evidence": evidence,
                "reason": "''",
                "created_by_id": "NULL",
                "created_at": f"v.issued_at + interval '{day_offset} days'",
            },
            f"{new_vouchers} AND ({where})",
        )

    rows = entries("allocate", "available", "granted", "v.ceiling", 0)
    rows += entries("reserve", "granted", "reserved", reserved, 3, "n.i % 10 < 6")
    rows += entries("release", "reserved", "granted", f"({reserved} / 4)", 20, "n.i % 10 < 2")
    rows += entries(
        "redeem", "reserved", "redeemed", reserved, 25, "n.i % 10 BETWEEN 2 AND 4", "'C26TBB-' || v.id"
    )
    rows += entries("disburse", "redeemed", "disbursed", reserved, 40, "n.i % 10 IN (2, 3)", "'VCB-' || v.id")
    rows += entries(
        "expire",
        "granted",
        "available",
        f"CASE WHEN n.i % 10 < 2 THEN v.ceiling - {reserved} + {reserved} / 4 ELSE v.ceiling END",
        300,
        "v.status = 'expired' AND n.i % 10 NOT BETWEEN 2 AND 5",
    )
    # each call funded with what its new vouchers were granted (its budget raised by as much)
    cursor.execute(
        f"SELECT call_id, sum(ceiling) FROM {vouchers} WHERE id > {first_voucher} GROUP BY call_id"
    )
    for call_id, granted in cursor.fetchall():
        cursor.execute(
            f'UPDATE "{Call._meta.db_table}" SET budget = budget + %s WHERE id = %s', [granted, call_id]
        )
        cursor.execute(
            f'INSERT INTO "{ledger}" (call_id, voucher_id, enterprise_id, movement, source, target, amount, '
            "payable_key, contract_key, kind, year, provider, evidence, reason, created_by_id, created_at) "
            "VALUES (%s, NULL, NULL, 'fund', 'state', 'available', %s, '', '', '', 2026, '', '', "
            "'Ngân sách bổ sung (dữ liệu đo tải)', NULL, timestamptz '2026-01-02 08:00+07')",
            [call_id, granted],
        )
    print(f"vouchers: {count:,} with {rows + 2:,} ledger rows", flush=True)


def seed(scale: float) -> dict[str, float]:
    from django.db import connection, transaction

    from catalogue.models import SolutionPlan
    from consultants.models import Consultant
    from marketplace.engagements.models import Engagement
    from marketplace.enterprises.models import Enterprise
    from marketplace.orders.models import Order
    from marketplace.taxonomy.models import AdminUnit, Sector
    from matching.models import Assessment

    counts = {k: max(1, int(v * scale)) for k, v in NATIONAL.items()}
    n = counts["enterprises"]
    wards = list(AdminUnit.objects.filter(level=AdminUnit.COMMUNE).values_list("pk", flat=True))
    divisions = list(Sector.objects.filter(level=Sector.DIVISION).values_list("pk", flat=True))
    enterprise = Enterprise.objects.order_by("pk").first()
    assessment = Assessment.objects.filter(status=Assessment.SUBMITTED).order_by("pk").first()
    engagement = Engagement.objects.order_by("pk").first()
    order = Order.objects.order_by("pk").first()
    assert enterprise and assessment and engagement and order, "seed_demo made no template rows"
    assert Consultant.objects.exists() and SolutionPlan.objects.exists()
    timings = {}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # no triggers, no FK checks: a bulk load
        cursor.execute("SELECT coalesce(max(id), 0) FROM enterprises_enterprise")
        base = cursor.fetchone()[0]
        firm = f"({base} + 1 + (%s) %% {n})"
        steps = [
            (
                "enterprises",
                "enterprises_enterprise",
                enterprise.pk,
                {
                    "name": "'Doanh nghiệp thử ' || i",
                    "tax_code": f"(7000000000 + {base} + i)::text",
                    "contact_email": f"'dn' || ({base} + i) || '@bench.invalid'",
                    "employees": "(i * 37) % 200",
                    "size_class": "(ARRAY['micro','micro','micro','small','small','medium'])[1 + i % 6]",
                    "primary_sector_id": f"(ARRAY{divisions}::bigint[])[1 + (i * 7) % {len(divisions)}]",
                    "ward_id": f"(ARRAY{wards}::bigint[])[1 + (i * 13) % {len(wards)}]",
                },
            ),
            (
                "assessments",
                "matching_assessment",
                assessment.pk,
                {
                    "enterprise_id": firm % "i",
                    "status": f"CASE WHEN i <= {n} AND i % 10 = 0 THEN 'draft' ELSE 'submitted' END",  # one draft at most
                    "level": "(i * 31) % 6",
                    "submitted_at": _day("i::bigint * 7919"),
                    "created_at": _day("i::bigint * 7919"),
                },
            ),
            (
                "engagements",
                "engagements_engagement",
                engagement.pk,
                {
                    "enterprise_id": firm % f"i + {n // 2}",  # one per enterprise while fewer than them
                    "title": "'Hợp đồng tư vấn ' || i",
                    "status": "(ARRAY['proposed','changes_requested','withdrawn','active','completed','ended'])"
                    "[1 + i % 6]",
                    "accepted_at": f"CASE WHEN i % 6 >= 3 THEN {_day('i::bigint * 104729')} END",
                    "accepted_by_id": "NULL",
                    "accepted_version_id": "NULL",
                    "created_at": _day("i::bigint * 104729"),
                },
            ),
            (
                "orders",
                "orders_order",
                order.pk,
                {
                    "enterprise_id": firm % "i",  # one open order per plan and enterprise (a constraint)
                    "status": "(ARRAY['requested','declined','withdrawn','active','in_use','cancelled','ended'])"
                    "[1 + i % 7]",
                    "in_use_at": f"CASE WHEN i % 7 = 4 THEN {_day('i::bigint * 15485863')} END",
                    "contract_number": f"'HĐ-B' || ({base} + i)",
                    "created_at": _day("i::bigint * 15485863"),
                },
            ),
        ]
        for name, table, template, overrides in steps:
            started = time.perf_counter()
            _clone(cursor, table, template, counts[name], overrides)
            timings[name] = time.perf_counter() - started
            print(f"seeded {counts[name]:,} {name} in {timings[name]:.0f} s", flush=True)
        started = time.perf_counter()
        seed_vouchers(cursor, max(1, int(NATIONAL_VOUCHERS * scale)), base, n)
        timings["vouchers"] = time.perf_counter() - started
        print(f"seeded vouchers in {timings['vouchers']:.0f} s", flush=True)
        cursor.execute("SET session_replication_role = origin")
        started = time.perf_counter()
        cursor.execute("ANALYZE")
        timings["analyze"] = time.perf_counter() - started
    return timings


def _percentiles(timings: list[float]) -> str:
    timings = sorted(timings)
    p95 = timings[max(0, int(round(len(timings) * 0.95)) - 1)]
    return f"p50 {statistics.median(timings):.0f} ms, p95 {p95:.0f} ms, max {timings[-1]:.0f} ms"


def measure_pages(requests: int) -> None:
    from django.test import Client

    from marketplace.accounts.models import OfficerMembership

    officer = OfficerMembership.objects.select_related("user").first().user
    client = Client()
    client.force_login(officer)
    for url in (
        "/programme/",
        "/programme/public/",
        "/api/v1/programme/indicators/",
        "/api/v1/programme/indicators/smes_supported/?cut=ward",
        "/api/v1/programme/indicators/assessments_submitted/?cut=section&period=2026-Q2",
        "/api/v1/programme/indicators/readiness_levels/?cut=period&granularity=month",
        "/api/v1/programme/indicators/support_budget/?cut=call",
    ):
        assert client.get(url).status_code == 200, url  # warm (templates, translations)
        timings = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, url
        print(f"{url}: {_percentiles(timings)}", flush=True)


def measure_writes(writes: int) -> None:
    from django.db import connection
    from django.test import Client

    from marketplace.accounts.models import OfficerMembership
    from marketplace.programme import aggregates
    from matching.models import Assessment

    ids = list(
        Assessment.objects.filter(status=Assessment.SUBMITTED)
        .order_by("-pk")
        .values_list("pk", flat=True)[: writes * 2]
    )

    def one_row_updates(pks) -> float:
        started = time.perf_counter()
        for pk in pks:  # autocommit: each UPDATE is its own transaction, as a request's write is
            Assessment.objects.filter(pk=pk).update(level=3)
        return (time.perf_counter() - started) * 1000 / len(pks)

    aggregates.set_triggers_enabled(False)
    without = one_row_updates(ids[writes:])
    aggregates.set_triggers_enabled(True)
    with_trigger = one_row_updates(ids[:writes])
    print(
        f"one-row UPDATE: {with_trigger:.2f} ms with the trigger, {without:.2f} ms without "
        f"(+{with_trigger - without:.2f} ms per write)",
        flush=True,
    )
    started = time.perf_counter()
    applied = aggregates.apply_pending()
    spent = (time.perf_counter() - started) * 1000
    print(
        f"apply_pending: {applied} changed enterprises in {spent:.0f} ms ({spent / max(1, applied):.1f} ms each)"
    )
    with connection.cursor() as cursor:  # the rows changed with the trigger off: put them right
        cursor.execute(
            "INSERT INTO programme_dirtyenterprise (enterprise_id) SELECT enterprise_id "
            "FROM matching_assessment WHERE id = ANY(%s)",
            [ids[writes:]],
        )
    aggregates.apply_pending()
    officer = OfficerMembership.objects.select_related("user").first().user
    client = Client()
    client.force_login(officer)
    timings = []
    for pk in ids[:20]:
        Assessment.objects.filter(pk=pk).update(level=1)
        started = time.perf_counter()
        assert client.get("/programme/").status_code == 200
        timings.append((time.perf_counter() - started) * 1000)
    print(f"dashboard right after a write (applies it first): {_percentiles(timings)}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=0.01, help="1 = national scale (default 0.01)")
    parser.add_argument("--requests", type=int, default=20, help="timed requests per URL")
    parser.add_argument("--writes", type=int, default=200, help="one-row writes timed")
    parser.add_argument("--reuse", action="store_true", help="keep the seeded database; skip seeding")
    parser.add_argument(
        "--existing", action="store_true", help="the database is migrated with seed_demo: bulk-seed into it"
    )
    parser.add_argument(
        "--rebuild-again", action="store_true", help="time a second rebuild over the existing aggregates"
    )
    parser.add_argument(
        "--python-rebuild", action="store_true", help="with --rebuild-again: time the row-by-row rebuild too"
    )
    options = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "0", "SECRET_KEY": "benchmark-only-key"}
    if not (options.reuse or options.existing):
        started = time.perf_counter()
        _recreate(url)
        for args in (["migrate", "-v0"], ["compile_translations"], ["seed_demo"]):
            _manage(*args, env=env)
        print(f"migrate + seed_demo: {time.perf_counter() - started:.0f} s", flush=True)
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.SECURE_SSL_REDIRECT = False
    from marketplace.enterprises.models import Enterprise

    if not options.reuse:
        started = time.perf_counter()
        seed(options.scale)
        print(f"bulk seeding: {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        call_command("indicators_rebuild", chunk=5000, no_progress=True)
        print(
            f"full rebuild (set-based, empty aggregates): {time.perf_counter() - started:.0f} s", flush=True
        )
    if options.rebuild_again:
        import logging

        from marketplace.programme import aggregates

        logging.basicConfig(format="  %(message)s")
        logging.getLogger("marketplace.programme.aggregates").setLevel(logging.INFO)  # time per step

        started = time.perf_counter()
        aggregates.rebuild()
        print(f"full rebuild over the existing aggregates: {time.perf_counter() - started:.0f} s", flush=True)
        if options.python_rebuild:
            started = time.perf_counter()
            aggregates.rebuild(chunk=5000, set_based=False)
            print(f"full rebuild row by row in Python: {time.perf_counter() - started:.0f} s", flush=True)
    from marketplace.engagements.models import Engagement
    from marketplace.orders.models import Order
    from marketplace.programme.models import IndicatorCell, IndicatorFact
    from marketplace.vouchers.models import BudgetEntry, Voucher
    from matching.models import Assessment

    print(
        f"in the database: {Enterprise.objects.count():,} enterprises, {Assessment.objects.count():,} "
        f"assessments, {Engagement.objects.count():,} engagements, {Order.objects.count():,} orders, "
        f"{Voucher.objects.count():,} vouchers ({BudgetEntry.objects.count():,} ledger rows); "
        f"{IndicatorFact.objects.count():,} stored facts, {IndicatorCell.objects.count():,} cells",
        flush=True,
    )
    measure_pages(options.requests)
    measure_writes(options.writes)


if __name__ == "__main__":
    main()
