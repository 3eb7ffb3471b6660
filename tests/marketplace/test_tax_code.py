import pytest
from django.core.exceptions import ValidationError

from marketplace.core.tax_codes import normalise_tax_code, validate_tax_code


@pytest.mark.parametrize("value", ["3600123456", "0101234567", "3600123456-001", "3600123456-999"])
def test_valid_tax_codes_pass(value):
    validate_tax_code(value)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "123456789",
        "12345678901",
        "360012345a",
        "3600123456-01",
        "3600123456-0001",
        "3600123456_001",
        "3600123456-",
        "-001",
        "３６００１２３４５６",
        "3600123456 001",
        "36001234567-001",
    ],
)
def test_invalid_tax_codes_are_refused_with_a_clear_message(value):
    with pytest.raises(ValidationError) as info:
        validate_tax_code(value)
    assert info.value.code == "invalid_tax_code"
    assert "10" in info.value.messages[0]


def test_spaces_are_removed_before_checking():
    assert normalise_tax_code(" 3600 123 456 ") == "3600123456"
