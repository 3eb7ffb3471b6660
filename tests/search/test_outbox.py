"""Keeping the indexes true: on-commit refresh, the outbox, engine outages, rebuilds.

A throwaway index definition over taxonomy.SolutionCategory stands in for a domain model here, so
these mechanics are tested without depending on the consultants/catalogue rules (tested elsewhere).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.db import OperationalError, connection, transaction

from search import errors
from search.backends import database_backend, get_backend
from search.models import OutboxEntry, SearchDocument
from search.outbox import enqueue, enqueue_instance
from search.query import SearchQuery
from search.registry import IndexDefinition, registry
from search.services import index_rebuild, outbox_process
from tests.search.proxy import StoppableProxy

KIND = "testcat"


def _category_queryset():
    from marketplace.taxonomy.models import SolutionCategory

    return SolutionCategory.objects.exclude(code__startswith="hidden-")


@pytest.fixture
def category_index():
    definition = registry.register(
        IndexDefinition(
            kind=KIND,
            label="Danh mục thử",
            model="taxonomy.solutioncategory",
            get_queryset=_category_queryset,
            build_document=lambda c: {"id": c.pk, "title": c.name_vi, "text": {"code": c.code}},
        )
    )
    yield definition
    registry.unregister(KIND)


def make_category(name: str, code: str | None = None):
    from marketplace.taxonomy.models import SolutionCategory

    with transaction.atomic():
        category = SolutionCategory.objects.create(name_vi=name, code=code or f"t-{uuid.uuid4().hex[:8]}")
        enqueue_instance(category)
    return category


def found(backend, text: str) -> set[str]:
    return {h.id for h in backend.search(SearchQuery(text=text, filters={"kind": [KIND]})).hits}


# ------------------------------------------------------------------ database backend, no worker
@pytest.mark.django_db(transaction=True)
def test_change_is_searchable_right_after_commit_without_a_worker(category_index):
    category = make_category("Quản trị đổi mới sáng tạo")
    assert found(database_backend(), "quan tri doi moi") == {str(category.pk)}
    assert not OutboxEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_rolled_back_change_leaves_no_trace(category_index):
    from marketplace.taxonomy.models import SolutionCategory

    with pytest.raises(RuntimeError), transaction.atomic():
        category = SolutionCategory.objects.create(name_vi="Không lưu", code="t-rollback")
        enqueue_instance(category)
        raise RuntimeError
    assert not SearchDocument.objects.filter(kind=KIND).exists()
    assert not OutboxEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_outbox_row_is_written_in_the_domain_transaction(category_index):
    from marketplace.taxonomy.models import SolutionCategory

    with transaction.atomic():
        category = SolutionCategory.objects.create(name_vi="Kế toán số", code="t-in-tx")
        enqueue_instance(category)
        assert list(OutboxEntry.objects.values_list("model_label", "object_pk")) == [
            ("taxonomy.solutioncategory", str(category.pk))
        ]
    assert not OutboxEntry.objects.exists()  # applied and deleted right after commit
    assert found(database_backend(), "ke toan so") == {str(category.pk)}


def _child_commits_then_dies(name: str) -> subprocess.CompletedProcess:
    """Another process commits a change with its outbox row, then is killed (os._exit) right after
    COMMIT, before the on-commit step could run: what a crash or a kill -9 at that moment does."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{settings['NAME']}"
    else:
        auth = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
        url = f"postgres://{auth}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"
    code = f"""
import os, django
django.setup()
from django.db import transaction
from marketplace.taxonomy.models import SolutionCategory
from search.outbox import enqueue_instance
with transaction.atomic():
    transaction.on_commit(lambda: os._exit(17))  # registered first, so it runs before the outbox step
    enqueue_instance(SolutionCategory.objects.create(name_vi={name!r}, code="t-crash"))
"""
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "marketplace.settings"}
    env.pop("DATABASE_TEST_NAME", None)
    root = Path(__file__).resolve().parents[2]
    return subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=root, capture_output=True, text=True, timeout=120
    )


