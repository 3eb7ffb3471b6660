"""The assessment's transition table, pinned, and its one refusal through the real service."""

import pytest

from marketplace.core.audit import audit_history
from matching import services
from matching.errors import AssessmentAlreadySubmitted
from matching.models import ASSESSMENT_WORKFLOW, Assessment
from tests.factories import enterprise_owner
from tests.matching.factories import submitted_assessment

pytestmark = pytest.mark.django_db


def test_the_assessment_table_is_exactly_this():
    assert ASSESSMENT_WORKFLOW.edges() == {(Assessment.DRAFT, "assessment.submit", Assessment.SUBMITTED)}


def test_submitting_a_submitted_assessment_is_refused_and_changes_nothing():
    assessment = submitted_assessment()
    before = (assessment.overall_score, assessment.level, assessment.submitted_at)
    user = enterprise_owner(assessment.enterprise)
    with pytest.raises(AssessmentAlreadySubmitted) as refused:
        services.assessment_submit(assessment=assessment, user=user)
    assert (refused.value.code, refused.value.status) == ("assessment_already_submitted", 409)
    assessment.refresh_from_db()
    assert (assessment.overall_score, assessment.level, assessment.submitted_at) == before
    assert audit_history(assessment).filter(action="assessment.submit").count() == 1
