"""Booking benchmark (not a timed test; never run by the test suite).

    .venv/bin/python benchmarks/booking.py                 # PostgreSQL database `bench_booking`
    .venv/bin/python benchmarks/booking.py --clients 16 --requests 40

What it does: (re)creates the PostgreSQL database, migrates it, creates `--consultants` certified
consultants (08:00–17:00 every day) and one enterprise with an API token per client, serves the
project with gunicorn, then over HTTP on that server:
- measures `/healthz/` throughput with the same number of clients (the ceiling of the stack),
- lets every client send `--requests` booking requests (POST /api/v1/bookings/) at once: about half
  aim at a small set of "hot" slots every client wants (collisions: exactly one may win each), the
  rest at slots no one else asks for (each should win),
- reports p50/p95/max latency of the booking requests, their throughput, the answers by status,
  the count of 5xx answers (must be 0) and, from the database, the count of overlapping holding
  bookings of one consultant (double bookings, must be 0).
The booking throttle and the pending-request limit are lifted in the benchmark's settings (the
clients are deliberately greedy). Target on this 2-core machine: p95 under 150 ms at 16 clients.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SETTINGS_MODULE = """
from marketplace.settings import *  # noqa
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {**REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "booking": None}}
BOOKING_MAX_PENDING_PER_CONSULTANT = 100000
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {"version": 1, "disable_existing_loggers": True}
"""

SETUP = r"""
import json, sys
from datetime import time, timedelta
import django
django.setup()
from django.core.management import call_command
from django.utils import timezone
from rest_framework.authtoken.models import Token
call_command("migrate", verbosity=0)
from consultants import services as cs
from consultants.bookings.selectors import slot_minutes
from consultants import selectors
from tests.consultants.factories import certified_consultant
from tests.factories import EnterpriseFactory, enterprise_owner
consultants_count, clients = int(sys.argv[1]), int(sys.argv[2])
consultants = []
for i in range(consultants_count):
    c = certified_consultant(service_modes=["online"])
    for weekday in range(7):
        cs.availability_rule_add(consultant=c, actor=c.user, weekday=weekday, start_time=time(8), end_time=time(17))
    consultants.append(c)
tokens = []
for i in range(clients):
    e = EnterpriseFactory()
    tokens.append(Token.objects.get_or_create(user=enterprise_owner(e))[0].key)
start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
slots = {c.pk: [s.isoformat() for s in selectors.consultant_free_slots(c, start=start, end=start + timedelta(days=50))] for c in consultants}
print(json.dumps({"tokens": tokens, "slots": slots}))
"""

DOUBLE_BOOKINGS = r"""
import django
django.setup()
from django.db import connection
with connection.cursor() as c:
    c.execute(
        "SELECT count(*) FROM bookings_booking a JOIN bookings_booking b ON a.consultant_id = b.consultant_id "
        "AND a.id < b.id AND a.start_at < b.end_at AND b.start_at < a.end_at "
        "WHERE a.status IN ('requested','proposed','confirmed') AND b.status IN ('requested','proposed','confirmed')"
    )
    print(c.fetchone()[0])
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres-admin-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--db-name", default="bench_booking")
    parser.add_argument("--consultants", type=int, default=8)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=40, help="booking requests per client")
    parser.add_argument("--hot", type=int, default=20, help="slots every client competes for")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker (gthread)")
    parser.add_argument("--seconds", type=float, default=8, help="of /healthz/ throughput")
    args = parser.parse_args()

    import psycopg

    with psycopg.connect(
        args.postgres_admin_url.replace("postgres://", "postgresql://"), autocommit=True
    ) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{args.db_name}"')
        c.execute(f'CREATE DATABASE "{args.db_name}"')
    tmp = Path(tempfile.mkdtemp(prefix="bench-booking-"))
    (tmp / "bench_settings.py").write_text(SETTINGS_MODULE)
    env = {
        **os.environ,
        "PYTHONPATH": f"{tmp}{os.pathsep}{ROOT}",
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "DATABASE_URL": args.postgres_admin_url.rsplit("/", 1)[0] + "/" + args.db_name,
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "MEDIA_ROOT": str(tmp / "media"),
        "REDIS_URL": "",
    }
    print("setting up…", flush=True)
    out = subprocess.run(
        [PYTHON, "-c", SETUP, str(args.consultants), str(args.clients)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    data = json.loads(out.strip().splitlines()[-1])
    tokens, slots = data["tokens"], {int(k): v for k, v in data["slots"].items()}

    rng = random.Random(2026)
    pool = [(pk, s) for pk, values in slots.items() for s in values]
    rng.shuffle(pool)
    hot, rest = pool[: args.hot], pool[args.hot :]
    plans = []
    for i in range(args.clients):
        plan = []
        for k in range(args.requests):
            if k % 2 == 0:
                plan.append(rng.choice(hot))
            else:
                plan.append(rest[i * args.requests + k])  # nobody else asks for this one
        plans.append(plan)

    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "marketplace.wsgi:application",
            "-k",
            "gthread",
            "-w",
            str(args.workers),
            "--threads",
            str(args.threads),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/healthz/")
                conn.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
        # /healthz/ throughput with the same number of clients
        done = [0] * args.clients
        stop = time.monotonic() + args.seconds

        def health(i):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            while time.monotonic() < stop:
                conn.request("GET", "/healthz/")
                conn.getresponse().read()
                done[i] += 1

        threads = [threading.Thread(target=health, args=(i,)) for i in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        health_rps = sum(done) / args.seconds

        latencies: list[float] = []
        statuses: dict[int, int] = {}
        lock = threading.Lock()
        barrier = threading.Barrier(args.clients)

        def book(i):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            headers = {"Authorization": f"Token {tokens[i]}", "Content-Type": "application/json"}
            barrier.wait()
            for pk, start in plans[i]:
                body = json.dumps(
                    {"consultant": pk, "start": start, "service_mode": "online", "topic": "Benchmark"}
                )
                began = time.perf_counter()
                conn.request("POST", "/api/v1/bookings/", body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                elapsed = time.perf_counter() - began
                with lock:
                    latencies.append(elapsed)
                    statuses[response.status] = statuses.get(response.status, 0) + 1

        began = time.monotonic()
        threads = [threading.Thread(target=book, args=(i,)) for i in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.monotonic() - began
    finally:
        server.terminate()
        server.wait(10)
    doubles = int(
        subprocess.run(
            [PYTHON, "-c", DOUBLE_BOOKINGS], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    fivexx = sum(n for code, n in statuses.items() if code >= 500)
    ms = [v * 1000 for v in latencies]
    print(
        f"\nbooking requests: {len(ms)} from {args.clients} clients ({args.hot} hot slots contested, the rest distinct)\n"
        f"  p50 {statistics.median(ms):.1f} ms · p95 {percentile(ms, 0.95):.1f} ms · max {max(ms):.1f} ms\n"
        f"  throughput {len(ms) / wall:.0f} req/s · /healthz/ {health_rps:.0f} req/s (same clients, same server)\n"
        f"  answers {dict(sorted(statuses.items()))} · 5xx {fivexx} · double bookings {doubles}\n"
        f"  gunicorn gthread {args.workers}×{args.threads}, PostgreSQL, {os.cpu_count()} CPUs"
    )
    if fivexx or doubles:
        sys.exit(1)


if __name__ == "__main__":
    main()
