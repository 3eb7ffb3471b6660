"""REST API: public catalogue with filters and ordering, vendors' workspace, officers' review."""

import pytest
from django.urls import reverse

from catalogue import services
from catalogue.models import Solution
from tests.factories import UserFactory

from .factories import SolutionFactory, VendorFactory, image_upload, solution_data, vendor_owner

pytestmark = pytest.mark.django_db

SOLUTIONS = reverse("api:solution-list")
VENDORS = reverse("api:vendor-list")
MINE = reverse("api:vendor-solution-list")


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_public_list_shows_only_published_solutions(api_client, vendor):
    published = SolutionFactory(vendor=vendor, status="published")
    for state in ("draft", "submitted", "suspended", "withdrawn", "rejected", "changes_requested"):
        SolutionFactory(vendor=vendor, status=state)
    assert ids(api_client.get(SOLUTIONS)) == {published.pk}


def test_unpublished_solution_detail_is_404(api_client, vendor):
    draft = SolutionFactory(vendor=vendor)
    assert api_client.get(reverse("api:solution-detail", args=[draft.pk])).status_code == 404


def test_pending_change_never_reaches_the_public_api(api_client, owner, published):
    services.solution_update(solution=published, actor=owner, data={"price": 99, "name": "Tên chờ duyệt"})
    detail = api_client.get(reverse("api:solution-detail", args=[published.pk])).json()
    assert (detail["price"], detail["name"]) == (1_200_000, published.name)
    listed = api_client.get(SOLUTIONS).json()["results"][0]
    assert listed["price"] == 1_200_000


@pytest.fixture
def catalogue(vendor):
    make = lambda **o: SolutionFactory(vendor=vendor, status="published", overrides=o)  # noqa: E731
    return {
        "invoice": make(
            category="e-invoice", sectors=["47"], price=500_000, readiness_min=0, readiness_max=2
        ),
        "erp": make(
            category="digital-management",
            sectors=["25"],
            price=50_000_000,
            readiness_min=2,
            readiness_max=5,
            pricing_model="one_time_licence",
            deployment="on_premises",
        ),
        "ai": make(
            category="ai",
            sectors=["10"],
            price=8_000_000,
            readiness_min=3,
            readiness_max=5,
            is_ai=True,
            ai_risk_class="medium",
            pricing_model="pay_per_use",
            deployment="hybrid",
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("category=e-invoice", {"invoice"}),
        ("category=e-invoice&category=ai", {"invoice", "ai"}),
        ("sector=47", {"invoice"}),
        ("sector=C", {"erp", "ai"}),  # a VSIC section matches its divisions
        ("readiness=1", {"invoice"}),
        ("readiness=4", {"erp", "ai"}),
        ("pricing_model=pay_per_use", {"ai"}),
        ("deployment=on_premises&deployment=hybrid", {"erp", "ai"}),
        ("price_min=1000000&price_max=10000000", {"ai"}),
        ("ai=true", {"ai"}),
        ("ai=false", {"invoice", "erp"}),
    ],
)
def test_solution_filters(api_client, catalogue, query, expected):
    assert ids(api_client.get(f"{SOLUTIONS}?{query}")) == {catalogue[name].pk for name in expected}


@pytest.mark.parametrize(
    "query",
    [
        "category=blockchain",
        "sector=ZZ",
        "readiness=9",
        "readiness=abc",
        "price_min=abc",
        "price_max=-5",
        "pricing_model=free_forever",
        "deployment=moon",
        "sort=secret_field",
        "ai=maybe",
    ],
)
def test_invalid_filter_values_are_400(api_client, catalogue, query):
    response = api_client.get(f"{SOLUTIONS}?{query}")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_ordering_by_price_ends_with_the_primary_key(api_client, catalogue):
    rows = api_client.get(f"{SOLUTIONS}?sort=-price").json()["results"]
    assert [row["price"] for row in rows] == [50_000_000, 8_000_000, 500_000]


