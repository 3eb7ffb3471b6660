"""Classification services: versions, the owner's flow, reviews by a consultant, and attackers."""

import copy

import pytest
from django.db import IntegrityError

from catalogue import ai_classification
from catalogue.models import Solution
from marketplace.airisk import rules, selectors, services
from marketplace.airisk.errors import (
    ClassificationIncomplete,
    ClassificationLocked,
    ClassificationNotFound,
    ClassificationTransitionRefused,
    InvalidAnswers,
    InvalidClassification,
    ReviewerNotEligible,
    ReviewRequestNotFound,
)
from marketplace.airisk.models import Classification, ClassificationStatus, QuestionnaireVersion, ReviewStatus
from marketplace.core.models import AuditRecord
from tests.airisk.factories import CHATBOT, LOW, ai_reviewer, ai_solution, classification, requested, sme
from tests.factories import UserFactory, enterprise_owner
from tests.matching.factories import certified_consultant

pytestmark = pytest.mark.django_db


# ---- versions ----------------------------------------------------------------------------------


def test_the_same_content_is_one_version_and_a_changed_content_a_new_one():
    first = services.questionnaire_version_current()
    assert services.questionnaire_version_current() == first
    content = copy.deepcopy(first.content)
    content["rules"][0]["reason_vi"] += " (sửa)"
    second = services.questionnaire_version_current(content=content)
    assert (first.number, second.number) == (1, 2)
    assert second.checksum == rules.content_checksum(content) != first.checksum


def test_a_new_version_does_not_change_an_earlier_result():
    old = classification(answers=CHATBOT)
    assert old.provisional_class == "medium"
    # the next edition makes chatbots high risk
    content = copy.deepcopy(old.version.content)
    next(r for r in content["rules"] if r["code"] == "medium-chatbot")["class"] = "high"
    newer = services.questionnaire_version_current(content=content)
    enterprise, owner = sme()
    fresh = services.classification_start(user=owner, enterprise=enterprise, name="Chatbot", content=content)
    services.classification_answer(classification=fresh, user=owner, answers=CHATBOT)
    fresh = services.classification_classify(classification=fresh, user=owner)
    assert (fresh.version, fresh.provisional_class) == (newer, "high")
    old.refresh_from_db()
    assert (old.version.number, old.provisional_class) == (1, "medium")
    # answering the old one again still uses its own frozen version
    owner_old = enterprise_owner(old.enterprise)
    services.classification_answer(classification=old, user=owner_old, answers={"users": "business"})
    old = services.classification_classify(classification=old, user=owner_old)
    assert (old.version.number, old.provisional_class) == (1, "medium")


def test_a_version_row_cannot_repeat_a_checksum():
    version = services.questionnaire_version_current()
    with pytest.raises(IntegrityError):
        QuestionnaireVersion.objects.create(
            code=version.code, number=99, checksum=version.checksum, content=version.content
        )


# ---- the owner's flow --------------------------------------------------------------------------


def test_answer_then_classify_stores_class_reasons_obligations_and_who_when():
    made = classification(answers=CHATBOT)
    assert made.status == ClassificationStatus.PROVISIONAL
    assert made.provisional_class == "medium"
    assert {r["rule"] for r in made.reasons} == {
        "medium-conversation",
        "medium-chatbot",
        "medium-public-text",
    }
    assert "notify-portal" in {o["code"] for o in made.obligations}
    assert made.classified_by == enterprise_owner(made.enterprise)
    assert made.classified_at is not None
    actions = list(AuditRecord.objects.filter(object_id=str(made.pk)).values_list("action", flat=True))
    assert "classification.classify" in actions


def test_classify_refuses_an_incomplete_questionnaire_and_names_the_missing_questions():
    made = classification(answers={"purpose": "chatbot"}, classify=False)
    with pytest.raises(ClassificationIncomplete) as error:
        services.classification_classify(classification=made, user=enterprise_owner(made.enterprise))
    assert "users" in error.value.fields["unanswered"]
    made.refresh_from_db()
    assert made.status == ClassificationStatus.DRAFT


