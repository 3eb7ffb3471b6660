"""The shared result cache: repeated searches skip the database; any index write makes earlier
results unreachable; it stays off with a per-process cache."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from search.backends import database_backend
from search.cache import cache_seconds
from search.query import SearchQuery
from search.registry import registry
from search.selectors import search_run

pytestmark = pytest.mark.django_db


def solution(n: int, title: str = "Hóa đơn điện tử") -> dict:
    return registry.get("solution").prepare(
        {"id": n, "title": f"{title} {n}", "text": {}, "facets": {"category": "e-invoice"}}
    )


@pytest.fixture
def shared_cache(settings):
    # LocMem stands in for Redis: this test is a single process
    settings.SEARCH_CACHE_IN_PROCESS = True
    settings.SEARCH_CACHE_SECONDS = 30


def test_cache_is_off_with_a_per_process_cache():
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}):
        assert cache_seconds() == 0


def test_cache_is_on_with_a_shared_cache():
    shared = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x"}}
    with override_settings(CACHES=shared, SEARCH_CACHE_SECONDS=12):
        assert cache_seconds() == 12


def test_repeated_search_is_answered_without_the_database(
    shared_cache, django_capture_on_commit_callbacks, django_assert_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):
        database_backend().index([solution(1), solution(2)])
    first = search_run(SearchQuery(text="hoa don", filters={"category": ["e-invoice"]}))
    with django_assert_num_queries(0):
        again = search_run(SearchQuery(text="hoa don", filters={"category": ["e-invoice"]}))
    assert [h.id for h in again.hits] == [h.id for h in first.hits] and again.count == 2
    assert again.facets["category"][0].count == 2


def test_an_index_write_makes_cached_results_unreachable(shared_cache, django_capture_on_commit_callbacks):
    backend = database_backend()
    with django_capture_on_commit_callbacks(execute=True):
        backend.index([solution(1)])
    assert search_run(SearchQuery(text="hoa don")).count == 1
    with django_capture_on_commit_callbacks(execute=True):
        backend.index([solution(2)])
    assert search_run(SearchQuery(text="hoa don")).count == 2
    with django_capture_on_commit_callbacks(execute=True):
        backend.delete([("solution", "1"), ("solution", "2")])
    assert search_run(SearchQuery(text="hoa don")).count == 0


def test_queries_differing_in_filters_or_page_are_not_confused(
    shared_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        database_backend().index([solution(n) for n in range(1, 6)])
    page_one = search_run(SearchQuery(text="hoa don", page_size=2))
    page_two = search_run(SearchQuery(text="hoa don", page_size=2, page=2))
    assert not {h.id for h in page_one.hits} & {h.id for h in page_two.hits}
    assert search_run(SearchQuery(text="hoa don", filters={"category": ["accounting"]})).count == 0


def test_cached_results_are_not_served_after_a_document_stopped_being_visible(
    shared_cache, django_capture_on_commit_callbacks
):
    """An answer holding a document whose visibility ends (a certificate's end date) is cached only
    until then, although nothing writes to the index at that moment."""
    ends = timezone.now() + timedelta(seconds=2)
    with django_capture_on_commit_callbacks(execute=True):
        database_backend().index([{**solution(1), "visible_until": ends}, solution(2)])
    query = SearchQuery(text="hoa don")
    assert {h.id for h in search_run(query).hits} == {"1", "2"}
    assert {h.id for h in search_run(query).hits} == {"1", "2"}  # from the cache
    time.sleep(max(0.0, (ends - timezone.now()).total_seconds()) + 0.1)
    assert [h.id for h in search_run(query).hits] == ["2"]
