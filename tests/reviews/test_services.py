"""Reviews: only verified clients, once per deal; edit window; one reply; reports; moderation; summaries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from catalogue.models import Solution
from marketplace.core import reputation
from marketplace.core.audit import audit_history
from marketplace.reviews import errors, selectors, services
from marketplace.reviews.models import RatingSummary, Review, ReviewStatus
from tests.catalogue.factories import vendor_owner
from tests.consultants.factories import make_consultant, make_firm
from tests.engagements.factories import active
from tests.factories import EnterpriseFactory, OfficerFactory, UserFactory, enterprise_owner
from tests.orders.factories import sme

from .factories import (
    CONSULTANT_SCORES,
    SOLUTION_SCORES,
    TEXT,
    completed_engagement,
    held_booking,
    order_in_use,
    review_engagement,
)

pytestmark = pytest.mark.django_db


def test_a_client_reviews_a_completed_engagement_once_and_the_consultant_summary_follows():
    engagement = completed_engagement()
    review = review_engagement(engagement)
    assert review.overall == Decimal("4.50")
    assert review.subject_kind == "consultant" and review.consultant_id == engagement.consultant_id
    summary = selectors.summary("consultant", engagement.consultant_id)
    assert summary.count == 1 and summary.mean == Decimal("4.50")
    assert summary.criteria == {"expertise": 5.0, "communication": 4.0, "value": 4.0, "results": 5.0}
    facts = reputation.facts_for("consultant", engagement.consultant_id)
    assert facts["rating"] == 4.5 and facts["rating_count"] == 1
    assert [r.action for r in audit_history(review)] == ["review.publish"]

    with pytest.raises(errors.AlreadyReviewed):
        review_engagement(engagement)
    assert Review.objects.count() == 1


def test_an_engagement_in_progress_cannot_be_reviewed():
    engagement = active()
    with pytest.raises(errors.NotReviewable):
        review_engagement(engagement)


def test_someone_elses_deal_is_not_found_for_an_attacker():
    engagement = completed_engagement()
    outsider_enterprise = EnterpriseFactory()
    for user in (UserFactory(), enterprise_owner(outsider_enterprise), engagement.consultant.user):
        with pytest.raises(errors.DealNotFound):
            services.review_create(
                user=user, deal_kind="engagement", deal_id=engagement.pk, scores=CONSULTANT_SCORES, text=TEXT
            )
    with pytest.raises(errors.DealNotFound):
        services.review_create(
            user=enterprise_owner(engagement.enterprise),
            deal_kind="voucher",
            deal_id=engagement.pk,
            scores=CONSULTANT_SCORES,
            text=TEXT,
        )


def test_a_held_consultation_is_reviewable_and_the_firm_is_summed_up_too():
    consultant = make_consultant()
    firm = make_firm(admin=consultant)
    enterprise = EnterpriseFactory()
    booking = held_booking(consultant, enterprise)
    review = services.review_create(
        user=enterprise_owner(enterprise),
        deal_kind="booking",
        deal_id=booking.pk,
        scores={"expertise": 2, "communication": 3, "value": 2, "results": 1},
        text=TEXT,
    )
    assert review.firm_id == firm.pk
    assert selectors.summary("firm", firm.pk).mean == Decimal("2.00")


def test_the_firm_page_shows_the_firms_rating(client):
    consultant = make_consultant()
    firm = make_firm(admin=consultant)
    page = client.get(f"/consultants/firms/{firm.pk}/").content.decode()
    assert 'data-testid="reputation"' in page and "Chưa có đánh giá đã xác minh" in page
    enterprise = EnterpriseFactory()
    services.review_create(
        user=enterprise_owner(enterprise),
        deal_kind="booking",
        deal_id=held_booking(consultant, enterprise).pk,
        scores={"expertise": 4, "communication": 5, "value": 4, "results": 3},
        text=TEXT,
    )
    page = client.get(f"/consultants/firms/{firm.pk}/").content.decode()
    assert "4,0/5" in page or "4.0/5" in page


def test_a_solution_is_reviewed_only_after_the_set_period_in_use_and_feeds_the_solution_row():
    young = order_in_use(days_in_use=5)
    with pytest.raises(errors.NotReviewable):
        services.review_create(
            user=sme(young), deal_kind="order", deal_id=young.pk, scores=SOLUTION_SCORES, text=TEXT
        )
    order = order_in_use(days_in_use=40)
    services.review_create(
        user=sme(order), deal_kind="order", deal_id=order.pk, scores=SOLUTION_SCORES, text=TEXT
    )
    solution = Solution.objects.get(pk=order.solution_id)
    assert solution.rating_average == Decimal("4.00") and solution.rating_count == 1


@pytest.mark.parametrize(
    "scores",
    [
        {"expertise": 5, "communication": 4, "value": 4},  # a criterion missing
        {"expertise": 6, "communication": 4, "value": 4, "results": 5},
        {"expertise": 0, "communication": 4, "value": 4, "results": 5},
        {"expertise": True, "communication": 4, "value": 4, "results": 5},
        {"expertise": "5", "communication": 4, "value": 4, "results": 5},
        {**CONSULTANT_SCORES, "ease_of_use": 5},  # a solution criterion on a consultant
        [5, 4, 4, 5],
    ],
)
def test_bad_stars_are_refused_with_the_field_named_and_nothing_written(scores):
    engagement = completed_engagement()
    with pytest.raises(errors.InvalidReview) as caught:
        review_engagement(engagement, scores=scores)
    assert caught.value.fields
    assert not Review.objects.exists()


def test_too_short_a_text_is_refused():
    engagement = completed_engagement()
    with pytest.raises(errors.InvalidReview) as caught:
        review_engagement(engagement, text="tốt")
    assert "text" in caught.value.fields


def test_the_author_edits_within_the_window_then_the_review_is_fixed():
    engagement = completed_engagement()
    review = review_engagement(engagement)
    owner = enterprise_owner(engagement.enterprise)
    services.review_edit(
        review=review, user=owner, scores={"expertise": 3, "communication": 3, "value": 3, "results": 3}
    )
    assert selectors.summary("consultant", engagement.consultant_id).mean == Decimal("3.00")
    Review.objects.filter(pk=review.pk).update(editable_until=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(errors.ReviewLocked):
        services.review_edit(review=review, user=owner, text=TEXT + " Sửa lại.")


def test_nobody_else_edits_a_review():
    engagement = completed_engagement()
    review = review_engagement(engagement)
    for user in (UserFactory(), engagement.consultant.user, OfficerFactory()):
        with pytest.raises(errors.NotAllowed):
            services.review_edit(review=review, user=user, text=TEXT + " Giả mạo.")
    review.refresh_from_db()
    assert review.text == TEXT


def test_the_provider_replies_once_and_only_the_provider():
    engagement = completed_engagement()
    review = review_engagement(engagement)
    for user in (UserFactory(), enterprise_owner(engagement.enterprise), OfficerFactory()):
        with pytest.raises(errors.NotAllowed):
            services.review_reply(review=review, user=user, text="Cảm ơn")
    services.review_reply(review=review, user=engagement.consultant.user, text="Cảm ơn quý doanh nghiệp.")
    with pytest.raises(errors.AlreadyReplied):
        services.review_reply(review=review, user=engagement.consultant.user, text="Lần hai")
    review.refresh_from_db()
    assert review.reply_text == "Cảm ơn quý doanh nghiệp."


def test_a_vendor_member_replies_to_a_solution_review():
    order = order_in_use()
    review = services.review_create(
        user=sme(order), deal_kind="order", deal_id=order.pk, scores=SOLUTION_SCORES, text=TEXT
    )
    services.review_reply(review=review, user=vendor_owner(order.vendor), text="Cảm ơn góp ý.")
    assert Review.objects.get(pk=review.pk).replied_at is not None


def test_reports_are_counted_once_per_person_and_officers_hide_with_a_reason():
    engagement = completed_engagement()
    review = review_engagement(engagement)
    reporter = UserFactory()
    services.review_report(review=review, user=reporter, reason="Nội dung không đúng sự thật")
    services.review_report(review=review, user=reporter, reason="Lần nữa, vẫn sai")
    review.refresh_from_db()
    assert review.reports_open == 1
    assert list(selectors.reviews_reported()) == [review]

    with pytest.raises(errors.NotAllowed):
        services.review_hide(review=review, officer=engagement.consultant.user, reason="Tôi không thích")
    officer = OfficerFactory()
    with pytest.raises(errors.InvalidReview):
        services.review_hide(review=review, officer=officer, reason="  ")
    services.review_hide(review=review, officer=officer, reason="Vi phạm quy chế: thông tin sai")
    review.refresh_from_db()
    assert review.status == ReviewStatus.HIDDEN and review.reports_open == 0
    # hidden reviews count nowhere
    assert selectors.summary("consultant", engagement.consultant_id) is None
    assert reputation.facts_for("consultant", engagement.consultant_id) == {}
    assert not selectors.reviews_of("consultant", engagement.consultant_id).exists()
    hide = [r for r in audit_history(review) if r.action == "review.hide"][0]
    assert hide.actor == officer and hide.reason.startswith("Vi phạm")
    with pytest.raises(errors.ReviewNotFound):
        selectors.review_get_for(user=UserFactory(), pk=review.pk)
    # the officer can restore it, which counts it again
    services.review_restore(review=review, officer=officer, reason="Đã xác minh lại")
    assert selectors.summary("consultant", engagement.consultant_id).count == 1


@override_settings(REVIEWS_LOW_RATING_MIN_COUNT=3, REVIEWS_LOW_RATING_THRESHOLD=3.0)
def test_a_consultant_under_the_threshold_over_enough_reviews_is_flagged_to_officers():
    consultant = make_consultant()
    low = {"expertise": 2, "communication": 2, "value": 3, "results": 2}
    for _i in range(2):
        review_engagement(completed_engagement(consultant=consultant), scores=low)
    summary = RatingSummary.objects.get(kind="consultant", object_id=consultant.pk)
    assert not summary.flagged  # two reviews are not enough to judge
    review_engagement(completed_engagement(consultant=consultant), scores=low)
    summary.refresh_from_db()
    assert summary.flagged and list(selectors.summaries_flagged()) == [summary]
    assert [r.action for r in audit_history(summary)] == ["rating.flag"]
    review_engagement(
        completed_engagement(consultant=consultant),
        scores={"expertise": 5, "communication": 5, "value": 5, "results": 5},
    )
    summary.refresh_from_db()
    assert summary.mean == Decimal("2.94") and summary.flagged  # 2.94 is still under 3


def test_the_trend_compares_the_recent_span_with_the_one_before():
    consultant = make_consultant()
    old = review_engagement(
        completed_engagement(consultant=consultant),
        scores={"expertise": 2, "communication": 2, "value": 2, "results": 2},
    )
    Review.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=120))
    review_engagement(completed_engagement(consultant=consultant))
    summary = RatingSummary.objects.get(kind="consultant", object_id=consultant.pk)
    assert summary.trend == "up"
    assert summary.previous_mean == Decimal("2.00") and summary.recent_mean == Decimal("4.50")
