"""Programme dashboard benchmark (not a timed test; never run by the test suite).

    .venv/bin/python benchmarks/indicators.py --scale 1      # seed_demo --scale 1 on a temporary SQLite file
    .venv/bin/python benchmarks/indicators.py --scale 5 --requests 20

What it does: creates a throwaway database, migrates it, runs `seed_demo --scale N`, then requests the
officer dashboard, the API's indicator list and a ward cut N times in-process and prints p50 / p95 / max.
Indicators are computed from the records on each request (no pre-aggregation yet), so this measures
what that costs at demo scale. The issue's national-scale run (1,000,000 enterprises on PostgreSQL,
with incrementally maintained aggregates) is not built yet.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--requests", type=int, default=10)
    options = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="dxm-bench-indicators-")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3"}
    for args in (["migrate", "-v0"], ["compile_translations"], ["seed_demo", "--scale", str(options.scale)]):
        subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client

    from marketplace.accounts.models import OfficerMembership
    from marketplace.enterprises.models import Enterprise

    officer = OfficerMembership.objects.select_related("user").first().user
    client = Client()
    client.force_login(officer)
    print(f"enterprises: {Enterprise.objects.count()}")
    for url in (
        "/programme/",
        "/api/v1/programme/indicators/",
        "/api/v1/programme/indicators/smes_supported/?cut=ward",
    ):
        timings = []
        for _ in range(options.requests):
            started = time.perf_counter()
            assert client.get(url).status_code == 200
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        print(f"{url}: p50 {statistics.median(timings):.0f} ms, p95 {p95:.0f} ms, max {timings[-1]:.0f} ms")


if __name__ == "__main__":
    main()
