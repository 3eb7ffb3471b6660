"""Vietnamese tax codes (mã số thuế). On the ground floor: enterprises, vendors and consulting firms
all carry one."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

TAX_CODE_RE = re.compile(r"^[0-9]{10}(-[0-9]{3})?$")  # ASCII digits only


def normalise_tax_code(value: str) -> str:
    return (value or "").strip().replace(" ", "")


def validate_tax_code(value: str) -> None:
    """Vietnamese tax code: 10 digits, or 10 digits + '-' + 3 digits for a branch (dependent unit)."""
    if not TAX_CODE_RE.fullmatch(value or ""):
        raise ValidationError(
            _(
                "A tax code has 10 digits, or 10 digits, a hyphen and 3 digits for a branch (e.g. 3600123456 or 3600123456-001)."
            ),
            code="invalid_tax_code",
        )
