"""Payments benchmark on PostgreSQL (not a timed test; never run by the test suite).

    .venv/bin/python benchmarks/payments.py                      # database `bench_payments`, localstripe
    .venv/bin/python benchmarks/payments.py --clients 16 --milestones 6

What it does: (re)creates the PostgreSQL database, migrates it, creates one engagement with
`--milestones` milestones per client (each client is the SME owner, with an API token), starts
localstripe (tests/localstripe_server.py: 127.0.0.1, no pickle file) and serves the project with
gunicorn pointed at it, then over HTTP:
- payment creation: every client creates a payment for each of its milestones at once with the
  others (alternately bank transfer and card; a card payment makes its PaymentIntent at localstripe),
  and sends every request twice with the same Idempotency-Key (a retry); p50/p95 per method;
- webhook processing: for every card payment, a signed `payment_intent.succeeded` event is posted
  twice, plus a second event id saying the same thing, all shuffled and sent concurrently; events/s;
- duplicate effects, counted in the database: payments beyond one per milestone, RECEIVED ledger
  rows beyond one per payment, "paid by card" state changes beyond one per payment, events
  processed as "paid" beyond one per payment. All must be 0 (exit status 1 otherwise), and no 5xx.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable

from benchmarks.booking import free_port, percentile  # noqa: E402
from tests.stripe_fixtures import event, sign, start_localstripe, stop_localstripe  # noqa: E402

SECRET = "whsec_bench"
SETTINGS_MODULE = """
from marketplace.settings import *  # noqa
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {"version": 1, "disable_existing_loggers": True}
"""

SETUP = r"""
import json, sys
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from rest_framework.authtoken.models import Token
from tests.engagements.factories import active
from tests.factories import enterprise_owner
clients, milestones = int(sys.argv[1]), int(sys.argv[2])
out = []
for i in range(clients):
    engagement = active(amounts=tuple(1_000_000 + 50_000 * k for k in range(milestones)))
    token = Token.objects.get_or_create(user=enterprise_owner(engagement.enterprise))[0].key
    out.append({"token": token, "milestones": list(engagement.milestones.order_by("position").values_list("pk", flat=True))})
print(json.dumps(out))
"""

INTENTS = r"""
import json
import django
django.setup()
from marketplace.payments.models import Payment
print(json.dumps([[p.stripe_payment_intent, p.sme_share, p.pk] for p in Payment.objects.filter(method="card")]))
"""

DUPLICATES = r"""
import json
import django
django.setup()
from django.db import connection
queries = {
    "payments beyond one per milestone": "SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) n FROM payments_payment GROUP BY payable_type_id, payable_id) t",
    "RECEIVED rows beyond one per payment": "SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) n FROM payments_ledgerentry WHERE kind = 'received' GROUP BY payment_id) t",
    "card state changes beyond one per payment": "SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) n FROM core_auditrecord WHERE action = 'payment.card_succeeded' GROUP BY object_id) t",
    "events processed as paid beyond one per payment": "SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) n FROM payments_stripeevent WHERE outcome = 'paid' GROUP BY payment_id) t",
}
result = {}
with connection.cursor() as c:
    for name, sql in queries.items():
        c.execute(sql)
        result[name] = int(c.fetchone()[0])
    c.execute("SELECT count(*) FROM payments_payment WHERE method = 'card' AND status <> 'succeeded'")
    result["card payments left unpaid"] = int(c.fetchone()[0])
