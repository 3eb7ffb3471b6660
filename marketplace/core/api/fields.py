"""API fields shared by the apps."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class OffsetDateTimeField(serializers.DateTimeField):
    """ISO-8601 with an explicit UTC offset only: a naive time is ambiguous across zones, so it is
    refused (every booking engine's times: consultants, facilities)."""

    default_error_messages = {
        "offset": _("Give the time in ISO-8601 with a UTC offset, e.g. 2026-06-01T09:00:00+07:00."),
    }

    def to_internal_value(self, value):
        try:
            parsed = datetime.fromisoformat(str(value))
        except ValueError:
            self.fail("offset")
        if parsed.tzinfo is None:
            self.fail("offset")
        return parsed
