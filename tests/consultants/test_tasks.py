"""The daily certificate job on the task runner: idempotent, its e-mails go out as tasks."""

import pytest
from django.core import mail

from consultants.models import Certificate, CertificateStatus
from consultants.tasks import certificates_maintain
from marketplace.core.audit import audit_history
from tests.consultants.factories import age_certificate, certificate_of, certified_consultant

pytestmark = pytest.mark.django_db


def state():
    return sorted(Certificate.objects.values_list("pk", "status", "reminders_sent"))


def test_the_daily_job_run_twice_leaves_the_same_state_and_sends_each_reminder_once(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "marketplace.core.mail.TaskEmailBackend"  # the project's, through tasks
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    overdue = age_certificate(certificate_of(certified_consultant()), days_left=-1)
    due = age_certificate(certificate_of(certified_consultant()), days_left=30)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert certificates_maintain.delay().get() == {"expired": 1, "reminded": 1}
    after_first = state()
    with django_capture_on_commit_callbacks(execute=True):
        assert certificates_maintain.delay().get() == {"expired": 0, "reminded": 0}
    assert state() == after_first
    assert {pk: status for pk, status, _ in after_first}[overdue.pk] == CertificateStatus.EXPIRED
    assert [m.to for m in mail.outbox] == [[due.consultant.user.email]]
    assert [r.action for r in audit_history(overdue)].count("expire") == 1


def test_the_command_runs_the_same_task(capsys, tasks_run):
    age_certificate(certificate_of(certified_consultant()), days_left=-1)
    from django.core.management import call_command

    call_command("certificates_maintain")
    assert "Expired: 1" in capsys.readouterr().out
    assert tasks_run == ["consultants.certificates_maintain"]
