from django.utils import translation

from marketplace.core.money import format_vnd


def test_vietnamese_groups_with_dots():
    with translation.override("vi"):
        assert format_vnd(9_200_000) == "9.200.000 ₫"


def test_english_groups_with_commas():
    with translation.override("en"):
        assert format_vnd(1_500_000) == "1,500,000 ₫"


def test_empty_and_zero():
    assert format_vnd(None) == ""
    assert format_vnd("") == ""
    with translation.override("vi"):
        assert format_vnd(0) == "0 ₫"


import pytest  # noqa: E402

from marketplace.core.forms import AmountError, MoneyField, parse_vnd  # noqa: E402
from marketplace.core.money import amount_in_words  # noqa: E402


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1200000000", 1_200_000_000),
        ("1.200.000.000", 1_200_000_000),
        ("1,200,000,000", 1_200_000_000),
        ("1 200 000 000 ₫", 1_200_000_000),
        ("1,2 tỷ", 1_200_000_000),
        ("1.5 tỷ", 1_500_000_000),
        ("1.500 tỷ", 1_500_000_000_000),
        ("500 triệu", 500_000_000),
        ("500tr", 500_000_000),
        ("1 tỷ 500 triệu đồng", 1_500_000_000),
        ("750k", 750_000),
    ],
)
def test_amounts_typed_the_vietnamese_way_are_read(typed, amount):
    assert parse_vnd(typed) == amount


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("1.200000000", "grouping"),
        ("1,5", "grouping"),
        ("mười triệu", "invalid"),
        ("500 triệu 1 tỷ", "invalid"),
        ("1,2345678901 tỷ", "fraction"),
        ("-5", "negative"),
    ],
)
def test_ambiguous_or_wrong_amounts_are_refused_with_a_reason(typed, code):
    with pytest.raises(AmountError) as error:
        parse_vnd(typed)
    assert error.value.code == code


def test_the_field_says_what_is_wrong_and_shows_the_amount_back_grouped():
    field = MoneyField()
    with translation.override("vi"):
        with pytest.raises(Exception) as error:
            field.clean("1.200000000")
        assert "1.200.000.000" in " ".join(error.value.messages)
        assert field.widget.format_value("1,2 tỷ") == "1.200.000.000"


def test_round_amounts_are_also_said_in_words():
    with translation.override("vi"):
        assert amount_in_words(1_200_000_000) == "1,2 tỷ đồng"
        assert amount_in_words(500_000_000) == "500 triệu đồng"
        assert amount_in_words(1_234_567) == ""
    with translation.override("en"):
        assert amount_in_words(1_200_000_000) == "1.2 billion đồng"
