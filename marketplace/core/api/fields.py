"""Serializer fields the API shares.

`Private*Field`: personal data the API answers as null to those who may not see it (Decree
13/2023/NĐ-CP: a vendor's contact person, a household business's own tax code). A request can never
set it to null, and the project's AutoSchema leaves `nullable` out of the request schema, so a
generated client does not offer null where the API refuses it.
"""

from __future__ import annotations

from rest_framework import serializers


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
