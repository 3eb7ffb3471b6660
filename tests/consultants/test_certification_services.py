import threading
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import OperationalError, connection
from django.utils import timezone

from consultants import codes, selectors, services
from consultants.errors import (
    ApplicationIncomplete,
    ApplicationOpen,
    ApplicationTransitionError,
    DecisionConflict,
    NotYourProfile,
    OfficerOnly,
    ReasonRequired,
    SelfDecision,
)
from consultants.models import ApplicationStatus, Certificate, CertificateStatus, CertificationApplication
from marketplace.core.audit import audit_history
from marketplace.core.models import AuditRecord
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


def states(subject) -> list[tuple[str, str, str]]:
    return [(r.action, r.from_state, r.to_state) for r in audit_history(subject)]


def test_criteria_are_loaded_as_versioned_data():
    criteria = selectors.criteria_current()
    assert criteria.version == "2026.1"
    assert {item["code"] for item in criteria.items} == {
        "competence",
        "experience",
        "training",
        "no_complaints",
    }


def test_new_application_is_a_draft_on_the_current_criteria():
    consultant = make_consultant()
    application = services.application_create(consultant=consultant, actor=consultant.user)
    assert application.status == ApplicationStatus.DRAFT
    assert application.criteria == selectors.criteria_current()


def test_second_open_application_is_refused():
    consultant = make_consultant()
    services.application_create(consultant=consultant, actor=consultant.user)
    with pytest.raises(ApplicationOpen):
        services.application_create(consultant=consultant, actor=consultant.user)


def test_incomplete_application_cannot_be_submitted():
    consultant = make_consultant()
    application = services.application_create(consultant=consultant, actor=consultant.user)
    with pytest.raises(ApplicationIncomplete) as excinfo:
        services.application_submit(application=application, actor=consultant.user)
    assert {"statement", "criteria_answers", "evidence", "references"} <= set(excinfo.value.fields)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_submit_moves_draft_to_submitted_and_is_audited():
    application = submitted_application()
    assert application.status == ApplicationStatus.SUBMITTED
    assert ("submit", "draft", "submitted") in states(application)


def test_someone_else_cannot_submit_my_application():
    consultant, other = make_consultant(), make_consultant()
    application = complete_application(consultant)
    with pytest.raises(NotYourProfile):
        services.application_submit(application=application, actor=other.user)


def test_officer_takes_application_into_review():
    officer = OfficerFactory()
    application = under_review_application(officer=officer)
    assert application.status == ApplicationStatus.UNDER_REVIEW
    assert application.reviewer == officer


def test_certify_issues_a_two_year_certificate_with_a_readable_checked_code():
    consultant = certified_consultant()
    certificate = certificate_of(consultant)
    assert certificate.status == CertificateStatus.ACTIVE
    assert codes.canonical(certificate.code) == certificate.code
    assert timedelta(days=729) < certificate.valid_until - certificate.valid_from <= timedelta(days=731)
    assert consultant in selectors.consultants_public()
    assert ("issue", "", "active") in states(certificate)


def test_reject_requires_a_reason():
    officer = OfficerFactory()
    application = under_review_application(officer=officer)
    with pytest.raises(ReasonRequired):
        services.application_decide(application=application, officer=officer, decision="reject", reason="  ")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNDER_REVIEW


