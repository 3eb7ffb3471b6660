"""Record that domain rows changed, so the search indexes re-read them from the database.

Domain services call `enqueue_instance(obj)` (or `enqueue(label, pks)` after bulk writes, which fire
no signals). Nothing happens before commit: a rolled-back change leaves no trace. On commit the
database backend's documents are refreshed at once and, when an external engine is configured, an
outbox row is written for the worker (see search.services.outbox_record). The indexer decides from
the database whether the row is indexed or deleted (e.g. unpublished).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models, transaction


def enqueue(model_label: str, pks: Iterable) -> None:
    pks = [str(pk) for pk in pks]
    if not pks:
        return

    def write() -> None:
        from .services import outbox_record

        outbox_record(model_label=model_label.lower(), pks=pks)

    transaction.on_commit(write)


def enqueue_instance(instance: models.Model) -> None:
    enqueue(instance._meta.label_lower, [instance.pk])
