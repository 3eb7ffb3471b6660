"""Writes: keep the indexes true (the outbox, on-commit refresh, outbox processing, rebuild).

How the two backends stay current:
- A domain change writes its outbox rows in its own transaction (`outbox_write`, called by
  `search.outbox.enqueue`), so the intent to reindex commits exactly when the change does.
- Right after commit, `outbox_apply` refreshes the database backend's documents and deletes the
  rows. The product runs on that backend by default with no worker, and it is also the fallback
  when the engine is down, so it must always be current.
- When an external engine is configured, the rows stay for `outbox_process`, run by the periodic
  task `search.outbox_process` (Celery beat; by hand `search_index --process-outbox`), which applies
  them in bulk to both backends and deletes them only after the engine acknowledged. The same task
  picks up rows whose on-commit step never ran (a crash after COMMIT) or failed.
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


def database_documents_refresh(*, model_label: str, pks: Iterable) -> None:
    """Bring the database backend's documents for these rows up to date (own transaction)."""
    _database_documents_refresh({model_label.lower(): {str(pk) for pk in pks}})


def _database_documents_refresh(changes: dict[str, set[str]], attempts: int = 3) -> None:
    for attempt in range(attempts):
        try:
            upserts, deletes = documents_resolve(changes)
            database_backend().apply(upserts, deletes)
            return
        except IntegrityError:
            # a concurrent refresh or rebuild inserted the same document first: read again
            if attempt == attempts - 1:
                raise


def outbox_write(*, keys: Iterable[tuple[str, str]]) -> list[int]:
    """Queue changed rows (label, pk) for indexing in the caller's transaction; returns the row ids."""
    entries = OutboxEntry.objects.bulk_create(
        [OutboxEntry(model_label=label, object_pk=pk) for label, pk in sorted(keys)]
    )
    return [entry.pk for entry in entries]


def outbox_apply(*, entry_ids: list[int], keys: Iterable[tuple[str, str]]) -> None:
    """The on-commit step of a domain change: refresh the database backend's documents for the rows
    it queued and delete those outbox rows (unless an external engine still needs them).

    A failure is logged, not raised: the change is committed already and failing its request now
    would only mislead the user; the rows stay and the periodic outbox task applies them.
    """
    changes: dict[str, set[str]] = {}
    for label, pk in keys:
        changes.setdefault(label, set()).add(pk)
    try:
        with transaction.atomic():
            if not uses_external_engine():
                # first, so a worker already holding these rows (SKIP LOCKED) finishes before we
                # touch the documents it is writing: the two never wait on each other crosswise
                OutboxEntry.objects.filter(id__in=entry_ids).delete()
            _database_documents_refresh(changes)
    except Exception:
        logger.exception("search: applying %s after commit failed; left in the outbox", sorted(changes))


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
