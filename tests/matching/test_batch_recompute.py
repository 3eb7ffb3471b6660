"""Recomputing many enterprises in one run: same results as one by one, capacity still spreads."""

import pytest
from django.core.cache import cache

from marketplace.enterprises.models import Enterprise
from matching import services
from matching.models import Recommendation, RecommendationState
from search.query import SearchQuery
from search.selectors import search_run
from tests.factories import EnterpriseFactory
from tests.matching.factories import certified_consultant, published_solution, submitted_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def stored(enterprises):
    return {
        e.pk: list(
            Recommendation.objects.filter(enterprise=e)
            .order_by("kind", "rank")
            .values_list("kind", "object_id", "score", "reasons")
        )
        for e in enterprises
    }


def market():
    certified_consultant(sectors=("52",), expertise=("operations", "data"), weekly_hours=((0, 9, 13),))
    for sector in ("49", "55", "46"):
        certified_consultant(sectors=(sector,), expertise=("operations",), engagements_at=(1, 1))
    published_solution(sectors=("52",), readiness=(0, 2))
    published_solution(category="crm-sales", sectors=("55",), readiness=(2, 5))
    enterprises = [EnterpriseFactory(sector_code=code) for code in ("52", "52", "55", "46", "52", "49")]
    for enterprise in enterprises[:-1]:
        submitted_assessment(enterprise, choose="min")
    return enterprises


@pytest.mark.parametrize("indexed", [True, False], ids=["through-search", "search-index-empty"])
def test_a_batch_run_stores_what_one_by_one_recomputes_store(indexed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=indexed):  # the search index refreshes on commit
        enterprises = market()
    for enterprise in enterprises:
        services.recommendations_recompute(enterprise=enterprise)
    one_by_one = stored(enterprises)
    Recommendation.objects.all().delete()
    cache.clear()
    count = services.recommendations_recompute_many(
        enterprises=Enterprise.objects.filter(pk__in=[e.pk for e in enterprises]).order_by("pk"), chunk_size=4
    )
    assert count == len(enterprises)
    assert stored(enterprises) == one_by_one
    assert not RecommendationState.objects.filter(enterprise__in=enterprises, stale=True).exists()


def test_a_batch_run_keeps_the_capacity_bound_across_chunks():
    # 4 free hours a week: 16 h in 4 weeks = 2 enterprises at a time
    star = certified_consultant(
        sectors=("52",), expertise=("operations", "data", "customer"), weekly_hours=((0, 9, 13),)
    )
    for _ in range(3):
        certified_consultant(sectors=("49",), expertise=("operations",))
    enterprises = [EnterpriseFactory(sector_code="52") for _ in range(7)]
    for enterprise in enterprises:
        submitted_assessment(enterprise, choose="min")
    services.recommendations_recompute_many(enterprises=Enterprise.objects.order_by("pk"), chunk_size=3)
    visible = Recommendation.objects.filter(kind="consultant", rank__lte=5, object_id=star.pk)
    assert visible.count() == 2


def test_a_batch_run_respects_dismissals():
    enterprises = market()
    first = enterprises[0]
    services.recommendations_recompute(enterprise=first)
    top = Recommendation.objects.filter(enterprise=first, kind="consultant", rank=1).get().object_id
    services.recommendation_dismiss(
        enterprise=first, user=first.memberships.first().user, kind="consultant", object_id=top, reason="xa"
    )
    services.recommendations_recompute_many(enterprises=Enterprise.objects.filter(pk=first.pk))
    assert not Recommendation.objects.filter(enterprise=first, kind="consultant", object_id=top).exists()


def test_matching_asks_the_search_backend_for_ids_without_snippets(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the search index refreshes on commit
        certified_consultant(sectors=("52",))
    hits = search_run(SearchQuery(filters={"kind": ["consultant"]}, with_facets=False, snippets=False)).hits
    assert hits and all(hit.snippet == "" for hit in hits)
