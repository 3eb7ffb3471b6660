"""Reads: run a search on the configured backend, falling back to the database backend."""

from __future__ import annotations

import logging

from django.core.cache import cache

from . import errors
from .backends import database_backend, get_backend
from .cache import cached_search
from .query import SearchQuery, SearchResults

logger = logging.getLogger(__name__)
BREAKER_KEY = "search:engine-down"
BREAKER_SECONDS = 15  # after a failure, skip the engine for a while instead of waiting on each request


def search_run(query: SearchQuery) -> SearchResults:
    """Results from the configured backend; if the engine is unreachable, from the database, degraded."""
    backend = get_backend()
    fallback = database_backend()
    backend.registry.validate(query)  # a user error is a 400 whichever backend answers
    if backend is fallback:
        return cached_search(fallback, query)
    if not cache.get(BREAKER_KEY):
        try:
            return cached_search(backend, query)
        except errors.BackendUnavailable:
            logger.warning("search engine unavailable, answering from the database", exc_info=True)
            cache.set(BREAKER_KEY, True, BREAKER_SECONDS)
    results = fallback.search(query)
    results.degraded = True
    return results


def suggest_run(text: str, *, kinds: list[str] | None = None, limit: int = 8) -> tuple[list[dict], bool]:
    backend = get_backend()
    fallback = database_backend()
    if backend is not fallback and not cache.get(BREAKER_KEY):
        try:
            return backend.suggest(text, kinds=kinds, limit=limit), False
        except errors.BackendUnavailable:
            logger.warning("search engine unavailable for suggestions", exc_info=True)
            cache.set(BREAKER_KEY, True, BREAKER_SECONDS)
    return fallback.suggest(text, kinds=kinds, limit=limit), backend is not fallback
