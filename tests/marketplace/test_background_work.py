"""The task runner (marketplace/celery.py): one declared schedule, one retry policy, the demo runs the
scheduled jobs through it, and a real worker consumes the Redis queue."""

from __future__ import annotations

import time
import uuid
from io import StringIO

import pytest
from celery import Celery
from celery.contrib.testing.worker import start_worker
from celery.result import EagerResult
from celery.schedules import crontab
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from marketplace.celery import app
from marketplace.core.taskrunner import RETRY_POLICY, scheduled_jobs_run_once
from tests.search import test_outbox

category_index = test_outbox.category_index  # the outbox tests' throwaway index definition (a fixture)

REDIS_TEST_BROKER = "redis://127.0.0.1:6379/5"  # a database of its own, apart from the caches


def test_the_schedule_declares_each_recurring_job():
    app.loader.import_default_modules()
    schedule = {entry["task"]: entry for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert set(schedule) == {
        "bookings.expire_holds",
        "bookings.flag_uncertified",
        "bookings.send_reminders",
        "consultants.certificates_maintain",
        "matching.recommendations_refresh",
        "search.outbox_process",
        "engagements.auto_accept_deliveries",
        "orders.renew_due",
        "programme.aggregates_apply",
        "impact.invite",
        "impact.measure",
        "impact.remind",
        "vouchers.expire_due",
        "facilities.expire_holds",
        "facilities.send_reminders",
    }
    assert all(name in app.tasks for name in schedule)  # no entry names a task that does not exist
    daily = schedule["consultants.certificates_maintain"]["schedule"]
    assert isinstance(daily, crontab) and len(daily.hour) == len(daily.minute) == 1
    assert schedule["search.outbox_process"]["schedule"] <= 10  # seconds: search stays near real time


def test_every_task_retries_with_exponential_backoff_and_jitter():
    app.loader.import_default_modules()
    ours = [task for name, task in app.tasks.items() if not name.startswith("celery.")]
    assert {task.name for task in ours} >= {"core.email_deliver", "search.outbox_process"}
    for task in ours:
        assert task.autoretry_for == RETRY_POLICY["autoretry_for"], task.name
        assert task.retry_backoff and task.retry_jitter, task.name
        assert 0 < task.max_retries <= RETRY_POLICY["max_retries"], task.name


@pytest.mark.django_db
def test_the_demo_runs_each_scheduled_job_once_through_the_task_runner(tasks_run):
    from matching.models import RecommendationState

    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    scheduled = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert [name for name in tasks_run if name in scheduled] == scheduled
    assert all(f"Ran scheduled job {name}" in out.getvalue() for name in scheduled)
    # their effects show: every demo enterprise has fresh recommendations
    assert RecommendationState.objects.filter(stale=False).count() >= 40


@pytest.mark.django_db
def test_scheduled_jobs_run_once_returns_the_schedule_in_order():
    assert scheduled_jobs_run_once() == [e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()]


# ------------------------------------------------------------------ a real worker on Redis


@pytest.fixture
def redis_worker():
    """A Celery worker thread consuming a queue of its own on the local Redis (skipped without it).

    A second app (the project's configuration, a real broker, nothing inline) so the project's app
    keeps running tasks inline for every other test; the tasks are the same shared tasks."""
    import redis

    try:
        redis.Redis.from_url(REDIS_TEST_BROKER, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"Redis is not running at {REDIS_TEST_BROKER}: the real worker test needs it")
    app.loader.import_default_modules()
    worker_app = Celery(
        "marketplace-test-worker", task_cls="marketplace.core.taskrunner:Task", set_as_current=False
    )
    worker_app.config_from_object("django.conf:settings", namespace="CELERY")
    queue = f"dxm-test-{uuid.uuid4().hex[:10]}"
    worker_app.conf.update(
        broker_url=REDIS_TEST_BROKER,
        task_always_eager=False,
        task_default_queue=queue,
        broker_connection_retry_on_startup=False,
    )
    try:
        with start_worker(worker_app, perform_ping_check=False, queues=[queue], shutdown_timeout=20):
            yield worker_app, queue
    finally:
        app.set_current()  # the worker made its app the current one
        app.set_default()
        redis.Redis.from_url(REDIS_TEST_BROKER).delete(queue)


def wait_for(condition, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_worker_on_redis_delivers_with_a_retry_after_a_mail_server_failure(redis_worker, settings):
    from django.core.mail import EmailMessage

    from marketplace.core.mail import message_to_payload
    from tests.core.smtp import FlakySmtpServer

    worker_app, queue = redis_worker
    with FlakySmtpServer(refuse=1) as server:
        settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, 5
        payload = message_to_payload(
            EmailMessage("Nhắc lịch hẹn", "Ngày mai", "so@example.vn", ["dn@example.vn"])
        )
        sent = worker_app.tasks["core.email_deliver"].apply_async(args=[payload], queue=queue)
        assert not isinstance(sent, EagerResult)  # queued on Redis, not run inline
        assert server.received.wait(20), f"nothing delivered after {server.connections} connection(s)"
    assert server.connections == 2  # hung up on, retried through the broker, delivered
    assert [m["Subject"] for m in server.messages] == ["Nhắc lịch hẹn"]


@pytest.mark.django_db(transaction=True)
def test_a_worker_on_redis_applies_the_outbox(redis_worker, category_index):
    from search.backends import database_backend
    from search.models import OutboxEntry

    found, make_category = test_outbox.found, test_outbox.make_category

    worker_app, queue = redis_worker
    with pytest.raises(RuntimeError), transaction.atomic():
        transaction.on_commit(_fail)  # the change commits, its on-commit step never runs
        category = make_category("Kho thông minh")
    assert found(database_backend(), "kho thong minh") == set()
    sent = worker_app.tasks["search.outbox_process"].apply_async(queue=queue)
    assert not isinstance(sent, EagerResult)
    assert wait_for(lambda: not OutboxEntry.objects.exists())
    assert found(database_backend(), "kho thong minh") == {str(category.pk)}


def _fail():
    raise RuntimeError("after COMMIT, before the outbox step")
