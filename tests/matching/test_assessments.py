import threading
from decimal import Decimal

import pytest
from django.db import connection

from marketplace.core.models import AuditRecord
from matching import errors, services
from matching.models import Assessment, PillarScore
from tests.factories import EnterpriseFactory, UserFactory, enterprise_owner
from tests.matching.conftest import busy_retry
from tests.matching.factories import answer_all, basic_set, submitted_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def started():
    enterprise = EnterpriseFactory()
    owner = enterprise_owner(enterprise)
    return services.assessment_start(enterprise=enterprise, user=owner, criteria_set=basic_set()), owner


def test_starting_twice_resumes_the_same_draft(started):
    assessment, owner = started
    again = services.assessment_start(enterprise=assessment.enterprise, user=owner, criteria_set=basic_set())
    assert again.pk == assessment.pk


def test_answers_are_saved_and_kept_across_pages(started):
    assessment, owner = started
    services.assessment_answer(assessment=assessment, user=owner, answers={"strategy-plan": "c"})
    services.assessment_answer(assessment=assessment, user=owner, answers={"green-paper": "b"})
    assessment.refresh_from_db()
    assert assessment.answers == {"strategy-plan": "c", "green-paper": "b"}


def test_a_non_member_cannot_start_an_assessment():
    with pytest.raises(errors.NotEnterpriseMember):
        services.assessment_start(
            enterprise=EnterpriseFactory(), user=UserFactory(), criteria_set=basic_set()
        )


def test_a_non_member_cannot_answer(started):
    assessment, _owner = started
    with pytest.raises(errors.NotEnterpriseMember):
        services.assessment_answer(assessment=assessment, user=UserFactory(), answers={"strategy-plan": "a"})


def test_an_answer_to_a_question_outside_the_set_is_refused(started):
    assessment, owner = started
    with pytest.raises(errors.UnknownQuestion) as info:
        services.assessment_answer(assessment=assessment, user=owner, answers={"mfg-planning": "a"})
    assert "mfg-planning" in info.value.fields


def test_an_option_of_another_question_is_refused(started):
    assessment, owner = started
    with pytest.raises(errors.OptionNotInQuestion):
        # "e" exists for strategy-plan but not for customer-payment (four options a–d)
        services.assessment_answer(assessment=assessment, user=owner, answers={"customer-payment": "e"})
    assessment.refresh_from_db()
    assert assessment.answers == {}


def test_an_incomplete_submission_is_refused_with_the_unanswered_questions(started):
    assessment, owner = started
    services.assessment_answer(assessment=assessment, user=owner, answers={"strategy-plan": "c"})
    with pytest.raises(errors.AssessmentIncomplete) as info:
        services.assessment_submit(assessment=assessment, user=owner)
    unanswered = info.value.fields["unanswered"]
    assert "strategy-plan" not in unanswered
    assert "green-emissions" in unanswered
    assert len(unanswered) == 29


def test_submission_scores_pillars_overall_and_level(started):
    assessment, owner = started
    answer_all(assessment, owner, choose="min", per_pillar={"strategy": "max", "green": "max"})
    result = services.assessment_submit(assessment=assessment, user=owner)
    scores = dict(PillarScore.objects.filter(assessment=result).values_list("pillar_code", "score"))
    assert scores["strategy"] == Decimal("100.0")
    assert scores["operations"] == Decimal("0.0")
    # 2 of 7 equally weighted pillars at 100
    assert result.overall_score == Decimal("28.6")
    assert result.level == 1
    assert result.status == Assessment.SUBMITTED


def test_submission_is_audited(started):
    assessment, owner = started
    answer_all(assessment, owner)
    services.assessment_submit(assessment=assessment, user=owner)
    assert AuditRecord.objects.filter(action="assessment.submit", object_id=str(assessment.pk)).exists()


def test_a_second_submission_is_refused():
    assessment = submitted_assessment()
    with pytest.raises(errors.AssessmentAlreadySubmitted):
        services.assessment_submit(assessment=assessment, user=enterprise_owner(assessment.enterprise))


def test_a_submitted_assessment_cannot_be_edited():
    assessment = submitted_assessment()
    with pytest.raises(errors.AssessmentSubmitted):
        services.assessment_answer(
            assessment=assessment,
            user=enterprise_owner(assessment.enterprise),
            answers={"strategy-plan": "a"},
        )


def test_results_do_not_change_when_the_set_is_edited_later():
    assessment = submitted_assessment(choose="max")
    question = basic_set().questions.get(code="strategy-plan")
    question.options.filter(code="e").update(points=1)
    services.assessment_start(
        enterprise=assessment.enterprise,
        user=enterprise_owner(assessment.enterprise),
        criteria_set=basic_set(),
    )
    assessment.refresh_from_db()
    assert assessment.overall_score == Decimal("100.0")
    assert assessment.version.content["questions"][0]["options"][-1]["points"] == 4


def test_a_new_assessment_after_an_edit_uses_the_new_version():
    first = submitted_assessment()
    basic_set().questions.filter(code="strategy-plan").update(text_en="Is there a written plan?")
    second = services.assessment_start(
        enterprise=first.enterprise, user=enterprise_owner(first.enterprise), criteria_set=basic_set()
    )
    assert second.version.number == first.version.number + 1


@pytest.mark.django_db(transaction=True)
def test_two_members_submitting_at_once_produce_one_submission():
    enterprise = EnterpriseFactory()
    owner = enterprise_owner(enterprise)
    assessment = services.assessment_start(enterprise=enterprise, user=owner, criteria_set=basic_set())
    answer_all(assessment, owner)
    outcomes = []
    barrier = threading.Barrier(2)

    def submit():
        try:
            barrier.wait()
            busy_retry(lambda: services.assessment_submit(assessment=assessment, user=owner))
            outcomes.append("ok")
        except errors.AssessmentAlreadySubmitted:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "ok"]
    assert PillarScore.objects.filter(assessment=assessment).count() == 7
