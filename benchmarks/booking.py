"""Booking benchmark (not a timed test; never run by the test suite).

    .venv/bin/python benchmarks/booking.py                 # PostgreSQL database `bench_booking`, 16 clients
    .venv/bin/python benchmarks/booking.py --clients 16 --requests 40 --workers 2 --threads 4
    .venv/bin/python benchmarks/booking.py --reuse          # skip the database set-up (same data, fresh slots)
    .venv/bin/python benchmarks/booking.py --celery-worker  # also run a Celery worker delivering the e-mails

What it does: (re)creates the PostgreSQL database, migrates it, creates `--consultants` certified
consultants (08:00–17:00 every day) and one enterprise with an API token per client, serves the
project with gunicorn the way production does (DEBUG off, gthread workers, persistent database
connections, Redis as the shared cache and throttle store and as the task broker), then over HTTP:
- warm-up: every client books `--warmup` slots of its own (not measured): imports, translations,
  database connections and prepared caches of every worker are warm before anything is timed,
- `/healthz/` throughput with the same number of clients (the ceiling of the stack),
- the run: every client sends `--requests` booking requests (POST /api/v1/bookings/) at once: half
  aim at a small set of "hot" slots every client wants (collisions: exactly one may win each, the
  others get 409 `slot_taken` with the next free slots), the rest at slots no one else asks for,
- one client alone (`--single` requests, sequential) on the same server: the latency without queueing.
It reports p50/p95/p99/max of the booking requests (all, and 201/409 apart), their throughput, the
answers by status, 5xx (must be 0), double bookings counted in SQL afterwards (overlapping holding
bookings of one consultant, must be 0), and CPU time: the server's (gunicorn processes plus the
PostgreSQL backends of the benchmark database) per booking request, a figure that does not depend on
how loaded the machine is, and the load generator's own (it runs on the same cores).

E-mail: every booking step sends two e-mails from the task runner. With the Redis broker the request
only enqueues one task after commit; without `--celery-worker` nothing consumes it during the run
(the output says how many tasks were left queued), with it a worker (concurrency 1) delivers them to
the locmem backend on the same cores, as a single-machine deployment would.
The booking throttle stays on (its rate raised to `--throttle-rate`, so its Redis round trips are
measured but greedy clients are not refused); the pending-request limit is lifted. Slot choice is
seeded (`--seed`). Target on this 2-core machine: p95 under 150 ms at 16 clients.
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
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
SETTINGS_MODULE = """
import os
from marketplace.settings import *  # noqa
REST_FRAMEWORK = {{**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {{**REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "booking": {rate!r}}}}}
BOOKING_MAX_PENDING_PER_CONSULTANT = 100000
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {{"version": 1, "disable_existing_loggers": True}}
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
from tests.consultants.factories import certified_consultant
from tests.factories import EnterpriseFactory, enterprise_owner
consultants_count, clients = int(sys.argv[1]), int(sys.argv[2])
for i in range(consultants_count):
    c = certified_consultant(service_modes=["online"])
    for weekday in range(7):
        cs.availability_rule_add(consultant=c, actor=c.user, weekday=weekday, start_time=time(8), end_time=time(17))
for i in range(clients):
    e = EnterpriseFactory()
    Token.objects.get_or_create(user=enterprise_owner(e))
"""

# Reads what a run needs: the tokens of the clients and every consultant's free slots from tomorrow on.
STATE = r"""
import json, sys
from datetime import timedelta
import django
django.setup()
from django.db import connection
from django.utils import timezone
from rest_framework.authtoken.models import Token
from consultants.bookings.selectors import free_slots, slot_minutes
from consultants.models import Consultant
with connection.cursor() as c:
    c.execute("ANALYZE")
clients = int(sys.argv[1])
tokens = list(Token.objects.order_by("created", "key").values_list("key", flat=True))
tokens = [t for t in tokens if not Consultant.objects.filter(user__auth_token__key=t).exists()][:clients]
start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
slots = {
    c.pk: [s.isoformat() for s in free_slots(c, start=start, end=start + timedelta(days=55), slot_minutes=slot_minutes())]
    for c in Consultant.objects.filter(user__email__isnull=False).order_by("pk")
    if c.availability_rules.exists()
}
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


