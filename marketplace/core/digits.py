"""Numbers are written with ASCII digits only, in every API field and web form.

Python's int(), float() and Decimal() accept any Unicode decimal digit, so "１０" (full-width) or
"١٠" (Arabic-Indic) were read as 10 by DRF's and Django's number fields while the tax code, a
regular expression, refused them: two rules for one kind of input. Every serializer and form of
every app builds its number fields from these framework classes (ModelSerializer and ModelForm
pick them for model fields, django-filter's NumberFilter uses Django's DecimalField), so the one
rule is applied to the classes once, at start-up, instead of in each app's serializers and forms.
"""

from __future__ import annotations

import functools
from typing import Any

from django import forms
from rest_framework import fields as drf_fields


def has_non_ascii_digit(value: Any) -> bool:
    return isinstance(value, str) and any(not ch.isascii() and ch.isdigit() for ch in value)


def _guard_drf(cls) -> None:
    original = cls.to_internal_value
    if getattr(original, "_ascii_digits_only", False):
        return

    @functools.wraps(original)
    def to_internal_value(self, data):
        if has_non_ascii_digit(data):
            self.fail("invalid")
        return original(self, data)

    to_internal_value._ascii_digits_only = True
    cls.to_internal_value = to_internal_value


def _guard_form(cls) -> None:
    original = cls.to_python
    if getattr(original, "_ascii_digits_only", False):
        return

    @functools.wraps(original)
    def to_python(self, value):
        if has_non_ascii_digit(value):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return original(self, value)

    to_python._ascii_digits_only = True
    cls.to_python = to_python


def install() -> None:
    for cls in (drf_fields.IntegerField, drf_fields.FloatField, drf_fields.DecimalField):
        _guard_drf(cls)
    for cls in (forms.IntegerField, forms.FloatField, forms.DecimalField):
        _guard_form(cls)


def is_ascii_number(text: Any) -> bool:
    """True for a non-empty string of ASCII digits only. `str.isdigit()` is also true for "１０" and
    "²" (which int() then refuses with a ValueError): use this wherever raw input is checked."""
    return isinstance(text, str) and text.isascii() and text.isdigit()
