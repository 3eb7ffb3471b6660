"""Serializer fields the API shares.

`OffsetDateTimeField`: ISO-8601 times with an explicit UTC offset (every booking engine's times).

`Private*Field`: personal data the API answers as null to those who may not see it (Decree
13/2023/NĐ-CP: a vendor's contact person, a household business's own tax code). A request can never
set it to null, and the project's AutoSchema leaves `nullable` out of the request schema, so a
generated client does not offer null where the API refuses it.
"""

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


class NullForOthersMixin:
    def __init__(self, **kwargs):
        kwargs["allow_null"] = True  # in answers
        super().__init__(**kwargs)

    def validate_empty_values(self, data):
        if data is None:  # never in requests
            self.fail("null")
        return super().validate_empty_values(data)


class PrivateCharField(NullForOthersMixin, serializers.CharField):
    pass


class PrivateEmailField(NullForOthersMixin, serializers.EmailField):
    pass