@pytest.mark.django_db(transaction=True)
def test_a_process_killed_between_commit_and_hook_loses_no_index_change(category_index):
    from marketplace.taxonomy.models import SolutionCategory
    from search.tasks import outbox_process as outbox_task

    child = _child_commits_then_dies("Truy xuất nguồn gốc nông sản")
    assert child.returncode == 17, child.stderr
    category = SolutionCategory.objects.get(code="t-crash")  # the change committed …
    assert found(database_backend(), "truy xuat nguon goc") == set()  # … its on-commit step never ran
    assert OutboxEntry.objects.filter(object_pk=str(category.pk)).exists()
    outbox_task.delay()  # the periodic job (inline here: no broker in tests)
    assert found(database_backend(), "truy xuat nguon goc") == {str(category.pk)}
    assert not OutboxEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_exception_between_commit_and_hook_loses_no_index_change(category_index):
    from marketplace.taxonomy.models import SolutionCategory
    from search.tasks import outbox_process as outbox_task

    def fail_after_commit():
        raise RuntimeError("after COMMIT, before the outbox step")

    with pytest.raises(RuntimeError), transaction.atomic():
        transaction.on_commit(fail_after_commit)  # Django runs no later hook once one raises
        category = SolutionCategory.objects.create(name_vi="Bán hàng đa kênh", code="t-raise")
        enqueue_instance(category)
    assert SolutionCategory.objects.filter(pk=category.pk).exists()
    assert found(database_backend(), "ban hang da kenh") == set()
    outbox_task.delay()
    assert found(database_backend(), "ban hang da kenh") == {str(category.pk)}
    assert not OutboxEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_row_enqueued_several_times_in_one_transaction_is_queued_once(settings, category_index):
    from marketplace.taxonomy.models import SolutionCategory

    settings.SEARCH_BACKEND = "elasticsearch"  # rows then wait for the worker: we can count them
    with transaction.atomic():
        category = SolutionCategory.objects.create(name_vi="Nhân sự số", code="t-dedupe")
        enqueue_instance(category)
        category.name_vi = "Nhân sự số hóa"
        category.save()
        enqueue_instance(category)
        with transaction.atomic():  # a nested service
            enqueue("taxonomy.SolutionCategory", [category.pk, category.pk])
    assert OutboxEntry.objects.filter(object_pk=str(category.pk)).count() == 1
    with transaction.atomic():  # a later transaction queues it again
        enqueue_instance(category)
    assert OutboxEntry.objects.filter(object_pk=str(category.pk)).count() == 2


@pytest.mark.django_db(transaction=True)
def test_an_enqueue_in_a_rolled_back_savepoint_does_not_hide_a_later_one(category_index):
    from marketplace.taxonomy.models import SolutionCategory

    with transaction.atomic():
        category = SolutionCategory.objects.create(name_vi="Thanh toán không tiền mặt", code="t-sp")
        with pytest.raises(RuntimeError), transaction.atomic():
            enqueue_instance(category)  # its row and its on-commit step go with the savepoint
            raise RuntimeError
        enqueue_instance(category)
    assert found(database_backend(), "thanh toan khong tien mat") == {str(category.pk)}
    assert not OutboxEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_enqueue_outside_any_transaction_is_applied_at_once(category_index):
    from marketplace.taxonomy.models import SolutionCategory

    rows = [
        SolutionCategory.objects.create(name_vi=f"Du lịch thông minh {i}", code=f"t-auto-{i}")
        for i in range(3)
    ]
    enqueue("taxonomy.solutioncategory", [r.pk for r in rows])
    assert found(database_backend(), "du lich thong minh") == {str(r.pk) for r in rows}
    assert not OutboxEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_row_leaving_the_indexed_set_is_removed(category_index):
    category = make_category("Giải pháp lưu kho")
    category.code = "hidden-store"
    with transaction.atomic():
        category.save()
        enqueue_instance(category)
    assert found(database_backend(), "luu kho") == set()


@pytest.mark.django_db(transaction=True)
def test_bulk_enqueue_refreshes_every_row(category_index):
    from marketplace.taxonomy.models import SolutionCategory

    with transaction.atomic():
        rows = SolutionCategory.objects.bulk_create(
            [SolutionCategory(name_vi=f"Nông nghiệp số {i}", code=f"t-bulk-{i}") for i in range(5)]
        )
        enqueue("taxonomy.SolutionCategory", [r.pk for r in rows])
    assert len(found(database_backend(), "nong nghiep so")) == 5


@pytest.mark.django_db(transaction=True)
def test_database_rebuild_with_a_concurrent_write_keeps_the_write(category_index):
    make_category("Kho vận cũ")
    writer = {}

    def write_meanwhile(_n):
        def run():
            try:
                for _attempt in range(50):
                    try:
                        writer["category"] = make_category("Kho vận mới")
                        return
                    except OperationalError:  # the in-memory test database's shared cache does not wait
                        time.sleep(0.1)
            finally:
                connection.close()

        writer["thread"] = threading.Thread(target=run)
        writer["thread"].start()  # on SQLite it waits for the rebuild's transaction to commit

    index_rebuild(backend=database_backend(), progress=write_meanwhile)
    writer["thread"].join(30)
    assert found(database_backend(), "kho van") >= {str(writer["category"].pk)}
    assert len(found(database_backend(), "kho van")) == 2


# ------------------------------------------------------------------ with an engine


@pytest.mark.search_engine
@pytest.mark.django_db(transaction=True)
def test_with_an_engine_changes_wait_in_the_outbox_until_processed(es_settings, category_index):
    category = make_category("Hóa đơn điện tử doanh nghiệp")
    assert OutboxEntry.objects.count() == 1
    assert found(database_backend(), "hoa don") == {str(category.pk)}  # the fallback is current at once
    engine = get_backend()
    assert outbox_process(backend=engine) == 1
    engine.refresh()
    assert found(engine, "hoa don") == {str(category.pk)}
    assert not OutboxEntry.objects.exists()