def test_answering_after_the_result_goes_back_to_draft_and_a_new_result_is_computed():
    made = classification(answers=CHATBOT)
    owner = enterprise_owner(made.enterprise)
    made = services.classification_answer(classification=made, user=owner, answers={"decisions": ["credit"]})
    assert (made.status, made.provisional_class, made.reasons) == (ClassificationStatus.DRAFT, "", [])
    made = services.classification_classify(classification=made, user=owner)
    assert made.provisional_class == "high"


def test_invalid_answers_are_refused_per_question():
    made = classification()
    with pytest.raises(InvalidAnswers) as error:
        services.classification_answer(
            classification=made,
            user=enterprise_owner(made.enterprise),
            answers={"purpose": "x", "decisions": []},
        )
    assert set(error.value.fields) == {"purpose", "decisions"}


def test_the_checklist_ticks_only_known_obligations():
    made = classification(answers=CHATBOT)
    owner = enterprise_owner(made.enterprise)
    made = services.classification_check(classification=made, user=owner, done=["notify-portal"])
    assert [o["code"] for o in made.obligations if o["done"]] == ["notify-portal"]
    with pytest.raises(InvalidClassification):
        services.classification_check(classification=made, user=owner, done=["conformity-assessment"])


@pytest.mark.parametrize("name", ["", "   ", "x" * 201])
def test_a_classification_needs_a_name(name):
    enterprise, owner = sme()
    with pytest.raises(InvalidClassification) as error:
        services.classification_start(user=owner, enterprise=enterprise, name=name)
    assert "name" in error.value.fields


# ---- reviews -------------------------------------------------------------------------------------


def test_review_by_a_consultant_with_ai_expertise_confirms_the_class_with_who_and_when():
    reviewer = ai_reviewer()
    made, review = requested(reviewer)
    made.refresh_from_db()
    assert made.status == ClassificationStatus.REVIEW_REQUESTED
    decided = services.review_decide(
        review=review, user=reviewer.user, risk_class="medium", note="Đúng mức trung bình, cần thông báo."
    )
    assert (decided.status, decided.decided_class, decided.decided_by) == (
        ReviewStatus.CONFIRMED,
        "medium",
        reviewer.user,
    )
    assert decided.decided_at is not None
    made.refresh_from_db()
    assert (made.status, made.final_class, made.effective_class) == (
        ClassificationStatus.REVIEWED,
        "medium",
        "medium",
    )


def test_the_consultant_may_change_the_class_and_the_change_is_recorded():
    reviewer = ai_reviewer()
    made, review = requested(reviewer)
    decided = services.review_decide(
        review=review,
        user=reviewer.user,
        risk_class="high",
        note="Chatbot tư vấn vay vốn: ảnh hưởng tín dụng.",
    )
    made.refresh_from_db()
    assert decided.status == ReviewStatus.CHANGED
    assert (made.provisional_class, made.final_class) == ("medium", "high")
    record = AuditRecord.objects.get(object_id=str(made.pk), action="classification.review_decide")
    assert record.actor == reviewer.user and record.data["class"] == "high"


def test_a_reviewed_classification_is_locked():
    reviewer = ai_reviewer()
    made, review = requested(reviewer)
    services.review_decide(
        review=review, user=reviewer.user, risk_class="medium", note="Xác nhận mức trung bình."
    )
    with pytest.raises(ClassificationLocked):
        services.classification_answer(
            classification=made, user=enterprise_owner(made.enterprise), answers={"purpose": "content"}
        )


