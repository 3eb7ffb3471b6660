"""The reviews API and pages, from each side, attackers included."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from marketplace.reviews.models import Review, ReviewStatus
from tests.factories import OfficerFactory, UserFactory, enterprise_owner

from .factories import CONSULTANT_SCORES, TEXT, completed_engagement, review_engagement

pytestmark = pytest.mark.django_db


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_a_verified_client_reviews_through_the_api_and_a_second_review_is_a_409():
    engagement = completed_engagement()
    client = client_for(enterprise_owner(engagement.enterprise))
    body = {"deal_kind": "engagement", "deal_id": engagement.pk, "scores": CONSULTANT_SCORES, "text": TEXT}
    first = client.post("/api/v1/reviews/", body, format="json")
    assert first.status_code == 201, first.content
    assert first.json()["overall"] == "4.50"
    second = client.post("/api/v1/reviews/", body, format="json")
    assert second.status_code == 409 and second.json()["code"] == "already_reviewed"
    to_write = client.get("/api/v1/reviews/to-write/")
    # the engagement is reviewed; the consultation held before it can still be reviewed on its own
    assert to_write.status_code == 200 and [d["kind"] for d in to_write.json()] == ["booking"]
    summary = client_for().get(f"/api/v1/ratings/consultant-{engagement.consultant_id}/")
    assert summary.status_code == 200 and summary.json()["count"] == 1


def test_attackers_get_404_or_403_and_nothing_changes():
    engagement = completed_engagement()
    review = review_engagement(engagement)
    stranger = client_for(UserFactory())
    body = {"deal_kind": "engagement", "deal_id": engagement.pk, "scores": CONSULTANT_SCORES, "text": TEXT}
    assert stranger.post("/api/v1/reviews/", body, format="json").status_code == 404
    # editing someone else's review
    response = stranger.patch(f"/api/v1/reviews/{review.pk}/", {"text": TEXT + " giả"}, format="json")
    assert response.status_code == 403 and response.json()["code"] == "review_not_allowed"
    # replying as someone who is not the provider, and a forged role field
    response = stranger.post(
        f"/api/v1/reviews/{review.pk}/reply/", {"text": "x", "role": "provider"}, format="json"
    )
    assert response.status_code == 403
    # hiding without being an officer, even claiming to be one
    response = stranger.post(
        f"/api/v1/reviews/{review.pk}/hide/", {"reason": "không thích", "is_officer": True}, format="json"
    )
    assert response.status_code == 403
    assert (
        client_for().post(f"/api/v1/reviews/{review.pk}/report/", {"reason": "sai sự thật"}).status_code
        == 401
    )
    assert stranger.get("/api/v1/reviews/?status=hidden").status_code == 403
    assert stranger.get("/api/v1/reviews/?reported=1").status_code == 403
    review.refresh_from_db()
    assert review.text == TEXT and review.reply_text == "" and review.status == ReviewStatus.VISIBLE


def test_the_provider_replies_once_through_the_api():
    engagement = completed_engagement()
    review = review_engagement(engagement)
    provider = client_for(engagement.consultant.user)
    assert provider.post(f"/api/v1/reviews/{review.pk}/reply/", {"text": "Cảm ơn"}).status_code == 200
    again = provider.post(f"/api/v1/reviews/{review.pk}/reply/", {"text": "Lần hai"})
    assert again.status_code == 409 and again.json()["code"] == "already_replied"


def test_an_officer_hides_a_reported_review_and_the_public_no_longer_sees_it():
    engagement = completed_engagement()
    review = review_engagement(engagement)
    assert (
        client_for(UserFactory())
        .post(f"/api/v1/reviews/{review.pk}/report/", {"reason": "sai sự thật"})
        .status_code
        == 201
    )
    officer = client_for(OfficerFactory())
    reported = officer.get("/api/v1/reviews/?reported=1").json()["results"]
    assert [r["id"] for r in reported] == [review.pk]
    assert officer.post(f"/api/v1/reviews/{review.pk}/hide/", {"reason": ""}).status_code == 400
    assert (
        officer.post(f"/api/v1/reviews/{review.pk}/hide/", {"reason": "Vi phạm quy chế"}).status_code == 200
    )
    public = client_for()
    assert public.get(f"/api/v1/reviews/{review.pk}/").status_code == 404
    assert public.get(f"/api/v1/reviews/?consultant={engagement.consultant_id}").json()["results"] == []
    assert public.get(f"/api/v1/ratings/consultant-{engagement.consultant_id}/").status_code == 404
    assert officer.get("/api/v1/reviews/?status=hidden").json()["count"] == 1


@pytest.mark.parametrize(
    "query",
    ["consultant=abc", "consultant=-1", "solution=1e5", "status=nope", "consultant=99999999999999999999"],
)
def test_garbled_filters_are_400(query):
    assert client_for().get(f"/api/v1/reviews/?{query}").status_code == 400


def test_the_pages_from_each_side(client):
    engagement = completed_engagement()
    owner = enterprise_owner(engagement.enterprise)
    client.force_login(owner)
    page = client.get("/reviews/")
    assert page.status_code == 200 and "write-review" in page.content.decode()
    form = {f"score_{k}": v for k, v in CONSULTANT_SCORES.items()} | {"text": TEXT}
    bad = client.post(f"/reviews/write/engagement/{engagement.pk}/", {**form, "score_results": "9"})
    assert bad.status_code == 400 and not Review.objects.exists()
    response = client.post(f"/reviews/write/engagement/{engagement.pk}/", form)
    review = Review.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reviews/{review.pk}/"
    listing = client.get(f"/reviews/consultant/{engagement.consultant_id}/")
    assert listing.status_code == 200 and TEXT in listing.content.decode()
    assert client.get(f"/reviews/write/engagement/{engagement.pk + 999}/").status_code == 404

    client.force_login(engagement.consultant.user)
    assert (
        client.post(
            f"/reviews/{review.pk}/", {"form": "reply", "text": "Cảm ơn quý doanh nghiệp"}
        ).status_code
        == 302
    )
    client.force_login(UserFactory())
    assert client.post(f"/reviews/{review.pk}/", {"form": "reply", "text": "Giả mạo"}).status_code == 403
    assert (
        client.post(f"/reviews/{review.pk}/", {"form": "report", "report-reason": "Sai sự thật"}).status_code
        == 302
    )
    assert client.get("/reviews/officer/").status_code in (302, 403, 404)
    client.force_login(OfficerFactory())
    officer_page = client.get("/reviews/officer/")
    assert officer_page.status_code == 200 and TEXT in officer_page.content.decode()
    response = client.post(f"/reviews/{review.pk}/", {"form": "hide", "hide-reason": "Vi phạm quy chế"})
    assert response.status_code == 302
    assert Review.objects.get().status == ReviewStatus.HIDDEN
