"""Search benchmark (not a timed test; never run by the test suite).

    .venv/bin/python benchmarks/search.py                      # PostgreSQL + osmem, 100k solutions, 20k consultants
    .venv/bin/python benchmarks/search.py --database sqlite    # SQLite FTS5 instead
    .venv/bin/python benchmarks/search.py --engine none        # database backend only
    ELASTICSEARCH_URL=http://... .venv/bin/python benchmarks/search.py --engine url   # a real Elasticsearch

What it does: creates a throwaway database (PostgreSQL `bench_search`, or a temporary SQLite file),
migrates it, generates search documents (solutions and consultants with Vietnamese text and the real
facet declarations) and bulk-indexes them *directly* into the search backends — seeding the domain
tables at this scale would measure the catalogue, not search. Then it serves the project with
gunicorn (2 sync workers) and measures, over HTTP on the same server:
- bulk indexing rate (documents per second),
- p50/p95 latency of a faceted query (text + 2 filters + every facet) over varied queries,
- throughput of that query and of the trivial JSON endpoint /healthz/ (the floor).
osmem-server figures are an emulator's: they say nothing about Elasticsearch's speed.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SETTINGS_MODULE = """
from marketplace.settings import *  # noqa
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {**REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "search": None}}
if ELASTICSEARCH_URL and os.environ.get("BENCH_OSMEM") == "1":
    from tests.search.transport import OsmemCompatibleNode  # osmem needs the test-only media-type shim
    SEARCH_ELASTICSEARCH_OPTIONS = {"node_class": OsmemCompatibleNode}
LOGGING = {"version": 1, "disable_existing_loggers": True}
if not os.environ.get("REDIS_URL"):
    SEARCH_CACHE_SECONDS = 0  # cold runs: no result cache at all
