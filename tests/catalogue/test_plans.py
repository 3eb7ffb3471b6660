"""Plans are part of a solution's reviewed content: checked, reviewed with the rest, retired not deleted."""

import pytest

from catalogue import selectors, services
from catalogue.content import PLAN_LABELS
from catalogue.diff import solution_diff
from catalogue.errors import InvalidSolution
from catalogue.models import Solution, SolutionPlan

from .factories import SolutionFactory

pytestmark = pytest.mark.django_db


def plan(**overrides):
    data = {
        "name": "Gói Tiêu chuẩn",
        "price": 500_000,
        "billing": "monthly",
        "trial_days": 0,
        "pricing": "standard",
    }
    data.update(overrides)
    return data


def test_a_draft_takes_its_plans_at_once(vendor, owner):
    solution = SolutionFactory(vendor=vendor)
    services.solution_plans_set(
        solution=solution, actor=owner, plans=[plan(), plan(name="Gói Năm", billing="yearly")]
    )
    assert [p.name for p in selectors.plans_offered(solution)] == ["Gói Tiêu chuẩn", "Gói Năm"]


def test_a_published_solutions_plan_change_waits_for_review(published, owner, officer):
    services.solution_plans_set(solution=published, actor=owner, plans=[plan(price=700_000)])
    assert selectors.plans_offered(published) == []
    revision = published.revisions.get()
    assert revision.changed_fields == ["plans"]
    row = next(r for r in solution_diff(published) if r["field"] == "plans")
    assert row["changed"] and row["material"]
    assert "700.000" in row["proposed"][0]
    services.revision_approve(solution=published, officer=officer)
    assert [p.price for p in selectors.plans_offered(published)] == [700_000]


def test_a_plan_taken_off_is_retired_not_deleted(published, owner, officer):
    services.solution_plans_set(solution=published, actor=owner, plans=[plan()])
    services.revision_approve(solution=published, officer=officer)
    kept = SolutionPlan.objects.get()
    services.solution_plans_set(solution=published, actor=owner, plans=[plan(name="Gói Mới", price=1)])
    services.revision_approve(solution=published, officer=officer)
    kept.refresh_from_db()
    assert not kept.is_active
    assert [p.name for p in selectors.plans_offered(published)] == ["Gói Mới"]


def test_an_edit_of_other_fields_keeps_the_plans(vendor, owner):
    solution = SolutionFactory(vendor=vendor, overrides={"plans": [plan()]})
    services.solution_update(solution=solution, actor=owner, data={"name": "Tên mới"})
    assert len(selectors.plans_offered(solution)) == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"pricing": "co_investment", "co_investment": 600_000, "co_investor": "vendor"}, "co_investment"),
        ({"pricing": "co_investment", "co_investment": 100_000, "co_investor": ""}, "co_investor"),
        ({"pricing": "co_investment", "co_investment": 100_000, "co_investor": "sponsor"}, "sponsor_name"),
        ({"pricing": "revenue_sharing", "revenue_share_basis_points": 0}, "revenue_share_basis_points"),
        ({"pricing": "pay_after_use", "trial_days": 0}, "trial_days"),
        ({"billing": "weekly"}, "billing"),
        ({"price": -1}, "price"),
    ],
)
def test_a_plan_that_breaks_a_rule_is_refused_with_its_field(vendor, owner, overrides, field):
    solution = SolutionFactory(vendor=vendor)
    with pytest.raises(InvalidSolution) as caught:
        services.solution_plans_set(solution=solution, actor=owner, plans=[plan(**overrides)])
    assert str(PLAN_LABELS[field]) in " ".join(caught.value.fields["plans"])
    assert not SolutionPlan.objects.exists()


def test_a_co_investment_sent_on_a_standard_plan_is_dropped(vendor, owner):
    solution = SolutionFactory(vendor=vendor)
    services.solution_plans_set(
        solution=solution, actor=owner, plans=[plan(co_investment=100_000, co_investor="vendor")]
    )
    assert SolutionPlan.objects.get().co_investment == 0


def test_the_public_api_lists_offered_plans(api_client, vendor):
    solution = SolutionFactory(vendor=vendor, status=Solution.PUBLISHED, overrides={"plans": [plan()]})
    body = api_client.get(f"/api/v1/solutions/{solution.pk}/").json()
    assert [(p["name"], p["price"], p["billing"]) for p in body["plans"]] == [
        ("Gói Tiêu chuẩn", 500_000, "monthly")
    ]


def test_the_vendor_replaces_plans_through_the_api(api_client, vendor, owner):
    solution = SolutionFactory(vendor=vendor)
    api_client.force_authenticate(owner)
    response = api_client.post(
        f"/api/v1/vendor/solutions/{solution.pk}/plans/",
        {"plans": [plan(pricing="revenue_sharing", price=0, revenue_share_basis_points=300)]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert SolutionPlan.objects.get().revenue_share_basis_points == 300
    response = api_client.post(
        f"/api/v1/vendor/solutions/{solution.pk}/plans/",
        {"plans": [plan(pricing="pay_after_use")]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_solution"


def test_the_vendor_adds_and_removes_a_plan_on_the_plans_page(client, vendor, owner):
    solution = SolutionFactory(vendor=vendor)
    client.force_login(owner)
    url = f"/solutions/vendor/solutions/{solution.pk}/plans/"
    response = client.post(
        url,
        {
            "form": "add",
            "name": "Gói Tháng",
            "price": "1,2 triệu",
            "billing": "monthly",
            "pricing": "standard",
            "trial_days": "0",
        },
    )
    assert response.status_code == 302
    assert SolutionPlan.objects.get().price == 1_200_000
    refused = client.post(
        url,
        {
            "form": "add",
            "name": "Gói sai",
            "price": "100.000",
            "billing": "monthly",
            "pricing": "pay_after_use",
            "trial_days": "0",
        },
    )
    assert refused.status_code == 400 and "Số ngày dùng thử" in refused.content.decode()
    client.post(url, {"form": "remove", "index": "1"})
    assert selectors.plans_offered(solution) == []
