"""Double submissions: one review per deal, one reply, and summaries that lose no review, with real
threads. Runs on whichever database the suite runs on (SQLite by default, PostgreSQL with DATABASE_URL)."""

from __future__ import annotations

import pytest

from marketplace.reviews import selectors, services
from marketplace.reviews.models import Review
from tests.consultants.factories import make_consultant
from tests.factories import enterprise_owner
from tests.orders.test_concurrency import race

from .factories import CONSULTANT_SCORES, TEXT, completed_engagement, review_engagement

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_reviews_of_one_deal_write_one():
    engagement = completed_engagement()
    owner = enterprise_owner(engagement.enterprise)
    outcomes = race(
        lambda i: services.review_create(
            user=owner, deal_kind="engagement", deal_id=engagement.pk, scores=CONSULTANT_SCORES, text=TEXT
        )
    )
    assert outcomes.count("ok") == 1, outcomes
    assert set(outcomes) - {"ok"} <= {"already_reviewed"}, outcomes
    assert Review.objects.filter(deal_kind="engagement", deal_id=engagement.pk).count() == 1
    assert selectors.summary("consultant", engagement.consultant_id).count == 1


def test_concurrent_replies_record_one():
    engagement = completed_engagement()
    review = review_engagement(engagement)
    outcomes = race(
        lambda i: services.review_reply(review=review, user=engagement.consultant.user, text=f"Phản hồi {i}")
    )
    assert outcomes.count("ok") == 1, outcomes
    assert set(outcomes) - {"ok"} <= {"already_replied"}, outcomes


def test_concurrent_reviews_of_one_consultant_are_all_counted():
    consultant = make_consultant()
    engagements = [completed_engagement(consultant=consultant) for _ in range(4)]
    outcomes = race(lambda i: review_engagement(engagements[i]), count=4)
    assert outcomes == ["ok"] * 4, outcomes
    assert selectors.summary("consultant", consultant.pk).count == 4
