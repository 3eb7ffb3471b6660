"""Web pages: public catalogue, compare, the vendor's editor and the officers' review."""

import pytest
from django.urls import reverse

from catalogue import services
from catalogue.models import Solution, Vendor
from tests.factories import UserFactory

from .factories import SolutionFactory, VendorFactory, image_upload, solution_data, vendor_owner

pytestmark = pytest.mark.django_db


def form_post(data):
    """A solution dict as the browser form posts it."""
    post = {key: value for key, value in data.items() if not isinstance(value, list | bool)}
    post.update({key: value for key, value in data.items() if isinstance(value, list)})
    post["standards"] = "\n".join(data["standards"])
    if data.get("is_ai"):
        post["is_ai"] = "on"
    return post


def test_catalogue_home_lists_published_solutions_by_category(client, vendor, published):
    SolutionFactory(vendor=vendor, name="Bản nháp bí mật")
    response = client.get(reverse("catalogue:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert published.name in html
    assert "Bản nháp bí mật" not in html
    assert "Hóa đơn điện tử và chứng từ số" in html


def test_catalogue_home_filters_by_sector_section(client, vendor, published):
    other = SolutionFactory(vendor=vendor, status="published", overrides={"sectors": ["10"]})
    html = client.get(reverse("catalogue:home") + "?sector=C").content.decode()
    assert other.name in html
    assert published.name not in html


def test_invalid_catalogue_filter_is_a_400_page(client, published):
    assert client.get(reverse("catalogue:home") + "?category=nope").status_code == 400


def test_solution_page_shows_the_published_version_only(client, owner, published):
    services.solution_update(solution=published, actor=owner, data={"price": 42, "name": "Tên chờ duyệt"})
    html = client.get(published.get_absolute_url()).content.decode()
    assert "1.200.000 ₫" in html
    assert "Tên chờ duyệt" not in html


@pytest.mark.parametrize("status", ["draft", "submitted", "suspended", "withdrawn", "rejected"])
def test_unpublished_solution_page_is_404(client, vendor, status):
    solution = SolutionFactory(vendor=vendor, status=status)
    assert client.get(reverse("catalogue:solution_page", args=[solution.pk])).status_code == 404


def test_vendor_page_lists_published_solutions(client, published):
    response = client.get(reverse("catalogue:vendor_page", args=[published.vendor_id]))
    assert response.status_code == 200
    assert published.name in response.content.decode()


def test_vendor_without_published_solutions_is_hidden_from_the_public(client, vendor):
    assert client.get(reverse("catalogue:vendor_page", args=[vendor.pk])).status_code == 404


def test_compare_takes_four_and_refuses_a_fifth_with_a_message(client, vendor):
    solutions = [SolutionFactory(vendor=vendor, status="published") for _ in range(5)]
    for solution in solutions[:4]:
        client.post(reverse("catalogue:compare_add"), {"solution": solution.pk})
    response = client.post(reverse("catalogue:compare_add"), {"solution": solutions[4].pk}, follow=True)
    assert "tối đa 4" in response.content.decode() or "at most 4" in response.content.decode()
    page = client.get(reverse("catalogue:compare")).content.decode()
    assert all(s.name in page for s in solutions[:4])
    assert solutions[4].name not in page
    assert "Chưa có đánh giá" in page or "No rating yet" in page


def test_compare_refuses_an_unpublished_solution(client, vendor):
    draft = SolutionFactory(vendor=vendor)
    client.post(reverse("catalogue:compare_add"), {"solution": draft.pk})
    assert draft.name not in client.get(reverse("catalogue:compare")).content.decode()


def test_compare_page_by_ids_shows_at_most_four(client, vendor):
    solutions = [SolutionFactory(vendor=vendor, status="published") for _ in range(5)]
    ids = ",".join(str(s.pk) for s in solutions)
    response = client.get(reverse("catalogue:compare") + f"?ids={ids},abc")
    html = response.content.decode()
    assert response.status_code == 200
    assert solutions[3].name in html and solutions[4].name not in html


# ---- vendor pages


def test_user_registers_a_vendor_and_becomes_its_owner(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("catalogue:vendor_create"),
        {
            "name": "Công ty TNHH Phần mềm Sông Đồng",
            "tax_code": "3601234567",
            "contact_name": "Phạm Minh",
            "contact_email": "minh@songdong.vn",
            "logo": image_upload("logo.png"),
        },
    )
    assert response.status_code == 302
    vendor = Vendor.objects.get()
    assert vendor.memberships.get().user == user
    assert vendor.logo["original"]


def test_vendor_registration_with_a_bad_tax_code_is_refused(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("catalogue:vendor_create"),
        {"name": "X", "tax_code": "36-01", "contact_name": "A", "contact_email": "a@b.vn"},
    )
    assert response.status_code == 400
    assert not Vendor.objects.exists()


def test_vendor_lists_a_solution_through_the_editor(client, vendor, owner):
    client.force_login(owner)
    response = client.post(reverse("catalogue:solution_create", args=[vendor.pk]), form_post(solution_data()))
    assert response.status_code == 302
    assert Solution.objects.get().status == "draft"


@pytest.mark.parametrize(("typed", "price"), [("1.200.000", 1_200_000), ("1,2 triệu", 1_200_000)])
def test_the_price_is_typed_the_vietnamese_way(client, vendor, owner, typed, price):
    client.force_login(owner)
    response = client.post(
        reverse("catalogue:solution_create", args=[vendor.pk]), form_post(solution_data(price=typed))
    )
    assert response.status_code == 302
    assert Solution.objects.get().price == price


def test_the_maximum_price_filter_reads_vietnamese_amounts(client, vendor):
    SolutionFactory(vendor=vendor, name="Gói rẻ", status="published", price=400_000)
    SolutionFactory(vendor=vendor, name="Gói đắt", status="published", price=2_000_000)
    page = client.get(reverse("catalogue:home"), {"price_max": "500 nghìn"}).content.decode()
    assert "Gói rẻ" in page and "Gói đắt" not in page


def test_posting_status_published_in_the_form_changes_nothing(client, vendor, owner):
    client.force_login(owner)
    client.post(
        reverse("catalogue:solution_create", args=[vendor.pk]),
        {**form_post(solution_data()), "status": "published"},
    )
    assert Solution.objects.get().status == "draft"


def test_editor_refuses_min_readiness_above_max(client, vendor, owner):
    client.force_login(owner)
    response = client.post(
        reverse("catalogue:solution_create", args=[vendor.pk]),
        form_post(solution_data(readiness_min=5, readiness_max=1)),
    )
    assert response.status_code == 400
    assert not Solution.objects.exists()


def test_editor_refuses_high_ai_risk_without_explanation(client, vendor, owner):
    client.force_login(owner)
    response = client.post(
        reverse("catalogue:solution_create", args=[vendor.pk]),
        form_post(solution_data(is_ai=True, ai_risk_class="high")),
    )
    assert response.status_code == 400
    assert not Solution.objects.exists()


def test_another_vendor_cannot_open_or_edit_my_solution(client, vendor):
    solution = SolutionFactory(vendor=vendor)
    client.force_login(vendor_owner(VendorFactory()))
    assert client.get(reverse("catalogue:solution_edit", args=[solution.pk])).status_code == 404
    response = client.post(
        reverse("catalogue:solution_edit", args=[solution.pk]), form_post(solution_data(price=1))
    )
    assert response.status_code == 404
    assert client.post(reverse("catalogue:solution_action", args=[solution.pk, "submit"])).status_code == 404
    solution.refresh_from_db()
    assert (solution.price, solution.status) == (1_200_000, "draft")


def test_another_vendor_cannot_create_under_my_organisation(client, vendor):
    client.force_login(vendor_owner(VendorFactory()))
    response = client.post(reverse("catalogue:solution_create", args=[vendor.pk]), form_post(solution_data()))
    assert response.status_code == 404
    assert not Solution.objects.exists()


def test_screenshot_upload_and_submit_from_the_pages(client, vendor, owner):
    solution = SolutionFactory(vendor=vendor)
    client.force_login(owner)
    client.post(reverse("catalogue:screenshot_add", args=[solution.pk]), {"image": image_upload()})
    assert solution.screenshots.count() == 1
    preview = client.get(reverse("catalogue:solution_preview", args=[solution.pk]))
    assert preview.status_code == 200
    client.post(reverse("catalogue:solution_action", args=[solution.pk, "submit"]))
    solution.refresh_from_db()
    assert solution.status == "submitted"


def test_ninth_screenshot_from_the_page_shows_the_refusal(client, vendor, owner):
    solution = SolutionFactory(vendor=vendor)
    for index in range(8):
        services.screenshot_add(solution=solution, actor=owner, uploaded_file=image_upload(f"{index}.png"))
    client.force_login(owner)
    response = client.post(
        reverse("catalogue:screenshot_add", args=[solution.pk]), {"image": image_upload()}, follow=True
    )
    assert "8" in response.content.decode()
    assert solution.screenshots.count() == 8


def test_editing_a_published_solution_from_the_page_waits_for_review(client, owner, published):
    client.force_login(owner)
    client.post(reverse("catalogue:solution_edit", args=[published.pk]), form_post(solution_data(price=5)))
    published.refresh_from_db()
    assert published.price == 1_200_000
    assert published.revisions.get().data["price"] == 5


def test_vendor_dashboard_lists_own_solutions(client, owner, published):
    client.force_login(owner)
    response = client.get(reverse("catalogue:vendor_dashboard"))
    assert published.name in response.content.decode()


# ---- officers


def test_review_pages_are_for_officers_only(client, owner, vendor):
    solution = SolutionFactory(vendor=vendor, status="submitted")
    client.force_login(owner)
    assert client.get(reverse("catalogue:officer_queue")).status_code == 403
    assert (
        client.post(
            reverse("catalogue:officer_review", args=[solution.pk]), {"decision": "publish"}
        ).status_code
        == 403
    )
    solution.refresh_from_db()
    assert solution.status == "submitted"


def test_officer_sees_the_diff_and_approves_a_change(client, officer, owner, published):
    services.solution_update(solution=published, actor=owner, data={"price": 3_000_000})
    client.force_login(officer)
    queue = client.get(reverse("catalogue:officer_queue")).content.decode()
    assert published.name in queue
    page = client.get(reverse("catalogue:officer_review", args=[published.pk])).content.decode()
    assert 'data-testid="diff-changed-price"' in page
    assert "1.200.000" in page and "3.000.000" in page
    revision = published.revisions.get()
    client.post(
        reverse("catalogue:officer_review", args=[published.pk]),
        {"decision": "approve_change", "revision_id": revision.pk},
    )
    published.refresh_from_db()
    assert published.price == 3_000_000


def test_officer_rejects_with_reason_from_the_page(client, officer, vendor):
    solution = SolutionFactory(vendor=vendor, status="submitted")
    client.force_login(officer)
    client.post(
        reverse("catalogue:officer_review", args=[solution.pk]), {"decision": "reject", "reason": "Không đạt"}
    )
    solution.refresh_from_db()
    assert (solution.status, solution.status_reason) == ("rejected", "Không đạt")


def test_a_vendor_names_the_farming_activities_its_product_is_made_for(client, vendor, owner):
    client.force_login(owner)
    page = client.get(reverse("catalogue:solution_create", args=[vendor.pk])).content.decode()
    assert 'value="014"' in page  # activities of the divisions that have them are offered
    response = client.post(
        reverse("catalogue:solution_create", args=[vendor.pk]),
        form_post(solution_data(sectors=["014", "032"])),
    )
    assert response.status_code == 302
    assert sorted(s.code for s in Solution.objects.get().sectors.all()) == ["014", "032"]