def test_decline_and_withdraw_return_to_provisional_and_another_review_can_be_asked():
    reviewer = ai_reviewer()
    made, review = requested(reviewer)
    owner = enterprise_owner(made.enterprise)
    services.review_decline(review=review, user=reviewer.user, note="Ngoài chuyên môn của tôi.")
    made.refresh_from_db()
    assert made.status == ClassificationStatus.PROVISIONAL
    again = services.review_request(classification=made, user=owner, consultant_id=reviewer.pk)
    withdrawn = services.review_withdraw(classification=made, user=owner)
    assert (again.pk, withdrawn.status) == (withdrawn.pk, ReviewStatus.WITHDRAWN)
    # once withdrawn or declined, the consultant no longer sees the answers
    assert not selectors.classifications_visible_to(reviewer.user).filter(pk=made.pk).exists()
    made.refresh_from_db()
    assert made.status == ClassificationStatus.PROVISIONAL


def test_a_note_is_required_to_decide():
    reviewer = ai_reviewer()
    _made, review = requested(reviewer)
    with pytest.raises(InvalidClassification) as error:
        services.review_decide(review=review, user=reviewer.user, risk_class="low", note="ok")
    assert "note" in error.value.fields
    with pytest.raises(InvalidClassification):
        services.review_decide(
            review=review, user=reviewer.user, risk_class="extreme", note="Một ghi chú đủ dài."
        )


def test_a_review_needs_the_result_first():
    made = classification(answers={"purpose": "chatbot"}, classify=False)
    with pytest.raises(ClassificationTransitionRefused):
        services.review_request(
            classification=made, user=enterprise_owner(made.enterprise), consultant_id=ai_reviewer().pk
        )


@pytest.mark.parametrize("consultant_id", [None, "abc", -1, 0, 2**70])
def test_a_garbled_reviewer_id_is_refused(consultant_id):
    made = classification(answers=CHATBOT)
    with pytest.raises(ReviewerNotEligible):
        services.review_request(
            classification=made, user=enterprise_owner(made.enterprise), consultant_id=consultant_id
        )


def test_only_certified_consultants_with_ai_expertise_may_be_asked():
    no_ai = certified_consultant(name="Không AI", expertise=("operations",))
    made = classification(answers=CHATBOT)
    with pytest.raises(ReviewerNotEligible):
        services.review_request(
            classification=made, user=enterprise_owner(made.enterprise), consultant_id=no_ai.pk
        )
    assert list(selectors.reviewers()) == []
    reviewer = ai_reviewer()
    assert list(selectors.reviewers()) == [reviewer]


# ---- attackers -----------------------------------------------------------------------------------


def test_another_sme_can_neither_read_nor_change_a_classification():
    made = classification(answers=CHATBOT)
    _other, stranger = sme()
    assert not selectors.classifications_visible_to(stranger).filter(pk=made.pk).exists()
    with pytest.raises(ClassificationNotFound):
        selectors.classification_get_for(user=stranger, pk=made.pk)
    with pytest.raises(ClassificationNotFound):
        services.classification_answer(classification=made, user=stranger, answers={"purpose": "content"})
    with pytest.raises(ClassificationNotFound):
        services.classification_classify(classification=made, user=stranger)
    with pytest.raises(ClassificationNotFound):
        services.classification_check(classification=made, user=stranger, done=[])
    with pytest.raises(ClassificationNotFound):
        services.review_request(classification=made, user=stranger, consultant_id=ai_reviewer().pk)


def test_a_classification_cannot_be_started_for_someone_elses_enterprise():
    enterprise, _owner = sme()
    with pytest.raises(InvalidClassification) as error:
        services.classification_start(user=UserFactory(), enterprise=enterprise, name="Chatbot")
    assert "owner" in error.value.fields


