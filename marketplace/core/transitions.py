"""State changes as data: one compare-and-swap transition function and one table per model.

Every workflow in the product (a solution's publication, a consultant's certification, a booking,
an engagement, a voucher...) declares its allowed transitions once, as a `Workflow`:

    SOLUTION_WORKFLOW = Workflow(
        field="status",
        states=Solution.STATUS_CHOICES,
        transitions=[
            Transition("solution.submit", sources={DRAFT, CHANGES_REQUESTED}, target=SUBMITTED,
                       label=gettext_lazy("submitted")),
            ...
        ],
    )

and changes state only through `transition(...)`, which in one (savepoint) transaction
1. reads the current state and refuses an action the table does not allow from it
   (`invalid_error`, HTTP 409 by default: the request conflicts with the object's current state),
2. updates the row only if the state is still the one it read (compare-and-swap: of two concurrent
   deciders exactly one wins; the other gets `conflict_error`, HTTP 409),
3. appends the audit record, so the change and its history commit or roll back together.

Why a conditional UPDATE rather than a row lock: it needs no lock on SQLite, costs one statement, and
makes the loser's error explicit. Services that must read several rows consistently before deciding
lock them first with `marketplace.core.locks.lock_rows` (primary-key order, so two services locking
the same rows cannot deadlock), then call `transition` as usual.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import audit_record
from .errors import Conflict, DomainError, InvalidTransition, NotFound


@dataclass(frozen=True)
class Transition:
    """One allowed move: `action` (the audit action, e.g. "solution.publish") from `sources` to `target`.

    `label` is the past participle used in messages ("... cannot be published").
    """

    action: str
    sources: frozenset[str]
    target: str
    label: Any = ""

    def __post_init__(self):
        object.__setattr__(self, "sources", frozenset(self.sources))
        if not self.label:
            object.__setattr__(self, "label", self.action)


class Workflow:
    """The allowed transitions of one model's state field, declared as data.

    `states` maps each state to its label (a model's choices will do); `noun` names the object in
    messages ("solution", "certificate").
    """

    def __init__(
        self,
        *,
        transitions: Iterable[Transition],
        states: Iterable[tuple[str, Any]] | Mapping[str, Any] = (),
        field: str = "status",
        noun: Any = "",
    ):
        transitions = tuple(transitions)
        actions = [t.action for t in transitions]
        duplicates = {a for a in actions if actions.count(a) > 1}
        if duplicates:
            raise ValueError(f"transition actions declared twice: {sorted(duplicates)}")
        states = dict(states)
        if states:
            unknown = {s for t in transitions for s in (*t.sources, t.target)} - set(states)
            if unknown:
                raise ValueError(f"transitions name undeclared states: {sorted(unknown)}")
        self.transitions = transitions
        self.states = states
        self.field = field
        self.noun = noun

    def __getitem__(self, action: str) -> Transition:
        for candidate in self.transitions:
            if candidate.action == action:
                return candidate
        raise KeyError(action)

    def allows(self, action: str, state: str) -> bool:
        return state in self[action].sources

    def actions_from(self, state: str) -> list[str]:
        """The actions allowed from `state`, in declaration order (for buttons and API hints)."""
        return [t.action for t in self.transitions if state in t.sources]

    def edges(self) -> set[tuple[str, str, str]]:
        """Every (source, action, target) the table allows: what a table test pins down."""
        return {(source, t.action, t.target) for t in self.transitions for source in t.sources}

    def state_label(self, state: str) -> str:
        return str(self.states.get(state, state))


def transition(
    instance: models.Model,
    *,
    workflow: Workflow,
    action: str,
    actor,
    reason: str = "",
    changes: Mapping[str, Any] | None = None,
    data: Mapping[str, Any] | None = None,
    guard: Callable[[str], None] | None = None,
    expect: Mapping[str, Any] | None = None,
    audit_subject: models.Model | None = None,
    invalid_error: type[DomainError] = InvalidTransition,
    conflict_error: type[DomainError] = Conflict,
    touch: str | None = "updated_at",
) -> models.Model:
    """Move `instance` along `action` of `workflow`; return it with the new state and `changes` set.

    `changes` are other fields written in the same UPDATE (e.g. `status_reason`, `decided_at`).
    `guard(current_state)` may raise a domain error for rules the table cannot express (an expired
    certificate cannot be reinstated). `touch` names a timestamp field set to now when the model has
    it. The audit record (actor, action, from, to, reason, data) is written in the same transaction.

    `expect` adds conditions to the compare-and-swap for moves that keep the state but must not
    apply twice (renewing a certificate extends `valid_until`: two renewals read the same end date,
    only one may extend it). `audit_subject` files the audit record under another object when the
    history belongs to a parent (a solution's pending revision is part of the solution's history).
    """
    step = workflow[action]
    model = type(instance)
    manager = model._base_manager
    state_field = workflow.field
    values = dict(changes or {})
    if touch and touch not in values and any(f.name == touch for f in model._meta.concrete_fields):
        values[touch] = timezone.now()
    with transaction.atomic():
        current = manager.filter(pk=instance.pk).values_list(state_field, flat=True).first()
        if current is None:
            raise NotFound(_("This %(noun)s no longer exists.") % {"noun": workflow.noun or _("record")})
        if current not in step.sources:
            raise invalid_error(
                _(
                    "This %(noun)s is “%(state)s”, so it cannot be %(action)s. Reload to see its current state."
                )
                % {
                    "noun": workflow.noun or _("record"),
                    "state": workflow.state_label(current),
                    "action": step.label,
                }
            )
        if guard is not None:
            guard(current)
        updated = manager.filter(pk=instance.pk, **{state_field: current}, **dict(expect or {})).update(
            **{state_field: step.target}, **values
        )
        if updated != 1:
            raise conflict_error(_("Someone else changed this first. Reload the page and try again."))
        audit_record(
            subject=audit_subject if audit_subject is not None else instance,
            actor=actor,
            action=step.action,
            from_state=current,
            to_state=step.target,
            reason=reason,
            data=dict(data or {}),
        )
    setattr(instance, state_field, step.target)
    for name, value in values.items():
        if not hasattr(value, "resolve_expression"):  # F() expressions: the caller refreshes if needed
            setattr(instance, name, value)
    return instance
