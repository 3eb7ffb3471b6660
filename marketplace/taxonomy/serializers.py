"""API fields for taxonomy values that are stored as codes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .selectors import language_codes


class LanguageCodesField(serializers.ListField):
    """A list of language codes from the languages taxonomy (checked at request time)."""

    child = serializers.CharField(max_length=3)
    default_error_messages = {"unknown": _("Unknown language: {codes}.")}

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text", _("Language codes (ISO 639-1) from the languages taxonomy, e.g. vi, en.")
        )
        super().__init__(**kwargs)

    def to_internal_value(self, data) -> list[str]:
        codes = super().to_internal_value(data)
        unknown = sorted(set(codes) - language_codes())
        if unknown:
            self.fail("unknown", codes=", ".join(unknown))
        return codes
