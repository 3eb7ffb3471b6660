"""E-mail goes out through the task runner: queued as a task, delivered with retries and backoff,
delivered once even when the task runs twice."""

from __future__ import annotations

import pytest
from celery.signals import task_retry
from django.core import mail
from django.core.mail import EmailMessage, send_mail

from marketplace.core.mail import message_to_payload
from marketplace.core.taskrunner import RETRY_POLICY
from marketplace.core.tasks import email_deliver
from tests.core.smtp import FlakySmtpServer


@pytest.fixture
def mail_through_tasks(settings):
    """The project's e-mail setting, which the test runner replaces with its locmem backend."""
    settings.EMAIL_BACKEND = "marketplace.core.mail.TaskEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


@pytest.fixture
def retries():
    """The countdown of every retry the task runner schedules."""
    seen: list[float] = []

    def record(sender=None, reason=None, **kwargs):
        seen.append(reason.when)

    task_retry.connect(record, weak=False)
    yield seen
    task_retry.disconnect(record)


def smtp(settings, port: int) -> None:
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5


def test_send_mail_is_delivered_by_the_task(mail_through_tasks):
    sent = send_mail("Nhắc gia hạn chứng nhận", "Nội dung", "so@example.vn", ["tuvan@example.vn"])
    assert sent == 1
    assert [(m.subject, m.to) for m in mail.outbox] == [("Nhắc gia hạn chứng nhận", ["tuvan@example.vn"])]


@pytest.mark.django_db
def test_a_mail_server_that_hangs_up_is_retried_with_backoff_until_it_answers(mail_through_tasks, retries):
    with FlakySmtpServer(refuse=2) as server:
        smtp(mail_through_tasks, server.port)
        send_mail("Quyết định hồ sơ", "Đã chứng nhận.", "so@example.vn", ["tuvan@example.vn"])
    assert server.connections == 3
    assert [m["Subject"] for m in server.messages] == ["Quyết định hồ sơ"]
    # exponential backoff with full jitter: the n-th retry waits a random time up to factor·2ⁿ
    factor = RETRY_POLICY["retry_backoff"]
    assert len(retries) == 2
    assert all(0 <= when <= factor * 2**n for n, when in enumerate(retries))


def test_an_unreachable_mail_server_fails_after_the_last_retry(mail_through_tasks, retries):
    with FlakySmtpServer(refuse=100) as server:
        smtp(mail_through_tasks, server.port)
        with pytest.raises(Exception) as failure:
            send_mail("Thử", "Thử", "so@example.vn", ["tuvan@example.vn"])
        # what the services do: the request that caused the e-mail is not failed by it
        assert send_mail("Thử", "Thử", "so@example.vn", ["tuvan@example.vn"], fail_silently=True) == 0
    assert isinstance(failure.value, OSError)  # the mail server's failure, not a wrapper of ours
    assert server.connections == 2 * (RETRY_POLICY["max_retries"] + 1)
    assert len(retries) == 2 * RETRY_POLICY["max_retries"]


def test_a_delivery_task_run_twice_sends_the_message_once(mail_through_tasks):
    payload = message_to_payload(EmailMessage("Nhắc lịch", "Nội dung", "so@example.vn", ["dn@example.vn"]))
    assert email_deliver.delay(payload) is not None
    email_deliver.delay(payload)  # e.g. a worker lost before acknowledging the first run
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == payload["headers"]["Message-ID"]
