"""Double clicks with real threads: one open review per classification, one decision per review, one
frozen version per content. Runs on whichever database the suite runs on (SQLite by default,
PostgreSQL with DATABASE_URL)."""

from __future__ import annotations

import pytest

from marketplace.airisk import services
from marketplace.airisk.models import Classification, QuestionnaireVersion, ReviewRequest, ReviewStatus
from tests.airisk.factories import CHATBOT, ai_reviewer, classification, requested
from tests.factories import enterprise_owner
from tests.orders.test_concurrency import race

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_review_requests_open_one():
    reviewer = ai_reviewer()
    made = classification(answers=CHATBOT)
    owner = enterprise_owner(made.enterprise)
    outcomes = race(
        lambda i: services.review_request(
            classification=Classification.objects.get(pk=made.pk), user=owner, consultant_id=reviewer.pk
        )
    )
    assert outcomes.count("ok") == 1, outcomes
    assert set(outcomes) - {"ok"} <= {"ai_classification_invalid_transition", "ai_classification_changed"}, (
        outcomes
    )
    assert ReviewRequest.objects.filter(classification=made, status=ReviewStatus.REQUESTED).count() == 1


def test_concurrent_decisions_record_one():
    reviewer = ai_reviewer()
    _made, review = requested(reviewer)
    outcomes = race(
        lambda i: services.review_decide(
            review=ReviewRequest.objects.select_related("consultant", "classification").get(pk=review.pk),
            user=reviewer.user,
            risk_class=("low", "high", "medium", "high")[i % 4],
            note=f"Kết luận số {i} của tư vấn viên.",
        )
    )
    assert outcomes.count("ok") == 1, outcomes
    assert set(outcomes) - {"ok"} <= {"ai_classification_invalid_transition", "ai_classification_changed"}, (
        outcomes
    )
    review.refresh_from_db()
    assert review.classification.final_class == review.decided_class


def test_concurrent_first_uses_freeze_one_version():
    outcomes = race(lambda i: services.questionnaire_version_current())
    assert outcomes.count("ok") == len(outcomes), outcomes
    assert QuestionnaireVersion.objects.count() == 1
