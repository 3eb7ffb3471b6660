"""The recommendations job on the task runner: idempotent, and the command runs the same task."""

import pytest
from django.core.cache import cache
from django.core.management import call_command

from matching.models import Recommendation, RecommendationState
from matching.tasks import recommendations_refresh
from tests.factories import EnterpriseFactory
from tests.matching.factories import certified_consultant, published_solution, submitted_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def stored():
    return sorted(Recommendation.objects.values_list("enterprise_id", "kind", "object_id", "rank", "score"))


def market(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the search index refreshes on commit
        certified_consultant(sectors=("52",), expertise=("operations", "data"))
        published_solution(sectors=("52",), readiness=(0, 2))
        enterprises = [EnterpriseFactory(sector_code="52") for _ in range(3)]
    submitted_assessment(enterprises[0], choose="min")
    return enterprises


def test_the_job_run_twice_leaves_the_same_recommendations(django_capture_on_commit_callbacks):
    enterprises = market(django_capture_on_commit_callbacks)
    assert recommendations_refresh.delay().get() == len(enterprises)
    first = stored()
    assert first
    assert recommendations_refresh.delay().get() == 0  # nothing stale any more
    assert stored() == first
    assert recommendations_refresh.delay(everything=True).get() == len(enterprises)
    assert stored() == first  # the same inputs rank the same way
    assert not RecommendationState.objects.filter(stale=True).exists()


def test_the_command_runs_the_same_task(django_capture_on_commit_callbacks, tasks_run, capsys):
    enterprises = market(django_capture_on_commit_callbacks)
    call_command("recommendations_refresh")
    assert f"recomputed {len(enterprises)} enterprises" in capsys.readouterr().out
    assert tasks_run == ["matching.recommendations_refresh"]
