"""Dates read the same way to everyone: day before month, month named in English, 24-hour clock."""

from datetime import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from matching.reasons import reason_text

MOMENT = timezone.make_aware(datetime(2026, 12, 2, 14, 0))


@pytest.mark.parametrize(
    ("language", "fmt", "expected"),
    [
        ("vi", "DATE_FORMAT", "2 thg 12, 2026"),
        ("vi", "DATETIME_FORMAT", "2 thg 12, 2026, 14:00"),
        ("vi", "SHORT_DATE_FORMAT", "02/12/2026"),
        ("en", "DATE_FORMAT", "2 Dec 2026"),
        ("en", "DATETIME_FORMAT", "2 Dec 2026, 14:00"),
        ("en", "SHORT_DATE_FORMAT", "2 Dec 2026"),
        ("en", "SHORT_DATETIME_FORMAT", "2 Dec 2026, 14:00"),
    ],
)
def test_named_formats_are_day_first_and_unambiguous(language, fmt, expected):
    with translation.override(language):
        assert Template(f'{{{{ moment|date:"{fmt}" }}}}').render(Context({"moment": MOMENT})) == expected


def test_free_soon_in_english_names_the_month_and_ends_with_one_full_stop():
    reason = {"code": "availability", "effect": "+", "params": {"slot": MOMENT.isoformat()}}
    with translation.override("en"):
        assert reason_text(reason) == "Free soon: 2 Dec 2026, 14:00."
    with translation.override("vi"):
        assert reason_text(reason) == "Sắp có lịch trống: 02/12/2026 14:00."


def test_english_date_fields_read_typed_dates_day_first():
    from django import forms

    with translation.override("en"):
        field = forms.DateField()
        assert field.clean("02/12/2026") == datetime(2026, 12, 2).date()