print(json.dumps(result))
"""


def run_script(script: str, env: dict, *args: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own script
        [PYTHON, "-c", script, *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(done.stderr[-3000:])
    return done.stdout.strip().splitlines()[-1]


def concurrently(count: int, work) -> float:
    barrier = threading.Barrier(count)

    def run(i):
        barrier.wait()
        work(i)

    began = time.monotonic()
    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.monotonic() - began


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--postgres-admin-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--db-name", default="bench_payments")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument(
        "--milestones",
        type=int,
        default=6,
        help="payables per client (at most 6: the test factory spaces them 20 days apart within a 4-month engagement)",
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker (gthread)")
    args = parser.parse_args()

    import psycopg

    with psycopg.connect(
        args.postgres_admin_url.replace("postgres://", "postgresql://"), autocommit=True
    ) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{args.db_name}"')
        c.execute(f'CREATE DATABASE "{args.db_name}"')
    tmp = Path(tempfile.mkdtemp(prefix="bench-payments-"))
    (tmp / "bench_settings.py").write_text(SETTINGS_MODULE)
    localstripe, stripe_url = start_localstripe()
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
        "STRIPE_SECRET_KEY": "sk_test_bench",
        "STRIPE_PUBLISHABLE_KEY": "pk_test_bench",
        "STRIPE_WEBHOOK_SECRET": SECRET,
        "STRIPE_API_BASE": stripe_url,
    }
    server = None
    try:
        print("setting up…", flush=True)
        clients = json.loads(run_script(SETUP, env, str(args.clients), str(args.milestones)))
        port = free_port()
        server = subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
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
        for _ in range(100):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/healthz/")
                conn.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)

        lock = threading.Lock()
        latencies: dict[str, list[float]] = {"bank_transfer": [], "card": []}
        statuses: dict[int, int] = {}

        def create(i):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            client = clients[i]
            for k, milestone in enumerate(client["milestones"]):
                method = "card" if k % 2 else "bank_transfer"
                body = json.dumps({"payable_kind": "milestone", "payable_id": milestone, "method": method})
                headers = {
                    "Authorization": f"Token {client['token']}",
                    "Content-Type": "application/json",
                    "Idempotency-Key": f"bench-{i}-{k}",
                }
                for _attempt in range(2):  # the second is a retry with the same key
                    began = time.perf_counter()
                    conn.request("POST", "/api/v1/payments/", body=body, headers=headers)
                    response = conn.getresponse()
                    response.read()
                    with lock:
                        latencies[method].append((time.perf_counter() - began) * 1000)
                        statuses[response.status] = statuses.get(response.status, 0) + 1

        create_wall = concurrently(args.clients, create)

        intents = json.loads(run_script(INTENTS, env))
        deliveries = []
        for intent_id, amount, pk in intents:
            obj = {
                "id": intent_id,
                "object": "payment_intent",
                "amount": amount,
                "currency": "vnd",
                "status": "succeeded",
            }
            first = event(f"evt_a_{pk}", "payment_intent.succeeded", obj)
            deliveries += [first, first, event(f"evt_b_{pk}", "payment_intent.succeeded", obj)]
        random.Random(2026).shuffle(deliveries)
        hook_statuses: dict[int, int] = {}
        hook_latencies: list[float] = []

        def deliver(i):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            for payload in deliveries[i :: args.clients]:
                began = time.perf_counter()
                conn.request(
                    "POST",
                    "/api/v1/stripe/webhook/",
                    body=payload,
                    headers={
                        "Content-Type": "application/json",
                        "Stripe-Signature": sign(payload, secret=SECRET),
                    },
                )
                response = conn.getresponse()
                response.read()
                with lock:
                    hook_latencies.append((time.perf_counter() - began) * 1000)
                    hook_statuses[response.status] = hook_statuses.get(response.status, 0) + 1

        hook_wall = concurrently(args.clients, deliver)
    finally:
        stop_localstripe(localstripe)
        if server is not None:
            server.terminate()
            try:
                server.wait(40)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()

    duplicates = json.loads(run_script(DUPLICATES, env))
    fivexx = sum(n for code, n in {**statuses, **hook_statuses}.items() if code >= 500)
    lines = [
        f"\npayment creation: {sum(map(len, latencies.values()))} requests from {args.clients} clients "
        f"(each sent twice with the same Idempotency-Key) in {create_wall:.1f} s"
    ]
    for method, ms in latencies.items():
        lines.append(
            f"  {method:13} p50 {statistics.median(ms):.0f} ms · p95 {percentile(ms, 0.95):.0f} ms · max {max(ms):.0f} ms"
        )
    lines.append(f"  answers {dict(sorted(statuses.items()))}")
    lines.append(
        f"webhooks: {len(deliveries)} signed deliveries for {len(intents)} card payments "
        f"(each event twice + a second event id) in {hook_wall:.1f} s = {len(deliveries) / hook_wall:.0f} events/s"
    )
    lines.append(
        f"  p50 {statistics.median(hook_latencies):.0f} ms · p95 {percentile(hook_latencies, 0.95):.0f} ms · answers {dict(sorted(hook_statuses.items()))}"
    )
    lines.append(f"duplicate effects: {duplicates} · 5xx {fivexx}")
    lines.append(
        f"gunicorn gthread {args.workers}×{args.threads}, PostgreSQL, localstripe, {os.cpu_count()} CPUs"
    )
    print("\n".join(lines))
    bad = sum(v for k, v in duplicates.items() if k != "card payments left unpaid") + fivexx
    if bad or duplicates["card payments left unpaid"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
