"""Form fields shared by every app's pages."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .digits import has_non_ascii_digit, is_ascii_number
from .money import group_thousands

# Units people type after an amount; "1,2 tỷ" and "500 triệu" are how Vietnamese amounts are said.
UNITS = {
    "tỷ": 10**9,
    "tỉ": 10**9,
    "ty": 10**9,
    "billion": 10**9,
    "bn": 10**9,
    "triệu": 10**6,
    "trieu": 10**6,
    "tr": 10**6,
    "million": 10**6,
    "nghìn": 10**3,
    "ngàn": 10**3,
    "nghin": 10**3,
    "ngan": 10**3,
    "k": 10**3,
}
_CURRENCY = re.compile(r"(₫|vnđ|vnd|đồng|dong|đ)\s*$", re.IGNORECASE)
_PART = re.compile(
    r"(\d[\d.,]*)\s*(" + "|".join(sorted(UNITS, key=len, reverse=True)) + r")\b", re.IGNORECASE
)
_GROUPED = re.compile(r"\d{1,3}([.,\s])\d{3}(\1\d{3})*")


class AmountError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _plain_number(text: str) -> int:
    """Digits with thousands separators only: "1.200.000.000", "1,200,000,000", "1 200 000"."""
    if is_ascii_number(text):
        return int(text)
    if _GROUPED.fullmatch(text):
        return int(re.sub(r"[.,\s]", "", text))
    if re.fullmatch(r"\d+[.,]\d+", text) or re.fullmatch(r"[\d.,\s]+", text):
        raise AmountError("grouping")
    raise AmountError("invalid")


def _unit_number(text: str) -> Decimal:
    """The number before a unit: a comma is the decimal mark ("1,2 tỷ"); dots followed by groups of
    three digits are thousands ("1.500 tỷ"), a dot with one or two digits is a decimal ("1.5 tỷ")."""
    if "," in text:
        whole, _sep, fraction = text.rpartition(",")
        if "," in whole or not re.fullmatch(r"\d+", fraction):
            raise AmountError("invalid")
        return Decimal(f"{_plain_number(whole)}.{fraction}")
    if re.fullmatch(r"\d+\.\d{1,2}", text):
        return Decimal(text)
    return Decimal(_plain_number(text))


def parse_vnd(text: str) -> int:
    """A whole number of đồng from what a person types; AmountError(code) when it cannot be read
    unambiguously. "1.200.000.000" → 1200000000, "1,2 tỷ" → 1200000000, "1 tỷ 500 triệu" →
    1500000000, "1.200000000" → AmountError("grouping")."""
    text = " ".join(str(text).replace("\u00a0", " ").split()).lower()
    text = _CURRENCY.sub("", text).strip()
    if not text or has_non_ascii_digit(text):  # "１０" reads as 10 to int(): one rule, ASCII digits
        raise AmountError("invalid")
    if text.startswith("-"):
        raise AmountError("negative")
    parts = list(_PART.finditer(text))
    if not parts:
        return _plain_number(text)
    if "".join(m.group(0) for m in parts).replace(" ", "") != text.replace(" ", ""):
        raise AmountError("invalid")  # something besides "<number> <unit>" pairs
    total = Decimal(0)
    previous_unit = None
    for match in parts:
        unit = UNITS[match.group(2).lower()]
        if previous_unit is not None and unit >= previous_unit:
            raise AmountError("invalid")  # "500 triệu 1 tỷ": units must go down
        previous_unit = unit
        try:
            total += _unit_number(match.group(1)) * unit
        except InvalidOperation as error:
            raise AmountError("invalid") from error
    if total != total.to_integral_value():
        raise AmountError("fraction")
    return int(total)


class AmountInput(forms.TextInput):
    """Shows the amount back grouped ("1.200.000.000"), also after an error elsewhere on the form."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if value is None or value == "":
            return None
        try:
            return group_thousands(value if isinstance(value, int) else parse_vnd(value))
        except (AmountError, ValueError, TypeError):
            return str(value)


class MoneyField(forms.Field):
    """A whole number of đồng, typed the way Vietnamese users write amounts."""

    widget = AmountInput
    default_error_messages = {
        "invalid": _("Enter an amount in đồng, for example 1.200.000.000 or 1,2 tỷ or 500 triệu."),
        "grouping": _(
            "Check the separators: group the digits in threes, for example 1.200.000.000 (or type 1,2 tỷ)."
        ),
        "fraction": _("Amounts are in whole đồng: this comes to a fraction of a đồng."),
        "negative": _("The amount cannot be negative."),
        "max_value": _("The amount is too large: at most %(limit)s đồng."),
    }

    def __init__(self, *, max_value: int | None = None, **kwargs):
        self.max_value = max_value
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        try:
            amount = parse_vnd(value)
        except AmountError as error:
            raise ValidationError(self.error_messages[error.code], code=error.code) from error
        if self.max_value is not None and amount > self.max_value:
            raise ValidationError(
                self.error_messages["max_value"],
                code="max_value",
                params={"limit": group_thousands(self.max_value)},
            )
        return amount
