"""Record that domain rows changed, so the search indexes re-read them from the database.

Domain services call `enqueue_instance(obj)` (or `enqueue(label, pks)` after bulk writes, which fire
no signals) inside their transaction. The outbox rows are written there and then, in the domain
transaction: they commit with the change or roll back with it, so no crash after COMMIT can lose an
index change. The on-commit step only applies them (the database backend's documents are current
right after commit) and deletes them; if it never runs (the process died, the refresh failed) the
rows stay and the periodic outbox task (`search.tasks.outbox_process`) applies them later. With an
external engine the rows also wait for that task, which deletes them once the engine acknowledged.

A row enqueued several times in one transaction is written once: the on-commit steps still pending
on the connection say what this transaction has written already (Django drops the steps of a
rolled-back savepoint together with the rows that savepoint wrote, so the two stay in step).
Outside any transaction the rows are written and applied at once.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models, transaction

Key = tuple[str, str]  # (model label, primary key as text)


class OutboxApply:
    """The on-commit step of one enqueue: the outbox rows it wrote and the changes they carry."""

    def __init__(self, *, entry_ids: list[int], keys: set[Key]) -> None:
        self.entry_ids = entry_ids
        self.keys = keys
        self.done = False

    def __call__(self) -> None:
        from .services import outbox_apply

        self.done = True  # from now on a new change to these rows needs new outbox rows
        outbox_apply(entry_ids=self.entry_ids, keys=self.keys)


def _pending_keys() -> set[Key]:
    """What the current transaction has written to the outbox and not applied yet."""
    keys: set[Key] = set()
    for hook in transaction.get_connection().run_on_commit:
        step = hook[1]  # (savepoint ids, callable, robust)
        if isinstance(step, OutboxApply) and not step.done:
            keys |= step.keys
    return keys


def enqueue(model_label: str, pks: Iterable) -> None:
    label = model_label.lower()
    keys = {(label, str(pk)) for pk in pks}
    if transaction.get_connection().in_atomic_block:
        keys -= _pending_keys()
    if not keys:
        return
    from .services import outbox_write

    entry_ids = outbox_write(keys=keys)
    # outside a transaction Django runs this at once, after the rows were committed
    transaction.on_commit(OutboxApply(entry_ids=entry_ids, keys=keys))


def enqueue_instance(instance: models.Model) -> None:
    enqueue(instance._meta.label_lower, [instance.pk])
