"""The outbox job on the task runner: idempotent; an unreachable engine is retried, nothing lost."""

import pytest
from django.db import transaction

from search.backends import database_backend
from search.models import OutboxEntry
from search.tasks import outbox_process
from tests.search.test_outbox import category_index, found, make_category  # noqa: F401 (a fixture)


def _fail():
    raise RuntimeError("after COMMIT, before the outbox step")


def committed_without_its_hook(name: str):
    with pytest.raises(RuntimeError), transaction.atomic():
        transaction.on_commit(_fail)  # Django runs no later on-commit step once one raises
        category = make_category(name)
    return category


@pytest.mark.django_db(transaction=True)
def test_the_outbox_job_run_twice_leaves_the_same_documents(category_index):  # noqa: F811
    category = committed_without_its_hook("Quản lý kho hàng")
    assert outbox_process.delay().get() == 1
    first = found(database_backend(), "quan ly kho")
    assert first == {str(category.pk)}
    assert outbox_process.delay().get() == 0
    assert found(database_backend(), "quan ly kho") == first
    assert not OutboxEntry.objects.exists()


@pytest.mark.search_engine
@pytest.mark.django_db(transaction=True)
def test_an_unreachable_engine_is_retried_with_backoff_and_keeps_the_rows(es_settings, category_index):  # noqa: F811
    from celery.signals import task_retry

    from search import errors

    es_settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    make_category("Chữ ký điện tử")
    countdowns = []

    def record(reason=None, **kwargs):
        countdowns.append(reason.when)

    task_retry.connect(record, weak=False)
    try:
        with pytest.raises(errors.BackendUnavailable):
            outbox_process.delay()
    finally:
        task_retry.disconnect(record)
    assert len(countdowns) == outbox_process.max_retries
    assert all(0 <= when <= outbox_process.retry_backoff * 2**n for n, when in enumerate(countdowns))
    assert OutboxEntry.objects.count() == 1  # waits for the engine; the next scheduled run applies it
