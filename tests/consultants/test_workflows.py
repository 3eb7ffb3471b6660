"""The certification tables, pinned edge by edge, and one refusal per action through the real
services (a refused move changes nothing and answers the stable `invalid_transition` code)."""

import pytest
from django.utils import timezone

from consultants import services
from consultants.errors import ApplicationTransitionError
from consultants.models import (
    APPLICATION_WORKFLOW,
    CERTIFICATE_WORKFLOW,
    ApplicationStatus,
    Certificate,
    CertificateStatus,
    CertificationApplication,
)
from marketplace.core.audit import audit_history
from marketplace.core.transitions import transition
from tests.consultants.factories import (
    age_certificate,
    certificate_of,
    certified_consultant,
    complete_application,
    make_consultant,
    submitted_application,
    under_review_application,
)
from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db

A = ApplicationStatus
C = CertificateStatus


def test_the_application_table_is_exactly_this():
    assert APPLICATION_WORKFLOW.edges() == {
        (A.DRAFT, "submit", A.SUBMITTED),
        (A.CHANGES_REQUESTED, "resubmit", A.RESUBMITTED),
        (A.SUBMITTED, "start_review", A.UNDER_REVIEW),
        (A.RESUBMITTED, "start_review", A.UNDER_REVIEW),
        (A.UNDER_REVIEW, "certify", A.CERTIFIED),
        (A.UNDER_REVIEW, "reject", A.REJECTED),
        (A.UNDER_REVIEW, "request_changes", A.CHANGES_REQUESTED),
    }


def test_the_certificate_table_is_exactly_this():
    assert CERTIFICATE_WORKFLOW.edges() == {
        (C.ACTIVE, "suspend", C.SUSPENDED),
        (C.SUSPENDED, "reinstate", C.ACTIVE),
        (C.ACTIVE, "revoke", C.REVOKED),
        (C.SUSPENDED, "revoke", C.REVOKED),
        (C.ACTIVE, "renew", C.ACTIVE),
        (C.ACTIVE, "expire", C.EXPIRED),
        (C.SUSPENDED, "expire", C.EXPIRED),
    }


def _refused(call, row, state):
    row.refresh_from_db()
    assert row.status == state
    with pytest.raises(ApplicationTransitionError) as refused:
        call()
    assert (refused.value.code, refused.value.status) == ("invalid_transition", 409)
    row.refresh_from_db()
    assert row.status == state


def test_submitting_an_application_under_review_is_refused():
    application = under_review_application()
    user = application.consultant.user
    _refused(
        lambda: services.application_submit(application=application, actor=user), application, A.UNDER_REVIEW
    )


def test_resubmitting_is_only_for_an_application_sent_back():
    # the service resubmits only from "changes requested" (else it submits); the table refuses the rest
    application = submitted_application()
    _refused(
        lambda: transition(
            application,
            workflow=APPLICATION_WORKFLOW,
            action="resubmit",
            actor=None,
            invalid_error=ApplicationTransitionError,
        ),
        application,
        A.SUBMITTED,
    )


def test_a_draft_cannot_be_taken_into_review():
    application = complete_application(make_consultant())
    _refused(
        lambda: services.application_start_review(application=application, officer=OfficerFactory()),
        application,
        A.DRAFT,
    )


@pytest.mark.parametrize("decision", ["certify", "reject", "request_changes"])
def test_a_decision_before_review_is_refused(decision):
    application = submitted_application()
    decide = lambda: services.application_decide(  # noqa: E731
        application=application, officer=OfficerFactory(), decision=decision, reason="Lý do"
    )
    _refused(decide, application, A.SUBMITTED)


def test_a_resubmitted_application_goes_back_to_review():
    officer = OfficerFactory()
    application = under_review_application(officer=officer)
    services.application_decide(
        application=application, officer=officer, decision="request_changes", reason="Bổ sung"
    )
    application = services.application_submit(application=application, actor=application.consultant.user)
    assert CertificationApplication.objects.get(pk=application.pk).status == A.RESUBMITTED
    assert audit_history(application).filter(action="resubmit").count() == 1


@pytest.fixture
def certificate():
    return certificate_of(certified_consultant())


def test_a_suspended_certificate_cannot_be_suspended_again(certificate):
    officer = OfficerFactory()
    services.certificate_suspend(certificate=certificate, officer=officer, reason="Khiếu nại")
    suspend = lambda: services.certificate_suspend(certificate=certificate, officer=officer, reason="x")  # noqa: E731
    _refused(suspend, certificate, C.SUSPENDED)


def test_an_active_certificate_cannot_be_reinstated(certificate):
    reinstate = lambda: services.certificate_reinstate(certificate=certificate, officer=OfficerFactory())  # noqa: E731
    _refused(reinstate, certificate, C.ACTIVE)


def test_a_revoked_certificate_cannot_be_revoked_again(certificate):
    officer = OfficerFactory()
    services.certificate_revoke(certificate=certificate, officer=officer, reason="Vi phạm")
    revoke = lambda: services.certificate_revoke(certificate=certificate, officer=officer, reason="x")  # noqa: E731
    _refused(revoke, certificate, C.REVOKED)


def test_a_suspended_certificate_cannot_be_renewed(certificate):
    officer = OfficerFactory()
    services.certificate_suspend(certificate=certificate, officer=officer, reason="Khiếu nại")
    renew = lambda: services.certificate_renew(certificate=certificate, officer=officer)  # noqa: E731
    _refused(renew, certificate, C.SUSPENDED)
    assert Certificate.objects.get(pk=certificate.pk).valid_until == certificate.valid_until


def test_a_revoked_certificate_is_never_expired(certificate):
    services.certificate_revoke(certificate=certificate, officer=OfficerFactory(), reason="Vi phạm")
    age_certificate(certificate, days_left=-1)
    assert services.certificates_maintain()["expired"] == 0
    expire = lambda: transition(  # noqa: E731
        certificate,
        workflow=CERTIFICATE_WORKFLOW,
        action="expire",
        actor=None,
        invalid_error=ApplicationTransitionError,
    )
    _refused(expire, certificate, C.REVOKED)


def test_the_maintenance_job_expires_through_the_table_as_the_system(certificate):
    age_certificate(certificate, days_left=-1)
    assert services.certificates_maintain(now=timezone.now())["expired"] == 1
    certificate.refresh_from_db()
    assert certificate.status == C.EXPIRED
    record = audit_history(certificate).get(action="expire")
    assert (record.actor, record.from_state, record.to_state) == (None, C.ACTIVE, C.EXPIRED)


def test_a_suspended_certificate_past_its_end_date_cannot_be_reinstated(certificate):
    officer = OfficerFactory()
    services.certificate_suspend(certificate=certificate, officer=officer, reason="Khiếu nại")
    age_certificate(certificate, days_left=-1)
    reinstate = lambda: services.certificate_reinstate(certificate=certificate, officer=officer)  # noqa: E731
    _refused(reinstate, certificate, C.SUSPENDED)
