"""A consultant's weekly hours and dated exceptions, in their own time zone; no overlaps."""

from __future__ import annotations

from datetime import date, time

from django.db import transaction
from django.utils.translation import gettext as _

from ..errors import (
    AvailabilityOverlap,
    InvalidAvailability,
)
from ..models import (
    AvailabilityException,
    AvailabilityRule,
    Consultant,
)
from .common import (
    _lock_consultant,
    _reindex,
    _require_owner,
)


def _check_times(start_time: time | None, end_time: time | None) -> None:
    if start_time is None or end_time is None or end_time <= start_time:
        message = _("The end time must be after the start time.")
        raise InvalidAvailability(message, fields={"end_time": [message]})


@transaction.atomic
def availability_rule_add(
    *, consultant: Consultant, actor, weekday: int, start_time: time, end_time: time
) -> AvailabilityRule:
    _require_owner(consultant, actor)
    if isinstance(weekday, bool) or not isinstance(weekday, int) or not 0 <= weekday <= 6:
        raise InvalidAvailability(_("Choose a weekday."), fields={"weekday": [_("Choose a weekday.")]})
    _check_times(start_time, end_time)
    _lock_consultant(consultant)  # serialises concurrent edits of one consultant's rules
    overlapping = AvailabilityRule.objects.filter(
        consultant=consultant, weekday=weekday, start_time__lt=end_time, end_time__gt=start_time
    ).first()
    if overlapping is not None:
        raise AvailabilityOverlap(
            _("These hours overlap %(rule)s, which you already offer.") % {"rule": overlapping},
            fields={"start_time": [_("These hours overlap hours you already offer on that day.")]},
        )
    rule = AvailabilityRule.objects.create(
        consultant=consultant, weekday=weekday, start_time=start_time, end_time=end_time
    )
    _reindex(consultant)
    return rule


@transaction.atomic
def availability_rule_remove(*, consultant: Consultant, actor, pk: int) -> None:
    _require_owner(consultant, actor)
    AvailabilityRule.objects.filter(consultant=consultant, pk=pk).delete()
    _reindex(consultant)


@transaction.atomic
def availability_exception_add(
    *,
    consultant: Consultant,
    actor,
    date: date,
    kind: str,
    start_time: time | None = None,
    end_time: time | None = None,
) -> AvailabilityException:
    _require_owner(consultant, actor)
    if kind not in (AvailabilityException.DAY_OFF, AvailabilityException.EXTRA):
        raise InvalidAvailability(_("Unknown kind."), fields={"kind": [_("Unknown kind.")]})
    if kind == AvailabilityException.EXTRA or start_time is not None or end_time is not None:
        _check_times(start_time, end_time)
    _lock_consultant(consultant)
    same_day = AvailabilityException.objects.filter(consultant=consultant, date=date, kind=kind)
    if start_time is None:
        clash = same_day.exists()
    else:
        clash = (
            same_day.filter(start_time__isnull=True).exists()
            or same_day.filter(start_time__lt=end_time, end_time__gt=start_time).exists()
        )
    if clash:
        raise AvailabilityOverlap(_("This overlaps an exception you already entered for that date."))
    exception = AvailabilityException.objects.create(
        consultant=consultant, date=date, kind=kind, start_time=start_time, end_time=end_time
    )
    _reindex(consultant)
    return exception


@transaction.atomic
def availability_exception_remove(*, consultant: Consultant, actor, pk: int) -> None:
    _require_owner(consultant, actor)
    AvailabilityException.objects.filter(consultant=consultant, pk=pk).delete()
    _reindex(consultant)
