"""A short-lived cache of whole search results, shared by every web process.

Results are keyed by the normalised query (text, filters, sort, page, page size, flags), the
backend, the active language (facet labels are translated) and an *index version*: a random token
kept in the cache and replaced on commit of every index write (`index_changed`, called by the
backends). A write therefore makes every earlier entry unreachable at once, in every process; the
TTL (`SEARCH_CACHE_SECONDS`, default 120) only bounds what else could go stale (taxonomy labels);
an answer holding a document whose visibility ends sooner (`SearchResults.expires_at`) is kept
only until then, so it is never served after that document left the index's results.

The cache must be shared (Redis when `REDIS_URL` is set): with a per-process cache (LocMem, the
development default) a write in one process could not invalidate another's entries, so caching
is off there unless `SEARCH_CACHE_IN_PROCESS` is set (single-process tests).
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import uuid

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

from .query import SearchQuery, SearchResults

logger = logging.getLogger(__name__)
VERSION_KEY = "search:index-version"
PER_PROCESS = ("LocMemCache", "DummyCache")


def cache_seconds() -> int:
    seconds = int(settings.SEARCH_CACHE_SECONDS or 0)
    if seconds <= 0:
        return 0
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend.endswith(PER_PROCESS) and not settings.SEARCH_CACHE_IN_PROCESS:
        return 0
    return seconds


def index_changed() -> None:
    """Make every cached result unreachable (run on commit of an index write)."""
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    except Exception:  # an unreachable cache serves nothing stale either: entries expire
        logger.warning("search: could not bump the index version", exc_info=True)


def _key(backend: str, query: SearchQuery) -> str:
    normalised = json.dumps(
        [
            backend,
            translation.get_language(),
            query.text.lower(),
            sorted((name, sorted(values)) for name, values in query.filters.items()),
            query.sort,
            query.page,
            query.page_size,
            query.with_facets,
            query.snippets,
            query.with_count,
        ],
        ensure_ascii=False,
    )
    return f"search:results:{hashlib.sha256(normalised.encode()).hexdigest()}"


def cached_search(backend, query: SearchQuery) -> SearchResults:
    """backend.search(query), answered from the shared cache when the index has not changed since.

    Entries are stored as (index version, results) and read together with the current version in
    one round trip; an entry written under another version is a miss (and is overwritten)."""
    seconds = cache_seconds()
    if not seconds:
        return backend.search(query)
    key = _key(backend.name, query)
    try:
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, uuid.uuid4().hex, None)
            version = cache.get(VERSION_KEY)
        entry = found.get(key)
    except Exception:
        logger.warning("search: result cache unavailable", exc_info=True)
        return backend.search(query)
    if entry is not None and entry[0] == version:
        return entry[1]
    results = backend.search(query)
    if results.expires_at is not None:
        seconds = min(seconds, math.floor((results.expires_at - timezone.now()).total_seconds()))
        if seconds <= 0:
            return results
    try:
        cache.set(key, (version, results), seconds)
    except Exception:
        logger.warning("search: could not cache results", exc_info=True)
    return results