def test_a_consultant_not_asked_cannot_decide_or_see_it():
    asked = ai_reviewer("Người được nhờ")
    other = ai_reviewer("Người không được nhờ")
    made, review = requested(asked)
    with pytest.raises(ReviewRequestNotFound):
        services.review_decide(
            review=review, user=other.user, risk_class="low", note="Tôi hạ xuống mức thấp."
        )
    with pytest.raises(ReviewRequestNotFound):
        services.review_decline(review=review, user=other.user, note="Tôi từ chối thay.")
    with pytest.raises(ReviewRequestNotFound):
        selectors.review_request_for(user=other.user, pk=review.pk)
    assert not selectors.classifications_visible_to(other.user).filter(pk=made.pk).exists()
    # the owner cannot decide their own review either
    with pytest.raises(ReviewRequestNotFound):
        services.review_decide(
            review=review,
            user=enterprise_owner(made.enterprise),
            risk_class="low",
            note="Tự xác nhận mức thấp.",
        )
    assert selectors.classifications_visible_to(asked.user).filter(pk=made.pk).exists()


def test_a_closed_review_cannot_be_decided_again():
    reviewer = ai_reviewer()
    _made, review = requested(reviewer)
    services.review_decide(
        review=review, user=reviewer.user, risk_class="medium", note="Xác nhận mức trung bình."
    )
    with pytest.raises((ClassificationTransitionRefused,)):
        services.review_decide(
            review=review, user=reviewer.user, risk_class="high", note="Đổi ý sang mức cao."
        )


def test_the_database_refuses_a_classified_row_without_a_class():
    made = classification()
    with pytest.raises(IntegrityError):
        Classification.objects.filter(pk=made.pk).update(status=ClassificationStatus.PROVISIONAL)


# ---- catalogue solutions -------------------------------------------------------------------------


def test_a_vendor_classifies_its_solution_and_the_catalogue_shows_who_and_when():
    solution, owner = ai_solution(risk="medium")
    made = services.classification_start(user=owner, solution=solution, name=solution.name)
    assert ai_classification.facts_for(solution.pk) == {}  # a draft is not shown
    services.classification_answer(classification=made, user=owner, answers=CHATBOT)
    made = services.classification_classify(classification=made, user=owner)
    facts = ai_classification.facts_for(solution.pk)
    assert facts["risk_class"] == "medium" and not facts["reviewed"]
    assert facts["by"] == solution.vendor.name and facts["at"] == made.classified_at
    reviewer = ai_reviewer()
    review = services.review_request(classification=made, user=owner, consultant_id=reviewer.pk)
    services.review_decide(
        review=review, user=reviewer.user, risk_class="medium", note="Xác nhận mức trung bình."
    )
    facts = ai_classification.facts_for(solution.pk)
    assert facts["reviewed"] and facts["by"] == reviewer.display_name


def test_a_reviewed_classification_outranks_a_newer_self_declared_one():
    solution, owner = ai_solution()
    reviewer = ai_reviewer()
    first = services.classification_start(user=owner, solution=solution, name="Lần 1")
    services.classification_answer(classification=first, user=owner, answers=CHATBOT)
    first = services.classification_classify(classification=first, user=owner)
    review = services.review_request(classification=first, user=owner, consultant_id=reviewer.pk)
    services.review_decide(
        review=review, user=reviewer.user, risk_class="high", note="Mức cao vì tư vấn vay."
    )
    second = services.classification_start(user=owner, solution=solution, name="Lần 2")
    services.classification_answer(classification=second, user=owner, answers=LOW)
    services.classification_classify(classification=second, user=owner)
    facts = ai_classification.facts_for(solution.pk)
    assert (facts["risk_class"], facts["reviewed"]) == ("high", True)


def test_a_vendor_cannot_classify_another_vendors_or_a_non_ai_solution():
    solution, _owner = ai_solution()
    _mine, my_owner = ai_solution()
    with pytest.raises(InvalidClassification):
        services.classification_start(user=my_owner, solution=solution, name="Không phải của tôi")
    plain, plain_owner = ai_solution()
    Solution.objects.filter(pk=plain.pk).update(is_ai=False, ai_risk_class="")
    plain.refresh_from_db()
    with pytest.raises(InvalidClassification) as error:
        services.classification_start(user=plain_owner, solution=plain, name="Không AI")
    assert "solution" in error.value.fields
