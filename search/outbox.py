"""Record that domain rows changed, so the indexer re-reads them from the database.

Domain services call `enqueue_instance(obj)` (or `enqueue(label, pks)` after bulk writes, which fire
no signals). The entry is written in `transaction.on_commit`: a rolled-back change leaves no trace.
The indexer decides from the database whether the row is indexed or deleted (e.g. unpublished).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models, transaction


def enqueue(model_label: str, pks: Iterable) -> None:
    pks = [str(pk) for pk in pks]
    if not pks:
        return

    def write() -> None:
        from .models import OutboxEntry

        OutboxEntry.objects.bulk_create(
            [OutboxEntry(model_label=model_label.lower(), object_pk=pk) for pk in pks]
        )

    transaction.on_commit(write)


def enqueue_instance(instance: models.Model) -> None:
    enqueue(instance._meta.label_lower, [instance.pk])
