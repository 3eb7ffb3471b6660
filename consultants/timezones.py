"""The time zones a consultant picks from, with names people recognise.

The form offers a short list (Việt Nam first, then the places the network's consultants come from
or work with); the API and the service still accept any IANA zone, and a zone outside the list is
shown by its city with its offset from UTC. Offsets are computed for the current date, so zones with
summer time show the offset in force.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.utils.translation import gettext_lazy as _

DEFAULT_TIME_ZONE = "Asia/Ho_Chi_Minh"

COMMON_TIME_ZONES = [
    ("Asia/Ho_Chi_Minh", _("Vietnam time")),
    ("Asia/Bangkok", _("Thailand, Laos, Cambodia")),
    ("Asia/Singapore", _("Singapore, Malaysia")),
    ("Asia/Shanghai", _("China")),
    ("Asia/Taipei", _("Taiwan")),
    ("Asia/Seoul", _("South Korea")),
    ("Asia/Tokyo", _("Japan")),
    ("Australia/Sydney", _("Sydney, Melbourne")),
    ("Asia/Kolkata", _("India")),
    ("Europe/London", _("United Kingdom")),
    ("Europe/Paris", _("France, Germany, Central Europe")),
    ("America/New_York", _("New York, US Eastern time")),
    ("America/Los_Angeles", _("Los Angeles, US Pacific time")),
    ("UTC", _("Coordinated Universal Time")),
]
_NAMES = dict(COMMON_TIME_ZONES)


def is_valid_time_zone(name: str) -> bool:
    return bool(name) and name in available_timezones()


def utc_offset(name: str, at: datetime | None = None) -> str:
    """ "UTC+7", "UTC+5:30", "UTC-5" for the zone at `at` (now by default)."""
    try:
        zone = ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ""
    offset = (at or datetime.now(tz=zone)).astimezone(zone).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def time_zone_label(name: str, at: datetime | None = None) -> str:
    """ "Giờ Việt Nam (UTC+7)"; an unlisted zone reads "Berlin (UTC+1)"."""
    if not name:
        return ""
    offset = utc_offset(name, at)
    if name == "UTC":
        return str(_NAMES["UTC"]) + " (UTC)"
    label = _NAMES.get(name) or name.rsplit("/", 1)[-1].replace("_", " ")
    return f"{label} ({offset})" if offset else str(label)


def time_zone_choices(current: str = "") -> list[tuple[str, str]]:
    """The short list, with `current` added when the consultant chose another zone (through the API)."""
    choices = [(name, time_zone_label(name)) for name, _label in COMMON_TIME_ZONES]
    if current and current not in _NAMES and is_valid_time_zone(current):
        choices.append((current, time_zone_label(current)))
    return choices