def test_reject_records_reason():
    officer = OfficerFactory()
    application = under_review_application(officer=officer)
    services.application_decide(
        application=application, officer=officer, decision="reject", reason="Thiếu kinh nghiệm"
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert ("reject", "under_review", "rejected") in states(application)
    assert AuditRecord.objects.filter(action="reject", reason="Thiếu kinh nghiệm").exists()


def test_changes_requested_then_resubmitted_then_certified():
    officer = OfficerFactory()
    application = under_review_application(officer=officer)
    consultant = application.consultant
    services.application_decide(
        application=application,
        officer=officer,
        decision="request_changes",
        reason="Bổ sung minh chứng đào tạo",
    )
    services.application_update(application=application, actor=consultant.user, statement="Đã bổ sung.")
    application = services.application_submit(application=application, actor=consultant.user)
    assert application.status == ApplicationStatus.RESUBMITTED
    services.application_start_review(application=application, officer=officer)
    services.application_decide(application=application, officer=officer, decision="certify")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CERTIFIED
    assert [s[2] for s in states(application)] == [
        "draft",
        "submitted",
        "under_review",
        "changes_requested",
        "resubmitted",
        "under_review",
        "certified",
    ]


def test_certifying_a_draft_is_an_illegal_transition():
    officer = OfficerFactory()
    application = complete_application(make_consultant())
    with pytest.raises(ApplicationTransitionError):
        services.application_decide(application=application, officer=officer, decision="certify")
    assert not Certificate.objects.exists()


def test_certifying_a_submitted_application_needs_review_first():
    officer = OfficerFactory()
    application = submitted_application()
    with pytest.raises(ApplicationTransitionError):
        services.application_decide(application=application, officer=officer, decision="certify")


def test_deciding_twice_is_illegal():
    officer = OfficerFactory()
    application = under_review_application(officer=officer)
    services.application_decide(application=application, officer=officer, decision="certify")
    with pytest.raises(ApplicationTransitionError):
        services.application_decide(application=application, officer=officer, decision="reject", reason="x")


def test_submitted_application_is_no_longer_editable():
    application = submitted_application()
    with pytest.raises(ApplicationTransitionError):
        services.application_update(
            application=application, actor=application.consultant.user, statement="changed"
        )


def test_review_and_decision_need_an_officer():
    application = submitted_application()
    other = make_consultant()
    with pytest.raises(OfficerOnly):
        services.application_start_review(application=application, officer=other.user)
    with pytest.raises(OfficerOnly):
        services.application_decide(
            application=application, officer=application.consultant.user, decision="certify"
        )


def test_officer_cannot_certify_themself():
    officer = OfficerFactory()
    consultant = make_consultant(user=officer)
    application = submitted_application(consultant)
    with pytest.raises(SelfDecision):
        services.application_start_review(application=application, officer=officer)


def test_certify_with_unticked_checklist_is_refused():
    officer = OfficerFactory()
    application = under_review_application(officer=officer)
    with pytest.raises(ApplicationIncomplete):
        services.application_decide(
            application=application, officer=officer, decision="certify", checklist={"competence": True}
        )


def test_a_decision_on_a_stale_screen_is_refused():
    officer_a, officer_b = OfficerFactory(), OfficerFactory()
    application = under_review_application(officer=officer_a)
    stale = CertificationApplication.objects.get(pk=application.pk)
    services.application_decide(application=application, officer=officer_a, decision="certify")
    # officer B's screen still says "under review": the state is read again and the decision refused
    with pytest.raises(ApplicationTransitionError):
        services.application_decide(application=stale, officer=officer_b, decision="reject", reason="Muộn")
    assert CertificationApplication.objects.get(pk=application.pk).status == ApplicationStatus.CERTIFIED


@pytest.mark.django_db(transaction=True)
def test_two_officers_deciding_at_once_exactly_one_wins():
    officer_a, officer_b = OfficerFactory(), OfficerFactory()
    application = under_review_application(officer=officer_a)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(officer, decision):
        try:
            barrier.wait(timeout=5)
            for _attempt in range(200):
                try:
                    services.application_decide(
                        application=application, officer=officer, decision=decision, reason="Lý do"
                    )
                    outcomes.append("won")
                    return
                except OperationalError as exc:
                    # The in-memory SQLite test database reports "table is locked" at once where a
                    # file database (WAL + busy timeout) would wait; wait the same way here.
                    if "locked" not in str(exc):
                        raise
                    time.sleep(0.01)
        except (DecisionConflict, ApplicationTransitionError) as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(officer_a, "certify")),
        threading.Thread(target=decide, args=(officer_b, "reject")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 2 and outcomes.count("won") == 1
    assert set(outcomes) - {"won"} <= {"decision_conflict", "invalid_transition"}
    application.refresh_from_db()
    assert application.status in (ApplicationStatus.CERTIFIED, ApplicationStatus.REJECTED)
    assert Certificate.objects.count() == (1 if application.status == ApplicationStatus.CERTIFIED else 0)


# ---- certificates ----


def test_suspend_requires_reason_and_hides_from_registry():
    officer = OfficerFactory()
    consultant = certified_consultant(officer=officer)
    certificate = certificate_of(consultant)
    with pytest.raises(ReasonRequired):
        services.certificate_suspend(certificate=certificate, officer=officer, reason="")
    services.certificate_suspend(certificate=certificate, officer=officer, reason="Khiếu nại đang xử lý")
    certificate.refresh_from_db()
    assert certificate.public_status() == CertificateStatus.SUSPENDED
    assert consultant not in selectors.consultants_public()


def test_reinstate_restores_the_badge():
    officer = OfficerFactory()
    consultant = certified_consultant(officer=officer)
    certificate = certificate_of(consultant)
    services.certificate_suspend(certificate=certificate, officer=officer, reason="Kiểm tra")
    services.certificate_reinstate(certificate=certificate, officer=officer)
    assert consultant in selectors.consultants_public()
    assert [s[0] for s in states(certificate)] == ["issue", "suspend", "reinstate"]


def test_reinstating_a_revoked_certificate_is_illegal():
    officer = OfficerFactory()
    certificate = certificate_of(certified_consultant(officer=officer))
    services.certificate_revoke(certificate=certificate, officer=officer, reason="Vi phạm đạo đức")
    with pytest.raises(ApplicationTransitionError):
        services.certificate_reinstate(certificate=certificate, officer=officer)
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED


def test_reinstating_an_active_certificate_is_illegal():
    officer = OfficerFactory()
    certificate = certificate_of(certified_consultant(officer=officer))
    with pytest.raises(ApplicationTransitionError):
        services.certificate_reinstate(certificate=certificate, officer=officer)


def test_revoke_requires_reason():
    officer = OfficerFactory()
    certificate = certificate_of(certified_consultant(officer=officer))
    with pytest.raises(ReasonRequired):
        services.certificate_revoke(certificate=certificate, officer=officer, reason=" ")


def test_consultant_cannot_suspend_or_renew_own_certificate():
    consultant = certified_consultant()
    certificate = certificate_of(consultant)
    with pytest.raises(OfficerOnly):
        services.certificate_renew(certificate=certificate, officer=consultant.user)
    with pytest.raises(OfficerOnly):
        services.certificate_suspend(certificate=certificate, officer=consultant.user, reason="x")


def test_renew_extends_from_the_current_end_date():
    officer = OfficerFactory()
    certificate = age_certificate(certificate_of(certified_consultant(officer=officer)), days_left=30)
    old_until = certificate.valid_until
    services.certificate_renew(certificate=certificate, officer=officer)
    certificate.refresh_from_db()
    assert certificate.valid_until - old_until == timedelta(days=730)


def test_renewing_an_expired_certificate_is_illegal():
    officer = OfficerFactory()
    certificate = age_certificate(certificate_of(certified_consultant(officer=officer)), days_left=-1)
    with pytest.raises(ApplicationTransitionError):
        services.certificate_renew(certificate=certificate, officer=officer)


def test_renewal_application_keeps_the_same_certificate_code():
    officer = OfficerFactory()
    consultant = certified_consultant(officer=officer)
    first = age_certificate(certificate_of(consultant), days_left=20)
    application = under_review_application(consultant, officer)
    services.application_decide(application=application, officer=officer, decision="certify")
    assert Certificate.objects.filter(consultant=consultant).count() == 1
    first.refresh_from_db()
    assert first.valid_until > timezone.now() + timedelta(days=700)


def test_certificate_past_end_date_reads_expired_before_the_job_runs():
    consultant = certified_consultant()
    certificate = age_certificate(certificate_of(consultant), days_left=-0.01)
    assert certificate.status == CertificateStatus.ACTIVE
    assert certificate.public_status() == CertificateStatus.EXPIRED
    assert consultant not in selectors.consultants_public()


def test_maintenance_expires_overdue_certificates_and_audits():
    certificate = age_certificate(certificate_of(certified_consultant()), days_left=-1)
    result = services.certificates_maintain()
    certificate.refresh_from_db()
    assert result["expired"] == 1
    assert certificate.status == CertificateStatus.EXPIRED
    assert ("expire", "active", "expired") in states(certificate)


def test_maintenance_sends_one_reminder_per_threshold(django_capture_on_commit_callbacks):
    certificate = age_certificate(certificate_of(certified_consultant()), days_left=50)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.certificates_maintain()["reminded"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.certificates_maintain()["reminded"] == 0  # not twice for the same threshold
    assert len(mail.outbox) == 1
    assert certificate.code in mail.outbox[0].body
    age_certificate(certificate, days_left=10)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.certificates_maintain()["reminded"] == 1


def test_certificates_maintain_command_runs(capsys):
    age_certificate(certificate_of(certified_consultant()), days_left=-1)
    call_command("certificates_maintain")
    assert "1" in capsys.readouterr().out


def test_audit_rows_cannot_be_edited():
    from marketplace.core.models import AppendOnlyError

    application = submitted_application()
    record = audit_history(application).first()
    record.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        record.save()