"""

PRODUCTS = [
    ("Hóa đơn điện tử", "e-invoice"),
    ("Phần mềm kế toán", "accounting"),
    ("Quản lý bán hàng", "sales"),
    ("Quản lý kho", "inventory"),
    ("Quản trị nhân sự", "hr"),
    ("Chữ ký số", "digital-signature"),
    ("Thương mại điện tử", "e-commerce"),
    ("Quản lý quan hệ khách hàng", "crm"),
    ("Hoạch định nguồn lực", "erp"),
    ("An ninh mạng", "cybersecurity"),
    ("Điện toán đám mây", "cloud"),
    ("Phân tích dữ liệu", "data"),
    ("Truy xuất nguồn gốc", "traceability"),
    ("Quản lý sản xuất", "manufacturing"),
    ("Trợ lý ảo AI", "ai"),
]
ADJECTIVES = [
    "thông minh",
    "đám mây",
    "cho doanh nghiệp nhỏ",
    "toàn diện",
    "di động",
    "tự động",
    "xanh",
    "an toàn",
]
PLACES = ["Đồng Nai", "Biên Hòa", "Long Khánh", "Trảng Bom", "Nhơn Trạch", "Bình Phước", "Đồng Xoài"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Đức", "Thu", "Quốc", "Thanh"]
GIVEN = [
    "An",
    "Bình",
    "Đông",
    "Hoa",
    "Lan",
    "Đạt",
    "Hùng",
    "Mai",
    "Nam",
    "Phúc",
    "Quyên",
    "Tâm",
    "Toàn",
    "Yến",
]
SECTIONS = list("ABCDEFGHIJKLMNOPQRSTU")
PRICING = [
    "subscription_monthly",
    "subscription_yearly",
    "one_time_licence",
    "pay_per_use",
    "free_tier",
    "use_first_pay_later",
    "revenue_sharing",
    "co_investment",
]
DEPLOYMENT = ["saas", "on_premises", "hybrid"]
QUERIES = [
    "hóa đơn",
    "hoa don",
    "kế toán",
    "ke toan",
    "bán hàng",
    "quản lý kho",
    "nhan su",
    "chữ ký số",
    "dong nai",
    "thương mại điện tử",
    "du lieu",
    "đám mây",
    "an ninh mạng",
    "tư vấn chuyển đổi số",
    "quan ly san xuat",
]


def generated_documents(n_solutions: int, n_consultants: int, seed: int = 7):
    from search.registry import registry

    rng = random.Random(seed)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    solution, consultant = registry.get("solution"), registry.get("consultant")
    for i in range(1, n_solutions + 1):
        product, category = rng.choice(PRODUCTS)
        low = rng.randint(0, 3)
        yield solution.prepare(
            {
                "id": i,
                "title": f"{product} {rng.choice(ADJECTIVES)} {rng.choice(['Sao Việt', 'An Tâm', 'Đồng Tiến', 'Mekong', 'VinaSoft'])} {i}",
                "url": f"/solutions/{i}/",
                "text": {
                    "short_description": f"{product} {rng.choice(ADJECTIVES)} cho doanh nghiệp tại {rng.choice(PLACES)}",
                    "vendor": f"Công ty Cổ phần Công nghệ {rng.choice(GIVEN)} {rng.choice(PLACES)}",
                    "description": " ".join(
                        rng.choice(ADJECTIVES) + " " + rng.choice(PRODUCTS)[0] for _ in range(2)
                    ),
                },
                "facets": {
                    "sector": rng.sample(SECTIONS, rng.randint(1, 3)),
                    "category": category,
                    "readiness_level": [str(x) for x in range(low, rng.randint(low, 5) + 1)],
                    "pricing_model": rng.choice(PRICING),
                    "deployment": rng.choice(DEPLOYMENT),
                    "language": ["vi"] + (["en"] if rng.random() < 0.4 else []),
                    "ai": rng.random() < 0.15,
                },
                "price": rng.choice([0, rng.randint(1, 200) * 500_000]),
                "rating": round(rng.uniform(2.5, 5), 1) if rng.random() < 0.6 else None,
                "published_at": start + timedelta(minutes=i * 7),
            }
        )
    for i in range(1, n_consultants + 1):
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        product = rng.choice(PRODUCTS)[0]
        yield consultant.prepare(
            {
                "id": i,
                "title": name,
                "url": f"/consultants/{i}/",
                "text": {
                    "headline": f"Tư vấn chuyển đổi số: {product.lower()}",
                    "biography": f"{rng.randint(2, 20)} năm kinh nghiệm triển khai {product.lower()} tại {rng.choice(PLACES)}",
                },
                "facets": {
                    "sector": rng.sample(SECTIONS, rng.randint(1, 4)),
                    "location": [f"{rng.randint(25000, 26100)}"],
                    "service_mode": rng.sample(
                        ["online", "on_site", "office", "innovation_centre"], rng.randint(1, 4)
                    ),
                    "language": ["vi"] + (["en"] if rng.random() < 0.3 else []),
                    "certified": True,
                    "ai": rng.random() < 0.1,
                },
                "price": rng.randint(2, 40) * 100_000,
                "published_at": start + timedelta(minutes=i * 31),
            }
        )


def faceted_queries(n: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        two = rng.choice(
            [
                [("category", rng.choice(PRODUCTS)[1]), ("deployment", rng.choice(DEPLOYMENT))],
                [("sector", rng.choice(SECTIONS)), ("pricing_model", rng.choice(PRICING))],
                [("kind", "solution"), ("price", rng.choice(["lt1m", "1m-5m", "5m-20m", "20m-100m"]))],
                [("language", "en"), ("sector", rng.choice(SECTIONS))],
            ]
        )
        params = [("q", rng.choice(QUERIES)), *two, ("page_size", "20")]
        out.append("/api/v1/search/?" + urllib.parse.urlencode(params))
    return out


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(conn: http.client.HTTPConnection, path: str) -> float:
    t = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}")
    return time.perf_counter() - t


def latency(port: int, paths: list[str]) -> tuple[float, float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for p in paths[:10]:
        get(conn, p)  # warm up
    times = sorted(get(conn, p) for p in paths)
    return statistics.median(times) * 1000, times[int(len(times) * 0.95) - 1] * 1000


def throughput(port: int, paths: list[str], seconds: float, clients: int) -> float:
    done = [0] * clients
    stop = time.monotonic() + seconds

    def run(i):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        k = i
        while time.monotonic() < stop:
            get(conn, paths[k % len(paths)])
            k += clients
            done[i] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / seconds


class Server:
    def __init__(self, env: dict, workers: int) -> None:
        self.port = free_port()
        self.proc = subprocess.Popen(
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "marketplace.wsgi:application",
                "-w",
                str(workers),
                "-b",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        for _ in range(100):
            try:
                get(http.client.HTTPConnection("127.0.0.1", self.port, timeout=2), "/healthz/")
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--postgres-admin-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--solutions", type=int, default=100_000)
    parser.add_argument("--consultants", type=int, default=20_000)
    parser.add_argument("--engine", choices=["osmem", "url", "none"], default="osmem")
    parser.add_argument(
        "--engine-docs", type=int, default=0, help="index only this many into the engine (0 = all)"
    )
    parser.add_argument("--db-name", default="bench_search", help="PostgreSQL database to (re)create")
    parser.add_argument(
        "--reuse", action="store_true", help="measure the already indexed --db-name again (no seeding)"
    )
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=10, help="per throughput measurement")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/13",
        help="shared cache for a second database-backend run with the result cache on ('' = skip)",
    )
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-search-"))
    (tmp / "bench_settings.py").write_text(SETTINGS_MODULE)
    if args.database == "postgres":
        import psycopg

        if not args.reuse:
            with psycopg.connect(
                args.postgres_admin_url.replace("postgres://", "postgresql://"), autocommit=True
            ) as c:
                c.execute(f'DROP DATABASE IF EXISTS "{args.db_name}"')
                c.execute(f'CREATE DATABASE "{args.db_name}"')
        database_url = args.postgres_admin_url.rsplit("/", 1)[0] + "/" + args.db_name
    else:
        database_url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    env = {
        **os.environ,
        "PYTHONPATH": f"{tmp}{os.pathsep}{ROOT}",
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SEARCH_BACKEND": "database",
        "ELASTICSEARCH_URL": "",
    }
    print(f"database: {args.database} ({database_url}); migrating…", flush=True)
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    os.environ.update(env)
    sys.path[:0] = [str(tmp), str(ROOT)]
    import django

    django.setup()
    from django.db import connection

    from search.backends.database import DatabaseBackend
    from search.registry import registry

    total = args.solutions + args.consultants
    print(
        f"generating and indexing {args.solutions:,} solutions + {args.consultants:,} consultants "
        "(generated documents written straight into the document table, not domain rows)",
        flush=True,
    )
    rows = []
    t = time.perf_counter()
    if args.reuse and DatabaseBackend(registry).count():
        rate = float("nan")  # already indexed by an earlier run
    else:
        DatabaseBackend(registry).rebuild(generated_documents(args.solutions, args.consultants))
        rate = total / (time.perf_counter() - t)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # what autovacuum would do soon after a rebuild: statistics and the visibility map
            cursor.execute("VACUUM ANALYZE search_searchdocument")
            cursor.execute("VACUUM ANALYZE search_searchmatchrow")
    connection.close()
    paths = faceted_queries(args.queries)
    health = ["/healthz/"] * args.queries

    def measure(label: str, server_env: dict, index_rate: float, docs: int) -> None:
        server = Server(server_env, args.workers)
        try:
            p50, p95 = latency(server.port, paths)
            h50, h95 = latency(server.port, health)
            search_rps = throughput(server.port, paths, args.seconds, args.clients)
            health_rps = throughput(server.port, health, args.seconds, args.clients)
        finally:
            server.stop()
        rows.append((label, docs, index_rate, p50, p95, search_rps, h50, h95, health_rps))

    measure(f"database ({connection.vendor}), result cache off", env, rate, total)
    if args.redis_url:
        # the same server with the shared result cache (Redis): the latency pass sees each distinct
        # query first uncached (255 distinct of 300), the throughput pass then repeats cached ones
        import redis

        redis.Redis.from_url(args.redis_url).flushdb()  # the benchmark's own database number
        cached_env = {**env, "REDIS_URL": args.redis_url}
        measure(f"database ({connection.vendor}), Redis result cache", cached_env, rate, total)

    engine = None
    if args.engine != "none":
        url = os.environ.get("ELASTICSEARCH_URL_REAL", "") or (
            os.environ.get("ELASTICSEARCH_URL", "") if args.engine == "url" else ""
        )
        engine_env = {**env, "SEARCH_BACKEND": "elasticsearch", "SEARCH_INDEX_PREFIX": "bench"}
        if args.engine == "osmem":
            from osmem_server import OsmemServer

            engine = OsmemServer.start(addr=f"127.0.0.1:{free_port()}", japanese=False)
            url = engine.url
            engine_env["BENCH_OSMEM"] = "1"
        engine_env["ELASTICSEARCH_URL"] = url
        os.environ.update(engine_env)
        from elasticsearch import Elasticsearch

        from search.backends.elasticsearch import ElasticsearchBackend

        options = {}
        if args.engine == "osmem":
            from tests.search.transport import OsmemCompatibleNode

            options["node_class"] = OsmemCompatibleNode
        backend = ElasticsearchBackend(
            registry, client=Elasticsearch(url, request_timeout=120, **options), index_prefix="bench"
        )
        docs = args.engine_docs or total
        n_sol = min(args.solutions, docs)
        print(f"indexing {docs:,} documents into {args.engine} at {url}…", flush=True)
        t = time.perf_counter()
        backend.rebuild(generated_documents(n_sol, max(0, docs - n_sol)))
        engine_rate = docs / (time.perf_counter() - t)
        try:
            measure(f"elasticsearch ({args.engine})", engine_env, engine_rate, docs)
        finally:
            if engine:
                engine.close()

    print()
    header = (
        "backend",
        "docs",
        "index docs/s",
        "search p50 ms",
        "search p95 ms",
        "search req/s",
        "healthz p50 ms",
        "healthz p95 ms",
        "healthz req/s",
        "search/healthz",
    )
    print(" | ".join(header))
    print(" | ".join("---" for _ in header))
    for label, docs, index_rate, p50, p95, srps, h50, h95, hrps in rows:
        print(
            f"{label} | {docs:,} | {'—' if index_rate != index_rate else f'{index_rate:,.0f}'} | {p50:.1f} | {p95:.1f} | {srps:.1f} | {h50:.1f} | {h95:.1f} | "
            f"{hrps:.1f} | {srps / hrps:.2f}"
        )
    print(
        f"\n{args.queries} faceted queries (text + 2 filters + all facets), {args.clients} concurrent clients for "
        f"throughput, gunicorn with {args.workers} sync workers, on {os.cpu_count()} CPUs."
    )
    if args.engine == "osmem":
        print(
            "The elasticsearch row was measured on osmem-server, an in-memory emulator: not Elasticsearch's speed."
        )


if __name__ == "__main__":
    main()
