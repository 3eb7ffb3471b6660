"""Helpers every consultant service shares: search re-indexing and e-mail batching, permission
guards, value checks and the consultant row lock."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.core.locks import lock_row
from search.outbox import enqueue, enqueue_instance

from .. import selectors
from ..errors import (
    InvalidProfile,
    NotFirmAdmin,
    NotYourProfile,
    OfficerOnly,
    ReasonRequired,
    SelfDecision,
)
from ..models import (
    Consultant,
    ConsultingFirm,
)

MAX_RATE = 10**12


# ---- batching for seeders and imports ----

_batch = threading.local()


@contextmanager
def batched_side_effects():
    """Collect search updates and mute e-mails (seed_demo, imports): one enqueue per model at the end."""
    _batch.pending = set()
    _batch.muted = True
    try:
        yield
        pending = _batch.pending
    finally:
        _batch.pending = None
        _batch.muted = False
    labels: dict[str, list] = {}
    for label, pk in pending:
        labels.setdefault(label, []).append(pk)
    for label, pks in labels.items():
        enqueue(label, sorted(pks))


def _reindex(instance) -> None:
    pending = getattr(_batch, "pending", None)
    if pending is not None:
        pending.add((instance._meta.label_lower, instance.pk))
        return
    enqueue_instance(instance)


def _send_after_commit(send) -> None:
    if not getattr(_batch, "muted", False):
        transaction.on_commit(send)


# ---- guards ----


def _require_owner(consultant: Consultant, actor) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False) or consultant.user_id != actor.pk:
        raise NotYourProfile()


def _require_officer(officer, consultant: Consultant) -> None:
    if officer is None or not getattr(officer, "is_officer", False):
        raise OfficerOnly()
    if consultant.user_id == officer.pk:
        raise SelfDecision()


def _require_firm_admin(firm: ConsultingFirm, actor) -> None:
    if not getattr(actor, "is_authenticated", False) or not selectors.firm_is_admin(firm=firm, user=actor):
        raise NotFirmAdmin()


def _check_integer(value: Any, *, field: str, minimum: int = 0, maximum: int = MAX_RATE) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidProfile(
            _("Enter a whole number of đồng."), fields={field: [_("Enter a whole number of đồng.")]}
        )
    if value < minimum or value > maximum:
        message = _("Enter an amount between %(low)s and %(high)s đồng.") % {"low": minimum, "high": maximum}
        raise InvalidProfile(message, fields={field: [message]})
    return value


def _check_time_zone(value: str) -> str:
    try:
        if not value or value not in available_timezones():
            raise ZoneInfoNotFoundError(value)
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        message = _("Choose a time zone from the list, for example Asia/Ho_Chi_Minh.")
        raise InvalidProfile(message, fields={"time_zone": [message]}) from exc
    return value


def _check_codes(values, *, allowed: set[str], field: str) -> list[str]:
    values = list(values or [])
    unknown = [v for v in values if v not in allowed]
    if unknown:
        message = _("Unknown choice: %(values)s.") % {"values": ", ".join(map(str, unknown))}
        raise InvalidProfile(message, fields={field: [message]})
    return values


def _lock_consultant(consultant: Consultant) -> Consultant:
    """Serialises a consultant's own edits (profile, photo, availability)."""
    return lock_row(Consultant.objects.all(), consultant.pk)


def _full_clean(obj) -> None:
    try:
        obj.full_clean(exclude=["consultant", "application"])
    except ValidationError as exc:
        raise InvalidProfile(_("Some fields are not valid."), fields=exc.message_dict) from exc


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired(fields={"reason": [_("A reason is required for this decision.")]})
    return reason
