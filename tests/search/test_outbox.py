"""Keeping the indexes true: on-commit refresh, the outbox, engine outages, rebuilds.

A throwaway index definition over taxonomy.SolutionCategory stands in for a domain model here, so
these mechanics are tested without depending on the consultants/catalogue rules (tested elsewhere).
"""

from __future__ import annotations

import threading
import time
import uuid

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
