"""Writes: keep the indexes true (on-commit refresh, outbox processing, rebuild).

How the two backends stay current:
- The database backend's document table is refreshed right after each commit (`outbox_record`, run
  from `search.outbox.enqueue`'s on_commit hook). The product runs on it by default with no
  worker, and it is also the fallback when the engine is down, so it must always be current.
- When an external engine is configured, the change is also written to the outbox; a worker
  (`manage.py search_index --process-outbox --loop`) applies the rows in bulk and deletes them only
  after the engine acknowledged. If the on-commit refresh fails, the row is queued too and the
  processor refreshes the document table as well.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.db import IntegrityError, OperationalError, connection, transaction

from .backends import database_backend, get_backend, uses_external_engine
from .backends.base import Key, SearchBackend
from .models import IndexBuild, OutboxEntry
from .registry import Registry, registry

logger = logging.getLogger(__name__)


def documents_resolve(
    changes: dict[str, set[str]], *, registry: Registry = registry
) -> tuple[list[dict], list[Key]]:
    """Documents to (re)index and keys to delete for changed rows, read from the database now."""
    wanted: dict[str, set[str]] = {}
    for label, pks in changes.items():
        affected = registry.for_model(label)
        if not affected:
            logger.debug("search: no index definition for %s", label)
        for definition, mapper in affected:
            ids = pks if mapper is None else {str(pk) for pk in mapper(sorted(pks))}
            wanted.setdefault(definition.kind, set()).update(ids)
    upserts: list[dict] = []
    deletes: list[Key] = []
    for kind, ids in wanted.items():
        definition = registry.get(kind)
        ids = sorted(ids)
        for start in range(0, len(ids), definition.batch_size):
            chunk = ids[start : start + definition.batch_size]
            docs = list(definition.iter_documents(chunk))
            found = {d["id"] for d in docs}
            upserts += docs
            deletes += [(kind, pk) for pk in chunk if pk not in found]  # unpublished, suspended, deleted
    return upserts, deletes


def database_documents_refresh(*, model_label: str, pks: Iterable, attempts: int = 3) -> None:
    """Bring the database backend's documents for these rows up to date (own transaction)."""
    changes = {model_label.lower(): {str(pk) for pk in pks}}
    for attempt in range(attempts):
        try:
            upserts, deletes = documents_resolve(changes)
            database_backend().apply(upserts, deletes)
            return
        except IntegrityError:
            # a concurrent refresh or rebuild inserted the same document first: read again
            if attempt == attempts - 1:
                raise


def outbox_record(*, model_label: str, pks: list[str]) -> None:
    """Runs on commit of a domain change (see search.outbox.enqueue)."""
    refreshed = True
    try:
        database_documents_refresh(model_label=model_label, pks=pks)
    except Exception:
        logger.exception("search: refreshing documents of %s failed; queued in the outbox", model_label)
        refreshed = False
    if uses_external_engine() or not refreshed:
        try:
            OutboxEntry.objects.bulk_create(
                [OutboxEntry(model_label=model_label.lower(), object_pk=pk) for pk in pks]
            )
        except Exception:
            # the domain change is committed already: failing its request now would only mislead
            # the user; `search_index --rebuild` restores the index from the database
            logger.exception("search: could not queue %s %s for indexing", model_label, pks)


def outbox_process(*, backend: SearchBackend | None = None, batch_size: int = 500) -> int:
    """Apply every outbox row to the engine (and the document table); returns rows processed.

    Rows are deleted in the transaction that applied them, after the engine acknowledged; an
    unreachable engine raises BackendUnavailable and leaves them in place. On PostgreSQL rows are
    locked with SKIP LOCKED, so several workers share the queue without processing a row twice.
    While a rebuild runs, rows are applied to the live index but kept: the rebuild replays them on
    the new index after the alias swap.
    """
    backend = backend or get_backend()
    database = database_backend()
    keep = backend is not database and IndexBuild.objects.filter(backend=backend.name).exists()
    processed, last_id = 0, 0
    while True:
        with transaction.atomic():
            rows = OutboxEntry.objects.filter(id__gt=last_id).order_by("id")
            if connection.vendor == "postgresql":
                rows = rows.select_for_update(skip_locked=True)
            rows = list(rows[:batch_size])
            if not rows:
                return processed
            changes: dict[str, set[str]] = {}
            for row in rows:
                changes.setdefault(row.model_label, set()).add(row.object_pk)
            upserts, deletes = documents_resolve(changes)
            database.apply(upserts, deletes)
            if backend is not database:
                backend.apply(upserts, deletes)  # raises if the engine did not acknowledge
            if keep:
                last_id = rows[-1].id
            else:
                OutboxEntry.objects.filter(id__in=[r.id for r in rows]).delete()
            processed += len(rows)


def index_documents_all(*, registry: Registry = registry):
    for definition in registry.definitions():
        yield from definition.iter_documents()


def index_documents_total(*, registry: Registry = registry) -> int:
    return sum(d.get_queryset().count() for d in registry.definitions())


def index_rebuild(
    *, backend: SearchBackend | None = None, progress: Callable[[int], None] | None = None
) -> int:
    """Rebuild from the database; searches keep working; changes made meanwhile are applied after."""
    backend = backend or get_backend()
    database = database_backend()
    if backend is database:
        total = database.rebuild(index_documents_all(), progress=progress)
        try:
            outbox_process(backend=database)  # rows left by failed on-commit refreshes, if any
        except OperationalError:
            # a concurrent writer holds SQLite's lock: the rows stay queued for the next run
            logger.warning("search: outbox catch-up after rebuild postponed", exc_info=True)
        return total
    IndexBuild.objects.update_or_create(backend=backend.name, defaults={"index_name": "building"})
    try:
        total = backend.rebuild(
            index_documents_all(),
            progress=progress,
            after_swap=lambda: IndexBuild.objects.filter(backend=backend.name).delete(),
        )
    finally:
        IndexBuild.objects.filter(backend=backend.name).delete()
    outbox_process(backend=backend)
    return total
