"""The project's Redis cache backend (marketplace/core/cache.py) keeps one client per connection pool
instead of building one for every operation, and behaves like Django's own backend."""

import threading

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from marketplace.core.cache import RedisCache

LOCATION = "redis://127.0.0.1:6379/6"  # a database of its own, apart from the caches and the broker


def cache():
    return RedisCache(LOCATION, {"KEY_PREFIX": "test-redis-cache"})


def test_it_stores_reads_counts_and_deletes_like_djangos_backend():
    ours = cache()
    ours.clear()
    ours.set("k", {"a": 1}, 30)
    assert ours.get("k") == {"a": 1}
    assert ours.get_many(["k", "missing"]) == {"k": {"a": 1}}
    ours.set("n", 1)
    assert ours.incr("n") == 2
    assert ours.delete("k") and ours.get("k") is None
    # the same keys and serialisation as Django's: either backend reads the other's entries
    theirs = DjangoRedisCache(LOCATION, {"KEY_PREFIX": "test-redis-cache"})
    theirs.set("shared", [1, 2])
    assert ours.get("shared") == [1, 2]
    ours.clear()


def test_one_client_serves_every_operation():
    ours = cache()
    client = ours._cache.get_client(write=True)
    ours.set("x", 1)
    assert ours._cache.get_client(write=True) is client
    assert ours._cache.get_client("x") is ours._cache.get_client("y")
    ours.clear()


def test_threads_share_it_safely():
    ours = cache()
    errors = []

    def work(i):
        try:
            for k in range(50):
                ours.set(f"t{i}-{k}", k)
                assert ours.get(f"t{i}-{k}") == k
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    ours.clear()
