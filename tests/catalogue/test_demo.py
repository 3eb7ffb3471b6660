"""seed_demo's catalogue part: enough realistic data in every category and state, idempotent."""

import io

import pytest

from catalogue import demo
from catalogue.models import Screenshot, Solution, SolutionRevision, Vendor
from marketplace.core.demo import DemoContext
from marketplace.taxonomy.models import SolutionCategory

pytestmark = pytest.mark.django_db


def test_demo_catalogue_covers_categories_states_and_is_idempotent():
    ctx = DemoContext(seed=2026, scale=1, stdout=io.StringIO())
    demo.seed(ctx)
    assert Vendor.objects.count() >= 15
    assert Solution.objects.count() >= 60
    assert set(Solution.objects.values_list("category__code", flat=True)) == set(
        SolutionCategory.objects.values_list("code", flat=True)
    )
    assert Solution.objects.filter(category__code="e-invoice", status="published").count() >= 3
    assert Solution.objects.filter(is_ai=True).count() >= 4
    states = set(Solution.objects.values_list("status", flat=True))
    assert states == {s for s, _label in Solution.STATUS_CHOICES}
    assert Solution.objects.filter(status="published").count() > Solution.objects.count() / 2
    assert SolutionRevision.objects.filter(state="pending").exists()
    assert Screenshot.objects.count() >= 60
    assert [login[0] for login in ctx.logins].count("vendor") >= 1

    before = Solution.objects.count()
    demo.seed(DemoContext(seed=2026, scale=1, stdout=io.StringIO()))
    assert Solution.objects.count() == before
