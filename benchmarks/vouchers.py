"""Voucher budget benchmark (not a timed test; never run by the test suite).

    .venv/bin/python benchmarks/vouchers.py                          # PostgreSQL database `bench_vouchers`
    .venv/bin/python benchmarks/vouchers.py --threads 16 --applications 400 --covered 150

What it does: (re)creates the PostgreSQL database, migrates it, loads the schemes and opens ONE call
whose budget covers `--covered` of `--applications` equal applications (micro enterprises under the
draft scheme, so no assessment is needed), then, with `--threads` threads calling the services
(each its own database connection):
1. approves every application at once: every approval locks the call's row, so they serialise on
   it — the measure of the budget's hot spot;
2. reserves support for `--amounts` amounts due spread over the approved vouchers, all at once,
   each amount announced twice (a repeated signal must not reserve twice);
and reports per phase p50/p95/max latency, throughput, the answers by code, and from the ledger:
overspend (call balance below zero, or more approved than the budget covers: must be 0) and double
spend (a voucher's unreserved balance below zero, or an amount reserved twice: must be 0).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _database(name: str, base: str) -> str:
    import psycopg

    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def _race(work, items, threads: int):
    from django.db import connection

    from marketplace.core.errors import DomainError

    latencies: list[float] = []
    outcomes: Counter = Counter()
    lock = threading.Lock()
    queue = list(enumerate(items))
    barrier = threading.Barrier(threads)

    def run():
        barrier.wait()
        while True:
            with lock:
                if not queue:
                    break
                index, item = queue.pop()
            started = time.perf_counter()
            try:
                work(item)
                code = "ok"
            except DomainError as error:
                code = error.code
            except Exception as error:  # noqa: BLE001 - counted and shown
                code = type(error).__name__
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                outcomes[code] += 1
        connection.close()

    started = time.perf_counter()
    pool = [threading.Thread(target=run) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    wall = time.perf_counter() - started
    return latencies, outcomes, wall


def _report(name: str, latencies: list[float], outcomes: Counter, wall: float) -> None:
    ordered = sorted(latencies)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    print(
        f"{name:<14} n={len(ordered):<5} p50={statistics.median(ordered) * 1000:7.1f} ms  "
        f"p95={p95 * 1000:7.1f} ms  max={ordered[-1] * 1000:7.1f} ms  "
        f"throughput={len(ordered) / wall:7.1f}/s  answers={dict(outcomes)}"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db-name", default="bench_vouchers")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--applications", type=int, default=200)
    parser.add_argument("--covered", type=int, default=80)
    parser.add_argument("--amounts", type=int, default=300)
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = _database(args.db_name, args.postgres)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    import datetime as dt

    from django.core.management import call_command
    from django.db.models import Count
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from marketplace.core.deals import DealAmount
    from marketplace.vouchers import ledger, services
    from marketplace.vouchers.models import Account, Application, BudgetEntry, Movement, Scheme, Voucher
    from marketplace.vouchers.schemes import load_schemes
    from tests.factories import EnterpriseFactory, OfficerFactory, enterprise_owner

    load_schemes()
    officer = OfficerFactory()
    today = timezone.localdate()
    ceiling = 20_000_000
    call = services.call_open(
        scheme=Scheme.objects.get(code="DUTHAO-2026-PHIEU-CDS"),
        by=officer,
        code="BENCH-01",
        title="Benchmark",
        budget=ceiling * args.covered,
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=30),
        voucher_valid_until=today + dt.timedelta(days=400),
    )
    print(f"setting up {args.applications} applications ...", flush=True)
    applications = []
    for _ in range(args.applications):
        enterprise = EnterpriseFactory(employees=5, annual_revenue=2_000_000_000, total_capital=1_000_000_000)
        applications.append(
            services.application_submit(
                call=call,
                enterprise=enterprise,
                by=enterprise_owner(enterprise),
                amount_requested=ceiling,
                purpose="benchmark",
            ).pk
        )

    def approve(pk):
        services.application_approve(application=Application.objects.get(pk=pk), by=officer)

    _report("approvals", *_race(approve, applications, args.threads))

    vouchers = list(Voucher.objects.filter(call=call).values_list("enterprise_id", flat=True))
    amounts = [
        DealAmount(
            key=f"bench.amount:{i}",
            contract=f"bench.contract:{i}",
            enterprise_id=vouchers[i % len(vouchers)],
            kind="solution",
            price=7_000_000,
            co_investment=0,
            due_date=today,
            provider="Bench",
            description="",
        )
        for i in range(args.amounts)
    ]
    _report("reservations", *_race(lambda a: services.reserve(amounts=[a]), amounts + amounts, args.threads))

    entries = BudgetEntry.objects.filter(call=call)
    balances = ledger.balances(entries)
    approved = Voucher.objects.filter(call=call).count()
    overspend = int(balances[Account.AVAILABLE] < 0) + max(0, approved - args.covered)
    negative_vouchers = sum(1 for v in Voucher.objects.filter(call=call) if ledger.voucher_remaining(v) < 0)
    twice = (
        entries.filter(movement=Movement.RESERVE)
        .values("payable_key")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    print(
        f"approved={approved} (budget covers {args.covered})  available={balances[Account.AVAILABLE]}  "
        f"reserved={balances[Account.RESERVED]}  ledger sum={sum(balances.values())}"
    )
    print(f"overspend={overspend}  double spend={negative_vouchers + twice}")
    return 0 if overspend == 0 and negative_vouchers + twice == 0 and sum(balances.values()) == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