@pytest.mark.search_engine
@pytest.mark.django_db(transaction=True)
def test_engine_down_keeps_the_rows_and_applies_them_after_restart(es_settings, category_index):
    from tests.search.conftest import Engine

    own = Engine()  # a private engine we may stop and restart on the same port
    if own.external:
        pytest.xfail("stopping the engine needs osmem-server")
    own.start()
    es_settings.ELASTICSEARCH_URL = own.url
    try:
        own.stop()
        categories = [make_category(f"Chữ ký số {i}") for i in range(3)]
        with pytest.raises(errors.BackendUnavailable):
            outbox_process(backend=get_backend())
        assert OutboxEntry.objects.count() == 3
        own.start()
        assert outbox_process(backend=get_backend()) == 3
        get_backend().refresh()
        assert found(get_backend(), "chu ky so") == {str(c.pk) for c in categories}
        assert not OutboxEntry.objects.exists()
    finally:
        own.stop()


@pytest.mark.search_engine
@pytest.mark.django_db(transaction=True)
def test_engine_stopped_midway_loses_nothing(es_settings, engine, category_index):
    from elasticsearch import Elasticsearch

    from search.backends.elasticsearch import ElasticsearchBackend
    from tests.search.transport import OsmemCompatibleNode

    proxy = StoppableProxy(int(engine.url.rsplit(":", 1)[1]))
    proxy.start()

    class StopAfterFirstBulk(OsmemCompatibleNode):
        """Network-level fault: the engine goes away right after acknowledging the first bulk."""

        def perform_request(self, method, target, *args, **kwargs):
            response = super().perform_request(method, target, *args, **kwargs)
            if "_bulk" in target:
                proxy.stop()
            return response

    backend = ElasticsearchBackend(
        registry,
        client=Elasticsearch(proxy.url, node_class=StopAfterFirstBulk, max_retries=0, request_timeout=3),
        index_prefix=es_settings.SEARCH_INDEX_PREFIX,
    )
    categories = [make_category(f"Thương mại điện tử {i}") for i in range(6)]
    with pytest.raises(errors.BackendUnavailable):
        outbox_process(backend=backend, batch_size=2)
    assert OutboxEntry.objects.count() == 4  # the acknowledged batch only is gone

    proxy.start()  # the engine is back, with what it had acknowledged
    healthy = ElasticsearchBackend(
        registry, client=engine.client(), index_prefix=es_settings.SEARCH_INDEX_PREFIX
    )
    assert outbox_process(backend=healthy, batch_size=2) == 4
    healthy.refresh()
    assert found(healthy, "thuong mai dien tu") == {str(c.pk) for c in categories}
    proxy.stop()


@pytest.mark.search_engine
@pytest.mark.django_db(transaction=True)
def test_engine_rebuild_with_a_concurrent_write_makes_the_write_searchable(es_settings, category_index):
    old = make_category("An toàn thông tin cũ")
    engine = get_backend()
    outbox_process(backend=engine)
    seen_during_rebuild = {}
    writer = {}

    def write_meanwhile(_n):
        seen_during_rebuild["ids"] = found(engine, "an toan thong tin")  # the old index still answers

        def run():
            try:
                writer["category"] = make_category("An toàn thông tin mới")
            finally:
                connection.close()

        thread = threading.Thread(target=run)
        thread.start()
        thread.join(30)

    index_rebuild(backend=engine, progress=write_meanwhile)
    engine.refresh()
    assert seen_during_rebuild["ids"] == {str(old.pk)}
    assert found(engine, "an toan thong tin") == {str(old.pk), str(writer["category"].pk)}
    assert not OutboxEntry.objects.exists()
    assert len(engine.live_indices()) == 1


@pytest.mark.search_engine
@pytest.mark.django_db(transaction=True)
def test_rebuild_command_swaps_the_alias(es_settings, category_index):
    from django.core.management import call_command

    make_category("Điện toán lượng tử Biên Hòa")
    engine = get_backend()
    call_command("search_index", "--rebuild", verbosity=0)
    first = engine.live_indices()
    call_command("search_index", "--rebuild", verbosity=0)
    second = engine.live_indices()
    assert len(first) == len(second) == 1 and first != second
    assert len(found(engine, "dien toan luong tu bien hoa")) == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_do_not_process_the_same_rows(category_index):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks: its IMMEDIATE transactions serialise workers instead")
    make_category("Dữ liệu lớn")
    OutboxEntry.objects.create(model_label="taxonomy.solutioncategory", object_pk="0")
    locked, release = threading.Event(), threading.Event()

    def first_worker():
        try:
            with transaction.atomic():
                list(OutboxEntry.objects.select_for_update())
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=first_worker)
    thread.start()
    locked.wait(10)
    try:
        assert outbox_process(backend=database_backend()) == 0
    finally:
        release.set()
        thread.join()
    assert OutboxEntry.objects.count() == 1