def summary(ms: list[float]) -> str:
    if not ms:
        return "none"
    return (
        f"p50 {statistics.median(ms):.1f} · p95 {percentile(ms, 0.95):.1f} · p99 {percentile(ms, 0.99):.1f}"
        f" · max {max(ms):.1f} ms (n={len(ms)})"
    )


def process_cpu(pid: int) -> float:
    """utime + stime of one process in seconds (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return out


class CpuMeter:
    """CPU seconds of the gunicorn processes and of the PostgreSQL backends serving the benchmark database."""

    def __init__(self, server_pid: int, admin_url: str, db_name: str):
        self.server_pid, self.admin_url, self.db_name = server_pid, admin_url, db_name

    def _backends(self) -> list[int]:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as c:
            rows = c.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [self.db_name],
            ).fetchall()
        return [r[0] for r in rows]

    def snapshot(self) -> dict[str, dict[int, float]]:
        web = [self.server_pid, *children(self.server_pid)]
        return {
            "web": {pid: process_cpu(pid) for pid in web},
            "db": {pid: process_cpu(pid) for pid in self._backends()},
        }

    @staticmethod
    def delta(before: dict, after: dict) -> dict[str, float]:
        return {
            kind: sum(cpu - before[kind].get(pid, 0.0) for pid, cpu in after[kind].items()) for kind in after
        }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres-admin-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--db-name", default="bench_booking")
    parser.add_argument("--reuse", action="store_true", help="keep the database of a previous run")
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/11",
        help="the benchmark's own Redis database (flushed)",
    )
    parser.add_argument("--consultants", type=int, default=8)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=40, help="booking requests per client")
    parser.add_argument("--warmup", type=int, default=5, help="unmeasured booking requests per client first")
    parser.add_argument("--single", type=int, default=60, help="sequential requests of one client at the end")
    parser.add_argument("--hot", type=int, default=20, help="slots every client competes for")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker (gthread)")
    parser.add_argument("--seconds", type=float, default=5, help="of /healthz/ throughput")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--throttle-rate", default="100000/min")
    parser.add_argument("--celery-worker", action="store_true", help="run a Celery worker during the run")
    args = parser.parse_args()

    import psycopg
    import redis

    admin_url = args.postgres_admin_url.replace("postgres://", "postgresql://")
    if not args.reuse:
        with psycopg.connect(admin_url, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{args.db_name}"')
            c.execute(f'CREATE DATABASE "{args.db_name}"')
    redis.Redis.from_url(args.redis_url).flushdb()
    tmp = Path(tempfile.mkdtemp(prefix="bench-booking-"))
    (tmp / "bench_settings.py").write_text(SETTINGS_MODULE.format(rate=args.throttle_rate))
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
        "REDIS_URL": args.redis_url,
        "CELERY_QUEUE": "bench-booking",
    }
    env.pop("CELERY_BROKER_URL", None)
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    if not args.reuse:
        print("setting up the database…", flush=True)
        subprocess.run(
            [PYTHON, "-c", SETUP, str(args.consultants), str(args.clients)], cwd=ROOT, env=env, check=True
        )
    out = subprocess.run(
        [PYTHON, "-c", STATE, str(args.clients)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    data = json.loads(out.strip().splitlines()[-1])
    tokens, slots = data["tokens"], {int(k): v for k, v in data["slots"].items()}
    if len(tokens) < args.clients:
        sys.exit(f"the database has {len(tokens)} client tokens; run without --reuse for {args.clients}")

    rng = random.Random(args.seed)
    pool = [(pk, s) for pk, values in slots.items() for s in values]
    rng.shuffle(pool)
    hot, rest = pool[: args.hot], pool[args.hot :]
    needed = args.clients * (args.warmup + args.requests) + args.single
    if len(rest) < needed:
        sys.exit(f"only {len(rest)} free slots left for {needed} distinct requests: run without --reuse")
    distinct = iter(rest)
    warmups = [[next(distinct) for _ in range(args.warmup)] for _ in range(args.clients)]
    plans = [
        [rng.choice(hot) if k % 2 == 0 else next(distinct) for k in range(args.requests)]
        for _ in range(args.clients)
    ]
    single_plan = [next(distinct) for _ in range(args.single)]

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
    worker = None
    if args.celery_worker:
        worker = subprocess.Popen(
            [
                str(Path(PYTHON).parent / "celery"),
                "-A",
                "marketplace",
                "worker",
                "-c",
                "1",
                "-Q",
                env["CELERY_QUEUE"],
                "--loglevel",
                "warning",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=ROOT,
            env=env,
        )
    meter = CpuMeter(server.pid, admin_url, args.db_name)
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def run_clients(plans_by_client, latencies):
        barrier = threading.Barrier(len(plans_by_client))

        def client(i):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            headers = {"Authorization": f"Token {tokens[i]}", "Content-Type": "application/json"}
            barrier.wait()
            for pk, start in plans_by_client[i]:
                body = json.dumps(
                    {"consultant": pk, "start": start, "service_mode": "online", "topic": "Benchmark"}
                )
                began = time.perf_counter()
                conn.request("POST", "/api/v1/bookings/", body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                elapsed = (time.perf_counter() - began) * 1000
                if latencies is not None:
                    with lock:
                        latencies.append((response.status, elapsed))
                        statuses[response.status] = statuses.get(response.status, 0) + 1

        threads = [threading.Thread(target=client, args=(i,)) for i in range(len(plans_by_client))]
        began, cpu_began = time.monotonic(), time.process_time()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return time.monotonic() - began, time.process_time() - cpu_began

    try:
        for _ in range(150):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/healthz/")
                conn.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
        run_clients(warmups, None)  # warm-up, not measured

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

        load_before = os.getloadavg()[0]
        measured: list[tuple[int, float]] = []
        cpu_before = meter.snapshot()
        wall, generator_cpu = run_clients(plans, measured)
        cpu = CpuMeter.delta(cpu_before, meter.snapshot())
        load_after = os.getloadavg()[0]

        single: list[tuple[int, float]] = []
        single_before = meter.snapshot()
        run_clients([single_plan], single)
        single_cpu = CpuMeter.delta(single_before, meter.snapshot())
        queued = redis.Redis.from_url(args.redis_url).llen(env["CELERY_QUEUE"])
    finally:
        for process in (server, worker):
            if process is None:
                continue
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:  # a loaded machine can take longer than that to stop
                process.kill()
                process.wait()
    doubles = int(
        subprocess.run(
            [PYTHON, "-c", DOUBLE_BOOKINGS], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    run_statuses: dict[int, int] = {}
    for code, _ms in measured:
        run_statuses[code] = run_statuses.get(code, 0) + 1
    fivexx = sum(n for code, n in statuses.items() if code >= 500)
    ms = [v for _c, v in measured]
    n = len(ms)
    print(
        f"\nsettings: gunicorn gthread {args.workers} workers × {args.threads} threads, DEBUG off, PostgreSQL "
        f"(persistent connections), Redis cache/throttle/broker {args.redis_url}, "
        f"{'a Celery worker (concurrency 1) delivering' if worker else 'no Celery worker: e-mail tasks only enqueued'}; "
        f"booking throttle {args.throttle_rate}; {args.consultants} consultants, {args.clients} clients × "
        f"{args.requests} requests ({args.hot} hot slots contested, the rest distinct), warm-up {args.warmup} "
        f"per client, seed {args.seed}; {os.cpu_count()} CPUs, load average {load_before:.1f} → {load_after:.1f}\n"
        f"booking requests, {args.clients} clients: {summary(ms)}\n"
        f"  201: {summary([v for c, v in measured if c == 201])}\n"
        f"  409: {summary([v for c, v in measured if c == 409])}\n"
        f"  throughput {n / wall:.0f} req/s · /healthz/ {health_rps:.0f} req/s (same clients, same server)\n"
        f"  answers {dict(sorted(run_statuses.items()))} · 5xx {fivexx} (whole run) · double bookings {doubles}\n"
        f"  CPU per booking request: gunicorn {cpu['web'] / n * 1000:.1f} ms + PostgreSQL {cpu['db'] / n * 1000:.1f} ms; "
        f"load generator {generator_cpu / n * 1000:.1f} ms ({generator_cpu / wall:.2f} of a core during the run)\n"
        f"one client alone, {len(single)} sequential requests: {summary([v for _c, v in single])}; "
        f"CPU per request gunicorn {single_cpu['web'] / len(single) * 1000:.1f} ms + PostgreSQL "
        f"{single_cpu['db'] / len(single) * 1000:.1f} ms\n"
        f"e-mail tasks left in the queue: {queued}"
    )
    if fivexx or doubles:
        sys.exit(1)


if __name__ == "__main__":
    main()
