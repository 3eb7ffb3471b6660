"""The database backend ranks precisely only a window of the best cheap-ordered matches
(PostgreSQL): paging across the window's edge must still show every match exactly once."""

from __future__ import annotations

import pytest
from django.db import connection

import search.backends.database as database_module
from search.backends.database import DatabaseBackend
from search.query import SearchQuery
from search.registry import registry

pytestmark = pytest.mark.django_db


def solution(n: int, title: str, description: str = "") -> dict:
    return registry.get("solution").prepare(
        {"id": n, "title": title, "text": {"description": description}, "facets": {"category": "e-invoice"}}
    )


@pytest.fixture
def backend(monkeypatch):
    monkeypatch.setattr(database_module, "RANK_CANDIDATES", 3)
    backend = DatabaseBackend(registry)
    docs = [solution(n, f"Hóa đơn điện tử {n}") for n in range(1, 5)]
    docs += [solution(n, f"Phần mềm {n}", "xuất hóa đơn nhanh") for n in range(5, 9)]
    backend.index(docs)
    return backend


def test_pages_across_the_ranked_window_cover_every_match_once(backend):
    seen = []
    for page in (1, 2, 3):
        results = backend.search(SearchQuery(text="hoa don", page=page, page_size=3))
        assert results.count == 8
        seen += [h.id for h in results.hits]
    assert len(seen) == len(set(seen)) == 8


def test_title_matches_come_before_body_only_matches(backend):
    ids = [h.id for h in backend.search(SearchQuery(text="hoa don", page_size=8)).hits]
    assert set(ids[:4]) == {"1", "2", "3", "4"}


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="match rows and their integer tokens exist on PostgreSQL only"
)
def test_refilled_match_tokens_answer_like_freshly_indexed_ones(backend):
    """Migration 0006 recomputes every match row's integer tokens (facets and price buckets) from
    the wide rows: searching afterwards gives the same counts and facets as before."""
    cheap = registry.get("solution").prepare(
        {"id": 20, "title": "Hóa đơn giá rẻ", "facets": {"category": "e-invoice"}, "price": 500_000}
    )
    backend.index([cheap])
    query = SearchQuery(text="hoa don", filters={"price": ["lt1m"]})
    before = backend.search(query)
    assert before.count == 1
    with connection.cursor() as cursor:
        cursor.execute("UPDATE search_searchmatchrow SET tokens = '{}'")
    assert backend.search(query).count == 0  # the tokens are what filters read
    backend.refill_match_tokens()
    after = backend.search(query)
    assert [h.id for h in after.hits] == ["20"]
    assert after.facets == before.facets
