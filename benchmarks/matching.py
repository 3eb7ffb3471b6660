"""Matching benchmark (not a timed test; never run by the test suite).

    .venv/bin/python benchmarks/matching.py                        # full size on a temporary SQLite file
    .venv/bin/python benchmarks/matching.py --database postgres    # PostgreSQL database `bench_matching`
    .venv/bin/python benchmarks/matching.py --scale 0.05           # 5 % of the full size, quick

Full size (--scale 1): 10,000 enterprises, 100,000 published solutions, 20,000 certified consultants.
What it does: creates a throwaway database, migrates it, seeds it with the project's own seeders
(`seed_demo --only ...`, each app at the scale that reaches its target; their bulk paths), builds the
search index from the database (`search_index --rebuild`), gives most enterprises an assessment
(matching.demo), then measures in-process:
- per-enterprise recommendation latency (recompute: retrieval through the search backend, scoring,
  capacity, storing the rows) for a random sample: p50 / p95 / max,
- the read path when the stored recommendations are fresh (what a page or the API pays),
- the time to recompute recommendations for every enterprise (`recommendations_refresh --all`);
  with --all-limit N only the first N are recomputed and the total is extrapolated (and said so).
Targets on this machine: p95 under 150 ms per enterprise; all 10,000 in under 10 minutes.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"enterprises": 10_000, "solutions": 100_000, "consultants": 20_000}
# what one unit of --scale of each seeder produces (see the apps' demo.py)
PER_SCALE = {"enterprises": 40, "consultants": 36}


def run(args: list[str], env: dict) -> None:
    started = time.monotonic()
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)
    print(f"  … {' '.join(args)}: {time.monotonic() - started:.1f}s", flush=True)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=1.0, help="share of the full size (1 = targets)")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--sample", type=int, default=200, help="enterprises timed one by one")
    parser.add_argument("--all-limit", type=int, default=0, help="recompute at most N for the 'all' figure")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="PostgreSQL: measure on the database kept by an earlier --keep run",
    )
    parser.add_argument("--db-name", default="bench_matching", help="PostgreSQL database name")
    parser.add_argument(
        "--profile", action="store_true", help="print a cProfile of the per-enterprise sample"
    )
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/12",
        help="shared cache as in production (this database number is flushed: the benchmark's own); "
        "'' for the per-process local-memory cache",
    )
    options = parser.parse_args()

    env = dict(os.environ)
    seed = not options.reuse
    if options.database == "postgres":
        url = f"postgres://postgres@127.0.0.1:5432/{options.db_name}"
    if options.database == "postgres" and seed:
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f"DROP DATABASE IF EXISTS {options.db_name}"],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f"CREATE DATABASE {options.db_name}"],
            check=True,
            capture_output=True,
        )
    elif options.database == "sqlite":
        folder = tempfile.mkdtemp(prefix="bench-matching-")
        url = f"sqlite:///{folder}/bench.sqlite3"
    env.update(
        {"DATABASE_URL": url, "SEARCH_BACKEND": "database", "ELASTICSEARCH_URL": "", "LOG_LEVEL": "WARNING"}
    )
    env["DJANGO_SETTINGS_MODULE"] = "marketplace.settings"
    if options.redis_url:
        env["REDIS_URL"] = options.redis_url
    else:
        env.pop("REDIS_URL", None)

    wanted = {name: max(1, int(count * options.scale)) for name, count in TARGETS.items()}
    print(f"database {options.database}; targets {wanted}", flush=True)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    if seed:
        run(["migrate", "-v0"], env)
        run(["seed_demo", "--only", "marketplace.taxonomy.demo", "marketplace.accounts.demo"], env)
        run(
            [
                "seed_demo",
                "--only",
                "marketplace.enterprises.demo",
                "--scale",
                str(max(1, round(wanted["enterprises"] / PER_SCALE["enterprises"]))),
            ],
            env,
        )
        run(
            [
                "seed_demo",
                "--only",
                "consultants.demo",
                "--scale",
                str(max(1, round(wanted["consultants"] / PER_SCALE["consultants"]))),
            ],
            env,
        )
        # the catalogue's bulk copies multiply its published templates: find how many there are first
        run(["seed_demo", "--only", "catalogue.demo"], env)

        django.setup()
        from catalogue.models import Solution

        templates = Solution.objects.filter(status=Solution.PUBLISHED).count() or 1
        run(
            [
                "seed_demo",
                "--only",
                "catalogue.demo",
                "--scale",
                str(max(1, round(wanted["solutions"] / templates))),
            ],
            env,
        )
        # assessments for most enterprises (scale > 2: recommendations are left for the measurements)
        run(["seed_demo", "--only", "matching.demo", "--scale", "3"], env)
        run(["search_index", "--rebuild"], env)
    else:
        django.setup()
    if options.database == "postgres":
        # planner statistics after the bulk load (autovacuum would get there later; measuring before
        # it did gave plans 100x slower, e.g. the catalogue's sector prefetch)
        from django.db import connection as analyze_connection

        with analyze_connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    from django.core.cache import cache
    from django.db import connection

    from catalogue.models import Solution
    from consultants.selectors import consultants_public
    from marketplace.enterprises.models import Enterprise
    from matching import selectors, services

    counts = {
        "enterprises": Enterprise.objects.count(),
        "published solutions": Solution.objects.filter(status=Solution.PUBLISHED).count(),
        "certified consultants": consultants_public().count(),
    }
    print("seeded:", counts, flush=True)

    ids = list(Enterprise.objects.values_list("pk", flat=True))
    rng = random.Random(2026)
    sample = rng.sample(ids, min(options.sample, len(ids)))
    cache.clear()
    latencies = []
    profiler = None
    if options.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    for pk in sample:
        enterprise = Enterprise.objects.select_related("primary_sector__parent", "ward__parent").get(pk=pk)
        started = time.perf_counter()
        services.recommendations_recompute(enterprise=enterprise)
        latencies.append((time.perf_counter() - started) * 1000)
    if profiler:
        import pstats

        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
    reads = []
    for pk in sample[:50]:
        enterprise = Enterprise.objects.select_related("primary_sector__parent", "ward__parent").get(pk=pk)
        started = time.perf_counter()
        services.recommendations_ensure_fresh(enterprise=enterprise)
        selectors.recommendations_list(enterprise=enterprise, kind="consultant")
        selectors.recommendations_list(enterprise=enterprise, kind="solution")
        reads.append((time.perf_counter() - started) * 1000)

    limit = options.all_limit or len(ids)
    started = time.perf_counter()
    # what `recommendations_refresh --all` does: chunks sharing one run
    services.recommendations_recompute_many(
        enterprises=Enterprise.objects.filter(pk__in=ids[:limit])
        .order_by("pk")
        .select_related("primary_sector__parent", "ward__parent")
        .iterator(chunk_size=500)
    )
    elapsed = time.perf_counter() - started
    total = elapsed * len(ids) / limit
    # the same sample again, now that the run has left its search answers in the shared cache
    # (what a page or API read that recomputes one enterprise meets between candidate changes)
    warm = []
    for pk in sample:
        enterprise = Enterprise.objects.select_related("primary_sector__parent", "ward__parent").get(pk=pk)
        started = time.perf_counter()
        services.recommendations_recompute(enterprise=enterprise)
        warm.append((time.perf_counter() - started) * 1000)

    print("\n== matching benchmark ==")
    print(
        f"database: {connection.vendor}; search backend: database; "
        f"cache: {options.redis_url or 'local memory'}; seeded: {counts}"
    )
    print(
        f"recompute per enterprise, cold cache (n={len(latencies)}): p50 {statistics.median(latencies):.0f} ms, "
        f"p95 {percentile(latencies, 0.95):.0f} ms, max {max(latencies):.0f} ms (target p95 < 150 ms)"
    )
    print(
        f"recompute per enterprise, search answers cached (n={len(warm)}): p50 {statistics.median(warm):.0f} ms, "
        f"p95 {percentile(warm, 0.95):.0f} ms, max {max(warm):.0f} ms"
    )
    print(
        f"read when fresh, both kinds (n={len(reads)}): p50 {statistics.median(reads):.0f} ms, "
        f"p95 {percentile(reads, 0.95):.0f} ms"
    )
    note = "" if limit >= len(ids) else f" (extrapolated from {limit})"
    print(f"recompute all {len(ids)} enterprises: {total:.0f} s{note} (target < 600 s for 10,000)")
    if options.database == "postgres" and not options.keep:
        connection.close()
        subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f"DROP DATABASE IF EXISTS {options.db_name}"],
            capture_output=True,
        )


if __name__ == "__main__":
    main()