@pytest.mark.parametrize("endpoint", [SOLUTIONS, VENDORS])
def test_list_endpoints_run_a_constant_number_of_queries(
    api_client, endpoint, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    for index in range(12):
        vendor = VendorFactory()
        solution = SolutionFactory(
            vendor=vendor, status="published", overrides={"sectors": ["10", "47", "62"]}
        )
        services.screenshot_add(solution=solution, actor=vendor_owner(vendor), uploaded_file=image_upload())
        services.solution_update(solution=solution, actor=vendor_owner(vendor), data={"price": index})
    with django_assert_max_num_queries(8):
        small = api_client.get(f"{endpoint}?page_size=2")
    with django_assert_max_num_queries(8):
        large = api_client.get(f"{endpoint}?page_size=12")
    assert len(small.json()["results"]) == 2
    assert len(large.json()["results"]) == 12


def test_vendor_list_shows_only_vendors_with_published_solutions(api_client, published):
    VendorFactory()  # nothing published
    rows = api_client.get(VENDORS).json()["results"]
    assert [(row["id"], row["published_count"]) for row in rows] == [(published.vendor_id, 1)]


def test_vendor_list_filters_by_category(api_client, catalogue):
    other = SolutionFactory(status="published", overrides={"category": "training"})
    assert ids(api_client.get(f"{VENDORS}?category=training")) == {other.vendor_id}
    assert api_client.get(f"{VENDORS}?category=nope").status_code == 400


# ---- vendor workspace


def test_vendor_creates_a_solution_as_draft(api_client, owner, vendor):
    api_client.force_authenticate(owner)
    data = solution_data()
    response = api_client.post(MINE, data, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "draft"
    assert Solution.objects.get().vendor == vendor


def test_setting_status_published_through_the_api_is_refused(api_client, owner):
    api_client.force_authenticate(owner)
    response = api_client.post(MINE, {**solution_data(), "status": "published"}, format="json")
    assert response.status_code == 400
    assert "status" in response.json()["fields"]
    assert not Solution.objects.exists()


def test_patching_status_of_own_solution_is_refused(api_client, owner, vendor):
    solution = SolutionFactory(vendor=vendor)
    api_client.force_authenticate(owner)
    response = api_client.patch(
        reverse("api:vendor-solution-detail", args=[solution.pk]), {"published": True}, format="json"
    )
    assert response.status_code == 400
    solution.refresh_from_db()
    assert solution.status == "draft"


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"price": -1}, "price"),
        ({"price": "12.5"}, "price"),
        ({"readiness_min": 4, "readiness_max": 1}, "readiness_min"),
        ({"category": "blockchain"}, "category"),
        ({"sectors": ["47", "XX"]}, "sectors"),
        ({"is_ai": True, "ai_risk_class": "high", "ai_risk_explanation": ""}, "ai_risk_explanation"),
    ],
)
def test_bad_solution_input_is_400_and_saves_nothing(api_client, owner, override, field):
    api_client.force_authenticate(owner)
    response = api_client.post(MINE, solution_data(**override), format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not Solution.objects.exists()


def test_another_vendors_solution_is_invisible_and_uneditable(api_client, vendor):
    solution = SolutionFactory(vendor=vendor)
    intruder = vendor_owner(VendorFactory())
    api_client.force_authenticate(intruder)
    url = reverse("api:vendor-solution-detail", args=[solution.pk])
    assert api_client.get(url).status_code == 404
    assert api_client.patch(url, {"price": 1}, format="json").status_code == 404
    assert api_client.post(reverse("api:vendor-solution-submit", args=[solution.pk])).status_code == 404
    solution.refresh_from_db()
    assert solution.price == 1_200_000


def test_creating_a_solution_for_a_vendor_you_do_not_belong_to_is_refused(api_client, vendor):
    intruder = vendor_owner(VendorFactory())
    api_client.force_authenticate(intruder)
    response = api_client.post(MINE, {**solution_data(), "vendor": vendor.pk}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "not_vendor_member"


def test_anonymous_cannot_use_the_workspace(api_client):
    assert api_client.get(MINE).status_code == 401


def test_outsider_cannot_change_a_vendor_profile(api_client, vendor, published):
    api_client.force_authenticate(UserFactory())
    response = api_client.patch(reverse("api:vendor-detail", args=[vendor.pk]), {"name": "X"}, format="json")
    assert response.status_code == 403


def test_vendor_submits_through_the_api(api_client, owner, vendor):
    solution = SolutionFactory(vendor=vendor)
    api_client.force_authenticate(owner)
    response = api_client.post(reverse("api:vendor-solution-submit", args=[solution.pk]))
    assert response.status_code == 200
    assert response.json()["status"] == "submitted"


def test_screenshot_upload_and_ninth_refused(api_client, owner, vendor):
    solution = SolutionFactory(vendor=vendor)
    api_client.force_authenticate(owner)
    url = reverse("api:vendor-solution-screenshots", args=[solution.pk])
    for index in range(8):
        assert (
            api_client.post(url, {"image": image_upload(f"{index}.png")}, format="multipart").status_code
            == 201
        )
    response = api_client.post(url, {"image": image_upload("9.png")}, format="multipart")
    assert response.status_code == 400
    assert response.json()["code"] == "too_many_screenshots"
    assert solution.screenshots.count() == 8


def test_invalid_image_upload_is_400(api_client, owner, vendor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    solution = SolutionFactory(vendor=vendor)
    api_client.force_authenticate(owner)
    response = api_client.post(
        reverse("api:vendor-solution-screenshots", args=[solution.pk]),
        {"image": SimpleUploadedFile("x.jpg", b"not an image at all")},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_image"
    assert not solution.screenshots.exists()


# ---- review


def test_non_officer_cannot_review(api_client, vendor, owner):
    solution = SolutionFactory(vendor=vendor, status="submitted")
    api_client.force_authenticate(owner)
    url = reverse("api:review-solution-decision", args=[solution.pk])
    assert api_client.post(url, {"decision": "publish"}, format="json").status_code == 403
    assert api_client.get(reverse("api:review-solution-list")).status_code == 403
    solution.refresh_from_db()
    assert solution.status == "submitted"


def test_officer_publishes_and_a_second_decision_conflicts(api_client, officer, vendor):
    solution = SolutionFactory(vendor=vendor, status="submitted")
    api_client.force_authenticate(officer)
    url = reverse("api:review-solution-decision", args=[solution.pk])
    assert api_client.post(url, {"decision": "publish"}, format="json").status_code == 200
    second = api_client.post(url, {"decision": "reject", "reason": "muộn"}, format="json")
    assert second.status_code == 409
    assert second.json()["code"] == "invalid_transition"


def test_review_detail_shows_the_diff_of_a_pending_change(api_client, officer, owner, published):
    services.solution_update(solution=published, actor=owner, data={"price": 3_000_000})
    api_client.force_authenticate(officer)
    body = api_client.get(reverse("api:review-solution-detail", args=[published.pk])).json()
    price = next(row for row in body["diff"] if row["field"] == "price")
    assert (price["published"], price["proposed"], price["changed"], price["material"]) == (
        "1.200.000",
        "3.000.000",
        True,
        True,
    )
    assert body["pending_change"]["changed_fields"] == ["price"]


def test_reject_without_reason_is_400(api_client, officer, vendor):
    solution = SolutionFactory(vendor=vendor, status="submitted")
    api_client.force_authenticate(officer)
    response = api_client.post(
        reverse("api:review-solution-decision", args=[solution.pk]), {"decision": "reject"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "reason_required"
